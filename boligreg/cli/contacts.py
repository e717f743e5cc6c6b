"""boligreg contact: record that the services met, phoned or tried to reach a person."""

from typing import Annotated

import typer

from boligreg.cli.options import DateOpt, PersonId, code_option
from boligreg.cli.output import done
from boligreg.cli.session import state
from boligreg.domain import codes
from boligreg.domain.dates import show_date
from boligreg.i18n import t


def contact(
    person_id: PersonId,
    note: Annotated[str | None, typer.Argument(metavar=t("metavar_note"), help=t("help_note"))] = None,
    day: DateOpt = None,
    kind: Annotated[
        codes.ContactKind, code_option(codes.ContactKind, "--kind", help_key="help_contact_kind",
                                       default=codes.ContactKind.MET)
    ] = codes.ContactKind.MET,
    by: Annotated[str | None, typer.Option("--by", help=t("help_by"))] = None,
) -> None:
    from boligreg.store.contacts import add_contact

    reg = state.register()
    day = day or reg.today
    add_contact(reg, person_id, day, kind=kind, by=by, note=note)
    done(t("done_contact", id=person_id.upper(), date=show_date(day)))
