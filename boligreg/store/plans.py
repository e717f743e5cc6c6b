"""Use cases of the housing plan: set it, add a next step (or a meeting's action), mark one done."""

from datetime import date

from boligreg.domain.codes import PLACEMENTS
from boligreg.domain.models import as_json
from boligreg.domain.text import typed_text
from boligreg.errors import InvalidInput, NotFound
from boligreg.settings import NOTE_LIMIT, TEXT_LIMIT
from boligreg.store.guards import check_alive, iso, not_future
from boligreg.store.register import Register


def set_plan(reg: Register, person_id: str, **fields: object) -> None:
    for key, limit in (("wishes", NOTE_LIMIT), ("responsible", TEXT_LIMIT)):
        if isinstance(fields.get(key), str):
            typed_text(str(fields[key]), f"--{key}", limit)
    route = fields.get("route")
    if route is not None and route not in PLACEMENTS:
        raise InvalidInput("err_route", code=str(route))
    row = {k: (v.isoformat() if isinstance(v, date) else (v.value if hasattr(v, "value") else v))
           for k, v in fields.items() if v is not None}
    if not row:
        raise InvalidInput("err_nothing_to_update")
    with reg.write("plan set"):
        history = reg.history(person_id)
        check_alive(history, reg.today)
        old = as_json(history.plan) if history.plan else None
        reg.table("plan").upsert(dict(row, person_id=history.person.id), pk="person_id")
        reg.log("update" if old else "create", f"plan:{history.person.id}", history.person.id,
                old=old, new=row)

def add_step(
    reg: Register,
    person_id: str,
    text: str,
    owner: str | None = None,
    due: date | None = None,
    meeting_id: int | None = None,
    created: date | None = None,
) -> int:
    """A next step in the plan (or a meeting's action); returns its number for the person."""
    typed_text(text, "text", NOTE_LIMIT)
    if owner is not None:
        typed_text(owner, "--owner", TEXT_LIMIT)
    if not text.strip():
        raise InvalidInput("err_empty_text")
    with reg.write("meeting action" if meeting_id else "plan step"):
        history = reg.history(person_id)
        check_alive(history, reg.today)
        no = max((s.no for s in history.steps), default=0) + 1  # read under the write lock
        row = {
            "person_id": history.person.id,
            "no": no,
            "text": text.strip(),
            "owner": owner,
            "due": iso(due),
            "meeting_id": meeting_id,
            "created": (created or reg.today).isoformat(),
        }
        step_id = reg.insert("step", row)
        reg.log("create", f"step:{step_id}", history.person.id, new=row)
    return no

def finish_step(reg: Register, person_id: str, no: int, day: date) -> None:
    not_future(reg, day)
    with reg.write("plan done"):
        history = reg.history(person_id)
        step = next((s for s in history.steps if s.no == no), None)
        if step is None:
            raise NotFound("err_no_step", id=history.person.id, no=no)
        if step.done:
            raise InvalidInput("err_step_done", no=no)
        reg.table("step").update(step.id, {"done": day.isoformat()})
        reg.log("update", f"step:{step.id}", history.person.id, old={"done": None},
                new={"done": day.isoformat()})
