"""boligreg rental … and bolighefte: private rentals NAV can fund, and the monthly booklet of them."""

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.options import (
    CsvDialect,
    CsvDialectOpt,
    Format,
    FormatOpt,
    date_option,
    number_option,
)
from boligreg.cli.output import done
from boligreg.cli.session import state
from boligreg.domain.dates import show_date
from boligreg.i18n import t

if TYPE_CHECKING:
    from boligreg.cli.text_table import Line
    from boligreg.domain.housing import Rental
    from boligreg.reports.housing import Booklet

app = command_group("help_rental", no_args_is_help=True, add_completion=False)

RentalId = Annotated[str, typer.Argument(metavar="R0001", help=t("help_rental_id"))]
Rent = Annotated[int | None, number_option("--rent", low=0, high=999999, help_key="help_rent", kroner=True)]
Rooms = Annotated[int | None, number_option("--rooms", low=1, high=20, help_key="help_rooms")]
Landlord = Annotated[str | None, typer.Option("--landlord", help=t("help_landlord"))]
Available = Annotated[date | None, date_option("--available", help_key="help_available")]
Until = Annotated[date | None, date_option("--until", help_key="help_until")]


@app.command("add", help=t("help_rental_add"))
def add(
    address: Annotated[str, typer.Option("--address", help=t("help_rental_address"))],
    rent: Annotated[int, number_option("--rent", low=0, high=999999, help_key="help_rent", kroner=True)],
    rooms: Annotated[int, number_option("--rooms", low=1, high=20, help_key="help_rooms")],
    deposit_guarantee: Annotated[
        bool, typer.Option("--deposit-guarantee", help=t("help_deposit_guarantee"))] = False,
    bostotte: Annotated[bool, typer.Option("--bostotte", help=t("help_bostotte"))] = False,
    landlord: Landlord = None,
    available: Available = None,
    until: Until = None,
) -> None:
    from boligreg.store.rentals import add_rental

    reg = state.register()
    rental_id = add_rental(reg, address=address, rent=rent, rooms=rooms, available=available,
                           until=until, deposit_guarantee=deposit_guarantee, bostotte=bostotte,
                           landlord=landlord)
    done(t("done_rental_added", id=rental_id))


@app.command("update", help=t("help_rental_update"))
def update(
    rental_id: RentalId,
    address: Annotated[str | None, typer.Option("--address", help=t("help_rental_address"))] = None,
    rent: Rent = None,
    rooms: Rooms = None,
    deposit_guarantee: Annotated[bool | None, typer.Option(
        "--deposit-guarantee/--no-deposit-guarantee", help=t("help_deposit_guarantee"))] = None,
    bostotte: Annotated[bool | None, typer.Option("--bostotte/--no-bostotte", help=t("help_bostotte"))] = None,
    landlord: Landlord = None,
    available: Available = None,
    until: Until = None,
) -> None:
    from boligreg.store.rentals import update_rental

    reg = state.register()
    changes = update_rental(reg, rental_id, address=address, rent=rent, rooms=rooms,
                            deposit_guarantee=deposit_guarantee, bostotte=bostotte,
                            landlord=landlord, available=available, until=until)
    done(t("done_rental_updated", id=rental_id.strip().upper(),
           fields=", ".join(t("col_rt_" + key) for key in changes)))


@app.command("list", help=t("help_rental_list"))
def list_(
    all_: Annotated[bool, typer.Option("--all", help=t("help_rental_list_all"))] = False,
    fmt: FormatOpt = Format.TABLE,
    dialect: CsvDialectOpt = None,
) -> None:
    from dataclasses import asdict

    from boligreg.cli.output import screen, write, write_csv, write_json
    from boligreg.cli.text_table import grid, lines_of
    from boligreg.reports.housing import accepts, kroner
    from boligreg.store.rentals import all_rentals

    reg = state.register()
    rentals = [r for r in all_rentals(reg) if all_ or r.until is None or r.until >= reg.today]
    if fmt == Format.JSON:
        write_json(asdict(r) for r in rentals)
        return
    keys = ("id", "address", "rooms", "rent", "accepts", "available", "until", "landlord")
    headers = [t("col_rt_" + k) for k in keys]
    rows = [[r.id, r.address, r.rooms, r.rent, accepts(r), r.available, r.until, r.landlord]
            for r in rentals]
    if fmt == Format.CSV:
        write_csv(headers, rows, CsvDialect.for_language(dialect))
        return
    # on screen the period is one column, as on the bolighefte's printout, so 80 columns hold it
    shown = [t(k) for k in ("col_rt_id", "col_rt_address", "col_rt_rooms", "col_rt_rent",
                            "col_rt_accepts", "col_rt_period", "col_rt_landlord")]
    cells = [[r.id, r.address, str(r.rooms), kroner(r.rent), accepts(r), period_text(r),
              r.landlord or ""] for r in rentals]
    where = screen()
    write([*grid(shown, cells, where.width, flexible=(1, 4, 5, 6), right=(2, 3)),
           *lines_of(t("count_rentals", n=len(rentals)), where.width)], where)


def period_text(rental: "Rental") -> str:
    """When a rental is free, as the bolighefte prints it: 14.10.2026–28.12.2026, or from a
    day with no end."""
    start = show_date(rental.available)
    return f"{start}– {show_date(rental.until)}" if rental.until else start


def bolighefte(
    month: Annotated[str | None, typer.Option("--month", metavar="2016-03", help=t("help_month"))] = None,
    print_to: Annotated[
        Path | None, typer.Option("--print", metavar=t("metavar_html"), help=t("help_bolighefte_print"))
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help_force"))] = False,
) -> None:
    from boligreg.domain.housing import parse_month
    from boligreg.reports.housing import bolighefte as booklet_for

    first = parse_month(month) if month is not None else None
    if first is not None:  # the window every typed date keeps (9999-12 is a typing slip)
        from boligreg.cli.session import today
        from boligreg.domain.dates import in_typed_window

        in_typed_window(first, today())
    if print_to is not None:
        from boligreg.files import check_target

        check_target(print_to, force, suffix=".html")
    reg = state.register()
    booklet = booklet_for(reg, first or reg.today.replace(day=1))
    if print_to is not None:
        from boligreg.reports.housing import write_bolighefte_html

        write_bolighefte_html(booklet, print_to, force=force)
        from boligreg.cli.output import say

        say(t("done_print", path=str(print_to)))
    else:
        from boligreg.cli.output import screen, write

        where = screen()
        write(booklet_lines(booklet, where.width), where)
    if booklet.unset:
        print(t("bolighefte_unset", sizes=", ".join(f"nav-limit.{n}" for n in booklet.unset)),
              file=sys.stderr)


def booklet_lines(booklet: "Booklet", width: int) -> list["Line"]:
    from boligreg.cli.text_table import grid, paragraph
    from boligreg.reports.housing import accepts, group_title, kroner, month_name

    lines = [*paragraph([(t("bolighefte_title", month=month_name(booklet.month),
                                municipality=booklet.municipality or t("register")), "title")], width),
             *paragraph(t("bolighefte_intro"), width)]
    headers = [t(k) for k in ("col_rt_address", "col_rt_rooms", "col_rt_rent", "col_rt_accepts",
                              "col_rt_available", "col_rt_landlord")]
    for group in booklet.groups:
        lines += [[], *paragraph([(group_title(group), "title")], width)]
        cells = [[r.address, str(r.rooms), kroner(r.rent), accepts(r), show_date(r.available),
                  r.landlord or ""] for r in group.rentals]
        lines += grid(headers, cells, width, flexible=(0, 3, 5)) if cells else paragraph(
            "  " + t("bolighefte_none"), width)
    return lines
