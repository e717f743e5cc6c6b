"""Use cases of a person: register, change, read (logged), find, and record an exit."""

from datetime import date
from typing import Any

from boligreg.domain.codes import ExitReason, Gender, Need, NeedValue, Situation
from boligreg.domain.dates import show_date
from boligreg.domain.fnr import validate_fnr
from boligreg.domain.models import History, Person, as_json, validate
from boligreg.domain.timeline import episode_on, episodes
from boligreg.errors import InvalidInput
from boligreg.store.guards import check_alive, not_future
from boligreg.store.register import Register
from boligreg.store.stays import stay_row


def needs_from(codes: list[Need] | None) -> dict[str, Any]:
    """--needs rus,psykisk: those yes, the others no; without the option all stay unknown."""
    if codes is None:
        return {}
    return {
        f"need_{need.value}": (NeedValue.YES if need in codes else NeedValue.NO).value
        for need in Need
    }

def person_fields(
    reg: Register,
    *,
    fnr: str | None = None,
    born: date | None = None,
    **fields: Any,
) -> dict:
    """Validate and convert person fields for storage (fnr checked; born from fnr if not given)."""
    row: dict[str, Any] = {k: v for k, v in fields.items() if v is not None}
    if fnr is not None:
        if fnr == "":
            row["fnr"] = None
        else:
            from boligreg.domain.fnr import birth_date

            number = validate_fnr(fnr, allow_synthetic=reg.settings.demo, today=reg.today)
            row["fnr"] = number
            born = born or birth_date(number)
    if born is not None:
        if born > reg.today:
            raise InvalidInput("err_future_date", value=show_date(born))
        row["born"] = born.isoformat()
        row["birth_year"] = born.year
    for key in ("consent",):
        if isinstance(row.get(key), date):
            not_future(reg, row[key])
            row[key] = row[key].isoformat()
    for key in ("gender",):
        if isinstance(row.get(key), Gender):
            row[key] = row[key].value
    if "wants_housing" in row:
        row["wants_housing"] = int(bool(row["wants_housing"]))
    if "children" in row and int(row["children"]) < 0:
        raise InvalidInput("err_negative", value=row["children"])
    for key in ("name", "alias"):
        if key in row and isinstance(row[key], str):
            row[key] = " ".join(row[key].split()) or None
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
    place: str | None = None,
    release: date | None = None,
    **fields: Any,
) -> str:
    """Register a person with where they stay now; returns the new id (P0001)."""
    if not (name and name.strip()) and not (alias and alias.strip()):
        raise InvalidInput("err_name_needed")
    row = person_fields(reg, name=name, alias=alias, **fields)
    row["registered"] = (registered or reg.today).isoformat()
    with reg.write("person add"):
        check_fnr_free(reg, row.get("fnr"))
        person_id = reg.next_id("person", "P")
        row["id"] = person_id
        person = validate(Person, row)
        stay = stay_row(reg, History(person=person), situation, since, place=place, release=release)
        reg.table("person").insert(row)
        reg.table("stay").insert(stay)
        reg.log("create", f"person:{person_id}", person_id, new=row)
        reg.log("create", "stay", person_id, new=stay)
    return person_id

def update_person(reg: Register, person_id: str, **fields: Any) -> dict:
    """Change any field; the event log keeps the old value."""
    changes = person_fields(reg, **fields)
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
        check_fnr_free(reg, changes.get("fnr"), person.id)
        reg.table("person").update(person.id, changes)
        reg.log("update", f"person:{person.id}", person.id, old=old, new=changes)
    return changes

def read_person(reg: Register, person_id: str, sensitive: bool = False) -> History:
    """Load a person's card and log the read (sensitive when health/prison details are shown)."""
    with reg.write("person show"):
        history = reg.history(person_id)
        reg.log("read-sensitive" if sensitive else "read", f"person:{history.person.id}",
                history.person.id)
    return history

def exit_person(reg: Register, person_id: str, reason: ExitReason, day: date) -> None:
    not_future(reg, day)
    with reg.write("person exit"):
        history = reg.history(person_id)
        check_alive(history, day)
        if day < history.person.registered and day < history.stays[0].start:
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
    """By id, name, alias (case-insensitive parts) or fødselsnummer (with or without space)."""
    needle = text.strip()
    digits = needle.replace(" ", "")
    if not needle:
        raise InvalidInput("err_empty_text")
    like = f"%{needle}%"
    return reg.load(
        Person, "person",
        "WHERE id = ? COLLATE NOCASE OR name LIKE ? OR alias LIKE ? "
        "OR fnr = ? OR (length(?) = 6 AND substr(fnr, 1, 6) = ?)",
        (needle, like, like, digits, digits, digits), order="id",
    )
