"""One sheet row → one ImportedPerson, or every reason it cannot be imported as it stands.

Each field is read on its own (cells.py, datecells.py, the mapping for code words), so a
rejected row lists all its problems at once and the user fixes them in one round. Then the
rules that tie fields together, as the register holds them:

- a name or an alias; the situation and the date the person became homeless (since), which
  may not lie after the as-of date nor before the birth date; a birth date not after as-of;
- a birth date and a fødselsnummer that agree (without a birth date, it comes from the number);
- a release/discharge date with INST and KRIM only, and always with them (the register needs
  it to know when the person counts as homeless), not before the stay began;
- a decision only with an application date, a decision date only with a decision, and the
  decision not dated before the application;
- an application, a decision and a last contact on or before the as-of date (the sheet cannot
  know of a later one; the register refuses a contact or decision in the future).

Two warnings say what the register makes of a row: a decision without its date is recorded on
the as-of date (the latest day it can have been made), and a note (Merknad) is kept as the note
of the last contact, so a row with a note and no last contact loses the note.
"""

from datetime import date, datetime

from boligreg.domain.codes import RELEASE, Decision, Gender, Situation
from boligreg.domain.dates import show_date
from boligreg.domain.fnr import birth_date
from boligreg.i18n import Phrase
from boligreg.importing.cells import (
    TEXT_LIMITS,
    CellProblem,
    cell_text,
    is_blank,
    read_children,
    read_fnr,
    read_text,
)
from boligreg.importing.datecells import read_date
from boligreg.importing.mapping import MappingIndex
from boligreg.importing.model import CellValue, ImportedPerson, ImportWarning, Reason, Row
from boligreg.importing.vocabulary import (
    CODES,
    DATE_FIELDS,
    FIELDS,
    NAME_FIELDS,
    NO_DECISION,
    TEXT_FIELDS,
    YES,
)


class RowReader:
    """Reads the rows of one table: its columns, mapping, as-of date and fødselsnummer rule."""

    def __init__(self, *, headers: list[str], columns: dict[str, int], index: MappingIndex,
                 as_of: date, allow_synthetic: bool, epoch: datetime) -> None:
        self.headers = headers
        self.columns = columns
        self.index = index
        self.as_of = as_of
        self.allow_synthetic = allow_synthetic
        self.epoch = epoch
        self.codes: dict[tuple[str, str], str | None] = {}  # (field, text) → code, once each

    def read(self, number: int, row: Row) -> tuple[ImportedPerson | None, list[Reason],
                                                   list[ImportWarning]]:
        """The person in row `number`, or None and the reasons; any warnings either way."""
        cells = _RowCells(self, row)
        texts = {field: cells.text(field) for field in FIELDS if field in TEXT_FIELDS}
        name = texts["name"] or cells.joined_name(texts["first_name"], texts["last_name"])
        alias = texts["alias"]
        if not name and not alias and not NAME_FIELDS & cells.failed:
            cells.problem(Reason("import_reject_no_name"))
        fnr = cells.fnr()
        dates = {field: cells.date(field, number) for field in FIELDS if field in DATE_FIELDS}
        codes = {field: cells.code(field) for field in CODES}
        children = cells.children()
        situation = Situation(codes["situation"]) if codes["situation"] else None
        since, born = dates["since"], dates["born"]
        if situation is None and "situation" not in cells.failed:
            cells.problem(Reason("import_reject_missing_situation"))
        if since is None and "since" not in cells.failed:
            cells.problem(Reason("import_reject_missing_since"))
        if fnr:
            from_fnr = birth_date(fnr)
            if born is None and "born" not in cells.failed:
                born = from_fnr
            elif born is not None and born != from_fnr:
                cells.problem(Reason("import_reject_born_mismatch", {
                    "born": show_date(born), "from_fnr": show_date(from_fnr)}))
        decision_code = codes["decision"]
        decision = None if decision_code in (None, NO_DECISION) else Decision(decision_code)
        self._cross_checks(cells, situation, since, born, dates, decision)
        if cells.problems or situation is None or since is None:
            return None, cells.sorted_problems(), cells.warnings
        if decision is not None and dates["decided"] is None:
            cells.warnings.append(ImportWarning(number, cells.header("decision"), " ".join(
                cell_text(cells.cell("decision")).split()), Reason(
                "import_warn_decided_as_of", {"decision": Phrase("decision_" + decision.value),
                                              "date": show_date(self.as_of)})))
        if texts["note"] and dates["last_contact"] is None:
            cells.warnings.append(ImportWarning(number, cells.header("note"), texts["note"], Reason(
                "import_warn_note_without_contact", {"column": cells.header("note")})))
        gender, wants = codes["gender"], codes["wants_housing"]
        return ImportedPerson(
            rows=(number,), name=name, alias=alias, situation=situation, since=since, fnr=fnr,
            born=born, gender=Gender(gender) if gender else None, release=dates["release"],
            applied=dates["applied"], decision=decision, decided=dates["decided"],
            wants_housing=None if wants is None else wants == YES,
            caseworker=texts["caseworker"], last_contact=dates["last_contact"],
            children=children, phone=texts["phone"], note=texts["note"],
        ), [], cells.warnings

    def _cross_checks(self, cells: "_RowCells", situation: Situation | None, since: date | None,
                      born: date | None, dates: dict[str, date | None],
                      decision: Decision | None) -> None:
        """The rules between fields, on the fields that were read: a field that could not be
        read has its reason already, so only a really blank cell is called missing."""
        as_of = show_date(self.as_of)
        if since and since > self.as_of:
            cells.problem(Reason("import_reject_since_future",
                                 {"value": show_date(since), "as_of": as_of}))
        if born and born > self.as_of:
            cells.problem(Reason("import_reject_born_future",
                                 {"value": show_date(born), "as_of": as_of}))
        elif born and since and since < born:  # «5.3.17» read as 1917 is caught here
            cells.problem(Reason("import_reject_since_before_born",
                                 {"since": show_date(since), "born": show_date(born)}))
        release = dates["release"]
        if situation is not None:
            if release and situation not in RELEASE:
                cells.problem(Reason("import_reject_release_only", {"code": situation.value}))
            elif situation in RELEASE and release is None and "release" not in cells.failed:
                cells.problem(Reason("import_reject_release_needed", {"code": situation.value}))
            elif release and since and release < since:
                cells.problem(Reason("import_reject_release_before_since", {
                    "release": show_date(release), "since": show_date(since)}))
        applied, decided = dates["applied"], dates["decided"]
        for field in ("applied", "decided", "last_contact"):
            value = dates[field]
            if value and value > self.as_of:
                cells.problem(Reason("import_reject_after_as_of", {
                    "column": cells.header(field), "value": show_date(value), "as_of": as_of}),
                    field)
        if decision and applied is None and "applied" not in cells.failed:
            cells.problem(Reason("import_reject_decision_without_applied",
                                 {"decision": Phrase("decision_" + decision.value)}))
        if decided and decision is None and "decision" not in cells.failed:
            cells.problem(Reason("import_reject_decided_without_decision",
                                 {"decided": show_date(decided)}))
        if decided and applied and decided < applied:
            cells.problem(Reason("import_reject_decided_before_applied", {
                "decided": show_date(decided), "applied": show_date(applied)}))


class _RowCells:
    """One row's cells read field by field, collecting each problem with its column."""

    def __init__(self, reader: RowReader, row: Row) -> None:
        self.reader = reader
        self.row = row
        self.problems: list[tuple[int, Reason]] = []  # (column position, reason)
        self.warnings: list[ImportWarning] = []
        self.failed: set[str] = set()  # fields with a problem of their own

    def problem(self, reason: Reason, field: str | None = None) -> None:
        """A reason, placed at its field's column (the rules between fields come last)."""
        position = self.reader.columns.get(field, len(self.reader.headers)) if field else \
            len(self.reader.headers)
        self.problems.append((position, reason))

    def sorted_problems(self) -> list[Reason]:
        """The reasons in the order of the sheet's columns, as the user reads the row."""
        return [reason for _, reason in sorted(self.problems, key=lambda item: item[0])]

    def _failed(self, field: str, problem: CellProblem) -> None:
        self.failed.add(field)
        self.problem(Reason(problem.key, {**problem.args_, "column": self.header(field)}), field)

    def cell(self, field: str) -> CellValue:
        position = self.reader.columns.get(field)
        return self.row[position] if position is not None and position < len(self.row) else None

    def header(self, field: str) -> str:
        return self.reader.headers[self.reader.columns[field]]

    def text(self, field: str) -> str | None:
        try:
            return read_text(self.cell(field), TEXT_LIMITS[field])
        except CellProblem as problem:
            self._failed(field, problem)
            return None

    def joined_name(self, first: str | None, last: str | None) -> str | None:
        """Fornavn + Etternavn, in that order, from the two columns."""
        name = " ".join(part for part in (first, last) if part)
        limit = TEXT_LIMITS["name"]
        if len(name) > limit:
            header = " + ".join(self.header(f) for f in ("first_name", "last_name")
                                if f in self.reader.columns)
            self.failed.add("name")
            self.problem(Reason("import_reject_too_long",
                                {"column": header, "length": len(name), "limit": limit}),
                         "first_name")
            return None
        return name or None

    def fnr(self) -> str | None:
        try:
            return read_fnr(self.cell("fnr"), allow_synthetic=self.reader.allow_synthetic,
                            today=self.reader.as_of)
        except CellProblem as problem:
            self._failed("fnr", problem)
            return None

    def date(self, field: str, number: int) -> date | None:
        try:
            found = read_date(self.cell(field), field=field, as_of=self.reader.as_of,
                              epoch=self.reader.epoch)
        except CellProblem as problem:
            self._failed(field, problem)
            return None
        if found is None:
            return None
        if found.month_only:
            text = cell_text(self.cell(field)).strip()
            header = self.header(field)
            self.warnings.append(ImportWarning(number, header, text, Reason(
                "import_warn_month_only",
                {"column": header, "value": text, "date": show_date(found.day)})))
        return found.day

    def code(self, field: str) -> str | None:
        """The code of a code-taking cell (mapping file first, then vocabulary)."""
        cell = self.cell(field)
        if is_blank(cell):
            return None
        text = " ".join(cell_text(cell).split())
        known = self.reader.codes
        if (field, text) not in known:
            known[(field, text)] = self.reader.index.target(self.header(field), field, text)
        code = known[(field, text)]
        if code is None:
            self.failed.add(field)
            self.problem(Reason("import_reject_unmapped",
                                {"column": self.header(field), "value": text}), field)
        return code

    def children(self) -> int:
        """A number of children; a word the mapping file translates («ja» → 1) is taken."""
        cell = self.cell("children")
        if "children" in self.reader.columns and not is_blank(cell):
            header = self.header("children")
            text = " ".join(cell_text(cell).split())
            if self.reader.index.lists(header, text):
                target = self.reader.index.target(header, "children", text)
                if target is None:
                    self.failed.add("children")
                    self.problem(Reason("import_reject_unmapped",
                                        {"column": header, "value": text}), "children")
                    return 0
                cell = target
        try:
            return read_children(cell)
        except CellProblem as problem:
            self._failed("children", problem)
            return 0
