"""The period figures of DESIGN.md § Figures, computed from the dated history.

Every figure here is a pure function of the histories and the period. The identity
active(to) = active(from − 1) + inflow − outflow holds by construction: both sides count the
same episodes (see tests/test_figures.py for the property test and the day-by-day recount).
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import mean, median

from pydantic import BaseModel

from boligreg.domain.applications import on_waiting_list
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
from boligreg.domain.dates import add_days, add_months
from boligreg.domain.flags import lacks_consent, lacks_plan, out_of_contact
from boligreg.domain.models import History
from boligreg.domain.timeline import (
    Episode,
    days_since_contact,
    episode_on,
    episodes,
    release_arranged,
    runs_within,
    stay_end,
    stay_on,
)
from boligreg.reports.housing import DwellingFigures, HousingFirstFollowUp
from boligreg.settings import (
    HOUSING_FIRST_FOLLOW_MONTHS,
    LONG_EPISODE_MONTHS,
    MIDL_LONG_MONTHS,
    RELEASE_LISTED_MONTHS,
    RETURN_BUCKET_LIMITS,
)

AGE_BANDS = ("under_25", "25_34", "35_49", "50_66", "67_plus", "unknown")
RETURN_BUCKETS = tuple(key for _, key in RETURN_BUCKET_LIMITS)


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
    # the housing side (reports/housing.py): None in figures made without it
    dwellings: DwellingFigures | None = None
    housing_first_follow_up: HousingFirstFollowUp | None = None


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


@dataclass
class Tally:
    """What the figures count, kept so that two tallies add up: the report counts the register
    in parts (a part's histories at a time, which keeps 100,000 persons' memory small) and sums
    the parts. `counts` holds every count under a key naming its figure; `waits` holds the
    days to housing one by one, as a median cannot be summed."""

    counts: Counter = field(default_factory=Counter)
    waits: list[int] = field(default_factory=list)

    def __add__(self, other: "Tally") -> "Tally":
        counts = Counter(self.counts)
        counts.update(other.counts)
        return Tally(counts, self.waits + other.waits)


def tally(histories: Iterable[History], start: date, end: date,
          inactive_after_days: int) -> Tally:
    """Count the persons' part of every figure for the period [start, end]."""
    people = [(h, episodes(h, inactive_after_days)) for h in histories]
    result = Tally()
    counts = result.counts
    count_snapshot(people, add_days(start, -1), "start", counts)
    count_snapshot(people, end, "end", counts)
    count_flows(people, start, end, counts)
    count_housing(people, start, end, result)
    count_temporary(people, start, end, counts)
    count_releases(people, start, end, counts)
    count_municipal(people, start, end, counts)
    count_housing_first(people, start, end, counts)
    count_data_quality(people, end, counts)
    counts["homeless_wanting_housing"] += sum(
        1 for h, eps in people if h.person.wants_housing and episode_on(eps, end) is not None
    )
    return result


def count_snapshot(people: list[tuple[History, list[Episode]]], day: date, when: str,
                   counts: Counter) -> None:
    for history, eps in people:
        episode = episode_on(eps, day)
        if episode is None:
            continue
        person = history.person
        stay = stay_on(history.stays, day)
        assert stay is not None  # an active episode lies inside a stay
        counts[when, "situation", stay.code.value] += 1
        counts[when, "gender", person.gender.value if person.gender else "unknown"] += 1
        counts[when, "age_band", age_band(age_in_year(person.birth_year, day))] += 1
        counts[when, "children"] += person.children > 0
        long = add_months(episode.start, LONG_EPISODE_MONTHS) <= day
        counts[when, "over_6_months" if long else "under_6_months"] += 1


def count_flows(people, start: date, end: date, counts: Counter) -> None:
    for _, eps in people:
        for ep in eps:
            if start <= ep.start <= end:
                counts["inflow", ep.inflow.value] += 1
            if ep.end is not None and start <= ep.end <= end:
                counts["outflow", ep.outflow.value] += 1
                if ep.outflow == Outflow.HOUSED:
                    counts["housed_by_dwelling", ep.placement.code.value] += 1
                    counts["housed_housing_first"] += ep.placement.housing_first


def count_housing(people, start: date, end: date, result: Tally) -> None:
    for history, eps in people:
        for index, ep in enumerate(eps):
            if ep.outflow == Outflow.HOUSED and start <= ep.end <= end:
                result.waits.append((ep.end - ep.start).days)
                plan = history.plan
                result.counts["placements_after_target"] += bool(
                    plan and plan.target and ep.end > plan.target)
            if ep.inflow == Inflow.RETURNED_HOUSING and start <= ep.start <= end:
                days = (ep.start - eps[index - 1].end).days  # a return: under RETURN_WINDOW_DAYS
                bucket = next(key for limit, key in RETURN_BUCKET_LIMITS if days <= limit)
                result.counts["returns_after_housing", bucket] += 1


def count_temporary(people, start: date, end: date, counts: Counter) -> None:
    """MIDL in the period: households once; an unbroken MIDL run over 3 months; with children."""
    for history, _ in people:
        runs = runs_within(history, Situation.MIDL, start, end)
        if not runs:
            continue
        counts["temporary", "households"] += 1
        counts["temporary", "with_children"] += history.person.children > 0
        counts["temporary", "over_3_months"] += any(
            add_months(s, MIDL_LONG_MONTHS) < stop for s, stop in runs)


def count_releases(people, start: date, end: date, counts: Counter) -> None:
    """Releases/discharges due in the period: into homelessness or into an arranged home."""
    for history, _ in people:
        for index, stay in enumerate(history.stays):
            if stay.code not in RELEASE or not stay.release or not start <= stay.release <= end:
                continue
            if release_arranged(history.stays, index):
                counts["releases", "into_arranged_dwelling"] += 1
                continue
            counts["releases", "into_homelessness"] += 1
            counts["releases", "known_two_months_ahead"] += bool(
                stay.noted and stay.noted <= add_months(stay.release, -RELEASE_LISTED_MONTHS))


def count_municipal(people, start: date, end: date, counts: Counter) -> None:
    for history, _ in people:
        for app in history.applications:
            if app.kind != ApplicationKind.KOMMUNAL or app.received > end:
                continue
            counts["municipal", "received"] += start <= app.received
            # decided in the period: the last decision made in it (refused in March and granted
            # on appeal in May counts once, as granted, for the spring; as refused for March)
            made = [r.decision for r in app.rulings
                    if start <= r.date <= end and r.decision != Decision.WITHDRAWN]
            if made:
                counts["municipal", "granted"] += made[-1] == Decision.GRANTED
                counts["municipal", "refused"] += made[-1] == Decision.REFUSED
            counts["municipal", "withdrawn"] += any(
                r.decision == Decision.WITHDRAWN and start <= r.date <= end for r in app.rulings)
            counts["municipal", "waiting_list_end"] += on_waiting_list(history, app, end)
            counts["municipal", "pending_end"] += app.decision_on(end) is None


def count_housing_first(people, start: date, end: date, counts: Counter) -> None:
    for history, _ in people:
        stays = history.stays
        first = [(i, s) for i, s in enumerate(stays) if s.housing_first and s.start <= end]
        if any((end_ := stay_end(stays, i)) is None or end_ >= start for i, _ in first):
            counts["housing_first", "participants"] += 1
        for _, stay in first:
            counts["housing_first", "housed"] += start <= stay.start
            mark = add_months(stay.start, HOUSING_FIRST_FOLLOW_MONTHS)
            if start <= mark <= end:
                counts["housing_first", "reached_12_months"] += 1
                later = stay_on(stays, mark)
                counts["housing_first", "still_housed_12_months"] += bool(
                    later and later.code in PLACEMENTS)


def count_data_quality(people, day: date, counts: Counter) -> None:
    for history, eps in people:
        if episode_on(eps, day) is None:
            continue
        counts["data_quality", "persons"] += 1
        counts["data_quality", "missing_plan"] += lacks_plan(history.plan)
        counts["data_quality", "missing_consent"] += lacks_consent(history.person, day)
        counts["data_quality", "no_contact_90_days"] += out_of_contact(days_since_contact(history, day))
        counts["data_quality", "missing_birth_year"] += history.person.birth_year is None


def snapshot(counts: Counter, when: str, day: date) -> Snapshot:
    under, over = counts[when, "under_6_months"], counts[when, "over_6_months"]
    return Snapshot(
        day=day,
        total=under + over,
        by_situation={s.value: counts[when, "situation", s.value] for s in Situation
                      if s not in PLACEMENTS},
        by_gender={g: counts[when, "gender", g] for g in [g.value for g in Gender] + ["unknown"]},
        by_age_band={b: counts[when, "age_band", b] for b in AGE_BANDS},
        households_with_children=counts[when, "children"],
        under_6_months=under,
        over_6_months=over,
    )


def figures_from(
    counted: Tally,
    start: date,
    end: date,
    *,
    municipality: str = "",
    zero_vision_date: date | None = None,
    dwellings: DwellingFigures | None = None,
    housing_first_follow_up: HousingFirstFollowUp | None = None,
) -> PeriodFigures:
    """The period's figures from the whole register's tally (and the housing side's, counted
    apart by reports.housing.housing_figures)."""
    counts, waits = counted.counts, counted.waits
    before, after = snapshot(counts, "start", add_days(start, -1)), snapshot(counts, "end", end)
    inflow = {k.value: counts["inflow", k.value] for k in Inflow}
    outflow = {k.value: counts["outflow", k.value] for k in Outflow}
    total_in, total_out = sum(inflow.values()), sum(outflow.values())

    def group(name: str, model: type[BaseModel]):
        return model(**{key: counts[name, key] for key in model.model_fields})

    return PeriodFigures(
        period_from=start,
        period_to=end,
        municipality=municipality,
        start=before,
        end=after,
        flows=Flows(
            inflow=inflow,
            inflow_total=total_in,
            outflow=outflow,
            outflow_total=total_out,
            housed_by_dwelling={s.value: counts["housed_by_dwelling", s.value] for s in Situation
                                if s in PLACEMENTS},
            housed_housing_first=counts["housed_housing_first"],
            identity_holds=after.total == before.total + total_in - total_out,
        ),
        housing=Housing(
            placements=len(waits),
            days_to_housing_median=float(median(waits)) if waits else None,
            days_to_housing_mean=round(mean(waits), 1) if waits else None,
            returns_after_housing={b: counts["returns_after_housing", b] for b in RETURN_BUCKETS},
            placements_after_target=counts["placements_after_target"],
        ),
        temporary=group("temporary", Temporary),
        releases=group("releases", Releases),
        municipal=group("municipal", Municipal),
        housing_first=group("housing_first", HousingFirst),
        zero_vision=ZeroVision(
            target=zero_vision_date,
            days_left=(zero_vision_date - end).days if zero_vision_date else None,
            homeless_wanting_housing=counts["homeless_wanting_housing"],
        ),
        data_quality=group("data_quality", DataQuality),
        dwellings=dwellings,
        housing_first_follow_up=housing_first_follow_up,
    )


def period_figures(
    histories: Iterable[History],
    start: date,
    end: date,
    *,
    inactive_after_days: int,
    municipality: str = "",
    zero_vision_date: date | None = None,
) -> PeriodFigures:
    """All figures for the period [start, end], both days included, from these histories."""
    return figures_from(tally(histories, start, end, inactive_after_days), start, end,
                   municipality=municipality, zero_vision_date=zero_vision_date)
