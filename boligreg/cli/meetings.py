"""boligreg meeting …: open the biweekly meeting, record decisions (and correct them while it is
open), close it, reprint it."""

from datetime import date
from typing import Annotated

import typer

from boligreg.cli.help_language import DefaultGroup, command_group
from boligreg.cli.options import DateOpt, PersonId, ReasonOpt, RecordNo, date_option, user_date
from boligreg.cli.output import console, done, plain
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


@app.command("show", help=t("help_meeting_show"))
def show(
    day: Annotated[
        date | None, typer.Argument(parser=user_date, metavar=t("metavar_date"), help=t("help_meeting_date"))
    ] = None,
) -> None:
    from rich.table import Table
    from rich.text import Text

    from boligreg.store import meetings
    from boligreg.store.reads import log_read

    reg = state.register()
    meeting, decisions, listed = meetings.meeting_record(reg, day)
    log_read(reg, "meeting show", f"meeting:{meeting['id']}", persons=len({r["person_id"] for r in decisions}))
    out = console()
    held = show_date(reg.stored_day(meeting["date"]))
    state_text = t("meeting_closed", n=listed) if meeting["closed"] else t("meeting_open")
    out.print(Text.assemble((t("meeting_title", date=held), "bold"), f" — {state_text}"))
    if meeting["attendees"]:
        out.print(plain(f"{t('col_attendees')}: {meeting['attendees']}"))
    table = Table(show_edge=False)
    for key in ("col_id", "col_name", "col_no", "col_step", "col_owner", "col_due", "col_done"):
        table.add_column(t(key))
    for row in decisions:
        due = reg.stored_day(row["due"]) if row["due"] else None
        finished = reg.stored_day(row["done"]) if row["done"] else None
        table.add_row(*map(plain, (
            row["person_id"], row["name"] or row["alias"] or "", str(row["no"]), row["text"],
            row["owner"] or "", show_date(due), show_date(finished) or t("open"))))
    out.print(table)
