"""boligreg application …: applications (municipal dwelling, startlån, …), their decisions
(a decision changed on appeal among them) and corrections."""

from datetime import date
from typing import Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.options import (
    DateOpt,
    PersonId,
    ReasonOpt,
    choices,
    code_option,
    code_parser,
    complete_codes,
    date_option,
)
from boligreg.cli.output import done
from boligreg.cli.session import state
from boligreg.domain import codes
from boligreg.domain.dates import show_date
from boligreg.i18n import t

app = command_group("help_application", no_args_is_help=True)
AppId = Annotated[str, typer.Argument(metavar=t("metavar_application"), help=t("help_application_id"))]


@app.command("add", help=t("help_application_add", choices=choices(codes.ApplicationKind)))
def add(
    person_id: PersonId,
    kind: Annotated[
        codes.ApplicationKind,
        typer.Argument(parser=code_parser(codes.ApplicationKind), metavar="TYPE",
                       help=t("help_application_kind", choices=choices(codes.ApplicationKind)),
                       autocompletion=complete_codes(codes.ApplicationKind)),
    ],
    day: DateOpt = None,
    accessible: Annotated[
        bool, typer.Option("--accessible", help=t("help_application_accessible"))
    ] = False,
) -> None:
    from boligreg.store.applications import add_application

    reg = state.register()
    app_id = add_application(reg, person_id, kind, day or reg.today, accessible=accessible)
    done(t("done_application", app=app_id, id=person_id.upper()))


@app.command("decide", help=t("help_application_decide"))
def decide(
    app_id: AppId,
    word: Annotated[
        codes.Decision | None,
        typer.Argument(parser=code_parser(codes.Decision), metavar=t("metavar_decision"),
                       help=t("help_decision_word", choices=choices(codes.Decision))),
    ] = None,
    granted: Annotated[bool, typer.Option("--granted", help=t("help_granted"))] = False,
    refused: Annotated[bool, typer.Option("--refused", help=t("help_refused"))] = False,
    withdrawn: Annotated[bool, typer.Option("--withdrawn", help=t("help_withdrawn"))] = False,
    day: DateOpt = None,
    change: Annotated[bool, typer.Option("--change", help=t("help_decision_change"))] = False,
    reason: Annotated[str | None, typer.Option("--reason", metavar=t("metavar_text"),
                                               help=t("help_decision_reason"))] = None,
) -> None:
    from boligreg.errors import InvalidInput
    from boligreg.store.applications import decide_application

    chosen = [d for d, on in ((codes.Decision.GRANTED, granted), (codes.Decision.REFUSED, refused),
                              (codes.Decision.WITHDRAWN, withdrawn)) if on] + ([word] if word else [])
    if len(chosen) != 1:
        raise InvalidInput("err_one_decision")
    if reason is not None and not change:
        raise InvalidInput("err_reason_only_change")
    reg = state.register()
    day = day or reg.today
    decide_application(reg, app_id, chosen[0], day, change=change, reason=reason)
    done(t("done_decision", app=app_id.upper(), decision=t("decision_" + chosen[0].value),
           date=show_date(day)))


@app.command("edit", help=t("help_application_edit"))
def edit(
    app_id: AppId,
    reason: ReasonOpt,
    kind: Annotated[
        codes.ApplicationKind | None,
        code_option(codes.ApplicationKind, "--kind", help_key="help_application_kind"),
    ] = None,
    received: Annotated[date | None, date_option("--date", help_key="help_application_received")] = None,
    person: Annotated[str | None, typer.Option("--person", metavar="ID", help=t("help_application_person"))] = None,
) -> None:
    from boligreg.store.applications import edit_application

    edit_application(state.register(), app_id, reason, kind=kind, received=received, person_id=person)
    done(t("done_application_edited", app=app_id.upper()))
