"""The mapping: which field each column gives and which code each word means; its CSV file.

The import never guesses: recognition (vocabulary.py) proposes a mapping, `write_map` writes
it out for the user to check in Excel or an editor, and `read_map` reads it back, corrected.
The file has the columns kind, column, value, target:

    kind;column;value;target
    column;Navn;;name
    column;Bosted nå;;situation
    value;Bosted nå;Hospits;MIDL
    value;Bosted nå;hos søster;            ← empty: unmapped, rows with it are rejected
    column;Kolonne X;;                     ← empty: the column is ignored

A `column` row names the sheet's header and a boligreg field (vocabulary.FIELDS); a `value`
row a cell text in that column and a code (situation codes, F/M/X, granted/refused/withdrawn/
none, yes/no). Value rows are written for the code-taking columns; `read_map` also accepts them
for the children column (target a whole number: «ja» → 1).

A list of dwellings (`dwelling import`) has its own fields and codes (vocabulary.DWELLING:
address, rooms …, KOMMUNAL/OMSORG, yes/no); every function here takes the kind of sheet, the
person list when none is given.

What the file lists overrides recognition, exactly as written, blanks included; columns and
values it does not list are recognised as usual. Headers and values are matched folded
(case, spaces, punctuation and æ/ae ø/oe å/aa ignored), like the vocabulary.

The file is written with `;` and a byte-order mark, the way Norwegian Excel opens and saves
CSV directly; `read_map` takes `;` or `,`, UTF-8 with or without the mark, or Windows-1252.
Text starting like a formula (= + - @) is written with a leading apostrophe, so Excel shows
it as text rather than running it; `read_map` removes that apostrophe again.
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from boligreg.errors import InvalidInput
from boligreg.files import write_private
from boligreg.i18n import Phrase
from boligreg.importing.cells import FORMULA_STARTS, MAX_CHILDREN, cell_text, is_blank
from boligreg.importing.model import ColumnRule, Mapping, Row, ValueRule
from boligreg.importing.readers import decode_text, detect_delimiter
from boligreg.importing.vocabulary import (
    PERSON,
    SheetKind,
    code_for_value,
    field_for_header,
    fold,
    header_key,
    normal_code,
    takes_codes,
)

MAP_COLUMNS = ("kind", "column", "value", "target")


class MappingIndex:
    """Quick lookups in a Mapping by folded header and folded value; `None` target = listed
    but blank (column ignored, or value unmapped), absent = not listed. What is not listed is
    recognised by the `kind` of sheet's vocabulary."""

    def __init__(self, mapping: Mapping | None, kind: SheetKind = PERSON) -> None:
        self.kind = kind
        self.fields: dict[str, str | None] = {}
        self.values: dict[tuple[str, str], str | None] = {}
        for column in mapping.columns if mapping else ():
            self.fields[header_key(column.header)] = column.field
        for value in mapping.values if mapping else ():
            self.values[(header_key(value.header), fold(value.value))] = value.target

    def field(self, header: str) -> str | None:
        """The field a header gives: as listed, else as recognised."""
        key = header_key(header)
        return self.fields[key] if key in self.fields else field_for_header(header, self.kind)

    def target(self, header: str, field: str, text: str) -> str | None:
        """The code (or, for children, the number) a cell text means; None when unmapped."""
        key = (header_key(header), fold(text))
        if key in self.values:
            return self.values[key]
        return code_for_value(field, text, self.kind) if takes_codes(field, self.kind) else None

    def lists(self, header: str, text: str) -> bool:
        return (header_key(header), fold(text)) in self.values


@dataclass(frozen=True)
class Columns:
    """The column index of each field the sheet has, and the headers that give no field."""

    index: dict[str, int]
    ignored: list[str]


def propose_mapping(headers: list[str], rows: Sequence[Row], given: Mapping | None,
                    kind: SheetKind = PERSON) -> Mapping:
    """The mapping the import uses for this table: a column row for every header, and a value
    row for every distinct word (first spelling seen) in each code column. Given rules come
    first; the given map's value rules for columns of this sheet are kept even when unused."""
    index = MappingIndex(given, kind)
    seen_headers: set[str] = set()
    columns: list[ColumnRule] = []
    code_columns: list[tuple[int, str, str]] = []  # (cell index, header, field)
    for position, header in enumerate(headers):
        if not header or header_key(header) in seen_headers:
            continue
        seen_headers.add(header_key(header))
        field = index.field(header)
        columns.append(ColumnRule(header, field))
        if field in kind.value_fields:
            code_columns.append((position, header, field))
    values: dict[tuple[str, str], ValueRule] = {}
    for position, header, field in code_columns:
        seen: set[tuple[type, object]] = set()
        for row in rows if takes_codes(field, kind) else ():
            cell = row[position] if position < len(row) else None
            if (type(cell), cell) in seen or is_blank(cell):
                continue
            seen.add((type(cell), cell))
            text = " ".join(cell_text(cell).split())
            key = (header_key(header), fold(text))
            if key not in values:
                values[key] = ValueRule(header, text, index.target(header, field, text))
    for rule in given.values if given else ():
        key = (header_key(rule.header), fold(rule.value))
        if header_key(rule.header) in seen_headers and key not in values:
            values[key] = rule
    ordered = [rule for column in columns for key, rule in values.items()
               if key[0] == header_key(column.header)]
    return Mapping(tuple(columns), tuple(ordered))


def assign_columns(headers: list[str], mapping: Mapping, kind: SheetKind = PERSON) -> Columns:
    """Each field's column; InvalidInput when two columns give one field, or no column gives
    a name, the situation or the date since (a dwelling's address or rooms: every row would be
    rejected for want of it)."""
    index = MappingIndex(mapping, kind)
    claims: dict[str, list[int]] = {}
    ignored: list[str] = []
    for position, header in enumerate(headers):
        if not header:
            continue
        field = index.field(header)
        if field is None:
            if header not in ignored:
                ignored.append(header)
        else:
            claims.setdefault(field, []).append(position)
    for field, positions in claims.items():
        if len(positions) > 1:
            raise InvalidInput("import_field_twice", field=field,
                               columns=", ".join(f"«{headers[p]}»" for p in positions))
    if not kind.name_fields & claims.keys():
        if kind.dwelling:
            raise InvalidInput("import_dw_no_address_column")
        raise InvalidInput("import_no_name_column")
    for field in kind.required:
        if field not in claims:
            unused = ", ".join(f"«{header}»" for header in ignored) or "–"
            raise InvalidInput("import_no_column", field=field, unused=unused,
                               about=Phrase(kind.about[field]))
    return Columns({field: positions[0] for field, positions in claims.items()}, ignored)


def write_map(path: Path | str, mapping: Mapping, force: bool = False) -> None:
    """Write the mapping as a CSV file for the user to correct (owner-only, atomic); refuses to
    replace an existing file unless `force` (InvalidInput err_file_exists, as every export)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(MAP_COLUMNS)
    for column in mapping.columns:
        writer.writerow(["column", _safe(column.header), "", column.field or ""])
        for value in mapping.values:
            if header_key(value.header) == header_key(column.header):
                writer.writerow(["value", _safe(value.header), _safe(value.value),
                                 value.target or ""])
    write_private(Path(path), buffer.getvalue().encode("utf-8-sig"), force=force)


def _safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _unsafe(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_STARTS else text


def read_map(path: Path | str, kind: SheetKind = PERSON) -> Mapping:
    """Read a (corrected) mapping file for a `kind` of sheet; InvalidInput for an unknown
    field or code, a value row for a column with no code field, two rows that disagree, or one
    field in two columns."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput("import_no_file", path=str(path)) from None
    except OSError as error:
        raise InvalidInput("import_cannot_read", path=str(path), detail=error.strerror) from None
    text = decode_text(data, path)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text)))
    names = [fold(cell) for cell in records[0]] if records else []
    if not set(MAP_COLUMNS) <= set(names):
        raise InvalidInput("import_map_bad_header", path=str(path))
    where = {name: names.index(name) for name in MAP_COLUMNS}
    lines = []
    for line, record in enumerate(records[1:], start=2):
        cells = {name: _unsafe(record[at].strip()) if at < len(record) else ""
                 for name, at in where.items()}
        if any(cells.values()):
            lines.append((line, cells))
    columns = _column_rules(lines, kind)
    fields = {header_key(rule.header): rule.field for rule in columns}
    values = _value_rules(lines, fields, kind)
    return Mapping(tuple(columns), tuple(values))


def _column_rules(lines: list[tuple[int, dict[str, str]]], sheet: SheetKind) -> list[ColumnRule]:
    rules: dict[str, ColumnRule] = {}
    for line, cells in lines:
        kind = cells["kind"].casefold()
        if kind not in ("column", "value"):
            raise InvalidInput("import_map_bad_kind", line=line, kind=cells["kind"])
        if kind != "column":
            continue
        target = cells["target"].casefold()
        if target and target not in sheet.fields:
            raise InvalidInput("import_map_unknown_field", line=line, target=cells["target"],
                            valid=", ".join(sheet.fields))
        rule = ColumnRule(" ".join(cells["column"].split()), target or None)
        known = rules.get(header_key(rule.header))
        if known is not None and known.field != rule.field:
            raise InvalidInput("import_map_contradiction", line=line, column=rule.header, value="")
        rules[header_key(rule.header)] = rule
    claims: dict[str, list[str]] = {}  # first_name and last_name are two fields: no clash
    for rule in rules.values():
        if rule.field:
            claims.setdefault(rule.field, []).append(rule.header)
    for field, headers in claims.items():
        if len(headers) > 1:
            raise InvalidInput("import_map_field_twice", field=field,
                            columns=", ".join(f"«{header}»" for header in headers))
    return list(rules.values())


def _value_rules(lines: list[tuple[int, dict[str, str]]], fields: dict[str, str | None],
                 kind: SheetKind) -> list[ValueRule]:
    rules: dict[tuple[str, str], ValueRule] = {}
    for line, cells in lines:
        if cells["kind"].casefold() != "value":
            continue
        header = " ".join(cells["column"].split())
        key = header_key(header)
        field = fields[key] if key in fields else field_for_header(header, kind)
        if field not in kind.value_fields:
            raise InvalidInput("import_map_no_field", line=line, column=header)
        value = " ".join(cells["value"].split())
        target = _value_target(line, header, value, field, cells["target"], kind)
        known = rules.get((key, fold(value)))
        if known is not None and known.target != target:
            raise InvalidInput("import_map_contradiction", line=line, column=header,
                            value=f"«{value}»")
        rules[(key, fold(value))] = ValueRule(header, value, target)
    return list(rules.values())


def _value_target(line: int, header: str, value: str, field: str, target: str,
                  kind: SheetKind) -> str | None:
    """The code a value row names, normalised; InvalidInput when it is none of the field's."""
    if not target:
        return None
    if kind is PERSON and field == "children":
        if target.isascii() and target.isdigit() and int(target) <= MAX_CHILDREN:
            return str(int(target))
        valid = f"0–{MAX_CHILDREN}"
    else:
        code = normal_code(field, target, kind)
        if code is not None:
            return code
        valid = ", ".join(kind.codes[field])
    raise InvalidInput("import_map_unknown_code", line=line, column=header, value=value,
                    target=target, valid=valid)
