"""Use case: undo the acting user's latest change (`boligreg undo`), for the common slip of a
record typed for the wrong person or with the wrong value.

Every committed write is one row in `change` (Register.write), naming its events. Undoing it
reverses those events from the last to the first, from the old and new values the log holds:
a row created is deleted, a row changed gets its old values back, a row deleted comes back. It
is itself a change, logged under the command "undo", and marks the change it reversed, so a
second `undo` goes one change further back. A change that others have built on since (a value
changed again, a record added to a person the change created) is refused, naming the record,
and so are the changes that undo cannot take back: merges, deletions of a person, meetings
opened or closed, purges, settings, backups."""

import json
from dataclasses import dataclass
from typing import Any

from boligreg.domain.duplicates import name_key
from boligreg.errors import InvalidInput
from boligreg.store.register import NOT_CHANGES, Register

UNDOABLE = frozenset({
    "person add", "person update", "person exit", "stay add", "stay release", "stay undo",
    "stay edit", "stay delete", "plan set", "plan step", "plan done", "plan undone",
    "plan step edit", "plan step delete", "application add", "application decide",
    "application edit", "contact", "contact edit", "contact delete", "meeting action",
    "meeting action edit", "meeting action delete",
    # the housing side: each adds or changes rows whose events hold all of it
    "dwelling add", "dwelling update", "dwelling vacant", "dwelling let", "dwelling offer",
    "offer accept", "offer decline", "rental add", "rental update", "housing-first invite",
    "housing-first accept", "housing-first decline", "housing-first end"})
"""The commands whose changes `undo` takes back (their events say all that was changed)."""

TABLES = {"person": ("person", "id"), "stay": ("stay", "id"), "exit": ("person_exit", "id"),
          "contact": ("contact", "id"), "step": ("step", "id"), "plan": ("plan", "person_id"),
          "application": ("application", "id"), "decision": ("application_decision", "id"),
          "dwelling": ("dwelling", "id"), "dwelling_mark": ("dwelling_mark", "id"),
          "offer": ("offer", "id"), "rental": ("rental", "id"),
          "housing_first": ("housing_first", "id")}
"""A logged record's kind (`stay:12`) → its table and key column."""

TEXT_KEYS = frozenset({"person", "plan", "application", "dwelling", "offer", "rental"})
"""The kinds whose key is a text (P0042, D0001), not a row number."""

WHOLE_ROWS = frozenset({"dwelling", "dwelling_mark", "offer", "rental", "housing_first"})
"""The housing side's records log the whole row when created: a column not in the logged row
was empty, so a row whose later column is filled (an offer answered, an invitation answered)
has been built on since and is not removed."""


@dataclass
class Change:
    """One committed write: who, which command, when, and its events (oldest first)."""

    id: int
    user: str
    command: str
    at: str
    events: list[dict[str, Any]]

    @property
    def undoable(self) -> bool:
        return self.command in UNDOABLE


def latest_change(reg: Register, user: str) -> Change | None:
    """The user's latest change not yet undone (an undo itself is never offered)."""
    rows = reg.rows(
        "SELECT * FROM change AS c WHERE user = ? AND undoes IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM change AS u WHERE u.undoes = c.id) ORDER BY id DESC LIMIT 1", (user,))
    if not rows:
        return None
    row = rows[0]
    events = [e for e in reg.rows("SELECT * FROM event WHERE id BETWEEN ? AND ? ORDER BY id",
                                  (row["first_event"], row["last_event"]))
              if e["action"] not in NOT_CHANGES]
    return Change(row["id"], row["user"], row["command"], events[0]["at"] if events else "", events)


def undo_change(reg: Register, change_id: int) -> Change:
    """Reverse the change with this id, which must still be the acting user's latest."""
    from boligreg.store.stays import check_order

    with reg.write("undo"):
        change = latest_change(reg, reg.user)
        if change is None or change.id != change_id:
            raise InvalidInput("err_undo_moved")
        if not change.undoable:
            raise InvalidInput("err_undo_unsupported", command=change.command)
        touched: set[str] = set()
        homes: set[str] = set()
        reversed_any = False
        for event in reversed(change.events):
            homes |= _dwellings_of(reg, event)
            if _reverse(reg, event, change):
                reversed_any = True
                if event["person_id"]:
                    touched.add(event["person_id"])
        if not reversed_any and change.events:  # all of it changed back or removed since
            raise InvalidInput("err_undo_changed", record=change.events[-1]["record"])
        for person_id in sorted(touched):
            person = reg.person(person_id, pointer_ok=True)
            if person.merged_into or person.deleted:
                continue
            history = reg.history(person_id)
            check_order(person_id, list(history.stays))
            homes |= {s.dwelling_id for s in history.stays if s.dwelling_id}
        _check_dwellings(reg, homes)
        reg.mark_undo(change.id)
    return change


def _content(event: dict, column: str) -> Any:
    if event[f"{column}_digest"]:  # purged since: the values are gone from the log
        raise InvalidInput("err_undo_redacted", record=event["record"])
    return json.loads(event[column]) if event[column] else None


def _same(a: Any, b: Any) -> bool:
    """A logged value against a stored one (the log writes True, the table keeps 1)."""
    return (int(a) if isinstance(a, bool) else a) == (int(b) if isinstance(b, bool) else b)


def _reverse(reg: Register, event: dict, change: Change) -> bool:
    """Reverse one event; False when there was nothing left to reverse."""
    kind, _, key = event["record"].partition(":")
    if kind not in TABLES or not key:
        raise InvalidInput("err_undo_unsupported", command=change.command)
    table, column = TABLES[kind]
    pk: str | int = key if kind in TEXT_KEYS else int(key)
    old, new = _content(event, "old"), _content(event, "new")
    if isinstance(new, dict) and kind != "offer":  # an offer's reason is its decline's, a column
        new.pop("reason", None)  # a correction's reason, logged beside the values
    current = reg.rows(f"SELECT * FROM {table} WHERE {column} = ?", (pk,))
    person_id = event["person_id"]
    mark = {"undo": change.id}
    if event["action"] == "create":
        if kind == "stay" and change.command == "offer accept":
            _check_offer_stay(reg, current[0] if current else None, new)
        if not current:
            return False  # gone already (deleted by a later correction)
        if isinstance(new, dict) and not all(_same(current[0].get(k), v) for k, v in new.items()
                                             if k in current[0]):
            raise InvalidInput("err_undo_changed", record=event["record"])
        if kind in WHOLE_ROWS and isinstance(new, dict) and not all(
                _same(v, new.get(k)) for k, v in current[0].items() if k != column and k not in new
                and not (kind == "dwelling_mark" and k == "id")):
            raise InvalidInput("err_undo_changed", record=event["record"])
        if kind == "person":
            _unregister(reg, key, change)
            return True
        if kind == "dwelling":
            _check_unused(reg, key, event["record"])
        _check_step(reg, current[0])
        if kind == "application" and reg.rows(
                "SELECT 1 FROM application_decision WHERE application_id = ?", (key,)):
            raise InvalidInput("err_undo_changed", record=event["record"])
        reg.conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (pk,))
        reg.log("delete", event["record"], person_id, old=current[0], new=mark)
        return True
    if event["action"] == "update":
        if not current or not isinstance(old, dict) or not isinstance(new, dict):
            raise InvalidInput("err_undo_changed", record=event["record"])
        row = current[0]
        if not set(new) <= set(row):
            raise InvalidInput("err_undo_unsupported", command=change.command)
        if all(_same(row[k], old.get(k)) for k in new):
            return False  # already as it was
        if not all(_same(row[k], v) for k, v in new.items()):
            raise InvalidInput("err_undo_changed", record=event["record"])
        back = {k: old.get(k) for k in new}
        if kind == "person":
            if back.get("fnr"):
                from boligreg.store.persons import check_fnr_free

                check_fnr_free(reg, back["fnr"], key)
            for name in ("name", "alias"):
                if name in back:
                    back[f"{name}_key"] = name_key(back[name])
        _check_step(reg, row)
        reg.table(table).update(pk, back)
        reg.log("update", event["record"], person_id, old={k: row[k] for k in new},
                new=dict(back, **mark))
        return True
    if event["action"] == "delete":
        if current or not isinstance(old, dict):
            raise InvalidInput("err_undo_changed", record=event["record"])
        if kind == "step" and reg.rows("SELECT 1 FROM step WHERE person_id = ? AND no = ?",
                                       (old["person_id"], old["no"])):
            raise InvalidInput("err_undo_changed", record=event["record"])
        reg.person(old["person_id"])  # merged or deleted since: refused
        reg.table(table).insert({k: int(v) if isinstance(v, bool) else v for k, v in old.items()})
        reg.log("create", event["record"], person_id, new=dict(old, **mark))
    else:
        raise InvalidInput("err_undo_unsupported", command=change.command)
    return True


def _dwellings_of(reg: Register, event: dict) -> set[str]:
    """The dwellings an event's record concerns (checked again once the undo is done)."""
    kind, _, key = event["record"].partition(":")
    found: set[str] = set()
    if kind == "dwelling":
        return found  # its own rows go with it, or only its fields change
    for column in ("old", "new"):
        value = json.loads(event[column]) if event[column] and not event[f"{column}_digest"] else None
        if isinstance(value, dict) and value.get("dwelling_id"):
            found.add(value["dwelling_id"])
    if kind in ("dwelling_mark", "offer", "stay") and key:
        table, column = TABLES[kind]
        for row in reg.rows(f"SELECT dwelling_id FROM {table} WHERE {column} = ?",
                            (key if kind in TEXT_KEYS else int(key),)):
            if row["dwelling_id"]:
                found.add(row["dwelling_id"])
    return found


def _check_dwellings(reg: Register, ids: set[str]) -> None:
    """After an undo: each dwelling still has one occupancy, its tenancies are of its kind, and
    an open offer is of a dwelling that stands vacant (as `dwelling offer` requires)."""
    from boligreg.store import dwellings

    ids = {i for i in ids if reg.rows("SELECT 1 FROM dwelling WHERE id = ?", (i,))}
    if not ids:
        return
    dwellings.check_occupancy(reg, ids)
    for dwelling_id, (dwelling, lets, _, periods) in dwellings.occupancies(reg, sorted(ids)).items():
        for tenancy in lets:
            stay = reg.rows("SELECT code FROM stay WHERE id = ?", (tenancy.stay_id,))[0]
            if stay["code"] != dwelling.kind.value:
                raise InvalidInput("err_undo_changed", record=f"dwelling:{dwelling_id}")
        pending = [o for o in dwellings.offers(reg, dwelling_ids=[dwelling_id]) if o.outcome is None]
        if pending and (len(pending) > 1 or dwellings.free_from(periods) is None):
            raise InvalidInput("err_undo_offered", id=dwelling_id, offer=pending[-1].id,
                               person=pending[-1].person_id)
        for offer in pending:
            theirs = [o for o in dwellings.offers(reg, person_ids=[offer.person_id])
                      if o.outcome is None and o.id != offer.id]
            if theirs:
                raise InvalidInput("err_person_offered", id=offer.person_id, offer=theirs[0].id,
                                   dwelling=theirs[0].dwelling_id)


def _check_unused(reg: Register, dwelling_id: str, record: str) -> None:
    """Undo `dwelling add`: only a dwelling nothing names since (a stay, an offer, a mark)."""
    for table in ("stay", "offer", "dwelling_mark"):
        if reg.rows(f"SELECT 1 FROM {table} WHERE dwelling_id = ? LIMIT 1", (dwelling_id,)):
            raise InvalidInput("err_undo_changed", record=record)


def _check_offer_stay(reg: Register, stay: dict | None, logged: Any) -> None:
    """Undo `offer accept`: its stay goes only while it is as the acceptance made it and still
    the tenant's latest; else (changed, deleted, or a move since) the stay is corrected with
    `stay edit` or `stay delete`, which opens the offer again."""
    assert isinstance(logged, dict)
    person_id = logged["person_id"]
    no = stay["no"] if stay else logged.get("no", "?")
    if stay is None:
        raise InvalidInput("err_undo_offer_stay", id=person_id, no=no)
    later = reg.rows("SELECT 1 FROM stay WHERE person_id = ? AND id > ? LIMIT 1",
                     (person_id, stay["id"]))
    if later or not all(_same(stay.get(k), v) for k, v in logged.items() if k in stay):
        raise InvalidInput("err_undo_offer_stay", id=person_id, no=no)


def _check_step(reg: Register, row: dict) -> None:
    """A closed meeting's action is in its minutes: undo leaves it."""
    if row.get("meeting_id"):
        meeting = reg.rows("SELECT closed FROM meeting WHERE id = ?", (row["meeting_id"],))
        if meeting and meeting[0]["closed"]:
            raise InvalidInput("err_undo_changed", record=f"step:{row['id']}")


def _unregister(reg: Register, person_id: str, change: Change) -> None:
    """Undo `person add`: the person goes as a person registered by mistake does, if nothing
    was recorded for them since (their first stay is already reversed)."""
    from boligreg.store.retention import remove_person

    for table in ("stay", "contact", "step", "application", "person_exit", "plan", "meeting_person"):
        if reg.rows(f"SELECT 1 FROM {table} WHERE person_id = ? LIMIT 1", (person_id,)):
            raise InvalidInput("err_undo_person_used", id=person_id)
    remove_person(reg, person_id)
    reg.log("delete", f"person:{person_id}", person_id, new={"undo": change.id})
