"""Use cases of a person: register, change, read (logged), find, record an exit, find likely
duplicates, and delete a person registered by mistake."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from boligreg.domain.codes import ExitReason, Gender, Income, Need, NeedValue, Situation
from boligreg.domain.dates import show_date
from boligreg.domain.duplicates import duplicate_pairs, likely_duplicates, name_key
from boligreg.domain.fnr import validate_fnr
from boligreg.domain.models import History, Person, as_json, validate
from boligreg.domain.text import typed_text
from boligreg.domain.timeline import episode_on, episodes
from boligreg.errors import InvalidInput, LikelyDuplicate
from boligreg.settings import TEXT_LIMIT
from boligreg.store.guards import check_alive, not_future, reason_text
from boligreg.store.register import LIVE, Register
from boligreg.store.stays import stay_row


def needs_from(codes: list[Need] | None) -> dict[str, Any]:
    """--needs rus,psykisk: those yes, the others no; without the option all stay unknown."""
    if codes is None:
        return {}
    return {
        f"need_{need.value}": (NeedValue.YES if need in codes else NeedValue.NO).value
        for need in Need
    }

SURVEY_FIELDS = ("born_abroad", "children_living_with", "income", "evicted")
"""The national survey's person fields: each may be unknown (NULL), and set back to unknown."""


def person_fields(
    reg: Register,
    *,
    fnr: str | None = None,
    born: date | None = None,
    unknown: list[str] | None = None,
    **fields: Any,
) -> dict:
    """Validate and convert person fields for storage (fnr checked; born from fnr if not given).
    `unknown` names survey fields to set back to unknown."""
    row: dict[str, Any] = {k: v for k, v in fields.items() if v is not None}
    for key in ("name", "alias", "caseworker", "phone"):
        if isinstance(row.get(key), str):
            typed_text(row[key], f"col_{key}", TEXT_LIMIT)
    for key in unknown or ():
        assert key in SURVEY_FIELDS, key  # the CLI offers only these
        if key in row:
            raise InvalidInput("err_unknown_and_given", field=key.replace("_", "-"))
        row[key] = None
    if fnr is not None:
        if fnr == "":
            row["fnr"] = None
        else:
            from boligreg.domain.fnr import birth_date

            number = validate_fnr(fnr, allow_synthetic=reg.training, today=reg.today)
            row["fnr"] = number
            born = born or birth_date(number)
    if born is not None:
        if born > reg.today:
            raise InvalidInput("err_future_date", value=show_date(born))
        row["born"] = born.isoformat()
        row["birth_year"] = born.year
    for key in ("consent", "known_since", "evicted"):
        if isinstance(row.get(key), date):
            not_future(reg, row[key])
            row[key] = row[key].isoformat()
    for key in ("gender",):
        if isinstance(row.get(key), Gender):
            row[key] = row[key].value
    if isinstance(row.get("income"), Income):
        row["income"] = row["income"].value
    for key in ("wants_housing", "born_abroad", "children_living_with"):
        if row.get(key) is not None:
            row[key] = int(bool(row[key]))
    if "children" in row and int(row["children"]) < 0:
        raise InvalidInput("err_negative", value=row["children"])
    for key in ("name", "alias"):
        if key in row and isinstance(row[key], str):
            row[key] = " ".join(row[key].split()) or None
            row[f"{key}_key"] = name_key(row[key])  # what the duplicate warning looks up
    return row

def check_fnr_free(reg: Register, number: str | None, person_id: str | None = None) -> None:
    if not number:
        return
    found = reg.conn.execute("SELECT id FROM person WHERE fnr = ?", (number,)).fetchone()
    if found and found[0] != person_id:
        raise InvalidInput("err_fnr_taken", id=found[0])

def add_person(
    reg: Register,
    *,
    situation: Situation,
    since: date,
    name: str | None = None,
    alias: str | None = None,
    registered: date | None = None,
    known_since: date | None = None,
    place: str | None = None,
    release: date | None = None,
    new_person: bool = True,
    **fields: Any,
) -> str:
    """Register a person with where they stay now; returns the new id (P0001). Known since
    defaults to the registration (registering a person is a contact). A fødselsnummer already
    registered is refused; with new_person=False a likely duplicate is refused too
    (LikelyDuplicate lists them), which is what `person add` without --new-person asks for."""
    if not (name and name.strip()) and not (alias and alias.strip()):
        raise InvalidInput("err_name_needed")
    if since > reg.today:  # where the person is now, since when: not a plan (a stay may be one)
        raise InvalidInput("err_since_future", value=show_date(since))
    if registered is not None:
        not_future(reg, registered)
    row = person_fields(reg, name=name, alias=alias, known_since=known_since, **fields)
    row["registered"] = (registered or reg.today).isoformat()
    row.setdefault("known_since", row["registered"])
    with reg.write("person add"):
        check_fnr_free(reg, row.get("fnr"))
        person_id = reg.next_id("person", "P")
        row["id"] = person_id
        person = validate(Person, {k: v for k, v in row.items() if not k.endswith("_key")})
        if not new_person:
            found = duplicate_candidates(reg, person)
            if found:
                raise LikelyDuplicate(found=tuple(found))
        stay = stay_row(reg, History(person=person), situation, since, place=place, release=release)
        reg.table("person").insert(row)
        stay_id = reg.insert("stay", stay)
        reg.log("create", f"person:{person_id}", person_id, new=without_keys(row))
        reg.log("create", f"stay:{stay_id}", person_id, new=stay)
    return person_id


def without_keys(row: dict) -> dict:
    """A person row as the log keeps it: the folded keys are derived, not typed."""
    return {k: v for k, v in row.items() if not k.endswith("_key")}


def duplicate_candidates(reg: Register, person: Person) -> list[tuple[Person, str]]:
    """The records that are likely this person (domain.duplicates, the one rule), found through
    the indexed folded name, alias, birth date and number, so a large register reads few rows."""
    candidates = reg.load(
        Person, "person",
        f"WHERE {LIVE} AND (name_key = ? OR alias_key = ? OR born = ? OR fnr = ?)",
        (name_key(person.name), name_key(person.alias), person.born.isoformat() if person.born else None,
         person.fnr), order="id")
    return likely_duplicates(person, candidates)


def all_duplicates(reg: Register) -> list[tuple[Person, Person, str]]:
    """`person duplicates`: every likely pair in the register."""
    return duplicate_pairs(reg.load(Person, "person", f"WHERE {LIVE}", order="id"))

def update_person(reg: Register, person_id: str, **fields: Any) -> dict:
    """Change any field; the event log keeps the old value."""
    stored = person_fields(reg, **fields)
    changes = without_keys(stored)
    if not changes:
        raise InvalidInput("err_nothing_to_update")
    with reg.write("person update"):
        person = reg.person(person_id)
        old_row = as_json(person)
        changes = {k: v for k, v in changes.items() if old_row.get(k) != v}  # what really changes
        if not changes:
            return {}
        old = {k: old_row.get(k) for k in changes}
        if "name" in changes and not changes["name"] and not person.alias:
            raise InvalidInput("err_name_needed")
        if "alias" in changes and not changes["alias"] and not (changes.get("name") or person.name):
            raise InvalidInput("err_name_needed")
        check_fnr_free(reg, changes.get("fnr"), person.id)
        reg.table("person").update(person.id, stored)
        reg.log("update", f"person:{person.id}", person.id, old=old, new=changes)
    return changes

def read_person(reg: Register, person_id: str, sensitive: bool = False,
                file: str | None = None) -> tuple[History, Person | None]:
    """Load a person's card and log the read (sensitive when health/prison details are shown;
    `file`: the printout it goes to, so the log names every file of personal data). A merged
    id resolves to the record it was merged into, returned with the pointer, so an id in old
    minutes still leads to the person."""
    with reg.write("person show"):
        pointer = reg.person(person_id, pointer_ok=True)
        if pointer.deleted:
            reg.person(pointer.id)  # refused: deleted
        into = reg.pointers().get(pointer.id) if pointer.merged_into else pointer.id
        # no one to lead to (merged into a person deleted since): the pointer itself, refused
        history = reg.history(into or pointer.id)
        reg.log("read-sensitive" if sensitive else "read", f"person:{history.person.id}",
                history.person.id, new={"file": file} if file else None)
    return history, pointer if pointer.merged_into else None

def merged_from(reg: Register, person_id: str) -> list[tuple[str, date | None]]:
    """The records merged into this person's, directly or through another merged record, in id
    order, each with the day of its merge (from its merge event: the register's day it was
    merged on, or the day of the event's time for a merge logged before the day was kept)."""
    import json
    from datetime import datetime

    result: list[tuple[str, date | None]] = []
    for pid in sorted(reg.merged_ids(person_id) - {person_id}):
        row = reg.conn.execute("SELECT at, new FROM event WHERE action = 'merge' AND record = ? "
                               "ORDER BY id DESC LIMIT 1", (f"person:{pid}",)).fetchone()
        day: date | None = None
        if row is not None:
            new = json.loads(row[1]) if row[1] else None
            on = new.get("merged_on") if isinstance(new, dict) else None
            day = date.fromisoformat(on) if on else datetime.fromisoformat(row[0]).astimezone().date()
        result.append((pid, day))
    return result


def exit_person(reg: Register, person_id: str, reason: ExitReason, day: date) -> None:
    not_future(reg, day)
    with reg.write("person exit"):
        history = reg.history(person_id)
        check_alive(history, day)
        if day < history.person.known_from and day < history.stays[0].start:
            raise InvalidInput("err_before_registered", value=show_date(day))
        on_list = episode_on(episodes(history, reg.settings.inactive_after_days), day) is not None
        if reason == ExitReason.INACTIVE and not on_list:
            raise InvalidInput("err_not_on_list", id=history.person.id)
        if any(e.date == day for e in history.exits):
            raise InvalidInput("err_exit_exists", value=show_date(day))
        row = {"person_id": history.person.id, "reason": reason.value, "date": day.isoformat()}
        exit_id = reg.insert("person_exit", row)
        reg.log("create", f"exit:{exit_id}", history.person.id, new=row)

def find_persons(reg: Register, text: str) -> list[Person]:
    """By id, name or alias (every word typed, in any order, as part of a word, with the letters
    folded as the duplicate check folds them: «kaare» finds Kåre) or fødselsnummer (with or
    without space, or its six first digits). A merged record's pointer is found by its id and
    the name it was registered under (the caller shows the person it now is); a deleted one
    is not."""
    needle = typed_text(text, "field_search", TEXT_LIMIT).strip()
    digits = needle.replace(" ", "")
    if not needle:
        raise InvalidInput("err_empty_text")
    words = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
             for w in (name_key(needle) or "").split()]  # the words as the keys hold them
    each = " AND ".join(["{key} LIKE ? ESCAPE '\\'"] * len(words)) or "0"
    named = f"({each.format(key='name_key')}) OR ({each.format(key='alias_key')})"
    likes = [f"%{w}%" for w in words]
    return reg.load(  # the name as stored too, for a row whose key is not (edited by hand)
        Person, "person",
        f"WHERE deleted IS NULL AND (id = ? COLLATE NOCASE OR {named} OR name LIKE ? OR alias LIKE ? "
        "OR fnr = ? OR (length(?) = 6 AND substr(fnr, 1, 6) = ?))",
        (needle, *likes, *likes, f"%{needle}%", f"%{needle}%", digits, digits, digits), order="id",
    )


@dataclass
class Deletion:
    """What deleting a person takes with it, for the question `person delete` asks: their
    records, the contacts others recorded (by whom), the first meeting that listed them, and
    the moves into housing a report may already have counted (it counts other figures after)."""

    history: History
    contacts_by_others: dict[str, int]
    listed: date | None
    housed: list[tuple[date, str]]


def deletion(reg: Register, person_id: str, force: bool = False) -> Deletion:
    """What `person delete` would take, or its refusal: a person a meeting has listed (or
    recorded an action for) is deleted only with force, a coordinator's decision."""
    person = reg.person(person_id)
    listed = reg.conn.execute(
        "SELECT min(meeting.date) FROM meeting JOIN meeting_person ON meeting.id = meeting_id "
        "WHERE person_id = ?", (person.id,)).fetchone()[0]
    acted = reg.conn.execute(
        "SELECT min(meeting.date) FROM meeting JOIN step ON meeting.id = meeting_id "
        "WHERE person_id = ?", (person.id,)).fetchone()[0]
    first = min((d for d in (listed, acted) if d), default=None)
    if first and not force:
        raise InvalidInput("err_delete_listed", id=person.id, date=show_date(date.fromisoformat(first)))
    history = reg.history(person.id)
    others: dict[str, int] = {}
    for contact in history.contacts:
        if contact.by and contact.by != reg.user:
            others[contact.by] = others.get(contact.by, 0) + 1
    housed = [(ep.end, ep.placement.code.value)
              for ep in episodes(history, reg.settings.inactive_after_days)
              if ep.placement is not None and ep.end is not None and ep.end <= reg.today]
    return Deletion(history, others, date.fromisoformat(first) if first else None, housed)


def delete_person(reg: Register, person_id: str, reason: str, force: bool = False) -> Person:
    """Delete a person registered by mistake: every record of theirs goes, their personal data
    goes as purge removes it (the log keeps digests), and the id stays taken. A person a
    meeting has listed is deleted only with force (a coordinator's decision)."""
    from boligreg.store.retention import remove_person

    why = reason_text(reason)
    reg.conn.execute("PRAGMA secure_delete = ON")  # freed bytes are zeroed
    with reg.write("person delete"):
        person = deletion(reg, person_id, force).history.person
        removed = remove_person(reg, person.id)
        reg.log("delete", f"person:{person.id}", person.id,
                new={"deleted": reg.today.isoformat(), "reason": why, "records": removed,
                     "force": force})
    from boligreg.store.retention import vacuum_after

    vacuum_after(reg, "err_delete_not_vacuumed", "person delete", id=person.id)  # no old page survives
    return person
def ids_starting(reg: Register, prefix: str, limit: int = 50) -> list[tuple[str, str]]:
    """Person ids beginning with `prefix` (any case), each with the name or «alias»: what the
    shell's Tab completion offers. Not logged: it shows no more than `person list` does."""
    rows = reg.conn.execute(
        "SELECT id, name, alias FROM person WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?",
        (prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", limit))
    return [(pid, name or (f"«{alias}»" if alias else "")) for pid, name, alias in rows]
