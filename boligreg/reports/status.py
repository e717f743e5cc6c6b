"""The status meeting's data: who is homeless on a day, what needs action, what changed.

`load_status` reads what the list needs from the register; `build_status` is the pure rule.
Plain dataclasses, not pydantic models: `status` in a terminal loads no pydantic at all (see
bench/PROFILE.md); JSON and CSV go through models.dump_json / dump_plain."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
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
from boligreg.settings import CHANGES_WITHOUT_MEETING_DAYS

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


def load_status(reg: "Register", day: date) -> Status:
    """The status list for `day`, read from the register: the last closed meeting on or before
    the day, and the histories of only the persons who can show up on the list."""
    from boligreg.store.meetings import last_closed, who_can_appear

    with reg.reading():  # the meeting, the persons chosen and their histories: one state
        reg.check_day_in_history(day)
        settings = reg.settings
        meeting = last_closed(reg, day)
        histories = reg.histories(who_can_appear(reg, day, *changes_since(day, meeting)))
    return build_status(
        histories, day,
        inactive_after_days=settings.inactive_after_days,
        municipality=settings.municipality,
        zero_vision_date=settings.zero_vision_date,
        last_meeting=meeting,
    )
