"""The rejects workbook: the rows that were not imported, why, and their cells as read.

The user corrects the cells in Excel and imports the file again: its first row is a header
row (sheet row number, reason, then the sheet's own headers), so the import finds it and
ignores the two extra columns. Cells keep their types (dates as dates, dd.mm.yyyy); text that
starts like a formula (= + - @) is stored as text with Excel's quote prefix, never a formula;
characters a workbook cannot hold (control characters, which are often why the row was
rejected) are shown as U+FFFD «�». It holds names and fødselsnummer, so it prints as the
by-name export does (reports/xlsx.list_layout): A4 landscape, at most two pages wide, the
header row and the row number on every page, «Taushetsbelagt …» on every page. Written with
write_private: mode 0600, atomic.
"""

import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from boligreg.files import check_target, write_private
from boligreg.i18n import text_in, valid_language
from boligreg.importing.cells import FORMULA_STARTS
from boligreg.importing.model import CellValue, DwellingPlan, ImportPlan

if TYPE_CHECKING:  # openpyxl loads only when a workbook is written
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

DATE_FORMAT = "dd.mm.yyyy"
REPLACEMENT = "\ufffd"


def write_rejects(path: Path | str, plan: ImportPlan | DwellingPlan, headers: list[str], language: str,
                  force: bool = False, record: Callable[[], None] | None = None) -> None:
    """Write plan.rejects to an .xlsx at `path` (nb, nn or en for the reasons and labels).
    `record`, the event that records the file, runs before the file gets its name
    (files.write_private)."""
    check_target(Path(path), force)  # an existing file or a missing folder: say so before the work
    write_private(Path(path), rejects_workbook(plan, headers, language), force=force,
                  record=record)


def rejects_workbook(plan: ImportPlan | DwellingPlan, headers: list[str], language: str) -> bytes:
    """The rejects workbook's bytes (see the module's text)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from boligreg.reports.xlsx import Page, list_layout

    language = valid_language(language)
    book = Workbook(write_only=True)
    title = text_in(language, "import_rejects_sheet")
    sheet: WriteOnlyWorksheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    labels: list[CellValue] = [text_in(language, "import_rejects_row"),
                               text_in(language, "import_rejects_reason"), *headers]
    # printed as the by-name export is (names and fødselsnummer: marked confidential), the
    # sheet's row number repeated on every page
    shown_rows: list[list] = [[reject.row, "; ".join(r.text(language) for r in reject.reasons),
                               *reject.cells] for reject in plan.rejects]
    width = max([len(labels), *map(len, shown_rows)])
    list_layout(sheet, Page(title_lines=(), header=text_in(language, "confidential"),
                            footer_left=title),
                [str(label) for label in labels] + [""] * (width - len(labels)),
                [row + [None] * (width - len(row)) for row in shown_rows],
                title_columns="A:A", language=language)
    bold = Font(bold=True)
    header_cells = []
    for label in labels:
        cell = _cell(sheet, label)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for values in shown_rows:
        sheet.append([_cell(sheet, value) for value in values])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet: "WriteOnlyWorksheet", value: CellValue) -> "Cell":
    """A typed cell; text never becomes a formula and never holds a character xlsx forbids."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = WriteOnlyCell(sheet)
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif isinstance(value, date | datetime):
        cell.number_format = DATE_FORMAT  # the format first: a date then keeps it
        cell.value = value
    else:
        cell.value = value
    return cell
