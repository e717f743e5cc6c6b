"""Workbooks with openpyxl: the Husbanken period report and the internal by-name list.

Cells are typed (numbers as numbers, dates as dates shown dd.mm.yyyy), no cell holds a formula
(text that starts like one is stored as text with Excel's quote prefix, so editing the cell does
not turn it into one either), text is shown inert (a stored control character, which openpyxl
refuses, becomes a visible escape), and the file is written atomically, mode 0600.
"""

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boligreg.domain.text import FORMULA_STARTS, shown
from boligreg.files import check_target, write_private
from boligreg.i18n import t
from boligreg.settings import SUPPRESS_BELOW

if TYPE_CHECKING:  # the export needs no figures, so it loads neither them nor pydantic
    from boligreg.reports.tables import Section

DATE_FORMAT = "dd.mm.yyyy"
SHARE_FORMAT = "0.0%"


def _workbook(title: str, author: str):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet every new workbook starts with
    book.properties.title = shown(title)
    book.properties.creator = shown(author)
    book.properties.lastModifiedBy = shown(author)
    return book


def put_cell(cell: Any, value: Any) -> None:
    """Store a value with its type; strings are always text, never formulas."""
    if isinstance(value, str):
        value = shown(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT


def _finish_sheet(sheet, widths: list[int]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 70)
    sheet.page_setup.orientation = "landscape"  # printed: every column on one page's width
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


def suppressed(value: Any, kind: str, column: int, suppress: bool) -> Any:
    """A count from 1 to SUPPRESS_BELOW − 1 as "<5" in a report that leaves the municipality."""
    if not suppress or not isinstance(value, int) or isinstance(value, bool):
        return value
    if kind == "count" or (kind == "count_share" and column == 0):
        return f"<{SUPPRESS_BELOW}" if 0 < value < SUPPRESS_BELOW else value
    return value


def report_workbook(sections: list["Section"], path: Path, *, title: str, author: str,
                    suppress: bool, force: bool, anchor: str | None = None) -> None:
    """The period report; `anchor` (the log's head) closes the first sheet, so a workbook sent
    away can later be checked against the register's chain (`log verify --head`)."""
    check_target(path, force)
    book = _workbook(title, author)
    for index, section in enumerate(sections):
        sheet = book.create_sheet(section.title[:31])
        for column, header in enumerate(section.headers, start=1):
            put_cell(sheet.cell(row=1, column=column), header)
        widths = [len(h) for h in section.headers]
        for row_index, row in enumerate(section.rows, start=2):
            put_cell(sheet.cell(row=row_index, column=1), row.label)
            widths[0] = max(widths[0], len(row.label))
            for offset, value in enumerate(row.values):
                value = suppressed(value, row.kind, offset, suppress)
                cell = sheet.cell(row=row_index, column=offset + 2)
                put_cell(cell, value)
                if isinstance(value, str) and value.startswith("<"):
                    from openpyxl.styles import Alignment

                    cell.alignment = Alignment(horizontal="right")  # sits with the numbers
                if row.kind == "count_share" and offset == 1 and value is not None:
                    cell.number_format = SHARE_FORMAT
                widths[offset + 1] = max(widths[offset + 1], len(str(value if value is not None else "")))
        if index == 0 and anchor:
            last = len(section.rows) + 3
            put_cell(sheet.cell(row=last, column=1), t("log_anchor"))
            put_cell(sheet.cell(row=last, column=2), anchor)
            put_cell(sheet.cell(row=last + 1, column=1), t("log_anchor_note", anchor=anchor))
        _finish_sheet(sheet, widths)
    _save(book, path, force)


def list_workbook(headers: list[str], rows: list[list], path: Path, *, title: str, author: str,
                  force: bool, record: Callable[[], None] | None = None) -> None:
    """The internal by-name list: one sheet, written row by row in openpyxl's write-only mode;
    `record` logs it before the file gets its name (files.write_private)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    check_target(path, force)
    book = Workbook(write_only=True)
    book.properties.title = shown(title)
    book.properties.creator = shown(author)
    sheet = book.create_sheet(t("sheet_list")[:31])
    sheet.freeze_panes = "A2"
    columns = list(zip(*rows)) or [()] * len(headers)  # a column at a time: 170,000 cells
    widths = [max(len(header), max((len(str(v)) for v in column if v is not None), default=0))
              for header, column in zip(headers, columns, strict=True)]
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=shown(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, str):
                value = shown(value)
                if value.startswith(FORMULA_STARTS):  # text, and stays text when edited
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    cells.append(cell)
                else:
                    cells.append(value)
            elif isinstance(value, date):  # the format first: a date then keeps it
                cell = WriteOnlyCell(sheet)
                cell.number_format = DATE_FORMAT
                cell.value = value
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    _save(book, path, force, record)


def _save(book, path: Path, force: bool, record: Callable[[], None] | None = None) -> None:
    buffer = io.BytesIO()
    book.save(buffer)
    write_private(path, buffer.getvalue(), force=force, record=record)
