"""Use cases of the housing plan: set it, add a next step (or a meeting's action), mark one done
or not done, correct or delete a step. A meeting's action is part of its minutes once the meeting
is closed: it can be marked done, not rewritten."""

from datetime import date

from boligreg.domain.codes import PLACEMENTS
from boligreg.domain.dates import show_date
from boligreg.domain.models import History, Step, as_json
from boligreg.domain.text import typed_text
from boligreg.errors import InvalidInput, NotFound
from boligreg.settings import NOTE_LIMIT, TEXT_LIMIT
from boligreg.store.guards import check_alive, iso, not_future, reason_text
from boligreg.store.register import Register


def set_plan(reg: Register, person_id: str, **fields: object) -> None:
    for key, limit in (("wishes", NOTE_LIMIT), ("responsible", TEXT_LIMIT)):
        if isinstance(fields.get(key), str):
            typed_text(str(fields[key]), f"col_{key}", limit)
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
    typed_text(text, "col_step", NOTE_LIMIT)
    if owner is not None:
        typed_text(owner, "col_owner", TEXT_LIMIT)
    if not text.strip():
        raise InvalidInput("err_empty_text")
    with reg.write("meeting action" if meeting_id else "plan step"):
        history = reg.history(person_id)
        check_alive(history, reg.today)
        no = reg.next_no("step", history.person.id)  # under the write lock; never one given before
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

def step_number(history: History, no: int) -> Step:
    step = next((s for s in history.steps if s.no == no), None)
    if step is None:
        raise NotFound("err_no_step", id=history.person.id, no=no)
    return step


def finish_step(reg: Register, person_id: str, no: int, day: date) -> None:
    not_future(reg, day)
    with reg.write("plan done"):
        history = reg.history(person_id)
        step = step_number(history, no)
        if step.done:
            raise InvalidInput("err_step_done", no=no)
        reg.table("step").update(step.id, {"done": day.isoformat()})
        reg.log("update", f"step:{step.id}", history.person.id, old={"done": None},
                new={"done": day.isoformat()})


def unfinish_step(reg: Register, person_id: str, no: int, reason: str) -> None:
    """`plan undone`: a step marked done in error is open again."""
    why = reason_text(reason)
    with reg.write("plan undone"):
        history = reg.history(person_id)
        step = step_number(history, no)
        if not step.done:
            raise InvalidInput("err_step_not_done", no=no)
        reg.table("step").update(step.id, {"done": None})
        reg.log("update", f"step:{step.id}", history.person.id, old={"done": iso(step.done)},
                new={"done": None, "reason": why})


def check_rewritable(reg: Register, step: Step, meeting_only: bool) -> None:
    """A closed meeting's action is in its minutes; `meeting action edit` takes only the open
    meeting's actions."""
    meeting = reg.rows("SELECT * FROM meeting WHERE id = ?", (step.meeting_id,)) if step.meeting_id else []
    if meeting and meeting[0]["closed"]:
        raise InvalidInput("err_step_minutes", no=step.no,
                           date=show_date(date.fromisoformat(meeting[0]["date"])))
    if meeting_only and not meeting:
        raise InvalidInput("err_not_meeting_action", id=step.person_id, no=step.no)


def edit_step(reg: Register, person_id: str, no: int, reason: str, *, text: str | None = None,
              owner: str | None = None, due: object = None, meeting_only: bool = False) -> Step:
    """Correct a step's text, owner or due date ("" clears the owner)."""
    why = reason_text(reason)
    if text is not None:  # as `plan step` and `meeting action` check them
        typed_text(text, "col_step", NOTE_LIMIT)
    if owner is not None:
        typed_text(owner, "col_owner", TEXT_LIMIT)
    if text is not None and not text.strip():
        raise InvalidInput("err_empty_text")
    with reg.write("meeting action edit" if meeting_only else "plan step edit"):
        history = reg.history(person_id)
        step = step_number(history, no)
        check_rewritable(reg, step, meeting_only)
        before = as_json(step)
        wanted = {"text": text.strip() if text is not None else None,
                  "owner": (owner.strip() or None) if owner is not None else None,
                  "due": iso(due) if isinstance(due, date) else None}
        given = {"text": text, "owner": owner, "due": due}
        changes = {k: v for k, v in wanted.items() if given[k] is not None and v != before[k]}
        if not changes:
            raise InvalidInput("err_nothing_to_update")
        reg.table("step").update(step.id, changes)
        reg.log("update", f"step:{step.id}", history.person.id,
                old={k: before[k] for k in changes}, new=dict(changes, reason=why))
    return step


def delete_step(reg: Register, person_id: str, no: int, reason: str,
                meeting_only: bool = False) -> Step:
    why = reason_text(reason)
    with reg.write("meeting action delete" if meeting_only else "plan step delete"):
        history = reg.history(person_id)
        step = step_number(history, no)
        check_rewritable(reg, step, meeting_only)
        reg.table("step").delete(step.id)
        reg.log("delete", f"step:{step.id}", history.person.id, old=as_json(step),
                new={"reason": why})
    return step
