"""The status meeting's data: who is homeless on a day, what needs action, what changed.

Plain dataclasses, not pydantic models: importing pydantic and building these classes took
about 60 ms of every `status`; JSON and CSV go through models.dump_json / dump_plain."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from boligreg.domain.codes import RELEASE, Inflow, Outflow
from boligreg.domain.dates import age_on
from boligreg.domain.flags import Flag, days_homeless, flags_for, open_steps, urgency
from boligreg.domain.fnr import mask_fnr
from boligreg.domain.models import History
from boligreg.domain.timeline import (
    episode_on,
    episodes,
    last_contact,
    on_waiting_list,
    release_arranged,
    stay_on,
)


@dataclass(slots=True)
class StatusRow:
    id: str
    name: str
    fnr: str
    age: int | None
    situation: str
    since: date
    days_homeless: int
    wants_housing: bool
    route: str | None
    target: date | None
    target_overdue: bool
    applications: list[str]  # e.g. ["KOMMUNAL:granted", "DEPOSITUM:pending"]
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
class Changes:
    since: date
    meeting: bool  # measured from the last closed meeting (else the last 14 days)
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


def open_applications(history: History, day: date) -> list[str]:
    """Applications undecided on `day`, and granted municipal dwellings not yet moved into."""
    result = []
    for app in history.applications:
        if app.received > day:
            continue
        if app.decision_on(day) is None:
            result.append(f"{app.kind.value}:pending")
        elif on_waiting_list(history, app, day):
            result.append(f"{app.kind.value}:granted")
    return result


def status_row(history: History, episode, day: date) -> StatusRow:
    person = history.person
    stay = stay_on(history.stays, day)
    flags = flags_for(history, day)
    steps = open_steps(history.steps, day)
    contact = last_contact(history, day)
    plan = history.plan
    return StatusRow(
        id=person.id,
        name=person.display_name,
        fnr=mask_fnr(person.fnr),
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
        days_since_contact=(day - contact).days if contact else None,
        flags=flags,
    )


def changes_since(day: date, last_meeting: tuple[date, set[str]] | None) -> tuple[date, set[str] | None]:
    """The day the changes are counted from, and who was listed then: the last closed
    meeting's frozen list, or without one the list 14 days ago (None: work it out)."""
    if last_meeting:
        return last_meeting
    return day - timedelta(days=14), None


def build_status(
    histories: list[History],
    day: date,
    *,
    inactive_after_days: int,
    municipality: str = "",
    zero_vision_date: date | None = None,
    last_meeting: tuple[date, set[str]] | None = None,
) -> Status:
    """Everything `boligreg status` shows for `day`, computed from the dated history.

    Only some persons can show up (store/meetings.who_can_appear); the others may be left out of
    `histories` without changing a thing."""
    rows, releases, housed = [], [], []
    joined: Counter = Counter()
    left: Counter = Counter()
    since, before = changes_since(day, last_meeting)
    for history in histories:
        eps = episodes(history, inactive_after_days)
        current = episode_on(eps, day)
        was = episode_on(eps, since) if before is None else None
        on_list_before = history.person.id in before if before is not None else was is not None
        if current:
            rows.append(status_row(history, current, day))
            if not on_list_before:
                joined[current.inflow.value] += 1
        elif on_list_before:
            ended = [e for e in eps if e.end and since < e.end <= day]
            left[(ended[-1].outflow if ended else Outflow.INACTIVE).value] += 1
        for ep in eps:
            if ep.outflow == Outflow.HOUSED and ep.end and since < ep.end <= day:
                housed.append(Housed(id=history.person.id, name=history.person.display_name,
                                     dwelling=ep.placement.code.value, date=ep.end,
                                     housing_first=ep.placement.housing_first))
        for index, stay in enumerate(history.stays):
            following = history.stays[index + 1] if index + 1 < len(history.stays) else None
            in_stay = stay.start <= day and (following is None or following.start > day)
            if stay.code in RELEASE and in_stay and day <= stay.release <= day + timedelta(days=60):
                releases.append(Release(id=history.person.id, name=history.person.display_name,
                                            situation=stay.code.value, release=stay.release,
                                            arranged=release_arranged(history.stays, index)))
    rows.sort(key=lambda r: urgency(r.flags, r.days_homeless, r.id))
    releases.sort(key=lambda r: (r.release, r.id))
    housed.sort(key=lambda h: (h.date, h.id))
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
    )
