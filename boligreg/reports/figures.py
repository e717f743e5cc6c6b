"""The period figures of DESIGN.md § Figures, computed from the dated history.

Every figure here is a pure function of the histories and the period. The identity
active(to) = active(from − 1) + inflow − outflow holds by construction: both sides count the
same episodes (see tests/test_figures.py for the property test and the day-by-day recount).
"""

from collections import Counter
from datetime import date, timedelta
from statistics import mean, median

from pydantic import BaseModel

from boligreg.domain.codes import (
    PLACEMENTS,
    RELEASE,
    ApplicationKind,
    Decision,
    Gender,
    Inflow,
    Outflow,
    Situation,
)
from boligreg.domain.dates import add_months
from boligreg.domain.models import History
from boligreg.domain.timeline import (
    Episode,
    episodes,
    last_contact,
    on_waiting_list,
    release_arranged,
    stay_end,
    stay_on,
)

AGE_BANDS = ("under_25", "25_34", "35_49", "50_66", "67_plus", "unknown")
RETURN_BUCKETS = ("0_180", "181_365", "366_730")


class Snapshot(BaseModel):
    """Who was homeless on one day, broken down the ways Husbanken asks."""

    day: date
    total: int
    by_situation: dict[str, int]
    by_gender: dict[str, int]
    by_age_band: dict[str, int]
    households_with_children: int
    under_6_months: int
    over_6_months: int


class Flows(BaseModel):
    inflow: dict[str, int]
    inflow_total: int
    outflow: dict[str, int]
    outflow_total: int
    housed_by_dwelling: dict[str, int]
    housed_housing_first: int
    identity_holds: bool


class Housing(BaseModel):
    placements: int
    days_to_housing_median: float | None
    days_to_housing_mean: float | None
    returns_after_housing: dict[str, int]
    placements_after_target: int


class Temporary(BaseModel):
    households: int
    over_3_months: int
    with_children: int


class Releases(BaseModel):
    into_homelessness: int
    known_two_months_ahead: int
    into_arranged_dwelling: int


class Municipal(BaseModel):
    received: int
    granted: int
    refused: int
    withdrawn: int
    waiting_list_end: int
    pending_end: int


class HousingFirst(BaseModel):
    participants: int
    housed: int
    reached_12_months: int
    still_housed_12_months: int


class ZeroVision(BaseModel):
    target: date | None
    days_left: int | None
    homeless_wanting_housing: int


class DataQuality(BaseModel):
    persons: int
    missing_plan: int
    missing_consent: int
    no_contact_90_days: int
    missing_birth_year: int


class PeriodFigures(BaseModel):
    period_from: date
    period_to: date
    municipality: str
    start: Snapshot
    end: Snapshot
    flows: Flows
    housing: Housing
    temporary: Temporary
    releases: Releases
    municipal: Municipal
    housing_first: HousingFirst
    zero_vision: ZeroVision
    data_quality: DataQuality


def age_in_year(birth_year: int | None, day: date) -> int | None:
    """The age reached during the day's year (as SSB counts): it needs the birth year only, so
    anonymising a birth date (purge keeps the year) leaves every past figure as it was."""
    return day.year - birth_year if birth_year else None


def age_band(age: int | None) -> str:
    if age is None:
        return "unknown"
    for limit, band in ((25, "under_25"), (35, "25_34"), (50, "35_49"), (67, "50_66")):
        if age < limit:
            return band
    return "67_plus"


def active_episode(eps: list[Episode], day: date) -> Episode | None:
    return next((e for e in eps if e.active_on(day)), None)


def snapshot(people: list[tuple[History, list[Episode]]], day: date) -> Snapshot:
    situations, genders, bands = Counter(), Counter(), Counter()
    children = under = over = 0
    for history, eps in people:
        episode = active_episode(eps, day)
        if episode is None:
            continue
        person = history.person
        situations[stay_on(history.stays, day).code.value] += 1
        genders[person.gender.value if person.gender else "unknown"] += 1
        bands[age_band(age_in_year(person.birth_year, day))] += 1
        children += person.children > 0
        if add_months(episode.start, 6) > day:
            under += 1
        else:
            over += 1
    return Snapshot(
        day=day,
        total=under + over,
        by_situation={s.value: situations.get(s.value, 0) for s in Situation if s not in PLACEMENTS},
        by_gender={g: genders.get(g, 0) for g in [g.value for g in Gender] + ["unknown"]},
        by_age_band={b: bands.get(b, 0) for b in AGE_BANDS},
        households_with_children=children,
        under_6_months=under,
        over_6_months=over,
    )


def flows(people, start: date, end: date, before: Snapshot, after: Snapshot) -> Flows:
    inflow, outflow, dwellings = Counter(), Counter(), Counter()
    housing_first = 0
    for _, eps in people:
        for ep in eps:
            if start <= ep.start <= end:
                inflow[ep.inflow.value] += 1
            if ep.end is not None and start <= ep.end <= end:
                outflow[ep.outflow.value] += 1
                if ep.outflow == Outflow.HOUSED:
                    dwellings[ep.placement.code.value] += 1
                    housing_first += ep.placement.housing_first
    total_in, total_out = sum(inflow.values()), sum(outflow.values())
    return Flows(
        inflow={k.value: inflow.get(k.value, 0) for k in Inflow},
        inflow_total=total_in,
        outflow={k.value: outflow.get(k.value, 0) for k in Outflow},
        outflow_total=total_out,
        housed_by_dwelling={s.value: dwellings.get(s.value, 0) for s in Situation if s in PLACEMENTS},
        housed_housing_first=housing_first,
        identity_holds=after.total == before.total + total_in - total_out,
    )


def housing(people, start: date, end: date) -> Housing:
    waits, buckets = [], Counter()
    after_target = 0
    for history, eps in people:
        for index, ep in enumerate(eps):
            if ep.outflow == Outflow.HOUSED and start <= ep.end <= end:
                waits.append((ep.end - ep.start).days)
                plan = history.plan
                after_target += bool(plan and plan.target and ep.end > plan.target)
            if ep.inflow == Inflow.RETURNED_HOUSING and start <= ep.start <= end:
                days = (ep.start - eps[index - 1].end).days
                bucket = "0_180" if days <= 180 else "181_365" if days <= 365 else "366_730"
                buckets[bucket] += 1
    return Housing(
        placements=len(waits),
        days_to_housing_median=float(median(waits)) if waits else None,
        days_to_housing_mean=round(mean(waits), 1) if waits else None,
        returns_after_housing={b: buckets.get(b, 0) for b in RETURN_BUCKETS},
        placements_after_target=after_target,
    )


def temporary(people, start: date, end: date) -> Temporary:
    """MIDL in the period: households once; an unbroken MIDL run over 3 months; with children."""
    households = over = children = 0
    for history, _ in people:
        runs = []
        for index, stay in enumerate(history.stays):
            stop = stay_end(history.stays, index)
            if stay.code != Situation.MIDL:
                continue
            if runs and runs[-1][1] == stay.start:
                runs[-1][1] = stop
            else:
                runs.append([stay.start, stop])
        overlapping = [(s, e) for s, e in runs if s <= end and (e is None or e > start)]
        if not overlapping:
            continue
        households += 1
        children += history.person.children > 0
        limit = end + timedelta(days=1)
        over += any(add_months(s, 3) < min(e or limit, limit) for s, e in overlapping)
    return Temporary(households=households, over_3_months=over, with_children=children)


def releases(people, start: date, end: date) -> Releases:
    """Releases/discharges due in the period: into homelessness or into an arranged home."""
    homeless = known = arranged = 0
    for history, _ in people:
        for index, stay in enumerate(history.stays):
            if stay.code not in RELEASE or not stay.release or not start <= stay.release <= end:
                continue
            if release_arranged(history.stays, index):
                arranged += 1
                continue
            homeless += 1
            known += bool(stay.noted and stay.noted <= add_months(stay.release, -2))
    return Releases(into_homelessness=homeless, known_two_months_ahead=known,
                    into_arranged_dwelling=arranged)


def municipal(people, start: date, end: date) -> Municipal:
    received = granted = refused = withdrawn = waiting = pending = 0
    for history, _ in people:
        for app in history.applications:
            if app.kind != ApplicationKind.KOMMUNAL or app.received > end:
                continue
            received += start <= app.received
            if app.decided and start <= app.decided <= end:
                granted += app.decision == Decision.GRANTED
                refused += app.decision == Decision.REFUSED
            withdrawn += bool(app.withdrawn and start <= app.withdrawn <= end)
            waiting += on_waiting_list(history, app, end)
            pending += app.decision_on(end) is None
    return Municipal(received=received, granted=granted, refused=refused, withdrawn=withdrawn,
                     waiting_list_end=waiting, pending_end=pending)


def housing_first(people, start: date, end: date) -> HousingFirst:
    participants = housed = reached = still = 0
    for history, _ in people:
        stays = history.stays
        first = [(i, s) for i, s in enumerate(stays) if s.housing_first and s.start <= end]
        if any(stay_end(stays, i) is None or stay_end(stays, i) >= start for i, _ in first):
            participants += 1
        for _, stay in first:
            housed += start <= stay.start
            mark = add_months(stay.start, 12)
            if start <= mark <= end:
                reached += 1
                later = stay_on(stays, mark)
                still += bool(later and later.code in PLACEMENTS)
    return HousingFirst(participants=participants, housed=housed, reached_12_months=reached,
                        still_housed_12_months=still)


def data_quality(people, day: date) -> DataQuality:
    persons = plan = consent = contact = birth = 0
    for history, eps in people:
        if active_episode(eps, day) is None:
            continue
        persons += 1
        plan += history.plan is None or (history.plan.target is None and history.plan.route is None)
        consent += history.person.consent is None or history.person.consent > day
        seen = last_contact(history, day)
        contact += seen is None or (day - seen).days >= 90
        birth += history.person.birth_year is None
    return DataQuality(persons=persons, missing_plan=plan, missing_consent=consent,
                       no_contact_90_days=contact, missing_birth_year=birth)


def period_figures(
    histories: list[History],
    start: date,
    end: date,
    *,
    inactive_after_days: int = 90,
    municipality: str = "",
    zero_vision_date: date | None = None,
) -> PeriodFigures:
    """All figures for the period [start, end], both days included."""
    people = [(h, episodes(h, inactive_after_days)) for h in histories]
    before = snapshot(people, start - timedelta(days=1))
    after = snapshot(people, end)
    wanting = sum(
        1 for h, eps in people if h.person.wants_housing and active_episode(eps, end) is not None
    )
    return PeriodFigures(
        period_from=start,
        period_to=end,
        municipality=municipality,
        start=before,
        end=after,
        flows=flows(people, start, end, before, after),
        housing=housing(people, start, end),
        temporary=temporary(people, start, end),
        releases=releases(people, start, end),
        municipal=municipal(people, start, end),
        housing_first=housing_first(people, start, end),
        zero_vision=ZeroVision(
            target=zero_vision_date,
            days_left=(zero_vision_date - end).days if zero_vision_date else None,
            homeless_wanting_housing=wanting,
        ),
        data_quality=data_quality(people, end),
    )
