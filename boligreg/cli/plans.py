"""boligreg plan …: the individual housing plan, its date target and its next steps."""

from datetime import date
from typing import Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.options import DateOpt, PersonId, code_option, date_option, number_argument
from boligreg.cli.output import done
from boligreg.cli.session import state
from boligreg.domain import codes
from boligreg.domain.dates import show_date
from boligreg.i18n import t

app = command_group("help_plan", no_args_is_help=True)

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


@app.command("step", help=t("help_plan_step"))
def step(
    person_id: PersonId,
    text: Annotated[str, typer.Argument(metavar=t("metavar_text"), help=t("help_step_text"))],
    owner: Owner = None,
    due: Due = None,
) -> None:
    from boligreg.store.plans import add_step

    reg = state.register()
    no = add_step(reg, person_id, text, owner=owner, due=due)
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
