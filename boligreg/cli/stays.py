"""boligreg stay …: record where a person lives or stays from a date; correct or delete a stay."""

from datetime import date
from typing import Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.options import (
    PersonId,
    ReasonOpt,
    RecordNo,
    SituationArg,
    code_option,
    date_option,
)
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
    release: Annotated[date | None, date_option("--release", help_key="help_release", far=True)] = None,
    noted: Annotated[date | None, date_option("--noted", help_key="help_noted")] = None,
    lease: Annotated[
        codes.Lease | None, code_option(codes.Lease, "--lease", help_key="help_lease_new")
    ] = None,
    lease_end: Annotated[date | None, date_option("--lease-end", help_key="help_lease_end", far=True)] = None,
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
    day: Annotated[date, date_option("--date", help_key="help_release", far=True)],
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


@app.command("edit", help=t("help_stay_edit"))
def edit(
    person_id: PersonId,
    no: RecordNo,
    reason: ReasonOpt,
    code: Annotated[
        codes.Situation | None, code_option(codes.Situation, "--code", help_key="help_situation")
    ] = None,
    start: Annotated[date | None, date_option("--from", help_key="help_stay_from")] = None,
    place: Annotated[str | None, typer.Option("--place", help=t("help_place"))] = None,
    release: Annotated[date | None, date_option("--release", help_key="help_release")] = None,
    noted: Annotated[date | None, date_option("--noted", help_key="help_noted")] = None,
    lease: Annotated[
        codes.Lease | None, code_option(codes.Lease, "--lease", help_key="help_lease")
    ] = None,
    lease_end: Annotated[date | None, date_option("--lease-end", help_key="help_lease_end", far=True)] = None,
    housing_first: Annotated[
        bool | None, typer.Option("--housing-first/--no-housing-first", help=t("help_housing_first"))
    ] = None,
) -> None:
    from boligreg.store.stays import UNSET, edit_stay

    reg = state.register()
    given = {"place": place, "release": release, "lease_end": lease_end}
    _, new = edit_stay(reg, person_id, no, reason, code=code, start=start, noted=noted, lease=lease,
                       housing_first=housing_first,
                       **{k: (UNSET if v is None else v) for k, v in given.items()})
    done(t("done_stay_edited", id=person_id.upper(), no=no, code=new.code.value,
           date=show_date(new.start)))


@app.command("delete", help=t("help_stay_delete"))
def delete(person_id: PersonId, no: RecordNo, reason: ReasonOpt) -> None:
    from boligreg.store.stays import delete_stay

    stay = delete_stay(state.register(), person_id, no, reason)
    done(t("done_stay_deleted", id=person_id.upper(), no=no, code=stay.code.value,
           date=show_date(stay.start)))
