"""One row of the municipality's list of its dwellings → an ImportedDwelling, or every reason it
cannot be imported as it stands (`boligreg dwelling import`; the person list's rows: rows.py).

The cells are read as a person's are (rows._RowCells: text, dates, the mapping's code words),
so a rejected row lists all its problems at once. The rules are `dwelling add`'s own:

- an address, with the flat's number after it when the sheet gives it in a column of its own
  («Storgata 5» and «H0201» → «Storgata 5, H0201», as `dwelling add --address` is written);
- rooms, size (m²) and floor in the ranges `dwelling add` takes (settings.DWELLING_ROOMS …); a
  size with decimals («48,5») is rounded to whole m² with a warning, rooms and floor must be
  whole; the kind KOMMUNAL unless the sheet says OMSORG, not accessible unless it says so;
- text checked as every typed text is (domain.housing.plain_text: nothing that acts on a
  terminal, not too long), and a vacant-from date in the window of every typed date
  (domain.dates.in_typed_window); the refusal is the one `dwelling add` gives, as the reason.

The register's side (an address already registered, one transaction) is store.dwellings.
"""

from datetime import date, datetime
from typing import cast

from boligreg.domain.dates import in_typed_window
from boligreg.domain.housing import plain_text
from boligreg.errors import InvalidInput
from boligreg.i18n import Phrase
from boligreg.importing.cells import CellProblem, cell_text, read_number
from boligreg.importing.mapping import MappingIndex
from boligreg.importing.model import ImportedDwelling, ImportWarning, Reason, Row
from boligreg.importing.rows import RowReader, _RowCells
from boligreg.importing.vocabulary import YES, fold
from boligreg.settings import DWELLING_FLOOR, DWELLING_ROOMS, DWELLING_SIZE


class DwellingRowReader:
    """Reads the rows of one table of dwellings: its columns, mapping and the day of import."""

    def __init__(self, *, headers: list[str], columns: dict[str, int], index: MappingIndex,
                 as_of: date, epoch: datetime) -> None:
        self.cells = RowReader(headers=headers, columns=columns, index=index, as_of=as_of,
                               allow_synthetic=False, epoch=epoch)
        self.as_of = as_of

    def read(self, number: int, row: Row) -> tuple[ImportedDwelling | None, list[Reason],
                                                   list[ImportWarning]]:
        """The dwelling in row `number`, or None and the reasons; any warnings either way."""
        cells = _RowCells(self.cells, row)
        address, unit, note = cells.text("address"), cells.text("unit"), cells.text("note")
        rooms = _number(cells, number, "rooms", DWELLING_ROOMS)
        size = _number(cells, number, "size", DWELLING_SIZE, whole=False)
        floor = _number(cells, number, "floor", DWELLING_FLOOR)
        kind, accessible = cells.code("kind"), cells.code("accessible")
        vacant_from = cells.date("vacant_from", number)
        for field, value in (("address", address), ("rooms", rooms)):
            if value is None and field not in cells.failed:
                cells.problem(Reason("import_reject_empty", {"column": cells.header(field)}),
                              field)
        if address and unit and not fold(address).endswith(fold(unit)):
            address = f"{address}, {unit}"
        address = _typed(cells, "address", address, "col_dw_address")
        note = _typed(cells, "note", note, "col_note")
        if vacant_from is not None:
            try:
                in_typed_window(vacant_from, self.as_of)
            except InvalidInput as error:
                cells.problem(_reason(error), "vacant_from")
        if cells.problems or address is None or rooms is None:
            return None, cells.sorted_problems(), cells.warnings
        return ImportedDwelling(
            row=number, address=address, rooms=rooms, kind=kind or "KOMMUNAL", size=size,
            accessible=accessible == YES, floor=floor, note=note, vacant_from=vacant_from,
        ), [], cells.warnings


def _number(cells: _RowCells, number: int, field: str, limits: tuple[int, int],
            whole: bool = True) -> int | None:
    try:
        found = read_number(cells.cell(field), low=limits[0], high=limits[1], whole=whole)
    except CellProblem as problem:
        cells._failed(field, problem)
        return None
    if found is None:
        return None
    value, rounded = found
    if rounded:
        header, text = cells.header(field), " ".join(cell_text(cells.cell(field)).split())
        cells.warnings.append(ImportWarning(number, header, text, Reason(
            "import_warn_rounded", {"column": header, "value": text, "number": value})))
    return value


def _typed(cells: _RowCells, field: str, text: str | None, label: str) -> str | None:
    """The text as `dwelling add` takes it (domain.housing.plain_text), or its refusal."""
    if text is None:
        return None
    try:
        return plain_text(text, label)
    except InvalidInput as error:
        cells.failed.add(field)
        cells.problem(_reason(error), field)
        return None


def _reason(error: InvalidInput) -> Reason:
    """A use case's refusal as a row's reason: the same message, in the reader's language."""
    return Reason(error.key, cast(dict[str, str | int | Phrase], error.args_))
