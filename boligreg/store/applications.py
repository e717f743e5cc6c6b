"""Use cases of applications: record one, its decisions (granted, refused, withdrawn), a
decision changed on appeal, and a correction of the application itself.

Every decision is kept with its date (application_decision), so a past day counts the decision
in force that day: refused on 01.03 and granted on appeal on 15.05 is refused in April and
granted in June."""

from datetime import date

from boligreg.domain.codes import ApplicationKind, Decision
from boligreg.domain.dates import show_date
from boligreg.domain.models import Application
from boligreg.errors import InvalidInput, NotFound
from boligreg.i18n import Phrase
from boligreg.store.guards import check_alive, not_future, reason_text
from boligreg.store.register import Register


def add_application(reg: Register, person_id: str, kind: ApplicationKind, received: date,
                    accessible: bool = False) -> str:
    """`accessible`: a municipal dwelling application for a household that needs one."""
    not_future(reg, received)
    if accessible and kind != ApplicationKind.KOMMUNAL:
        raise InvalidInput("err_accessible_only", kind=kind.value)
    with reg.write("application add"):
        history = reg.history(person_id)
        check_alive(history, received)
        app_id = reg.next_id("application", "A")
        row: dict[str, object] = {"id": app_id, "person_id": history.person.id, "kind": kind.value,
               "received": received.isoformat()}
        if accessible:
            row["accessible"] = 1
        reg.table("application").insert(row)
        reg.log("create", f"application:{app_id}", history.person.id, new=row)
    return app_id


def application(reg: Register, app_id: str) -> Application:
    """One application with its decisions, read under the caller's transaction."""
    found = reg.rows("SELECT person_id FROM application WHERE id = ?", (app_id.upper(),))
    if not found:
        raise NotFound("err_no_application", id=app_id)
    history = reg.history(found[0]["person_id"])
    return next(a for a in history.applications if a.id == app_id.upper())


def decide_application(reg: Register, app_id: str, decision: Decision, day: date,
                       change: bool = False, reason: str | None = None) -> None:
    """Granted or refused once; withdrawn after it came in, unless it was refused. With change=True (an
    appeal, klage, or a new assessment) a new decision is recorded after the one in force and
    the earlier stays in the application's history; it needs a reason."""
    not_future(reg, day)
    why = reason_text(reason) if change else None
    with reg.write("application decide"):
        app = application(reg, app_id)
        latest = app.latest
        if day < app.received:
            raise InvalidInput("err_decided_before_received")
        if latest and day < latest.date:  # an appeal comes after the decision it changes
            raise InvalidInput("err_decided_before_decision", date=show_date(latest.date),
                               decision=Phrase("decision_" + latest.decision.value))
        if change:
            if latest is None:
                raise InvalidInput("err_nothing_to_change", id=app.id)
            if latest.decision == decision:
                raise InvalidInput("err_already_decided", id=app.id,
                                   decision=Phrase("decision_" + decision.value))
        elif app.withdrawn:
            raise InvalidInput("err_already_decided", id=app.id,
                               decision=Phrase("decision_" + Decision.WITHDRAWN.value))
        elif decision != Decision.WITHDRAWN and app.decision:
            raise InvalidInput("err_decided_use_change", id=app.id,
                               decision=Phrase("decision_" + app.decision.value))
        elif app.decision == Decision.REFUSED:  # nothing is left to withdraw: it would count twice
            raise InvalidInput("err_withdraw_refused", id=app.id)
        row = {"application_id": app.id, "decision": decision.value, "date": day.isoformat()}
        ruling_id = reg.insert("application_decision", row)
        reg.log("create", f"decision:{ruling_id}", app.person_id,
                old={"decision": latest.decision.value, "date": latest.date.isoformat()} if latest else None,
                new=dict(row, reason=why) if why else row)


def edit_application(reg: Register, app_id: str, reason: str, *, kind: ApplicationKind | None = None,
                     received: date | None = None, person_id: str | None = None) -> Application:
    """Correct an application's kind, the day it came in, or whose it is (typed for the wrong
    person). Its decisions stay; none may then come before it was received."""
    why = reason_text(reason)
    if received is not None:
        not_future(reg, received)
    with reg.write("application edit"):
        app = application(reg, app_id)
        changes: dict[str, str] = {}
        if kind is not None and kind != app.kind:
            changes["kind"] = kind.value
        if received is not None and received != app.received:
            if app.rulings and app.rulings[0].date < received:
                raise InvalidInput("err_decided_before_received")
            changes["received"] = received.isoformat()
        if person_id is not None:
            other = reg.history(person_id)
            check_alive(other, received or app.received)
            if other.person.id != app.person_id:
                changes["person_id"] = other.person.id
        if not changes:
            raise InvalidInput("err_nothing_to_update")
        old = {"kind": app.kind.value, "received": app.received.isoformat(), "person_id": app.person_id}
        reg.table("application").update(app.id, changes)
        reg.log("update", f"application:{app.id}", app.person_id,
                old={k: old[k] for k in changes}, new=dict(changes, reason=why))
        if "person_id" in changes:  # the person it now belongs to sees it in their log
            reg.log("update", f"application:{app.id}", changes["person_id"],
                    old={"person_id": app.person_id}, new={"person_id": changes["person_id"]})
    return app
