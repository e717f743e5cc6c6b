"""Where the table is in a sheet: its header row, and which rows below it are persons.

A by-name list rarely starts on row 1: a title («Løpende oversikt bostedsløse»), perhaps in
merged cells, a date line and blank rows come first. The header row is the row among the first
50 with the most cells that name a known column (by the vocabulary, or listed in the user's
mapping file), at least two of them, or one that names a name column; the first such row wins
a tie. `--header-row N` (1-based, as Excel numbers rows) overrides the search.

Below the header, rows that are not persons are skipped and listed with their row number and
reason: blank rows (empty cells, spaces, or a dash standing for nothing), sum rows (the first
filled cell starts with Totalt, Sum, I alt, Antall …), note rows (a single filled cell
starting with Merknad:, NB, OBS, * …) and the header row repeated (as sheets laid out for
printing repeat it on every page). Blank rows after the last filled row are formatting,
not rows, and are not listed.
"""

from dataclasses import dataclass

from boligreg.errors import InvalidInput
from boligreg.importing.cells import cell_text, is_blank
from boligreg.importing.model import Mapping, RawSheet, Reason, Row, Skipped
from boligreg.importing.vocabulary import (
    PERSON,
    SheetKind,
    field_for_header,
    header_key,
    is_note_text,
    is_total_row,
)

HEADER_SEARCH_ROWS = 50
_SHOWN_TEXT = 60  # how much of a skipped row's text its reason quotes


@dataclass(frozen=True)
class Table:
    header_row: int
    headers: list[str]  # each header cell as text, whitespace-normalised ("" for an empty one)
    data: list[tuple[int, Row]]  # (sheet row number, cells) of every row that may be a person
    skipped: list[Skipped]


def header_texts(row: Row) -> list[str]:
    return [" ".join(cell_text(cell).split()) for cell in row]


def locate_table(sheet: RawSheet, mapping: Mapping | None = None,
                 header_row: int | None = None, kind: SheetKind = PERSON) -> Table:
    """Find (or take) the header row and sort the rows below it into data and skipped (a
    `kind` of sheet's own headers: the person list's, or the dwellings')."""
    number = header_row if header_row is not None else find_header_row(sheet, mapping, kind)
    headers = header_texts(sheet.row(number))
    if header_row is not None:
        if not any(headers):
            raise InvalidInput("import_header_row_blank", row=header_row)
        if not any(_is_known(header, _listed(mapping), kind) for header in headers if header):
            raise InvalidInput("import_header_row_unknown", row=header_row)
    data: list[tuple[int, Row]] = []
    skipped: list[Skipped] = []
    for row_number in range(number + 1, len(sheet.rows) + 1):
        row = sheet.row(row_number)
        reason = skip_reason(row)
        if reason is None and header_texts(row) == headers[:len(row)] and len(row) > 1:
            reason = Reason("import_skip_header_again")  # printed sheets repeat it per page
        if reason is None:
            data.append((row_number, row))
        else:
            skipped.append(Skipped(row_number, reason, row))
    return Table(number, headers, data, skipped)


def find_header_row(sheet: RawSheet, mapping: Mapping | None = None,
                    kind: SheetKind = PERSON) -> int:
    """The 1-based number of the row that names the most known columns (see module text)."""
    listed = _listed(mapping)
    best_row, best_score, best_has_name = 0, 0, False
    for number in range(1, min(len(sheet.rows), HEADER_SEARCH_ROWS) + 1):
        headers = [header for header in header_texts(sheet.row(number)) if header]
        known = [header for header in headers if _is_known(header, listed, kind)]
        if len(known) > best_score:
            best_row, best_score = number, len(known)
            best_has_name = any(_field(header, mapping, kind) in kind.name_fields
                                for header in known)
    if best_score >= 2 or (best_score == 1 and best_has_name):
        return best_row
    if kind.dwelling:
        raise InvalidInput("import_dw_no_header", rows=HEADER_SEARCH_ROWS)
    raise InvalidInput("import_no_header", rows=HEADER_SEARCH_ROWS)


def _listed(mapping: Mapping | None) -> frozenset[str]:
    return frozenset(header_key(rule.header) for rule in mapping.columns) if mapping else frozenset()


def _is_known(header: str, listed: frozenset[str], kind: SheetKind) -> bool:
    return header_key(header) in listed or field_for_header(header, kind) is not None


def _field(header: str, mapping: Mapping | None, kind: SheetKind) -> str | None:
    if mapping:
        for rule in mapping.columns:
            if header_key(rule.header) == header_key(header):
                return rule.field
    return field_for_header(header, kind)


def skip_reason(row: Row) -> Reason | None:
    """Why a row below the header is not a person, or None when it may be one."""
    filled = [cell for cell in row if not is_blank(cell)]
    if not filled:
        return Reason("import_skip_blank")
    first = filled[0]
    if isinstance(first, str):
        text = " ".join(first.split())
        shown = text if len(text) <= _SHOWN_TEXT else text[:_SHOWN_TEXT] + "…"
        if is_total_row(text):
            return Reason("import_skip_total", {"text": shown})
        if len(filled) == 1 and is_note_text(text):
            return Reason("import_skip_note", {"text": shown})
    return None
