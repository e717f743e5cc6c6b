"""Workbooks with openpyxl: the Husbanken period report and the internal by-name list.

Cells are typed (numbers as numbers, dates as dates shown dd.mm.yyyy), no cell holds a formula
(text that starts like one is stored as text with Excel's quote prefix, so editing the cell does
not turn it into one either), text is shown inert (a stored control character, which openpyxl
refuses, becomes a visible escape), and the file is written atomically, mode 0600.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boligreg.domain.text import FORMULA_STARTS, shown
from boligreg.files import check_target, write_private
from boligreg.i18n import t, text_in

if TYPE_CHECKING:  # the export needs no figures, so it loads neither them nor pydantic
    from boligreg.reports.tables import Section

DATE_FORMAT = "dd.mm.yyyy"
SHARE_FORMAT = "0.0 %"  # 12,5 % as Norwegian writes a share
COUNT_FORMAT = "#,##0"  # shown as 1 234 by a Norwegian Excel or LibreOffice, 1,234 by an English one
DECIMAL_FORMAT = "#,##0.0"  # 132,5 in Norwegian
A4 = "9"  # the paper size code of A4 in the workbook format
WRAP_AFTER = 80  # a longer text wraps in its cell instead of widening the column
LINE_HEIGHT = 15  # points per line of wrapped 11-point text


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
    elif isinstance(value, float):
        cell.number_format = DECIMAL_FORMAT
    elif isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = COUNT_FORMAT


@dataclass(frozen=True, slots=True)
class Page:
    """What every printed page and every sheet's top says: the title block's lines above the
    table, and the running header and footer (municipality, period, marking, "Side N av M")."""

    title_lines: tuple[str, ...]
    header: str
    footer_left: str


def print_setup(sheet: Any, page: Page, *, landscape: bool, header_row: int,
                title_columns: str | None = None, pages_wide: int = 1,
                language: str | None = None) -> None:
    """A4 (Husbanken's and the municipality's paper, not Letter), `pages_wide` pages wide and
    as many long as it takes, the table's header row (and `title_columns`) repeated on every
    page, the running header and footer, and page numbers (in `language`, or the user's)."""
    sheet.page_setup.paperSize = A4  # not Letter, which a Norwegian office does not print on
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = pages_wide
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = f"{header_row}:{header_row}"
    if title_columns:
        sheet.print_title_cols = title_columns
    sheet.oddHeader.center.text = page.header.replace("&", "&&")
    sheet.oddFooter.left.text = page.footer_left.replace("&", "&&")
    sheet.oddFooter.right.text = (text_in(language, "page_of", page="&P", pages="&N")
                                  if language else t("page_of", page="&P", pages="&N"))


def list_layout(sheet: Any, page: Page, headers: list[str], rows: list[list], *,
                title_columns: str, language: str | None = None) -> None:
    """A one-sheet list of persons as the by-name export prints it: A4 landscape, at most two
    pages wide, the header row and `title_columns` on every page, each column as wide as its
    widest value (8 to 60 characters), the confidentiality marking in the running header."""
    from openpyxl.utils import get_column_letter

    print_setup(sheet, page, landscape=True, header_row=1, title_columns=title_columns,
                pages_wide=2, language=language)
    columns = list(zip(*rows)) or [()] * len(headers)  # a column at a time: 170,000 cells
    widths = [max(len(header), max((len(str(v)) for v in column if v is not None), default=0))
              for header, column in zip(headers, columns, strict=False)]
    for index, width in enumerate(widths, start=1):
        # types-openpyxl's stub lacks the write-only sheet's column_dimensions (it has them)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)


PORTRAIT_WIDTH = 95
"""Column width (in characters) that A4 portrait prints at full size; a wider sheet is landscape."""
LANDSCAPE_WIDTH = 150
"""Column width that A4 landscape prints at full size; a sheet much wider goes two pages wide."""
WORDS_WIDTH = 90
"""The width of a column of definitions: each a paragraph wrapped in its one cell."""
LABEL_WIDTH = 50
"""The widest a label column gets; a longer label wraps."""


def lines_in(text: str, width: int) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide (a spreadsheet
    does not size a row to its wrapped text itself)."""
    from textwrap import wrap

    per_line = max(int((width - 2) * CHARS_PER_WIDTH), 10)
    return sum(max(1, len(wrap(part, per_line))) for part in text.split("\n"))


CHARS_PER_WIDTH = 1.15
"""Characters of running text per unit of column width (the unit is a digit's width; words
average narrower)."""


def sheet_layout(section: "Section") -> tuple[list[int], set[int]]:
    """Each column's width and which columns hold paragraphs (wrapped, left, top): the label
    column at most LABEL_WIDTH, a column with any text longer than WRAP_AFTER WORDS_WIDTH,
    others as wide as their widest value or header word."""
    columns = len(section.headers)
    words = {index for index in range(1, columns)
             if any(isinstance(v, str) and len(v) > WRAP_AFTER
                    for row in section.rows for v in row.values[index - 1:index])}
    widths = []
    for index in range(columns):
        if index in words:
            widths.append(WORDS_WIDTH)
            continue
        shown_values = [row.label if index == 0 else
                        (row.values[index - 1] if index - 1 < len(row.values) else None)
                        for row in section.rows]
        longest = max((len(_shown_text(v)) for v in shown_values), default=0)
        header_word = max((len(w) for w in section.headers[index].split()), default=0)
        cap = LABEL_WIDTH if index == 0 else WRAP_AFTER
        widths.append(min(max(longest, header_word, 4) + 2, cap))
    return widths, words


def _shown_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return "00.00.0000"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _finish_sheet(sheet: Any, widths: list[int], header_row: int, last_row: int) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    heading = Alignment(wrap_text=True, vertical="bottom")
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = heading
    headers = [str(c.value or "") for c in sheet[header_row]]
    sheet.row_dimensions[header_row].height = LINE_HEIGHT * max(
        (lines_in(h, w) for h, w in zip(headers, widths, strict=False)), default=1) + 3
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(widths))}{last_row}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def report_workbook(sections: list["Section"], path: Path, *, title: str, author: str, page: Page,
                    force: bool, anchor: str | None = None,
                    record: Callable[[], None] | None = None,
                    pages: dict[str, Page] | None = None) -> None:
    """The Husbanken workbook: one sheet per section, each with the title block on top, typed
    cells (a hidden count is the text "x", aligned with the numbers), printable on A4 at a
    readable size: a definition is one wrapped cell with its row as high as it needs, a sheet
    wider than portrait is landscape, one much wider goes two pages wide with its first column
    repeated. Suppression is decided before (reports/husbanken.py): this only writes what it is
    given. `anchor` (the log's head) closes the first sheet, so a workbook sent away can later be
    checked against the register's chain (`log verify --head`). `record` logs the file before
    it gets its name, where what it holds must be logged (files.write_private). `pages` gives a
    sheet (by its section's key) a page of its own (a sheet of persons' forms is marked so)."""
    from openpyxl.styles import Alignment, Font

    check_target(path, force, suffix=".xlsx")
    book = _workbook(title, author)
    right = Alignment(horizontal="right", vertical="top")
    centre = Alignment(horizontal="center", vertical="top")
    wrapped = Alignment(wrap_text=True, vertical="top", horizontal="left")
    paragraph = Alignment(wrap_text=True, vertical="top", horizontal="left", indent=1)
    top = Alignment(vertical="top")
    for index, section in enumerate(sections):
        sheet_page = (pages or {}).get(section.key, page)
        sheet = book.create_sheet(section.title[:31])
        put_cell(sheet.cell(row=1, column=1), section.title)
        sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
        for offset, line in enumerate(sheet_page.title_lines, start=2):
            put_cell(sheet.cell(row=offset, column=1), line)
        header_row = len(sheet_page.title_lines) + 3
        for column, header in enumerate(section.headers, start=1):
            put_cell(sheet.cell(row=header_row, column=column), header)
        widths, words = sheet_layout(section)
        for row_index, row in enumerate(section.rows, start=header_row + 1):
            label = sheet.cell(row=row_index, column=1)
            put_cell(label, row.label)
            label.alignment = wrapped if len(row.label) > widths[0] - 2 else top
            lines = lines_in(row.label, widths[0])
            for offset, value in enumerate(row.values):
                if value is None and row.kind == "days":
                    value = NO_VALUE  # a median of nothing: as the terminal shows it
                cell = sheet.cell(row=row_index, column=offset + 2)
                put_cell(cell, value)
                if offset + 1 in words and isinstance(value, str):
                    cell.alignment = paragraph  # a definition: a paragraph in its one cell
                    lines = max(lines, lines_in(value, widths[offset + 1]))
                elif isinstance(value, str) and row.kind != "text":
                    cell.alignment = right  # "x" sits with the numbers
                elif isinstance(value, int) and row.kind == "text":
                    cell.alignment = centre  # a number between words does not run into them
                else:
                    cell.alignment = top
                if offset in section.number_formats and isinstance(value, int):
                    cell.number_format = section.number_formats[offset]
                if row.kind == "count_share" and offset == 1 and isinstance(value, float):
                    cell.number_format = SHARE_FORMAT
            if lines > 1:
                sheet.row_dimensions[row_index].height = LINE_HEIGHT * lines + 3
        last_row = header_row + len(section.rows)
        if index == 0 and anchor:
            put_cell(sheet.cell(row=last_row + 2, column=1), t("log_anchor"))
            # in the last column: a column of counts holds counts only
            put_cell(sheet.cell(row=last_row + 2, column=len(section.headers)), anchor)
            put_cell(sheet.cell(row=last_row + 3, column=1), t("log_anchor_note", anchor=anchor))
        _finish_sheet(sheet, widths, header_row, last_row)
        total = sum(widths)
        wide = total > LANDSCAPE_WIDTH * 1.25
        print_setup(sheet, sheet_page, landscape=total > PORTRAIT_WIDTH or len(section.headers) > 3,
                    header_row=header_row, title_columns="A:A" if wide else None,
                    pages_wide=2 if wide else 1)
    _save(book, path, force, record)


NO_VALUE = "–"
"""A statistic of no cases (the median of no vacancies), written as the terminal writes it."""


def list_workbook(headers: list[str], rows: list[list], path: Path, *, title: str, author: str,
                  page: Page, force: bool, record: Callable[[], None] | None = None) -> None:
    """The internal by-name list: one sheet, written row by row in openpyxl's write-only mode;
    printed on A4 landscape, one page wide, id and name frozen and repeated on every page.
    `record` logs it before the file gets its name (files.write_private)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    check_target(path, force, suffix=".xlsx")
    book = Workbook(write_only=True)
    book.properties.title = shown(title)
    book.properties.creator = shown(author)
    sheet = book.create_sheet(t("sheet_list")[:31])
    sheet.freeze_panes = "C2"
    list_layout(sheet, page, headers, rows, title_columns="A:B")
    from openpyxl.utils import get_column_letter

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
