"""boligreg contact …: record that the services met, phoned or tried to reach a person; correct
or delete a contact typed in error (`contact ID` alone records one)."""

from datetime import date
from typing import Annotated

import typer

from boligreg.cli.help_language import DefaultGroup, command_group
from boligreg.cli.options import DateOpt, PersonId, ReasonOpt, RecordNo, code_option, date_option
from boligreg.cli.output import done
from boligreg.cli.session import state
from boligreg.domain import codes
from boligreg.domain.dates import show_date
from boligreg.i18n import t

app = command_group("help_contact", cls=DefaultGroup, no_args_is_help=True)
By = Annotated[str | None, typer.Option("--by", help=t("help_by"))]


@app.command("add", help=t("help_contact_add"))
def contact(
    person_id: PersonId,
    note: Annotated[str | None, typer.Argument(metavar=t("metavar_note"), help=t("help_note"))] = None,
    day: DateOpt = None,
    kind: Annotated[
        codes.ContactKind, code_option(codes.ContactKind, "--kind", help_key="help_contact_kind",
                                       default=codes.ContactKind.MET)
    ] = codes.ContactKind.MET,
    by: By = None,
) -> None:
    from boligreg.store.contacts import add_contact

    reg = state.register()
    day = day or reg.today
    add_contact(reg, person_id, day, kind=kind, by=by, note=note)
    if kind == codes.ContactKind.ATTEMPT:  # say what the register makes of it
        from boligreg.domain.timeline import last_contact

        last = last_contact(reg.history(person_id), day)
        done(t("done_contact_attempt", id=person_id.upper(), date=show_date(day),
               last=show_date(last) or "–"))
        return
    done(t("done_contact", id=person_id.upper(), date=show_date(day)))


@app.command("edit", help=t("help_contact_edit"))
def edit(
    person_id: PersonId,
    no: RecordNo,
    reason: ReasonOpt,
    day: Annotated[date | None, date_option("--date", help_key="help_contact_date")] = None,
    kind: Annotated[
        codes.ContactKind | None, code_option(codes.ContactKind, "--kind", help_key="help_contact_kind")
    ] = None,
    by: By = None,
    note: Annotated[str | None, typer.Option("--note", help=t("help_note"))] = None,
) -> None:
    from boligreg.store.contacts import edit_contact

    edit_contact(state.register(), person_id, no, reason, day=day, kind=kind, by=by, note=note)
    done(t("done_contact_edited", id=person_id.upper(), no=no))


@app.command("delete", help=t("help_contact_delete"))
def delete(person_id: PersonId, no: RecordNo, reason: ReasonOpt) -> None:
    from boligreg.store.contacts import delete_contact

    contact = delete_contact(state.register(), person_id, no, reason)
    done(t("done_contact_deleted", id=person_id.upper(), no=no, date=show_date(contact.date)))
