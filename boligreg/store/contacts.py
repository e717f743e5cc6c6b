"""Use case: record a contact with a person (met, phoned, or tried without reply)."""

from datetime import date

from boligreg.domain.codes import ContactKind
from boligreg.domain.text import typed_text
from boligreg.settings import NOTE_LIMIT, TEXT_LIMIT
from boligreg.store.guards import check_alive, not_future
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
        typed_text(note, "note", NOTE_LIMIT)
    if by is not None:
        typed_text(by, "--by", TEXT_LIMIT)
    not_future(reg, day)
    with reg.write("contact"):
        history = reg.history(person_id)
        check_alive(history, day)
        row = {"person_id": history.person.id, "date": day.isoformat(), "kind": kind.value,
               "by": by or reg.user, "note": note}
        contact_id = reg.insert("contact", row)
        reg.log("create", f"contact:{contact_id}", history.person.id, new=row)
