"""boligreg stay …: record where a person lives or stays from a date."""

from datetime import date
from typing import Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.options import PersonId, SituationArg, code_option, date_option
from boligreg.cli.output import done
from boligreg.cli.session import state
from boligreg.domain import codes
from boligreg.domain.dates import show_date
from boligreg.i18n import t

app = command_group("help_stay", no_args_is_help=True)


@app.command("add", help=t("help_stay_add"))
def add(
    person_id: PersonId,
    code: SituationArg,
    start: Annotated[date, date_option("--from", help_key="help_stay_from")],
    place: Annotated[str | None, typer.Option("--place", help=t("help_place"))] = None,
    release: Annotated[date | None, date_option("--release", help_key="help_release")] = None,
    noted: Annotated[date | None, date_option("--noted", help_key="help_noted")] = None,
    lease: Annotated[
        codes.Lease | None, code_option(codes.Lease, "--lease", help_key="help_lease")
    ] = None,
    lease_end: Annotated[date | None, date_option("--lease-end", help_key="help_lease_end")] = None,
    housing_first: Annotated[
        bool, typer.Option("--housing-first", help=t("help_housing_first"))
    ] = False,
    dwelling: Annotated[
        str | None, typer.Option("--dwelling", metavar="D0001", help=t("help_stay_dwelling"))
    ] = None,
) -> None:
    from boligreg.store.stays import add_stay

    reg = state.register()
    add_stay(
        reg, person_id, code, start, place=place, release=release, noted=noted, lease=lease,
        lease_end=lease_end, housing_first=housing_first, dwelling=dwelling,
    )
    key = "done_placement" if code in codes.PLACEMENTS else "done_stay"
    done(t(key, id=person_id.upper(), code=code.value, date=show_date(start)))


@app.command("release", help=t("help_stay_release"))
def release(
    person_id: PersonId,
    day: Annotated[date, date_option("--date", help_key="help_release")],
    noted: Annotated[date | None, date_option("--noted", help_key="help_noted")] = None,
) -> None:
    from boligreg.store.stays import set_release

    reg = state.register()
    set_release(reg, person_id, day, noted)
    done(t("done_release", id=person_id.upper(), date=show_date(day)))


@app.command("undo", help=t("help_stay_undo"))
def undo(person_id: PersonId) -> None:
    from boligreg.store.stays import undo_stay

    reg = state.register()
    stay = undo_stay(reg, person_id)
    done(t("done_stay_undone", id=person_id.upper(), code=stay.code.value,
           date=show_date(stay.start)))
