"""boligreg dwelling … and offer …: the municipal dwellings, their vacancies and leases, and
offers of a vacancy to persons on the waiting list."""

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.options import (
    CsvDialect,
    CsvDialectOpt,
    DateOpt,
    Format,
    FormatOpt,
    PersonId,
    code_option,
    code_parser,
    date_option,
    number_option,
)
from boligreg.cli.output import done, warn
from boligreg.cli.session import state
from boligreg.domain import codes
from boligreg.domain.codes import DeclineReason, DwellingKind
from boligreg.domain.dates import show_date
from boligreg.i18n import t
from boligreg.settings import DWELLING_FLOOR, DWELLING_ROOMS, DWELLING_SIZE

if TYPE_CHECKING:
    from boligreg.domain.housing import Candidate
    from boligreg.domain.models import History
    from boligreg.reports.housing import DwellingRow
    from boligreg.reports.status import LeaseEnding
    from boligreg.store.register import Register

app = command_group("help_dwelling", no_args_is_help=True, add_completion=False)
offer_app = command_group("help_offer", no_args_is_help=True, add_completion=False)

DwellingId = Annotated[str, typer.Argument(metavar="D0001", help=t("help_dwelling_id"))]
OfferId = Annotated[str, typer.Argument(metavar="O0001", help=t("help_offer_id"))]
Address = Annotated[str | None, typer.Option("--address", help=t("help_dwelling_address"))]
Rooms = Annotated[int | None, number_option("--rooms", low=DWELLING_ROOMS[0], high=DWELLING_ROOMS[1],
                                            help_key="help_rooms")]
Size = Annotated[int | None, number_option("--size", low=DWELLING_SIZE[0], high=DWELLING_SIZE[1],
                                           help_key="help_size")]
Kind = Annotated[
    DwellingKind | None,
    typer.Option("--kind", parser=code_parser(DwellingKind), metavar="KOMMUNAL|OMSORG",
                 help=t("help_dwelling_kind")),
]
Floor = Annotated[int | None, number_option("--floor", low=DWELLING_FLOOR[0], high=DWELLING_FLOOR[1],
                                            help_key="help_floor")]
Note = Annotated[str | None, typer.Option("--note", help=t("help_dwelling_note"))]


@app.command("add", help=t("help_dwelling_add"))
def add(
    address: Annotated[str, typer.Option("--address", help=t("help_dwelling_address"))],
    rooms: Annotated[int, number_option("--rooms", low=DWELLING_ROOMS[0], high=DWELLING_ROOMS[1],
                                        help_key="help_rooms")],
    size: Size = None,
    kind: Kind = None,
    accessible: Annotated[bool, typer.Option("--accessible", help=t("help_accessible"))] = False,
    floor: Floor = None,
    note: Note = None,
    vacant_from: Annotated[date | None, date_option("--vacant-from", help_key="help_vacant_from")] = None,
) -> None:
    from boligreg.store.dwellings import add_dwelling

    reg = state.register()
    dwelling_id = add_dwelling(reg, address=address, rooms=rooms, kind=kind or DwellingKind.KOMMUNAL,
                               size=size, accessible=accessible, floor=floor, note=note,
                               vacant_from=vacant_from)
    done(t("done_dwelling_added", id=dwelling_id))


def _import_help() -> str:
    """What the import does, then the fields and codes a mapping file may name (a paragraph
    after click's \\b keeps its line breaks). Written out in the catalog, not read from the
    vocabulary, so that no other dwelling command loads the import's reading half."""
    return "\n\n".join([t("help_dwelling_import"), t("help_import_steps"),
                       "\b\n" + t("help_dwelling_import_fields")])


@app.command("import", help=_import_help())
def import_(
    file: Annotated[Path, typer.Argument(metavar=t("metavar_sheet"),
                                         help=t("help_dwelling_import_file"), show_default=False)],
    sheet: Annotated[str | None, typer.Option("--sheet", metavar=t("metavar_name"),
                                              help=t("help_import_sheet"))] = None,
    header_row: Annotated[int | None, number_option("--header-row", low=1, high=1_048_576,
                                                    help_key="help_import_header_row")] = None,
    write_map: Annotated[Path | None, typer.Option("--write-map", metavar=t("metavar_map"),
                                                   help=t("help_import_write_map"))] = None,
    map_file: Annotated[Path | None, typer.Option("--map", metavar=t("metavar_map"),
                                                  help=t("help_import_map"))] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("help_import_dry_run"))] = False,
    rejects: Annotated[Path | None, typer.Option("--rejects", metavar=t("metavar_xlsx"),
                                                 help=t("help_import_rejects"))] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help_import_force"))] = False,
) -> None:
    from boligreg.cli.imports import import_dwelling_sheet

    import_dwelling_sheet(file, sheet=sheet, header_row=header_row, write_map=write_map,
                          map_file=map_file, dry_run=dry_run, rejects=rejects, force=force)


@app.command("update", help=t("help_dwelling_update"))
def update(
    dwelling_id: DwellingId,
    address: Address = None,
    rooms: Rooms = None,
    size: Size = None,
    kind: Kind = None,
    accessible: Annotated[
        bool | None, typer.Option("--accessible/--not-accessible", help=t("help_accessible"))
    ] = None,
    floor: Floor = None,
    note: Note = None,
) -> None:
    from boligreg.store.dwellings import update_dwelling

    reg = state.register()
    changes = update_dwelling(reg, dwelling_id, address=address, rooms=rooms, size=size, kind=kind,
                              accessible=accessible, floor=floor, note=note)
    done(t("done_dwelling_updated", id=dwelling_id.strip().upper(),
           fields=", ".join(t("col_dw_" + key) for key in changes)))


@app.command("vacant", help=t("help_dwelling_vacant"))
def vacant(
    dwelling_id: DwellingId,
    start: Annotated[date, date_option("--from", help_key="help_vacant_date")],
) -> None:
    from boligreg.domain.codes import MarkKind
    from boligreg.store.dwellings import mark_dwelling

    dwelling = mark_dwelling(state.register(), dwelling_id, start, MarkKind.VACANT)
    done(t("done_dwelling_vacant", id=dwelling.id, date=show_date(start)))


@app.command("let", help=t("help_dwelling_let"))
def let(
    dwelling_id: DwellingId,
    start: Annotated[date, date_option("--from", help_key="help_let_date")],
) -> None:
    from boligreg.domain.codes import MarkKind
    from boligreg.store.dwellings import mark_dwelling

    dwelling = mark_dwelling(state.register(), dwelling_id, start, MarkKind.LET)
    done(t("done_dwelling_let", id=dwelling.id, date=show_date(start)))


def state_text(row: "DwellingRow") -> str:
    """Where the dwelling stands, in words: «ledig fra 01.05.2016», «utleid til P0003 …»."""
    if row.state == "vacant":
        text = t("dw_state_vacant", date=show_date(row.since))
    elif row.state == "let":
        text = t("dw_state_let", tenant=row.tenant or "", name=row.tenant_name or "",
                 date=show_date(row.since))
    elif row.state == "not_ready":
        text = t("dw_state_not_ready", date=show_date(row.until))
    elif row.free_from:  # each fact once: let outside until the day it is free
        text = t("dw_state_let_outside_until", date=show_date(row.free_from))
    else:
        text = t("dw_state_let_outside")
    said = row.state in ("vacant", "let_outside") or (row.state == "not_ready" and row.until == row.free_from)
    if row.free_from and not said:  # vacant ahead: that first, then how it is now
        text = t("dw_free_from", date=show_date(row.free_from)) + " · " + t("dw_now", state=text)
    if row.open_offer:
        text += " · " + t("dw_offered", offer=row.open_offer)
    return text


def lease_text(lease: str | None, end: date | None, short: bool = False) -> str:
    if not lease:
        return ""
    return (t(("lease_short_" if short else "lease_") + lease) + " " + show_date(end)).strip()


LIST_KEYS = ("id", "address", "rooms", "size", "kind", "accessible", "floor", "state", "lease")


@app.command("list", help=t("help_dwelling_list"))
def list_(
    vacant_only: Annotated[bool, typer.Option("--vacant", help=t("help_dwelling_list_vacant"))] = False,
    fmt: FormatOpt = Format.TABLE,
    dialect: CsvDialectOpt = None,
) -> None:
    from dataclasses import asdict

    from boligreg.cli.output import screen, write, write_csv, write_json
    from boligreg.cli.text_table import grid, lines_of
    from boligreg.reports.housing import dwelling_rows

    reg = state.register()
    rows = dwelling_rows(reg, reg.today, vacant_only)
    if fmt == Format.JSON:
        write_json(asdict(row) for row in rows)
        return
    headers = [t("col_dw_" + key) for key in LIST_KEYS]
    cells = [[r.id, r.address, r.rooms, r.size, r.kind, r.accessible, r.floor, state_text(r),
              lease_text(r.lease, r.lease_end)] for r in rows]
    if fmt == Format.CSV:
        write_csv(headers, cells, CsvDialect.for_language(dialect))
        return
    # the terminal shows what a coordinator looks for, narrow enough for 80 columns (the kind and
    # accessibility as letters after the rooms; size and floor in show, CSV and JSON)
    shown = [[r.id, r.address, " ".join([str(r.rooms)] + (["O"] if r.kind == "OMSORG" else [])
                                        + (["T"] if r.accessible else [])),
              list_state_text(r), lease_text(r.lease, r.lease_end, short=True)] for r in rows]
    short = [t(k) for k in ("col_dw_id", "col_dw_address", "col_dw_rooms", "col_dw_state",
                            "col_dw_lease")]
    where = screen()
    write([*grid(short, shown, where.width, flexible=(1, 3)),
           *lines_of(t("count_dwellings", n=len(rows)) + " · " + t("dw_list_legend"), where.width)], where)


def list_state_text(row: "DwellingRow") -> str:
    """Where the dwelling stands, short for the list: the tenant's id and name, or «ledig fra …»."""
    if row.state == "let":
        text = f"{row.tenant} {row.tenant_name or ''}".strip()
    elif row.state == "let_outside" and not row.free_from:
        text = t("dw_state_let_outside")
    else:
        return state_text(row)
    return text + (" · " + t("dw_offered", offer=row.open_offer) if row.open_offer else "")


@app.command("show", help=t("help_dwelling_show"))
def show(dwelling_id: DwellingId) -> None:
    from boligreg.cli.output import screen, write
    from boligreg.cli.text_table import Line, facts, grid, paragraph
    from boligreg.reports.housing import names_of
    from boligreg.store.dwellings import occupancies, offers

    reg = state.register()
    with reg.reading():
        dwelling, lets, marks, _ = occupancies(reg, [dwelling_id])[dwelling_id.strip().upper()]
        made = offers(reg, dwelling_ids=[dwelling.id])
        names = names_of(reg, {t_.person_id for t_ in lets} | {o.person_id for o in made})
    from boligreg.reports.housing import dwelling_rows

    row = dwelling_rows(reg, reg.today, ids=[dwelling.id])[0]
    fields = [
        (t("col_dw_id"), dwelling.id), (t("col_dw_address"), dwelling.address),
        (t("col_dw_rooms"), str(dwelling.rooms)),
        (t("col_dw_size"), f"{dwelling.size} m²" if dwelling.size else ""),
        (t("col_dw_kind"), f"{dwelling.kind.value} {t('code_' + dwelling.kind.value)}"),
        (t("col_dw_accessible"), t("yes") if dwelling.accessible else t("no")),
        (t("col_dw_floor"), "" if dwelling.floor is None else str(dwelling.floor)),
        (t("col_dw_note"), dwelling.note or ""),
        (t("col_dw_registered"), show_date(dwelling.registered)),
        (t("col_dw_state"), state_text(row)),
        (t("col_lease"), lease_text(row.lease, row.lease_end)),
    ]
    where = screen()
    terminal = where.width
    lines: list[Line] = facts([(label, value) for label, value in fields if value], terminal, label_style="head")
    tenancy_cells = [[show_date(x.start), show_date(x.end), x.person_id, names.get(x.person_id, ""),
                      lease_text(x.lease.value if x.lease else None, x.lease_end)] for x in lets]
    mark_cells = [[show_date(m.date), t("dw_mark_" + m.kind.value)] for m in marks]
    if tenancy_cells:
        lines += [[], *paragraph([(t("title_tenancies"), "title")], terminal), *grid(
            [t(k) for k in ("col_from", "col_to", "col_person", "col_name", "col_lease")],
            tenancy_cells, terminal, flexible=(3, 4))]
    if mark_cells:
        lines += [[], *paragraph([(t("title_marks"), "title")], terminal),
                  *grid([t("col_date"), t("col_kind")], mark_cells, terminal, flexible=(1,))]
    if made:
        offer_cells = [[o.id, show_date(o.date), o.person_id, names.get(o.person_id, ""),
                        offer_outcome_text(o.outcome.value if o.outcome else None,
                                           o.reason.value if o.reason else None),
                        show_date(o.decided)] for o in made]
        lines += [[], *paragraph([(t("title_offers"), "title")], terminal), *grid(
            [t(k) for k in ("col_offer_id", "col_date", "col_person", "col_name", "col_outcome",
                            "col_answered_on")],
            offer_cells, terminal, flexible=(3, 4))]
    write(lines, where)


def offer_outcome_text(outcome: str | None, reason: str | None) -> str:
    if outcome is None:
        return t("open")
    text = t("offer_" + outcome)
    return f"{text} ({t('decline_' + reason)})" if reason else text


@app.command("leases", help=t("help_dwelling_leases"))
def leases(
    before: Annotated[date | None, date_option("--ending-before", help_key="help_ending_before", far=True)] = None,
    fmt: FormatOpt = Format.TABLE,
    dialect: CsvDialectOpt = None,
) -> None:
    from dataclasses import asdict

    from boligreg.cli.output import screen, write, write_csv, write_json
    from boligreg.cli.text_table import grid, lines_of
    from boligreg.reports.housing import leases_before

    reg = state.register()
    until = before or reg.today + timedelta(days=reg.settings.lease_reminder_days + 1)
    found: list[LeaseEnding] = leases_before(reg, reg.today, until)
    if fmt == Format.JSON:
        write_json(asdict(lease) for lease in found)
        return
    headers = [t(k) for k in ("col_dwelling", "col_dw_address", "col_person", "col_name",
                              "col_lease_end", "col_next_step")]
    cells = [[lease.dwelling_id, lease.address, lease.id, lease.name, lease.lease_end,
              lease.next_step] for lease in found]
    if fmt == Format.CSV:
        write_csv(headers, cells, CsvDialect.for_language(dialect))
        return
    shown = [[lease.dwelling_id or "", lease.address or "", lease.id, lease.name,
              f"{show_date(lease.lease_end)} ({days_text(lease.days_left)})", lease.next_step or ""]
             for lease in found]
    where = screen()
    write([*grid(headers, shown, where.width, flexible=(1, 3, 4, 5)),
           *lines_of(t("count_leases", n=len(found), date=show_date(until)), where.width)], where)


def days_text(days: int) -> str:
    return t("lease_days_left", n=days) if days >= 0 else t("lease_days_over", n=-days)


def why_text(item: "Candidate") -> str:
    """Why a candidate ranks where they do, in words."""
    parts = []
    if item.homeless:
        parts.append(t("why_homeless", code=item.situation.value if item.situation else ""))
    elif item.inactive:
        parts.append(t("why_inactive", code=item.situation.value if item.situation else "–"))
    else:
        parts.append(t("why_not_homeless", code=item.situation.value if item.situation else "–"))
    parts.append(t("why_waiting", n=item.days_waiting, date=show_date(item.entry.granted)))
    parts.append(t("why_household", n=item.children) if item.children else t("why_household_none"))
    if item.entry.accessible:
        parts.append(t("why_accessible"))
    if item.entry.open_offer is not None:
        parts.append(t("why_open_offer", offer=item.entry.open_offer.id,
                       dwelling=item.entry.open_offer.dwelling_id))
    for offer in item.entry.declined:
        parts.append(t("why_declined", dwelling=offer.dwelling_id, date=show_date(offer.decided),
                       reason=t("decline_" + (offer.reason.value if offer.reason else "other"))))
    return "; ".join(parts)


@app.command("suggest", help=t("help_dwelling_suggest"))
def suggest(
    dwelling_id: DwellingId,
    day: DateOpt = None,
    limit: Annotated[int, number_option("--limit", low=1, high=100000, help_key="help_suggest_limit")] = 20,
) -> None:
    from boligreg.domain.housing import RoomRule
    from boligreg.store.dwellings import suggestions

    reg = state.register()
    day = day or reg.today
    dwelling, found, left_out = suggestions(reg, dwelling_id, day)
    rule = RoomRule.of(reg.settings)
    out = [t("suggest_title", id=dwelling.id, address=dwelling.address, rooms=dwelling.rooms,
             accessible=t("suggest_accessible") if dwelling.accessible else "", date=show_date(day)),
           t("suggest_rule", adults=rule.adults, per_child=rule.per_child, extra=rule.extra,
             first=t("suggest_homeless_first") if reg.settings.priority_homeless else t("suggest_no_priority"))]
    from boligreg.cli.output import screen, write
    from boligreg.cli.text_table import Line, paragraph

    out[1:1] = vacancy_notes(reg, dwelling.id)  # first: a dwelling not vacant, or offered
    where = screen()
    lines: list[Line] = [line for text in out for line in paragraph(text, where.width)]
    for rank, (item, history) in enumerate(found[:limit], start=1):
        lines += paragraph([(f"{rank:>3}. {item.entry.person_id}  ", None), (history_name(history), "head")],
                           where.width, hanging=5)
        lines += paragraph(why_text(item), where.width, indent=5, hanging=0)
    tail = []
    if not found:  # nobody fits: said once, with how many were weighed
        tail.append("  " + (t("suggest_none_fit", n=left_out) if left_out else t("suggest_none")))
    elif len(found) > limit:
        tail.append(t("suggest_more", n=len(found) - limit))
    if left_out and found:
        tail.append(t("suggest_left_out", n=left_out))
    write([*lines, *(line for text in tail for line in paragraph(text, where.width))], where)


def vacancy_notes(reg: "Register", dwelling_id: str) -> list[str]:
    """What a suggestion's reader must know first: the dwelling is not vacant (let, being made
    ready), or it is offered to someone already."""
    from boligreg.domain.housing import free_from
    from boligreg.store.dwellings import occupancies, offers

    _, _, _, periods = occupancies(reg, [dwelling_id])[dwelling_id]
    notes = []
    if free_from(periods) is None:
        last = periods[-1]
        notes.append(t("suggest_let", id=dwelling_id, tenant=last.tenant) if last.tenant
                     else t("suggest_not_vacant", id=dwelling_id))
    pending = [o for o in offers(reg, dwelling_ids=[dwelling_id]) if o.outcome is None]
    if pending:
        notes.append(t("suggest_offered", id=dwelling_id, offer=pending[0].id,
                       person=pending[0].person_id))
    return notes


def history_name(history: "History") -> str:
    return history.person.display_name


@app.command("offer", help=t("help_dwelling_offer"))
def offer(dwelling_id: DwellingId, person_id: PersonId, day: DateOpt = None) -> None:
    from boligreg.store.dwellings import make_offer, offer_misfit

    reg = state.register()
    day = day or reg.today
    offer_id = make_offer(reg, dwelling_id, person_id, day)
    misfit = offer_misfit(reg, offer_id)
    if misfit is not None:  # offered all the same: one line, as person add warns
        warn(t(misfit[0], **misfit[1]))
    done(t("done_offer", offer=offer_id, id=dwelling_id.strip().upper(), person=person_id.strip().upper(),
           date=show_date(day)))


@offer_app.command("accept", help=t("help_offer_accept"))
def accept(
    offer_id: OfferId,
    day: DateOpt = None,
    move_in: Annotated[date | None, date_option("--from", help_key="help_move_in")] = None,
    lease: Annotated[
        codes.Lease | None, code_option(codes.Lease, "--lease", help_key="help_lease_new")
    ] = None,
    lease_end: Annotated[date | None, date_option("--lease-end", help_key="help_lease_end", far=True)] = None,
    housing_first: Annotated[bool, typer.Option("--housing-first", help=t("help_housing_first"))] = False,
) -> None:
    from boligreg.store.dwellings import accept_offer

    reg = state.register()
    found, start = accept_offer(reg, offer_id, day or reg.today, move_in=move_in, lease=lease,
                                lease_end=lease_end, housing_first=housing_first)
    done(t("done_offer_accepted", offer=found.id, person=found.person_id, id=found.dwelling_id,
           date=show_date(start)))


@offer_app.command("decline", help=t("help_offer_decline"))
def decline(
    offer_id: OfferId,
    reason: Annotated[DeclineReason, code_option(DeclineReason, "--reason", help_key="help_decline_reason")],
    day: DateOpt = None,
) -> None:
    from boligreg.store.dwellings import decline_offer

    reg = state.register()
    found = decline_offer(reg, offer_id, day or reg.today, reason)
    done(t("done_offer_declined", offer=found.id, person=found.person_id, id=found.dwelling_id,
           reason=t("decline_" + reason.value)))


@offer_app.command("list", help=t("help_offer_list"))
def offer_list(
    open_only: Annotated[bool, typer.Option("--open", help=t("help_offer_list_open"))] = False,
) -> None:
    from boligreg.cli.output import screen, write
    from boligreg.cli.text_table import grid, lines_of
    from boligreg.reports.housing import names_of
    from boligreg.store.dwellings import offers

    reg = state.register()
    with reg.reading():
        made = [o for o in offers(reg) if not open_only or o.outcome is None]
        names = names_of(reg, {o.person_id for o in made})
    cells = [[o.id, o.dwelling_id, show_date(o.date), o.person_id, names.get(o.person_id, ""),
              offer_outcome_text(o.outcome.value if o.outcome else None, o.reason.value if o.reason else None),
              show_date(o.decided)] for o in made]
    headers = [t(k) for k in ("col_offer_id", "col_dwelling", "col_date", "col_person", "col_name",
                              "col_outcome", "col_answered_on")]
    where = screen()
    write([*grid(headers, cells, where.width, flexible=(4, 5)), *lines_of(t("count_offers", n=len(made)), where.width)],
          where)
