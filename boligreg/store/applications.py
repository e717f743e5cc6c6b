"""Use cases of applications: record one, and its decision (granted, refused, withdrawn)."""

from datetime import date

from boligreg.domain.codes import ApplicationKind, Decision
from boligreg.errors import InvalidInput, NotFound
from boligreg.i18n import Phrase
from boligreg.store.guards import check_alive, not_future
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

def decide_application(reg: Register, app_id: str, decision: Decision, day: date) -> None:
    """Granted or refused once; withdrawn at any time before or after the decision."""
    not_future(reg, day)
    with reg.write("application decide"):
        rows = reg.rows("SELECT * FROM application WHERE id = ?", (app_id.upper(),))
        if not rows:
            raise NotFound("err_no_application", id=app_id)
        app = rows[0]
        if day < date.fromisoformat(app["received"]) or (
            app["decided"] and day < date.fromisoformat(app["decided"])
        ):
            raise InvalidInput("err_decided_before_received")
        if app["withdrawn"]:
            raise InvalidInput("err_already_decided", id=app["id"], decision=Phrase("decision_withdrawn"))
        if decision == Decision.WITHDRAWN:
            change = {"withdrawn": day.isoformat()}
        elif app["decision"]:
            raise InvalidInput("err_already_decided", id=app["id"], decision=Phrase("decision_" + app["decision"]))
        else:
            change = {"decision": decision.value, "decided": day.isoformat()}
        reg.table("application").update(app["id"], change)
        reg.log("update", f"application:{app['id']}", app["person_id"],
                old={k: app[k] for k in change}, new=change)
