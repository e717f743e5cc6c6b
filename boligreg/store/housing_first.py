"""Use cases of Housing First follow-up: invite a person, record the answer, end the
participation; read the participations."""

from datetime import date

from boligreg.domain.codes import HfAnswer, HfEndReason
from boligreg.domain.dates import show_date
from boligreg.domain.housing_codes import (
    Participation,
    participation_state,
)
from boligreg.errors import InvalidInput
from boligreg.i18n import Phrase
from boligreg.store.guards import check_alive, not_future
from boligreg.store.housing_reads import participations
from boligreg.store.register import Register


def _latest(reg: Register, person_id: str) -> Participation | None:
    found = participations(reg, [person_id]).get(person_id, [])
    return found[-1] if found else None


def invite(reg: Register, person_id: str, day: date) -> None:
    not_future(reg, day)
    with reg.write("housing-first invite"):
        history = reg.history(person_id)
        check_alive(history, day)
        pid = history.person.id
        known = min(history.person.known_from, history.stays[0].start)  # as person exit has it
        if day < known:
            raise InvalidInput("err_hf_before_known", id=pid, date=show_date(day),
                               known=show_date(known))
        latest = _latest(reg, pid)
        if latest is not None and (latest.ended is None and latest.answer != HfAnswer.DECLINED):
            raise InvalidInput("err_hf_already", id=pid,
                               state=Phrase("hf_state_" + (participation_state(latest, reg.today) or "invited")),
                               date=show_date(latest.invited))
        if latest is not None and day < max(d for d in (latest.invited, latest.answered, latest.ended) if d):
            raise InvalidInput("err_hf_date_order", id=pid, date=show_date(day))
        row = {"person_id": pid, "invited": day.isoformat()}
        row_id = reg.insert("housing_first", row)
        reg.log("create", f"housing_first:{row_id}", pid, new=row)


def answer(reg: Register, person_id: str, reply: HfAnswer, day: date) -> None:
    """The invited person accepts (a participant from `day`) or declines."""
    not_future(reg, day)
    with reg.write(f"housing-first {'accept' if reply == HfAnswer.ACCEPTED else 'decline'}"):
        pid = reg.person(person_id).id
        latest = _latest(reg, pid)
        if latest is None or latest.answer is not None or latest.ended is not None:
            raise InvalidInput("err_hf_not_invited", id=pid)
        if day < latest.invited:
            raise InvalidInput("err_hf_before_invited", id=pid, date=show_date(latest.invited))
        change = {"answer": reply.value, "answered": day.isoformat()}
        reg.table("housing_first").update(latest.id, change)
        reg.log("update", f"housing_first:{latest.id}", pid, old={"answer": None}, new=change)


def end(reg: Register, person_id: str, reason: HfEndReason, day: date) -> None:
    """End an accepted participation (moved away, left the programme, other)."""
    not_future(reg, day)
    with reg.write("housing-first end"):
        pid = reg.person(person_id).id
        latest = _latest(reg, pid)
        if latest is None or latest.answer != HfAnswer.ACCEPTED or latest.ended is not None:
            raise InvalidInput("err_hf_not_active", id=pid)
        assert latest.answered is not None
        if day < latest.answered:
            raise InvalidInput("err_hf_end_before", id=pid, date=show_date(latest.answered))
        change = {"ended": day.isoformat(), "end_reason": reason.value}
        reg.table("housing_first").update(latest.id, change)
        reg.log("update", f"housing_first:{latest.id}", pid, old={"ended": None}, new=change)
