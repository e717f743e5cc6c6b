"""The housing side's figures and lists: vacancies, offers, allocations, turnover and leases of
the municipal dwellings; Housing First follow-up; the dwelling list, the leases running out and
the month's bolighefte.

Every figure is counted by a rule of domain/housing.py over the records the store reads. The
figures are aggregates, as the period report's are (`report`, `report --format json`, the
workbook's last sheets); `extend_report_model` gives the suppression model their cells.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from statistics import mean, median
from typing import TYPE_CHECKING

from pydantic import BaseModel

from boligreg.domain.codes import Gender
from boligreg.domain.housing import (
    DeclineReason,
    Dwelling,
    DwellingKind,
    HfAnswer,
    HfEndReason,
    Occupancy,
    OfferOutcome,
    Period,
    Rental,
    RoomRule,
    Tenancy,
    allocations,
    free_from,
    listed_in,
    month_days,
    move_in,
    occupancy_on,
    overlaps,
    participation_state,
    retention,
    share,
    tenancies_ended,
    vacancies,
    vacancy_days,
    within_nav_limit,
)
from boligreg.domain.models import History, Person
from boligreg.domain.timeline import episodes
from boligreg.settings import NAV_LIMIT_SIZES

if TYPE_CHECKING:
    from pathlib import Path

    from boligreg.reports.figures import PeriodFigures
    from boligreg.reports.suppression import Model
    from boligreg.reports.tables import Section
    from boligreg.store.register import Register

GENDERS = (*(g.value for g in Gender), "unknown")


class DwellingFigures(BaseModel):
    """The municipal dwellings in the period [from, to]."""

    stock: int
    stock_by_kind: dict[str, int]
    stock_accessible: int
    vacancies: int  # vacant on at least one day of the period
    vacancies_new: int  # fell vacant in the period
    vacancies_filled: int  # let again in the period
    vacant_end: int  # vacant on the period's last day
    days_vacant_median: float | None  # of the vacancies filled in the period
    days_vacant_mean: float | None
    offers: int  # made in the period
    offers_accepted: int  # answered in the period
    offers_declined: int
    declined_by_reason: dict[str, int]
    allocations: int  # lettings begun in the period, in the register or outside it
    allocations_homeless: int  # of these, placements that ended a homeless episode
    tenancies_start: int  # in force on the period's first day
    tenancies_ended: int  # ended in the period
    tenancies_end: int  # in force on the period's last day (in the register or outside it)
    turnover: float | None  # tenancies_ended / tenancies_start
    leases_end: int  # of tenancies_end, those in the register (with a lease)
    leases_fixed_end: int  # of these, fixed-term
    fixed_share: float | None


class HousingFirstFollowUp(BaseModel):
    """Housing First participations (housing-first invite/accept/decline/end) in the period."""

    invited: int
    accepted: int
    declined: int
    active_end: int
    active_by_gender: dict[str, int]
    ended: int
    ended_by_reason: dict[str, int]
    moved_in: int
    months: int  # followed this many months after moving in (config housing-first-months)
    reached: int  # moving in + months fell in the period
    still_housed: int  # of these, in a home on that day
    returned: int  # of these, homeless again at some time within the months


# --- the figures -------------------------------------------------------------------------------


def housing_figures(reg: "Register", start: date, end: date
                    ) -> tuple[DwellingFigures, HousingFirstFollowUp]:
    from boligreg.store.dwellings import occupancies, offers
    from boligreg.store.housing_reads import participations

    with reg.reading():
        dwellings = occupancies(reg)
        made = offers(reg)
        taken = {p.stay_id for _, _, _, periods in dwellings.values() for p in periods
                 if p.tenant and p.start is not None and start <= p.start <= end}
        tenant_ids = {t.person_id for _, lets, _, _ in dwellings.values() for t in lets
                      if t.stay_id in taken}
        tenants = reg.histories(tenant_ids, steps=False)
        first = participations(reg)
        followed = {h.person.id: h for h in reg.histories(first, steps=False)}
        settings = reg.settings
    inactive = settings.inactive_after_days
    housed_from_homeless = {ep.placement.id for h in tenants for ep in episodes(h, inactive)
                            if ep.placement is not None}
    dwelling_figures = count_dwellings(list(dwellings.values()), made, housed_from_homeless,
                                       start, end)
    follow_up = count_housing_first(first, followed, start, end, inactive,
                                    settings.housing_first_months)
    return dwelling_figures, follow_up


def count_dwellings(dwellings: list[tuple[Dwelling, list[Tenancy], list, list[Period]]],
                    made: list, from_homeless: set[int], start: date, end: date) -> DwellingFigures:
    counts: Counter = Counter()
    waits: list[int] = []
    for dwelling, lets, _, periods in dwellings:
        counts["stock"] += 1
        counts["kind", dwelling.kind.value] += 1
        counts["accessible"] += dwelling.accessible
        for vacancy in vacancies(periods):
            assert vacancy.start is not None
            counts["vacancies"] += overlaps(vacancy, start, end)
            counts["vacancies_new"] += start <= vacancy.start <= end
            if vacancy.end is not None and start <= vacancy.end <= end:
                counts["vacancies_filled"] += 1
                waits.append(vacancy_days(vacancy, end))
        counts["vacant_end"] += occupancy_on(periods, end).state == Occupancy.VACANT
        for letting in allocations(periods, start, end, from_homeless):
            counts["allocations"] += 1
            counts["allocations_homeless"] += letting.stay_id in from_homeless
        let = (Occupancy.LET, Occupancy.LET_OUTSIDE)  # in the register or outside it, both ends
        counts["tenancies_start"] += occupancy_on(periods, start).state in let
        counts["tenancies_end"] += occupancy_on(periods, end).state in let
        counts["tenancies_ended"] += tenancies_ended(periods, start, end)
        last = occupancy_on(periods, end)
        if last.state == Occupancy.LET:
            counts["leases_end"] += 1
            lease = next((t.lease for t in lets if t.stay_id == last.stay_id), None)
            counts["leases_fixed_end"] += lease is not None and lease.value == "fixed"
    for offer in made:
        counts["offers"] += start <= offer.date <= end
        if offer.decided is not None and start <= offer.decided <= end:
            if offer.outcome == OfferOutcome.ACCEPTED:
                counts["offers_accepted"] += 1
            else:
                counts["offers_declined"] += 1
                counts["reason", offer.reason.value if offer.reason else "other"] += 1
    return DwellingFigures(
        stock=counts["stock"],
        stock_by_kind={k.value: counts["kind", k.value] for k in DwellingKind},
        stock_accessible=counts["accessible"],
        vacancies=counts["vacancies"], vacancies_new=counts["vacancies_new"],
        vacancies_filled=counts["vacancies_filled"], vacant_end=counts["vacant_end"],
        days_vacant_median=float(median(waits)) if waits else None,
        days_vacant_mean=round(mean(waits), 1) if waits else None,
        offers=counts["offers"], offers_accepted=counts["offers_accepted"],
        offers_declined=counts["offers_declined"],
        declined_by_reason={r.value: counts["reason", r.value] for r in DeclineReason},
        allocations=counts["allocations"], allocations_homeless=counts["allocations_homeless"],
        tenancies_start=counts["tenancies_start"], tenancies_ended=counts["tenancies_ended"],
        turnover=share(counts["tenancies_ended"], counts["tenancies_start"]),
        tenancies_end=counts["tenancies_end"],
        leases_end=counts["leases_end"], leases_fixed_end=counts["leases_fixed_end"],
        fixed_share=share(counts["leases_fixed_end"], counts["leases_end"]),
    )


def count_housing_first(participations: dict[str, list], histories: dict[str, History],
                        start: date, end: date, inactive_after_days: int,
                        months: int) -> HousingFirstFollowUp:
    counts: Counter = Counter()
    for person_id, theirs in participations.items():
        history = histories[person_id]
        starts = [e.start for e in episodes(history, inactive_after_days)]
        for p in theirs:
            counts["invited"] += start <= p.invited <= end
            if p.answered is not None and start <= p.answered <= end:
                counts["accepted" if p.answer == HfAnswer.ACCEPTED else "declined"] += 1
            if participation_state(p, end) == "active":
                counts["active_end"] += 1
                gender = history.person.gender
                counts["gender", gender.value if gender else "unknown"] += 1
            if p.ended is not None and start <= p.ended <= end:
                counts["ended"] += 1
                counts["reason", p.end_reason.value if p.end_reason else "other"] += 1
            home = move_in(p, history.stays)
            counts["moved_in"] += home is not None and start <= home.start <= end
            followed = retention(p, history, starts, months)
            if followed is not None and start <= followed.mark <= end:
                counts["reached"] += 1
                counts["still_housed"] += followed.still_housed
                counts["returned"] += followed.returned
    return HousingFirstFollowUp(
        invited=counts["invited"], accepted=counts["accepted"], declined=counts["declined"],
        active_end=counts["active_end"],
        active_by_gender={g: counts["gender", g] for g in GENDERS},
        ended=counts["ended"], ended_by_reason={r.value: counts["reason", r.value] for r in HfEndReason},
        moved_in=counts["moved_in"], months=months, reached=counts["reached"],
        still_housed=counts["still_housed"], returned=counts["returned"],
    )


# --- the sheets --------------------------------------------------------------------------------


def housing_sections(f: "PeriodFigures") -> list["Section"]:
    """The housing side's sheets, after the others (reports/tables.sections appends them)."""
    from boligreg.i18n import t
    from boligreg.reports.tables import Row, Section

    result = []
    d = f.dwellings
    if d is not None:
        rows = [
            Row(t("fig_dw_stock"), [d.stock, None]),
            *[Row(f"  {t('code_' + k)}", [v, None]) for k, v in d.stock_by_kind.items()],
            Row(t("fig_dw_accessible"), [d.stock_accessible, None]),
            Row(t("fig_dw_vacancies"), [d.vacancies, None]),
            Row(t("fig_dw_vacancies_new"), [d.vacancies_new, None]),
            Row(t("fig_dw_vacancies_filled"), [d.vacancies_filled, None]),
            Row(t("fig_dw_vacant_end"), [d.vacant_end, None]),
            Row(t("fig_dw_days_median"), [d.days_vacant_median, None], "days"),
            Row(t("fig_dw_days_mean"), [d.days_vacant_mean, None], "days"),
            Row(t("fig_dw_offers"), [d.offers, None]),
            Row(t("fig_dw_offers_accepted"), [d.offers_accepted, None]),
            Row(t("fig_dw_offers_declined"), [d.offers_declined, None]),
            *[Row(f"  {t('decline_' + k)}", [v, None]) for k, v in d.declined_by_reason.items()],
            Row(t("fig_dw_allocations"), [d.allocations, None]),
            Row(t("fig_dw_allocations_homeless"),
                [d.allocations_homeless, share(d.allocations_homeless, d.allocations)], "count_share"),
            Row(t("fig_dw_tenancies_start"), [d.tenancies_start, None]),
            Row(t("fig_dw_tenancies_ended"), [d.tenancies_ended, d.turnover], "count_share"),
            Row(t("fig_dw_tenancies_end"), [d.tenancies_end, None]),
            Row(t("fig_dw_leases_end"), [d.leases_end, None]),
            Row(t("fig_dw_fixed"), [d.leases_fixed_end, d.fixed_share], "count_share"),
        ]
        result.append(Section("dwellings", t("sheet_dwellings"),
                              [t("col_category"), t("col_count"), t("col_share")], rows))
    h = f.housing_first_follow_up
    if h is not None:
        rows = [
            Row(t("fig_hff_invited"), [h.invited]),
            Row(t("fig_hff_accepted"), [h.accepted]),
            Row(t("fig_hff_declined"), [h.declined]),
            Row(t("fig_hff_active_end"), [h.active_end]),
            *[Row(f"  {t('gender_' + g)}", [v]) for g, v in h.active_by_gender.items()],
            Row(t("fig_hff_ended"), [h.ended]),
            *[Row(f"  {t('hf_end_' + k)}", [v]) for k, v in h.ended_by_reason.items()],
            Row(t("fig_hff_moved_in"), [h.moved_in]),
            Row(t("fig_hff_reached", n=h.months), [h.reached]),
            Row(t("fig_hff_still", n=h.months), [h.still_housed]),
            Row(t("fig_hff_returned", n=h.months), [h.returned]),
        ]
        result.append(Section("housing_first_follow_up", t("sheet_housing_first_follow_up"),
                              [t("col_category"), t("col_count")], rows))
    return result


def extend_report_model(model: "Model", f: "PeriodFigures") -> None:
    """The housing sheets' cells, relations and places in the suppression model of the Husbanken
    workbook (reports.suppression.report_model builds the rest): after `report_model(figures)`,
    `extend_report_model(model, figures)`, then `suppress(model)` hides these counts too.
    Relations: the stock is the sum by kind, accessible ones among it; vacancies begun, filled
    and standing at the end are among the period's vacancies; declined offers the sum by
    reason; homeless among the allocations; fixed-term among the leases at the end; the active
    participants the sum by gender, the ended the sum by reason, those still housed and those
    who returned among those followed the full months. Statistics: days vacant over the filled
    vacancies, each share over its whole, turnover over the tenancies at the start."""
    d = f.dwellings
    if d is not None:
        def cell(name: str, value: int, *more: str) -> tuple[str, ...]:
            return model.cell(("dwellings", name, *more), value)

        stock = cell("stock", d.stock)
        kinds = [cell("stock_by_kind", v, k) for k, v in d.stock_by_kind.items()]
        model.total(stock, kinds)
        accessible = cell("stock_accessible", d.stock_accessible)
        model.subset(accessible, stock)
        every = cell("vacancies", d.vacancies)
        new, filled = cell("vacancies_new", d.vacancies_new), cell("vacancies_filled", d.vacancies_filled)
        standing = cell("vacant_end", d.vacant_end)
        for part in (new, filled, standing):
            model.subset(part, every)
        days_median = model.statistic(("dwellings", "days_vacant_median"), d.days_vacant_median,
                                      [filled], over=filled)
        days_mean = model.statistic(("dwellings", "days_vacant_mean"), d.days_vacant_mean,
                                    [filled], over=filled)
        offered = cell("offers", d.offers)
        accepted, declined = cell("offers_accepted", d.offers_accepted), cell("offers_declined", d.offers_declined)
        reasons = [cell("declined_by_reason", v, k) for k, v in d.declined_by_reason.items()]
        model.total(declined, reasons)
        allotted, homeless = cell("allocations", d.allocations), cell("allocations_homeless", d.allocations_homeless)
        model.subset(homeless, allotted)
        homeless_share = model.share(("dwellings", "allocations_homeless", "share"), homeless, allotted,
                                     share(d.allocations_homeless, d.allocations))
        in_force, ended = cell("tenancies_start", d.tenancies_start), cell("tenancies_ended", d.tenancies_ended)
        turnover = model.statistic(("dwellings", "turnover"), d.turnover, [ended, in_force], over=in_force)
        at_end = cell("tenancies_end", d.tenancies_end)
        leases, fixed = cell("leases_end", d.leases_end), cell("leases_fixed_end", d.leases_fixed_end)
        model.subset(leases, at_end)
        model.subset(fixed, leases)
        fixed_share = model.share(("dwellings", "fixed_share"), fixed, leases, d.fixed_share)
        places: list[list[tuple[str, ...] | None]] = [
            [stock, None], *[[k, None] for k in kinds], [accessible, None], [every, None], [new, None],
            [filled, None], [standing, None], [days_median, None], [days_mean, None], [offered, None],
            [accepted, None], [declined, None], *[[r, None] for r in reasons], [allotted, None],
            [homeless, homeless_share], [in_force, None], [ended, turnover], [at_end, None],
            [leases, None],
            [fixed, fixed_share],
        ]
        model.place("dwellings", places)
    h = f.housing_first_follow_up
    if h is not None:
        def hf(name: str, value: int, *more: str) -> tuple[str, ...]:
            return model.cell(("housing_first_follow_up", name, *more), value)

        invited, accepted_hf, declined_hf = hf("invited", h.invited), hf("accepted", h.accepted), \
            hf("declined", h.declined)
        active = hf("active_end", h.active_end)
        genders = [hf("active_by_gender", v, g) for g, v in h.active_by_gender.items()]
        model.total(active, genders)
        ended_hf = hf("ended", h.ended)
        why = [hf("ended_by_reason", v, k) for k, v in h.ended_by_reason.items()]
        model.total(ended_hf, why)
        moved, reached = hf("moved_in", h.moved_in), hf("reached", h.reached)
        still, returned = hf("still_housed", h.still_housed), hf("returned", h.returned)
        model.subset(still, reached)
        model.subset(returned, reached)
        keys = [invited, accepted_hf, declined_hf, active, *genders, ended_hf, *why, moved,
                reached, still, returned]
        hf_places: list[list[tuple[str, ...] | None]] = [[key] for key in keys]
        model.place("housing_first_follow_up", hf_places)


# --- the dwelling list and the leases running out --------------------------------------------


@dataclass(slots=True)
class DwellingRow:
    id: str
    address: str
    rooms: int
    size: int | None
    kind: str
    accessible: bool
    floor: int | None
    state: str  # Occupancy on the day
    since: date | None
    until: date | None  # renovation: ready from
    free_from: date | None  # vacant from this day (today or ahead), as the records stand
    tenant: str | None
    tenant_name: str | None
    lease: str | None
    lease_end: date | None
    open_offer: str | None
    note: str | None


def dwelling_rows(reg: "Register", day: date, vacant_only: bool = False,
                  ids: list[str] | None = None) -> list[DwellingRow]:
    """The dwellings (these, or all) as `dwelling list` shows them on `day`."""
    from boligreg.store.dwellings import occupancies, offers

    with reg.reading():
        found = occupancies(reg, ids)
        pending = {o.dwelling_id: o for o in offers(reg, dwelling_ids=ids) if o.outcome is None}
        tenants = {p.tenant for _, _, _, periods in found.values() for p in periods if p.tenant}
        names = names_of(reg, tenants)
    rows = []
    for dwelling, lets, _, periods in found.values():
        free = free_from(periods)
        if vacant_only and free is None:
            continue
        now = occupancy_on(periods, day)
        tenancy = next((t for t in lets if t.stay_id == now.stay_id), None) if now.tenant else None
        rows.append(DwellingRow(
            id=dwelling.id, address=dwelling.address, rooms=dwelling.rooms, size=dwelling.size,
            kind=dwelling.kind.value, accessible=dwelling.accessible, floor=dwelling.floor,
            state=now.state.value, since=now.start,
            until=now.end if now.state == Occupancy.NOT_READY else None, free_from=free,
            tenant=now.tenant, tenant_name=names.get(now.tenant or ""),
            lease=tenancy.lease.value if tenancy and tenancy.lease else None,
            lease_end=tenancy.lease_end if tenancy else None,
            open_offer=pending[dwelling.id].id if dwelling.id in pending else None,
            note=dwelling.note))
    return rows


def names_of(reg: "Register", ids: set[str]) -> dict[str, str]:
    from boligreg.store.register import _among

    if not ids:
        return {}
    where, params = _among(sorted(ids), "id")
    return {p.id: p.display_name for p in reg.load(Person, "person", where, params)}


def leases_before(reg: "Register", day: date, before: date) -> list:
    """`dwelling leases --ending-before DATE`: the municipal dwellings' fixed-term leases that end
    before DATE (or have run out) under a tenant who still lives there, as status lists them."""
    from boligreg.reports.status import build_status
    from boligreg.store.housing_reads import addresses, lease_tenants

    window = (before - day).days - 1
    with reg.reading():
        histories = reg.histories(lease_tenants(reg, day, before))
        homes = addresses(reg, (s.dwelling_id for h in histories for s in h.stays if s.dwelling_id))
        inactive = reg.settings.inactive_after_days
    found = build_status(histories, day, inactive_after_days=inactive, lease_days=window,
                         addresses=homes).leases_ending.leases
    return [lease for lease in found if lease.dwelling_id]


# --- the bolighefte ----------------------------------------------------------------------------


@dataclass(slots=True)
class BookletGroup:
    persons: int  # household size (NAV_LIMIT_SIZES: that many or more)
    limit: int
    rooms: int  # the fewest rooms a household of that size needs
    rentals: list[Rental]


@dataclass(slots=True)
class Booklet:
    month: date  # its first day
    last: date
    municipality: str
    groups: list[BookletGroup]
    unset: list[int]  # household sizes without a NAV limit (config nav-limit.N)
    listed: int  # listings available in the month, whatever their rent


def bolighefte(reg: "Register", month: date) -> Booklet:
    """The month's bolighefte: the listings available that month, grouped by household size,
    each group those within NAV's limit for the size (domain.housing.within_nav_limit)."""
    from boligreg.store.rentals import all_rentals

    settings = reg.settings
    first, last = month_days(month)
    rule = RoomRule.of(settings)
    available = [r for r in all_rentals(reg) if listed_in(r, first, last)]
    groups, unset = [], []
    for persons in range(1, NAV_LIMIT_SIZES + 1):
        limit = settings.nav_limit(persons)
        if limit is None:
            unset.append(persons)
            continue
        fitting = sorted((r for r in available if within_nav_limit(r, persons, limit, rule)),
                         key=lambda r: (r.rent, r.rooms, r.id))
        groups.append(BookletGroup(persons, limit, rule.for_household_of(persons), fitting))
    return Booklet(first, last, settings.municipality, groups, unset, len(available))


def accepts(rental: Rental) -> str:
    """What the listing accepts, in words: «depositumsgaranti, bostøtte»."""
    from boligreg.i18n import t

    found = [t("rt_accepts_guarantee")] if rental.deposit_guarantee else []
    if rental.bostotte:
        found.append(t("rt_accepts_bostotte"))
    return ", ".join(found)


def kroner(amount: int) -> str:
    from boligreg.i18n import number, t

    return t("kroner", amount=number(amount))


def group_title(group: BookletGroup) -> str:
    from boligreg.i18n import t

    key = "bolighefte_group_more" if group.persons >= NAV_LIMIT_SIZES else "bolighefte_group"
    return t(key, n=group.persons, limit=kroner(group.limit), rooms=group.rooms)


def month_name(first: date) -> str:
    from boligreg.i18n import t

    return f"{t('month_' + str(first.month))} {first.year}"


def render_bolighefte_html(booklet: Booklet) -> str:
    """The bolighefte as a printable A4 page (templates/bolighefte.html, autoescaped)."""
    from datetime import datetime

    from jinja2 import Environment, select_autoescape

    from boligreg.domain.dates import show_date
    from boligreg.i18n import language, t
    from boligreg.resources import read_resource

    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string(read_resource("templates", "bolighefte.html"))
    municipality = booklet.municipality or t("register")
    month = month_name(booklet.month)
    return template.render(
        lang=language(), t=t,
        title=t("bolighefte_title", month=month, municipality=municipality),
        municipality=municipality, month=month,
        printed=datetime.now().strftime("%d.%m.%Y %H:%M"),
        intro=t("bolighefte_intro"),
        headers=[t(k) for k in ("col_rt_address", "col_rt_rooms", "col_rt_rent", "col_rt_accepts",
                                "col_rt_period", "col_rt_landlord")],
        groups=[{"title": group_title(g),
                 "rows": [{"address": r.address, "rooms": r.rooms, "rent": kroner(r.rent),
                           "accepts": accepts(r), "available": show_date(r.available),
                           "until": show_date(r.until), "landlord": r.landlord or ""}
                          for r in g.rentals]}
                for g in booklet.groups],
        empty=t("bolighefte_none"),
        period=t("bolighefte_period", first=show_date(booklet.month), last=show_date(booklet.last)),
    )


def write_bolighefte_html(booklet: Booklet, path: "Path", force: bool = False) -> None:
    from boligreg.files import write_private

    write_private(path, render_bolighefte_html(booklet).encode("utf-8"), force=force)
