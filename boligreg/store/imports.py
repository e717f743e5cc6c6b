"""Use case: register the persons of an import plan (`boligreg import`), in one transaction.

The plan (boligreg.importing) has read and checked every row of the sheet; here each person
becomes the history a coordinator would have typed day by day, with the sheet's own dates:

- known since: the earliest date in the row that the services can have known of the person
  (homeless since, the application, its decision, the last contact; not the birth date nor an
  expected release ahead) — where the inactivity clock starts;
- the situation as a stay from `since` (an INST/KRIM stay with its release date, noted on the
  as-of date: the one day the sheet proves it was known);
- an application for a municipal dwelling received on its date, and its decision on the
  decision date (a decision without a date on the as-of date, as the plan warned);
- the last contact as a contact on that date, holding the row's note.

The import itself is no contact: the person is registered today, known since the row's earliest
date, so a last contact five months before the as-of day leaves them inactive under the 90-day
rule right after the import (DESIGN.md § Situations).

A person already in the register — the same fødselsnummer (a merged record's number leads to
the record it was merged into), or likely the same by the duplicate rule
(domain.duplicates.likely_duplicates, through store.persons.duplicate_candidates) — is not
added again and is reported with their id. So is a person likely the same as one this import
has just added from an earlier row. Importing the same sheet twice adds nobody.

Everything is one transaction: a crash or Ctrl-C leaves nothing imported. It is logged as one
event per person created (their records, as one change of the person) and one import event (the
file, the sheet, the counts). A dry run does all of it and rolls back, so what it reports is
exactly what the import would do, and the register is left as it was.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from boligreg.domain.codes import ApplicationKind, ContactKind
from boligreg.domain.dates import show_date
from boligreg.domain.duplicates import likely_duplicates, name_key, similar_names
from boligreg.domain.fnr import is_synthetic
from boligreg.domain.models import History, Person
from boligreg.domain.text import typed_text
from boligreg.domain.timeline import state_on
from boligreg.errors import InvalidInput
from boligreg.importing.model import ImportedPerson
from boligreg.settings import NOTE_LIMIT, TEXT_LIMIT
from boligreg.store.persons import duplicate_candidates, person_fields, without_keys
from boligreg.store.register import Register
from boligreg.store.stays import stay_row

COMMAND = "import"
PERSON_COLUMNS = ("id", "registered", "known_since", "name", "alias", "fnr", "born",
                  "birth_year", "gender", "children", "caseworker", "phone", "wants_housing",
                  "name_key", "alias_key")
"""Every column an imported person sets, so the rows are written together (unset: the default)."""
PERSON_DEFAULTS: dict[str, Any] = {**dict.fromkeys(PERSON_COLUMNS), "children": 0,
                                   "wants_housing": 1}


@dataclass(frozen=True)
class Known:
    """A person of the sheet who is in the register already, and not added again."""

    rows: tuple[int, ...]  # the sheet rows of the person
    id: str  # the person in the register
    reason: str  # why they are likely one (domain.duplicates.REASONS)
    from_row: int | None = None  # the sheet row `id` was created from by this import; None: before
    other_name: str | None = None  # same number, but the register's name is not the sheet's


@dataclass
class ImportResult:
    """What the import did (or, in a dry run, would do)."""

    created: list[tuple[str, ImportedPerson]] = field(default_factory=list)
    known: list[Known] = field(default_factory=list)
    inactive: list[str] = field(default_factory=list)  # created, inactive on the day of import
    homeless: list[str] = field(default_factory=list)  # created, on the homeless list that day
    dry_run: bool = False


class _DryRun(Exception):
    """Raised inside the transaction of a dry run, so that it rolls back."""


def known_since(person: ImportedPerson) -> date:
    """The earliest date in the row that says the services knew the person."""
    days = [person.since, person.applied, person.decided, person.last_contact]
    return min(day for day in days if day is not None)


def import_persons(reg: Register, persons: list[ImportedPerson], *, as_of: date,
                   source: dict[str, Any], dry_run: bool = False,
                   progress: Callable[[int], None] | None = None) -> ImportResult:
    """Register `persons` (a plan's, in sheet order) as of the sheet's date `as_of`, in one
    transaction; `source` is what the import event says of the file (name, sheet, counts).
    `progress` is called with the number of persons handled so far."""
    if as_of > reg.today:
        raise InvalidInput("err_future_date", value=show_date(as_of))
    result = ImportResult(dry_run=dry_run)
    try:
        with reg.write(COMMAND):
            _import(reg, persons, as_of, source, result, progress)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _import(reg: Register, persons: list[ImportedPerson], as_of: date, source: dict[str, Any],
            result: ImportResult, progress: Callable[[int], None] | None) -> None:
    earlier = _Earlier()
    pointers = reg.pointers()
    number = int(reg.next_id("person", "P")[1:])
    app_number = int(reg.next_id("application", "A")[1:])
    tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
    events: list[tuple[str, dict[str, Any]]] = []
    for done, imported in enumerate(persons, start=1):
        row = _person_row(reg, imported)
        candidate = Person(id="", registered=reg.today, name=row["name"], alias=row["alias"],
                           fnr=row["fnr"], born=imported.born)
        known = _registered_as(reg, candidate, pointers) or earlier.match(candidate)
        if known is not None:
            from_row = known[2] if len(known) > 2 else None
            result.known.append(Known(imported.rows, known[0], known[1], from_row,
                                      other_name=_other_name(reg, known, candidate)))
        else:
            person_id = f"P{number:04d}"
            number += 1
            row["id"] = person_id
            candidate.id = person_id
            records = _records(reg, imported, candidate, as_of, f"A{app_number:04d}")
            app_number += "application" in records
            tables["person"].append(row)
            for table, record in records.items():
                tables[table].append(record)
            events.append((person_id, _event(row, records, imported)))
            earlier.add(candidate, imported.rows[0])
            result.created.append((person_id, imported))
        if progress is not None:
            progress(done)
    for table in ("person", "stay", "application", "application_decision", "contact"):
        reg.insert_many(table, tables[table])
    reg.log_many("create", [(f"person:{person_id}", person_id, content)
                            for person_id, content in events])
    ids = [person_id for person_id, _ in result.created]
    summary = {**source, "as_of": as_of.isoformat(), "persons": len(ids),
               "first": ids[0] if ids else None, "last": ids[-1] if ids else None,
               "already": ", ".join(known.id for known in result.known) or None}
    reg.log("import", "person-list", new={k: v for k, v in summary.items() if v is not None})
    _states(reg, ids, result)


def _person_row(reg: Register, imported: ImportedPerson) -> dict[str, Any]:
    """The person's row, checked as `person add` checks one (store.persons.person_fields). The
    fødselsnummer the plan read is checked by the same rule (domain.fnr.validate_fnr, synthetic
    numbers in a training register only) and its birth date taken: it is not checked twice."""
    if imported.fnr is not None and not reg.settings.demo and is_synthetic(imported.fnr):
        raise InvalidInput("err_synthetic_fnr")  # a plan made for a training register
    fields = person_fields(
        reg, name=imported.name, alias=imported.alias, born=imported.born,
        gender=imported.gender, children=imported.children, caseworker=imported.caseworker,
        phone=imported.phone, wants_housing=imported.wants_housing,
        known_since=known_since(imported))
    return {**PERSON_DEFAULTS, **fields, "fnr": imported.fnr,
            "registered": reg.today.isoformat()}


def _records(reg: Register, imported: ImportedPerson, person: Person, as_of: date,
             app_id: str) -> dict[str, dict[str, Any]]:
    """The person's stay, application and its decision, and last contact, checked against the
    timeline as the use cases check them."""
    records = {"stay": stay_row(reg, History(person=person), imported.situation, imported.since,
                                release=imported.release, noted=as_of if imported.release else None)
               | {"no": 1}}  # a new person's first stay and contact on the card
    if imported.applied is not None:
        records["application"] = {"id": app_id, "person_id": person.id,
                                  "kind": ApplicationKind.KOMMUNAL.value,
                                  "received": imported.applied.isoformat()}
        if imported.decision is not None:
            decided = imported.decided or as_of
            records["application_decision"] = {"application_id": app_id,
                                               "decision": imported.decision.value,
                                               "date": decided.isoformat()}
    if imported.last_contact is not None:
        if imported.note is not None:
            typed_text(imported.note, "col_note", NOTE_LIMIT)
        if imported.caseworker is not None:
            typed_text(imported.caseworker, "field_by", TEXT_LIMIT)
        records["contact"] = {"person_id": person.id, "date": imported.last_contact.isoformat(),
                              "kind": ContactKind.MET.value, "by": imported.caseworker,
                              "note": imported.note, "no": 1}
    return records


def _event(row: dict[str, Any], records: dict[str, dict[str, Any]],
           imported: ImportedPerson) -> dict[str, Any]:
    """One event per person created: the person as `person add` logs one, and the records
    made for them, flat so the log view shows each field in words."""
    stay = records["stay"]
    content = {**without_keys(row), "code": stay["code"], "start": stay["start"]}
    if stay["release"]:
        content.update(release=stay["release"], noted=stay["noted"])
    if "application" in records:
        content["received"] = records["application"]["received"]
    if "application_decision" in records:
        content.update(decision=records["application_decision"]["decision"],
                       decided=records["application_decision"]["date"])
    if "contact" in records:
        content.update(last_contact=records["contact"]["date"], note=records["contact"]["note"])
    content["sheet_rows"] = ", ".join(map(str, imported.rows))
    return {key: value for key, value in content.items() if value is not None}


def _other_name(reg: Register, known: tuple, candidate: Person) -> str | None:
    """The registered name when the number matched but the names are not alike: most likely a
    number typed wrong in the sheet, for the coordinator to check (nothing is added)."""
    if known[1] != "fnr" or not candidate.name:
        return None
    found = reg.conn.execute("SELECT name, alias FROM person WHERE id = ?", (known[0],)).fetchone()
    name = found[0] or found[1] if found else None
    return None if not name or similar_names(name, candidate.name) else name


def _registered_as(reg: Register, person: Person,
                   pointers: dict[str, str | None]) -> tuple[str, str] | None:
    """The register's record of this person and why (the surest reason), or None."""
    if person.fnr:
        found = reg.conn.execute("SELECT id FROM person WHERE fnr = ?", (person.fnr,)).fetchone()
        if found:
            live = pointers.get(found[0], found[0])
            if live is not None:
                return live, "fnr"
    found_likely = duplicate_candidates(reg, person)
    return (found_likely[0][0].id, found_likely[0][1]) if found_likely else None


class _Earlier:
    """The persons this import has added so far, looked up as the register's indexes would
    find them (fødselsnummer, name and alias keys, birth date), for the one rule to decide."""

    def __init__(self) -> None:
        self.index: dict[tuple[str, object], list[Person]] = defaultdict(list)
        self.rows: dict[str, int] = {}

    def _keys(self, person: Person) -> Iterable[tuple[str, object]]:
        for key in (("fnr", person.fnr), ("name", name_key(person.name)),
                    ("alias", name_key(person.alias)), ("born", person.born)):
            if key[1]:
                yield key

    def add(self, person: Person, row: int) -> None:
        for key in self._keys(person):
            self.index[key].append(person)
        self.rows[person.id] = row

    def match(self, person: Person) -> tuple[str, str, int] | None:
        candidates = {p.id: p for key in self._keys(person) for p in self.index.get(key, ())}
        found = likely_duplicates(person, candidates.values())
        if not found:
            return None
        other, reason = found[0]
        return other.id, reason, self.rows[other.id]


def _states(reg: Register, ids: list[str], result: ImportResult) -> None:
    """Where the new persons stand on the day of the import (read back through the loaders,
    inside the transaction): on the homeless list, or inactive on arrival."""
    inactive_after = reg.settings.inactive_after_days
    for history in reg.histories(ids, steps=False) if ids else ():
        state = state_on(history, reg.today, inactive_after)
        if state == "inactive":
            result.inactive.append(history.person.id)
        elif state == "homeless":
            result.homeless.append(history.person.id)
