"""Use cases of contacts: record one (met, phoned, or tried without reply), correct or delete
one typed in error. A contact's number on the card is its own, given when it is recorded and
never given to another (the card lists contacts by date)."""

from datetime import date

from boligreg.domain.codes import ContactKind
from boligreg.domain.models import Contact, History, as_json
from boligreg.domain.text import typed_text
from boligreg.errors import InvalidInput, NotFound
from boligreg.settings import NOTE_LIMIT, TEXT_LIMIT
from boligreg.store.guards import check_alive, not_future, reason_text
from boligreg.store.register import Register


def add_contact(
    reg: Register,
    person_id: str,
    day: date,
    kind: ContactKind = ContactKind.MET,
    by: str | None = None,
    note: str | None = None,
) -> None:
    if note is not None:
        typed_text(note, "col_note", NOTE_LIMIT)
    if by is not None:
        typed_text(by, "field_by", TEXT_LIMIT)
    not_future(reg, day)
    with reg.write("contact"):
        history = reg.history(person_id)
        check_alive(history, day)
        row = {"person_id": history.person.id, "date": day.isoformat(), "kind": kind.value,
               "by": by or reg.user, "note": note}
        contact_id = reg.insert("contact", row)
        reg.log("create", f"contact:{contact_id}", history.person.id, new=row)


def contact_number(history: History, no: int) -> Contact:
    """The contact with this number on the card: its own, issued once (Register.next_no), so
    deleting contact 2 never makes another contact 2 and a delete typed twice finds nothing."""
    found = next((c for c in history.contacts if c.no == no), None)
    if found is None:
        raise NotFound("err_no_contact", id=history.person.id, no=no)
    return found


def edit_contact(reg: Register, person_id: str, no: int, reason: str, *, day: date | None = None,
                 kind: ContactKind | None = None, by: str | None = None,
                 note: str | None = None) -> Contact:
    """Correct a contact's date, kind, who made it or its note ("" clears the note)."""
    why = reason_text(reason)
    if note is not None:  # as `contact` checks them
        typed_text(note, "col_note", NOTE_LIMIT)
    if by is not None:
        typed_text(by, "field_by", TEXT_LIMIT)
    if day is not None:
        not_future(reg, day)
    with reg.write("contact edit"):
        history = reg.history(person_id)
        contact = contact_number(history, no)
        if day is not None:
            check_alive(history, day)
        wanted = {"date": day.isoformat() if day else None, "kind": kind.value if kind else None,
                  "by": by.strip() or None if by is not None else None,
                  "note": note.strip() or None if note is not None else None}
        before = as_json(contact)
        given = {"date": day, "kind": kind, "by": by, "note": note}
        changes = {k: v for k, v in wanted.items() if given[k] is not None and v != before[k]}
        if not changes:
            raise InvalidInput("err_nothing_to_update")
        reg.table("contact").update(contact.id, changes)
        reg.log("update", f"contact:{contact.id}", history.person.id,
                old={k: before[k] for k in changes}, new=dict(changes, reason=why))
    return contact


def delete_contact(reg: Register, person_id: str, no: int, reason: str) -> Contact:
    why = reason_text(reason)
    with reg.write("contact delete"):
        history = reg.history(person_id)
        contact = contact_number(history, no)
        reg.table("contact").delete(contact.id)
        reg.log("delete", f"contact:{contact.id}", history.person.id, old=as_json(contact),
                new={"reason": why})
    return contact
