"""The same person twice in a sheet: one person, reported with every row it came from.

Two rows are one person when they carry the same fødselsnummer, or the same name (folded:
case, spaces, punctuation, æ/ae ø/oe å/aa) and the same birth date — unless both carry a
fødselsnummer and the numbers differ (then they are two people who share a name and a day).

Which row wins: the one with the latest information, that is the latest last contact, then
the latest «homeless since»; on a tie the first row. Its situation, dates and application are
taken as they stand (they belong together: a release date goes with its INST stay), and only
its blank person details (alias, fødselsnummer, birth date, gender, caseworker, phone, note,
wants housing, and the name when it has an alias alone) are filled from the other rows, in
sheet order. When it has no application at all, the latest other row's application comes whole
(application date, decision and decision date together): an older row's granted application
would otherwise vanish from the waiting list. Every field the rows disagree on is listed in
the Duplicate.
"""

from dataclasses import fields, replace
from datetime import date
from typing import Any

from boligreg.importing.model import Duplicate, ImportedPerson
from boligreg.importing.vocabulary import fold

FILLED_FROM_OTHERS = ("name", "alias", "fnr", "born", "gender", "caseworker", "phone", "note",
                      "wants_housing")
_COMPARED = tuple(f.name for f in fields(ImportedPerson) if f.name != "rows")


def merge_duplicates(persons: list[ImportedPerson]) -> tuple[list[ImportedPerson],
                                                              list[Duplicate]]:
    """The persons with each duplicate group merged into one, and the groups found."""
    groups: list[list[ImportedPerson]] = []
    by_fnr: dict[str, int] = {}
    by_name: dict[tuple[str, date], int] = {}
    for person in persons:
        group = _group_of(person, groups, by_fnr, by_name)
        if group is None:
            group = len(groups)
            groups.append([])
        groups[group].append(person)
        if person.fnr:
            by_fnr.setdefault(person.fnr, group)
        if person.name and person.born:
            by_name.setdefault((fold(person.name), person.born), group)
    merged: list[ImportedPerson] = []
    duplicates: list[Duplicate] = []
    for group_persons in groups:
        if len(group_persons) == 1:
            merged.append(group_persons[0])
            continue
        person, duplicate = _merge(group_persons)
        merged.append(person)
        duplicates.append(duplicate)
    return merged, duplicates


def _group_of(person: ImportedPerson, groups: list[list[ImportedPerson]],
              by_fnr: dict[str, int], by_name: dict[tuple[str, date], int]) -> int | None:
    if person.fnr and person.fnr in by_fnr:
        return by_fnr[person.fnr]
    if person.name and person.born:
        group = by_name.get((fold(person.name), person.born))
        if group is not None and not _other_numbers(person, groups[group]):
            return group
    return None


def _other_numbers(person: ImportedPerson, group: list[ImportedPerson]) -> bool:
    """Both carry a fødselsnummer and they differ: two people, not one."""
    return bool(person.fnr) and any(other.fnr and other.fnr != person.fnr for other in group)


def _merge(group: list[ImportedPerson]) -> tuple[ImportedPerson, Duplicate]:
    kept = max(group, key=_recency)  # max() keeps the first of equals
    filled: dict[str, Any] = {}
    for name in FILLED_FROM_OTHERS:
        if getattr(kept, name) is None:
            filled[name] = next((getattr(p, name) for p in group if getattr(p, name) is not None),
                                None)
    if kept.applied is None:
        applied = [p for p in group if p.applied is not None]
        if applied:
            latest = max(applied, key=_recency)
            filled.update(applied=latest.applied, decision=latest.decision,
                          decided=latest.decided)
    rows = tuple(row for person in group for row in person.rows)
    differing = tuple(name for name in _COMPARED
                      if len({getattr(p, name) for p in group}) > 1)
    person = replace(kept, rows=rows, **filled)
    return person, Duplicate(rows=rows, kept=kept.rows[0], differing=differing)


def _recency(person: ImportedPerson) -> tuple[date, date]:
    return (person.last_contact or date.min, person.since)
