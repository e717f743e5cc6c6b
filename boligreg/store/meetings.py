"""Status meetings: open one, record decisions per person, close it to freeze the list."""

from datetime import date
from typing import Any

from boligreg.domain.codes import LISTED_CODES
from boligreg.domain.dates import show_date
from boligreg.domain.text import typed_text
from boligreg.domain.timeline import episode_on, episodes, stay_on
from boligreg.errors import InvalidInput, NotFound
from boligreg.settings import TEXT_LIMIT
from boligreg.store.guards import not_future
from boligreg.store.plans import add_step, delete_step, edit_step
from boligreg.store.register import Register


def open_meeting(reg: Register) -> dict[str, Any] | None:
    rows = reg.rows("SELECT * FROM meeting WHERE closed IS NULL ORDER BY id DESC LIMIT 1")
    return rows[0] if rows else None


def start_meeting(reg: Register, day: date, attendees: str | None) -> int:
    """Open the meeting of `day`: refused while one is open, and on a day that has had one
    (`meeting show DATE` shows a day's one meeting; a decision after it is a plan step)."""
    not_future(reg, day)
    if attendees is not None:
        typed_text(attendees, "col_attendees", TEXT_LIMIT)
    row = {"date": day.isoformat(), "attendees": attendees}
    with reg.write("meeting start"):
        already = open_meeting(reg)
        if already:
            raise InvalidInput("err_meeting_open", date=show_date(date.fromisoformat(already["date"])))
        held = reg.rows("SELECT closed FROM meeting WHERE date = ? ORDER BY id DESC LIMIT 1",
                        (day.isoformat(),))
        if held:  # one meeting a day: a second would hide the first's list and actions
            raise InvalidInput("err_meeting_held", date=show_date(day),
                               closed=show_date(reg.stored_day(held[0]["closed"])))
        meeting_id = reg.insert("meeting", row)
        reg.log("create", f"meeting:{meeting_id}", new=row)
    return meeting_id


def add_action(reg: Register, person_id: str, text: str, owner: str | None, due: date | None) -> int:
    """A decision for one person, recorded on the open meeting and shown as an open step."""
    with reg.write("meeting action"):
        meeting = open_meeting(reg)
        if meeting is None:
            raise InvalidInput("err_no_meeting_open")
        return add_step(reg, person_id, text, owner=owner, due=due, meeting_id=meeting["id"],
                        created=reg.stored_day(meeting["date"]))


def edit_action(reg: Register, person_id: str, no: int, reason: str, **fields: object) -> None:
    """Correct a decision of the open meeting (text, owner, due date)."""
    with reg.write("meeting action edit"):
        if open_meeting(reg) is None:
            raise InvalidInput("err_no_meeting_open")
        edit_step(reg, person_id, no, reason, meeting_only=True, **fields)  # type: ignore[arg-type]


def delete_action(reg: Register, person_id: str, no: int, reason: str) -> None:
    """Remove a decision of the open meeting recorded in error."""
    with reg.write("meeting action delete"):
        if open_meeting(reg) is None:
            raise InvalidInput("err_no_meeting_open")
        delete_step(reg, person_id, no, reason, meeting_only=True)


def on_list(reg: Register, day: date) -> dict[str, str]:
    """Who is homeless on `day` (id → situation code)."""
    result, days = {}, reg.settings.inactive_after_days
    for history in reg.listable_histories(day):
        stay = stay_on(history.stays, day)
        if stay and episode_on(episodes(history, days), day):
            result[history.person.id] = stay.code.value
    return result


def who_can_appear(reg: Register, day: date, since: date, before: set[str] | None) -> set[str]:
    """The persons `status` for `day` can show, with changes counted from `since`.

    Listed on the day needs LISTED_CODES on the day; housed since needs a move in (since, day];
    listed on `since` needs LISTED_CODES then, so the same stay on the day or a move in between;
    and the last meeting's frozen list (`before`) is taken as it was, even where the history
    was corrected later. Nobody else can be on the list, join or leave it, be housed or be due
    for release, and leaving them out keeps `status` as quick on five years of history as on
    one. tests/test_status.py checks it against the whole register."""
    return reg.persons_in(LISTED_CODES, day) | reg.persons_moving(since, day) | (before or set())


def close_meeting(reg: Register) -> tuple[dict[str, Any], int]:
    """Freeze the list as it stood on the meeting's date, so the next status shows changes."""
    with reg.write("meeting close"):
        meeting = open_meeting(reg)
        if meeting is None:
            raise InvalidInput("err_no_meeting_open")
        listed = on_list(reg, reg.stored_day(meeting["date"]))
        reg.table("meeting_person").insert_all(
            {"meeting_id": meeting["id"], "person_id": pid, "situation": code}
            for pid, code in listed.items()
        )
        closed = reg.today.isoformat()
        reg.table("meeting").update(meeting["id"], {"closed": closed})
        reg.log("update", f"meeting:{meeting['id']}", old={"closed": None},
                new={"closed": closed, "persons": len(listed)})
    return meeting, len(listed)


def last_closed(reg: Register, day: date) -> tuple[date, set[str]] | None:
    """The latest closed meeting held on or before `day`, with the persons it listed, each as
    the person they now are: a record merged since counts as the one it was merged into, and
    one deleted as registered by mistake counts as nobody. Right after `meeting close`, today's
    status shows the changes since the meeting just closed. The frozen list itself never changes."""
    rows = reg.rows(
        "SELECT * FROM meeting WHERE closed IS NOT NULL AND date <= ? ORDER BY date DESC, id DESC LIMIT 1",
        (day.isoformat(),),
    )
    if not rows:
        return None
    ids = {r[0] for r in reg.conn.execute(
        "SELECT person_id FROM meeting_person WHERE meeting_id = ?", (rows[0]["id"],))}
    pointers = reg.pointers()
    now = {pointers.get(pid, pid) for pid in ids} - {None}
    return reg.stored_day(rows[0]["date"]), {pid for pid in now if pid is not None}


def meeting_record(reg: Register, day: date | None) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    """A meeting (the latest, or the one on `day`), its decisions and how many it listed."""
    if day is None:
        rows = reg.rows("SELECT * FROM meeting ORDER BY date DESC, id DESC LIMIT 1")
    else:
        rows = reg.rows("SELECT * FROM meeting WHERE date = ? ORDER BY id DESC LIMIT 1",
                        (day.isoformat(),))
    if not rows:
        raise NotFound("err_no_meeting_on", date=show_date(day)) if day else NotFound("err_no_meeting")
    meeting = rows[0]
    decisions = reg.rows(
        "SELECT step.*, person.name, person.alias FROM step JOIN person ON person.id = step.person_id "
        "WHERE meeting_id = ? ORDER BY step.id", (meeting["id"],))
    listed = reg.conn.execute("SELECT count(*) FROM meeting_person WHERE meeting_id = ?",
                            (meeting["id"],)).fetchone()[0]
    return meeting, decisions, listed
