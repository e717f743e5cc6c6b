"""The import plan: a sheet as read → what to register, what not, and why.

`plan_import` ties the steps together and decides nothing of its own: layout.py finds the
table, mapping.py what each column and word means, rows.py reads each row, duplicates.py
merges the same person seen twice. Nothing is written; the caller registers plan.persons and
shows the rest. `plan_dwellings` does the same for the municipality's list of its dwellings,
with the dwellings' vocabulary (vocabulary.DWELLING) and row reader (dwelling_rows.py).
"""

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from boligreg.importing.duplicates import merge_duplicates
from boligreg.importing.dwelling_rows import DwellingRowReader
from boligreg.importing.layout import Table, locate_table
from boligreg.importing.mapping import MappingIndex, assign_columns, propose_mapping
from boligreg.importing.model import (
    DwellingPlan,
    ImportPlan,
    ImportWarning,
    Mapping,
    RawSheet,
    Reason,
    Reject,
)
from boligreg.importing.rows import RowReader
from boligreg.importing.vocabulary import DWELLING, PERSON, SheetKind

PROGRESS_EVERY = 50  # rows between two calls of a progress callback


def mapping_for(sheet: RawSheet, *, header_row: int | None = None,
                mapping: Mapping | None = None, kind: SheetKind = PERSON) -> Mapping:
    """The mapping an import of this sheet would use (for --write-map): every column and every
    distinct word in its code columns, given rules first. Two columns giving one field are
    written as they are, for the user to choose; only the plan refuses them."""
    table = locate_table(sheet, mapping, header_row, kind)
    return propose_mapping(table.headers, [row for _, row in table.data], mapping, kind)


def plan_import(sheet: RawSheet, *, as_of: date | None = None, allow_synthetic: bool = False,
                header_row: int | None = None, mapping: Mapping | None = None,
                progress: Callable[[int, int], None] | None = None) -> ImportPlan:
    """Read every row of the sheet into a person, a reject or a skipped row.

    as_of: the day the sheet describes (default today): no one became homeless after it, and it
    bounds every date (see datecells). allow_synthetic: accept synthetic test fødselsnummer
    (month + 80), as a training register does. header_row: the header's row number (1-based),
    instead of searching for it. mapping: a mapping file's rules (read_map), over recognition.
    progress: called with (rows read, rows in all) now and then, for a progress bar.
    InvalidInput when no header is found, two columns give one field, or none gives a name."""
    as_of = as_of or date.today()
    table = locate_table(sheet, mapping, header_row)
    used = propose_mapping(table.headers, [row for _, row in table.data], mapping)
    columns = assign_columns(table.headers, used)
    reader = RowReader(headers=table.headers, columns=columns.index, index=MappingIndex(used),
                       as_of=as_of, allow_synthetic=allow_synthetic, epoch=sheet.epoch)
    persons, rejects, warnings = _read_rows(table, reader.read, progress)
    persons, duplicates = merge_duplicates(persons)
    return ImportPlan(
        persons=persons, rejects=rejects, skipped=table.skipped, warnings=warnings,
        duplicates=duplicates, ignored_columns=columns.ignored + _headerless(table),
        header_row=table.header_row, headers=table.headers, mapping=used,
        sheet_name=sheet.name, as_of=as_of, missing_columns=missing_columns(table, mapping),
    )


T = TypeVar("T")


RowRead = tuple[T | None, list[Reason], list[ImportWarning]]
"""What a row reader gives for one row: what it holds (or None), the reasons, the warnings."""


def _read_rows(table: Table, read: Callable[[int, Any], RowRead[T]],
               progress: Callable[[int, int], None] | None) -> tuple[list[T], list[Reject],
                                                                    list[ImportWarning]]:
    """Each row below the header read into what it holds or a reject, for either kind of sheet;
    a rejected row's values are not taken, so not warned of."""
    taken: list[T] = []
    rejects: list[Reject] = []
    warnings: list[ImportWarning] = []
    for done, (number, row) in enumerate(table.data, start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(table.data))
        item, problems, row_warnings = read(number, row)
        if item is None:
            rejects.append(Reject(number, tuple(problems), row))
        else:
            taken.append(item)
            warnings += row_warnings
    if progress is not None:
        progress(len(table.data), len(table.data))
    return taken, rejects, warnings


def plan_dwellings(sheet: RawSheet, *, as_of: date, header_row: int | None = None,
                   mapping: Mapping | None = None,
                   progress: Callable[[int, int], None] | None = None) -> DwellingPlan:
    """Read every row of the municipality's list of its dwellings into a dwelling, a reject or
    a skipped row, as plan_import reads a list of persons (as_of: the day of the import, which
    bounds the vacant-from dates). InvalidInput when no header is found, two columns give one
    field, or no column gives the address or the rooms."""
    table = locate_table(sheet, mapping, header_row, DWELLING)
    used = propose_mapping(table.headers, [row for _, row in table.data], mapping, DWELLING)
    columns = assign_columns(table.headers, used, DWELLING)
    reader = DwellingRowReader(headers=table.headers, columns=columns.index,
                               index=MappingIndex(used, DWELLING), as_of=as_of, epoch=sheet.epoch)
    dwellings, rejects, warnings = _read_rows(table, reader.read, progress)
    return DwellingPlan(
        dwellings=dwellings, rejects=rejects, skipped=table.skipped, warnings=warnings,
        ignored_columns=columns.ignored + _headerless(table), header_row=table.header_row,
        headers=table.headers, mapping=used, sheet_name=sheet.name, as_of=as_of,
        missing_columns=missing_columns(table, mapping),
    )


def missing_columns(table: Table, mapping: Mapping | None) -> tuple[str, ...]:
    """The mapping file's column rows for headers the sheet does not have (a misspelling, or a
    file made for another sheet): warned of, since the user meant them to give a field."""
    from boligreg.importing.vocabulary import header_key

    present = {header_key(header) for header in table.headers if header}
    return tuple(dict.fromkeys(rule.header for rule in (mapping.columns if mapping else ())
                               if header_key(rule.header) not in present))


def _headerless(table: Table) -> list[str]:
    """Columns with data but no header, named by their letter: «(F)»."""
    from openpyxl.utils import get_column_letter

    width = max((len(row) for _, row in table.data), default=0)
    found = []
    for position in range(width):
        if position < len(table.headers) and table.headers[position]:
            continue
        if any(position < len(row) and row[position] not in (None, "") for _, row in table.data):
            found.append(f"({get_column_letter(position + 1)})")
    return found
