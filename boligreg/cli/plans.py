"""boligreg plan …: the individual housing plan, its date target and its next steps (added,
corrected, deleted, marked done and not done)."""

from datetime import date
from typing import Annotated

import typer

from boligreg.cli.help_language import DefaultGroup, command_group
from boligreg.cli.options import (
    DateOpt,
    PersonId,
    ReasonOpt,
    RecordNo,
    code_option,
    date_option,
    number_argument,
)
from boligreg.cli.output import done
from boligreg.cli.session import state
from boligreg.domain import codes
from boligreg.domain.dates import show_date
from boligreg.i18n import t

app = command_group("help_plan", no_args_is_help=True)
steps = command_group("help_plan_steps", cls=DefaultGroup, no_args_is_help=True)
app.add_typer(steps, name="step")

Owner = Annotated[str | None, typer.Option("--owner", help=t("help_owner"))]
Due = Annotated[date | None, date_option("--due", help_key="help_due")]


@app.command("set", help=t("help_plan_set"))
def set_(
    person_id: PersonId,
    target: Annotated[date | None, date_option("--target", help_key="help_target")] = None,
    route: Annotated[
        codes.Situation | None, code_option(codes.Situation, "--route", help_key="help_route")
    ] = None,
    wishes: Annotated[str | None, typer.Option("--wishes", help=t("help_wishes"))] = None,
    responsible: Annotated[
        str | None, typer.Option("--responsible", help=t("help_responsible"))
    ] = None,
) -> None:
    from boligreg.store.plans import set_plan

    reg = state.register()
    set_plan(reg, person_id, route=route, target=target, wishes=wishes, responsible=responsible)
    done(t("done_plan", id=person_id.upper()))


@steps.command("add", help=t("help_plan_step_add"))
def step(
    person_id: PersonId,
    text: Annotated[str, typer.Argument(metavar=t("metavar_text"), help=t("help_step_text"))],
    owner: Owner = None,
    due: Due = None,
) -> None:
    from boligreg.store.plans import add_step

    reg = state.register()
    no = add_step(reg, person_id, text, owner=owner, due=due)
    if due is None:  # no deadline given: no empty parenthesis
        done(t("done_step_no_due", id=person_id.upper(), no=no))
    else:
        done(t("done_step", id=person_id.upper(), no=no, due=show_date(due)))


@app.command("done", help=t("help_plan_done"))
def done_(
    person_id: PersonId,
    no: Annotated[int, number_argument("metavar_step", low=1, high=9999, help_key="help_step_no")],
    day: DateOpt = None,
) -> None:
    from boligreg.store.plans import finish_step

    reg = state.register()
    finish_step(reg, person_id, no, day or reg.today)
    done(t("done_step_done", id=person_id.upper(), no=no))


StepText = Annotated[str | None, typer.Option("--text", help=t("help_step_text"))]


@app.command("undone", help=t("help_plan_undone"))
def undone(person_id: PersonId, no: RecordNo, reason: ReasonOpt) -> None:
    from boligreg.store.plans import unfinish_step

    unfinish_step(state.register(), person_id, no, reason)
    done(t("done_step_undone", id=person_id.upper(), no=no))


@steps.command("edit", help=t("help_plan_step_edit"))
def step_edit(person_id: PersonId, no: RecordNo, reason: ReasonOpt, text: StepText = None,
              owner: Owner = None, due: Due = None) -> None:
    from boligreg.store.plans import edit_step

    edit_step(state.register(), person_id, no, reason, text=text, owner=owner, due=due)
    done(t("done_step_edited", id=person_id.upper(), no=no))


@steps.command("delete", help=t("help_plan_step_delete"))
def step_delete(person_id: PersonId, no: RecordNo, reason: ReasonOpt) -> None:
    from boligreg.store.plans import delete_step

    delete_step(state.register(), person_id, no, reason)
    done(t("done_step_deleted", id=person_id.upper(), no=no))
