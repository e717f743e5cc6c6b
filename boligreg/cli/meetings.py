"""boligreg meeting …: open the biweekly meeting, record the agreed actions (and correct them while
it is open), close it, show it."""

from datetime import date
from typing import Annotated

import typer

from boligreg.cli.help_language import DefaultGroup, command_group
from boligreg.cli.options import DateOpt, PersonId, ReasonOpt, RecordNo, date_option, user_date
from boligreg.cli.output import done
from boligreg.cli.session import state
from boligreg.domain.dates import show_date
from boligreg.i18n import t

app = command_group("help_meeting", no_args_is_help=True)
actions = command_group("help_meeting_actions", cls=DefaultGroup, no_args_is_help=True)
app.add_typer(actions, name="action")
Owner = Annotated[str | None, typer.Option("--owner", help=t("help_owner"))]
Due = Annotated[date | None, date_option("--due", help_key="help_due")]


@app.command("start", help=t("help_meeting_start"))
def start(
    day: DateOpt = None,
    attendees: Annotated[str | None, typer.Option("--attendees", help=t("help_attendees"))] = None,
) -> None:
    from boligreg.store import meetings

    reg = state.register()
    day = day or reg.today
    meetings.start_meeting(reg, day, attendees)
    done(t("done_meeting_start", date=show_date(day)))


@actions.command("add", help=t("help_meeting_action"))
def action(
    person_id: PersonId,
    text: Annotated[str, typer.Argument(metavar=t("metavar_text"), help=t("help_step_text"))],
    owner: Owner = None,
    due: Due = None,
) -> None:
    from boligreg.store import meetings

    reg = state.register()
    no = meetings.add_action(reg, person_id, text, owner, due)
    done(t("done_meeting_action", id=person_id.upper(), no=no))


@actions.command("edit", help=t("help_meeting_action_edit"))
def action_edit(
    person_id: PersonId,
    no: RecordNo,
    reason: ReasonOpt,
    text: Annotated[str | None, typer.Option("--text", help=t("help_step_text"))] = None,
    owner: Owner = None,
    due: Due = None,
) -> None:
    from boligreg.store import meetings

    meetings.edit_action(state.register(), person_id, no, reason, text=text, owner=owner, due=due)
    done(t("done_step_edited", id=person_id.upper(), no=no))


@actions.command("delete", help=t("help_meeting_action_delete"))
def action_delete(person_id: PersonId, no: RecordNo, reason: ReasonOpt) -> None:
    from boligreg.store import meetings

    meetings.delete_action(state.register(), person_id, no, reason)
    done(t("done_step_deleted", id=person_id.upper(), no=no))


@app.command("close", help=t("help_meeting_close"))
def close() -> None:
    from boligreg.store import meetings

    reg = state.register()
    meeting, listed = meetings.close_meeting(reg)
    done(t("done_meeting_close", date=show_date(reg.stored_day(meeting["date"])), n=listed))


MEETING_LAYOUT: tuple[dict, ...] = (
    {"wrap": False},  # Id
    {"give": 9, "name": True},  # Navn, aliases in « »: gives up width last
    {"right": True, "wrap": False},  # Nr.
    {"give": 1},  # Avtalt tiltak
    {"give": 2, "fold": 1},  # Eier
    {"wrap": False},  # Frist (with ! when passed and not done)
    {"wrap": False},  # Utført
)
"""How each column of `meeting show` behaves when the width is short (cli/text_table.py)."""


@app.command("show", help=t("help_meeting_show"))
def show(
    day: Annotated[
        date | None, typer.Argument(parser=user_date, metavar=t("metavar_date"), help=t("help_meeting_date"))
    ] = None,
) -> None:
    from boligreg.cli.output import screen, write
    from boligreg.cli.text_table import Cell, Column, Line, paragraph, table
    from boligreg.reports.status_text import OVERDUE
    from boligreg.store import meetings
    from boligreg.store.reads import log_read

    reg = state.register()
    meeting, actions, listed = meetings.meeting_record(reg, day)
    log_read(reg, "meeting show", f"meeting:{meeting['id']}", persons=len({r["person_id"] for r in actions}))
    where = screen()
    held = show_date(reg.stored_day(meeting["date"]))
    state_text = t("meeting_closed", n=listed) if meeting["closed"] else t("meeting_open")
    lines: list[Line] = paragraph([(t("meeting_title", date=held), "title"), (" — " + state_text, None)],
                                  where.width)
    if meeting["attendees"]:
        lines += paragraph(f"{t('col_attendees')}: {meeting['attendees']}", where.width)
    lines.append([])
    rows: list[list[Cell]] = []
    for row in actions:
        due = reg.stored_day(row["due"]) if row["due"] else None
        finished = reg.stored_day(row["done"]) if row["done"] else None
        late = bool(due and not finished and due < reg.today)
        name = row["name"] or (f"«{row['alias']}»" if row["alias"] else "")
        rows.append([row["person_id"], name, str(row["no"]), row["text"], row["owner"] or "",
                     [(show_date(due), None), (OVERDUE, "overdue")] if late else show_date(due),
                     show_date(finished) or t("open")])
    headers = [t(k) for k in ("col_id", "col_name", "col_no", "col_agreed_action", "col_owner",
                              "col_due", "col_done")]
    columns = [Column(h, **layout) for h, layout in zip(headers, MEETING_LAYOUT)]
    lines += table(columns, rows, where.width, where.page) if rows else paragraph(t("no_actions"), where.width)
    write(lines, where)
