"""The status meeting's data: who is homeless on a day, what needs action, what changed.

`load_status` reads what the list needs from the register; `build_status` is the pure rule.
Plain dataclasses, not pydantic models: `status` in a terminal loads no pydantic at all (see
bench/PROFILE.md); JSON and CSV go through models.dump_json / dump_plain."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from boligreg.domain.applications import OpenApplication, open_applications
from boligreg.domain.codes import RELEASE, Inflow, Outflow
from boligreg.domain.dates import add_days, age_on
from boligreg.domain.flags import (
    Flag,
    days_homeless,
    flags_for,
    open_steps,
    release_within_window,
    urgency,
)
from boligreg.domain.fnr import mask_fnr
from boligreg.domain.housing_codes import (
    Participation,
    current_participation,
    lease_ending,
    tenancy_end,
)
from boligreg.domain.models import History
from boligreg.domain.timeline import (
    Episode,
    days_since_contact,
    episode_on,
    episodes,
    release_arranged,
    stay_end,
    stay_on,
)
from boligreg.settings import CHANGES_WITHOUT_MEETING_DAYS, DEFAULT_LEASE_REMINDER_DAYS

if TYPE_CHECKING:
    from boligreg.store.register import Register


@dataclass(slots=True)
class StatusRow:
    id: str
    name: str
    fnr: str | None  # masked; None when the person has none (JSON: null)
    age: int | None
    situation: str
    since: date
    days_homeless: int
    wants_housing: bool
    route: str | None
    target: date | None
    target_overdue: bool
    applications: list[OpenApplication]  # in JSON: ["KOMMUNAL:granted", "DEPOSITUM:pending"]
    next_step: str | None
    next_owner: str | None
    next_due: date | None
    days_since_contact: int | None
    flags: list[Flag]


@dataclass(slots=True)
class Release:
    id: str
    name: str
    situation: str
    release: date
    arranged: bool


@dataclass(slots=True)
class Housed:
    id: str
    name: str
    dwelling: str
    date: date
    housing_first: bool


@dataclass(slots=True)
class LeaseEnding:
    """A fixed-term lease running out (or run out) under a tenant who still lives there, for
    the meeting to decide: renew, move on (private rental, EID with startlån) or end in time."""

    id: str
    name: str
    dwelling: str  # the stay's code (KOMMUNAL, PRIVAT …)
    dwelling_id: str | None  # the municipal dwelling (D0001), when the stay names one
    address: str | None
    lease_end: date
    days_left: int  # negative: run out that many days ago
    next_step: str | None
    next_owner: str | None
    next_due: date | None


@dataclass(slots=True)
class LeasesEnding:
    """Status's section «Kontrakter som løper ut»: leases ending within `within_days`."""

    within_days: int = DEFAULT_LEASE_REMINDER_DAYS
    leases: list[LeaseEnding] = field(default_factory=list)


@dataclass(slots=True)
class Changes:
    since: date
    meeting: bool  # measured from the last closed meeting (else CHANGES_WITHOUT_MEETING_DAYS)
    joined: dict[str, int]  # by Inflow
    left: dict[str, int]  # by Outflow


@dataclass(slots=True)
class Status:
    day: date
    municipality: str
    homeless: int
    wants_housing: int
    by_situation: dict[str, int]
    changes: Changes
    zero_vision_date: date | None
    zero_vision_days_left: int | None
    rows: list[StatusRow]
    releases: list[Release]
    housed: list[Housed]
    leases_ending: LeasesEnding = field(default_factory=LeasesEnding)
    housing_first: dict[str, str] = field(default_factory=dict)
    """Persons on the list in Housing First on the day: id → invited or active."""


def status_row(history: History, episode: Episode, day: date) -> StatusRow:
    """One person's line on the list (call only for a person homeless on `day`)."""
    person = history.person
    stay = stay_on(history.stays, day)
    assert stay is not None  # homeless on the day: a stay covers it
    flags = flags_for(history, day)
    steps = open_steps(history.steps, day)
    plan = history.plan
    return StatusRow(
        id=person.id,
        name=person.display_name,
        fnr=mask_fnr(person.fnr) or None,
        age=age_on(person.born, person.birth_year, day),
        situation=stay.code.value,
        since=stay.start,
        days_homeless=days_homeless(episode, day),
        wants_housing=person.wants_housing,
        route=plan.route.value if plan and plan.route else None,
        target=plan.target if plan else None,
        target_overdue=bool(plan and plan.target and plan.target < day),
        applications=open_applications(history, day),
        next_step=steps[0].text if steps else None,
        next_owner=steps[0].owner if steps else None,
        next_due=steps[0].due if steps else None,
        days_since_contact=days_since_contact(history, day),
        flags=flags,
    )


def changes_since(day: date, last_meeting: tuple[date, set[str]] | None) -> tuple[date, set[str] | None]:
    """The day the changes are counted from, and who was listed then: the last closed
    meeting's frozen list, or without one the list CHANGES_WITHOUT_MEETING_DAYS ago (None:
    work it out)."""
    if last_meeting:
        return last_meeting
    return add_days(day, -CHANGES_WITHOUT_MEETING_DAYS), None


def ended_since(episode: Episode, since: date, day: date, listed_at_meeting: bool) -> bool:
    """An episode that ended in (since, day] — or on the meeting's own day, for a person the
    meeting listed: housed (or gone) after the meeting closed that day."""
    end = episode.end
    return end is not None and end <= day and (since < end or (end == since and listed_at_meeting))


def build_status(
    histories: list[History],
    day: date,
    *,
    inactive_after_days: int,
    municipality: str = "",
    zero_vision_date: date | None = None,
    last_meeting: tuple[date, set[str]] | None = None,
    lease_days: int = DEFAULT_LEASE_REMINDER_DAYS,
    addresses: Mapping[str, str] | None = None,
    participations: Mapping[str, list[Participation]] | None = None,
) -> Status:
    """Everything `boligreg status` shows for `day`, computed from the dated history.

    Only some persons can show up (store/meetings.who_can_appear); the others may be left out of
    `histories` without changing a thing; the fixed-term leases ending within `lease_days` are
    those of the persons given (store.dwellings.lease_tenants says whom to give)."""
    rows, releases, housed, leases = [], [], [], []
    joined: Counter = Counter()
    left: Counter = Counter()
    since, before = changes_since(day, last_meeting)
    for history in histories:
        eps = episodes(history, inactive_after_days)
        current = episode_on(eps, day)
        was = episode_on(eps, since) if before is None else None
        on_list_before = history.person.id in before if before is not None else was is not None
        listed_at_meeting = before is not None and on_list_before
        if current:
            row = status_row(history, current, day)
            if not on_list_before:
                joined[current.inflow.value] += 1
                row.flags.append(Flag.NEW)
            rows.append(row)
        elif on_list_before:
            ended = [e for e in eps if ended_since(e, since, day, listed_at_meeting)]
            left[((ended[-1].outflow if ended else None) or Outflow.INACTIVE).value] += 1
        for ep in eps:
            if (ep.outflow == Outflow.HOUSED and ep.placement and ep.end
                    and ended_since(ep, since, day, listed_at_meeting)):
                housed.append(Housed(id=history.person.id, name=history.person.display_name,
                                     dwelling=ep.placement.code.value, date=ep.end,
                                     housing_first=ep.placement.housing_first))
        for index, stay in enumerate(history.stays):
            end = stay_end(history.stays, index)
            in_stay = stay.start <= day and (end is None or end > day)
            if stay.code in RELEASE and in_stay and stay.release and release_within_window(stay.release, day):
                releases.append(Release(id=history.person.id, name=history.person.display_name,
                                            situation=stay.code.value, release=stay.release,
                                            arranged=release_arranged(history.stays, index)))
            if stay.lease_end and lease_ending(stay, tenancy_end(history.stays, index, history.exits),
                                               day, lease_days):
                leases.append(lease_row(history, stay, day, addresses or {}))
    rows.sort(key=lambda r: urgency(r.flags, r.days_homeless, r.id))
    releases.sort(key=lambda r: (r.release, r.id))
    housed.sort(key=lambda h: (h.date, h.id))
    leases.sort(key=lambda lease: (lease.lease_end, lease.id))
    in_first = {}
    for row in rows:
        taking_part = current_participation((participations or {}).get(row.id, []), day)
        if taking_part is not None:
            in_first[row.id] = "active" if taking_part.answer else "invited"
    return Status(
        day=day,
        municipality=municipality,
        homeless=len(rows),
        wants_housing=sum(1 for r in rows if r.wants_housing),
        by_situation=dict(sorted(Counter(r.situation for r in rows).items())),
        changes=Changes(since=since, meeting=last_meeting is not None,
                        joined={k.value: joined.get(k.value, 0) for k in Inflow},
                        left={k.value: left.get(k.value, 0) for k in Outflow}),
        zero_vision_date=zero_vision_date,
        zero_vision_days_left=(zero_vision_date - day).days if zero_vision_date else None,
        rows=rows,
        releases=releases,
        housed=housed,
        leases_ending=LeasesEnding(lease_days, leases),
        housing_first=in_first,
    )


def lease_row(history: History, stay, day: date, addresses: Mapping[str, str]) -> LeaseEnding:
    steps = open_steps(history.steps, day)
    return LeaseEnding(
        id=history.person.id, name=history.person.display_name, dwelling=stay.code.value,
        dwelling_id=stay.dwelling_id, address=addresses.get(stay.dwelling_id or ""),
        lease_end=stay.lease_end, days_left=(stay.lease_end - day).days,
        next_step=steps[0].text if steps else None, next_owner=steps[0].owner if steps else None,
        next_due=steps[0].due if steps else None)


def load_status(reg: "Register", day: date) -> Status:
    """The status list for `day`, read from the register: the last closed meeting on or before
    the day, and the histories of only the persons who can show up on the list."""
    from boligreg.store.housing_reads import addresses, lease_tenants, participations
    from boligreg.store.meetings import last_closed, who_can_appear

    with reg.reading():  # the meeting, the persons chosen and their histories: one state
        reg.check_day_in_history(day)
        settings = reg.settings
        meeting = last_closed(reg, day)
        window = settings.lease_reminder_days
        ids = who_can_appear(reg, day, *changes_since(day, meeting))
        histories = reg.histories(ids | lease_tenants(reg, day, day + timedelta(days=window)))
        homes = addresses(reg, (s.dwelling_id for h in histories for s in h.stays if s.dwelling_id))
        first = participations(reg, ids)
    return build_status(
        histories, day,
        inactive_after_days=settings.inactive_after_days,
        municipality=settings.municipality,
        zero_vision_date=settings.zero_vision_date,
        last_meeting=meeting,
        lease_days=window,
        addresses=homes,
        participations=first,
    )
