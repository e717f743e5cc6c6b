"""What needs action for a homeless person on a day: the flags of the status meeting, and the
rules the flags share with the data quality figures (no plan, no consent, no contact).

The order of `Flag` is the order of urgency; the meeting list is sorted by the most urgent
flag a person carries, then by how many flags, then by days homeless. `NEW` compares the list
with the last meeting's, so the status list sets it, not `flags_for`.
"""

from datetime import date
from enum import StrEnum

from boligreg.domain.codes import RELEASE
from boligreg.domain.dates import add_months
from boligreg.domain.models import History, Person, Plan, Step
from boligreg.domain.timeline import Episode, days_since_contact, midl_since, stay_on
from boligreg.settings import (
    CONTACT_WARNING_DAYS,
    MIDL_LONG_MONTHS,
    NO_CONTACT_DAYS,
    RELEASE_WINDOW_DAYS,
)


class Flag(StrEnum):
    RELEASE_SOON = "release_soon"  # release/discharge within RELEASE_WINDOW_DAYS, no dwelling arranged
    NO_CONTACT_90 = "no_contact_90"  # NO_CONTACT_DAYS
    PLAN_OVERDUE = "plan_overdue"
    NO_PLAN = "no_plan"
    MIDL_3M = "midl_3m"  # over MIDL_LONG_MONTHS in temporary accommodation
    CHILDREN = "children"
    NO_CONTACT_60 = "no_contact_60"  # CONTACT_WARNING_DAYS
    NO_CONSENT = "no_consent"
    NEW = "new"  # joined the list since the last meeting (set by reports.status.build_status)


FLAG_ORDER = list(Flag)


def lacks_plan(plan: Plan | None) -> bool:
    """No housing plan: none at all, or neither a route nor a date target."""
    return plan is None or (plan.target is None and plan.route is None)


def lacks_consent(person: Person, day: date) -> bool:
    """No consent (on `day`) to be discussed by name in the status meeting."""
    return person.consent is None or person.consent > day


def out_of_contact(silent_days: int | None) -> bool:
    """No contact for NO_CONTACT_DAYS or more (or never by then)."""
    return silent_days is None or silent_days >= NO_CONTACT_DAYS


def release_within_window(release: date | None, day: date) -> bool:
    """A release or discharge due from `day` to RELEASE_WINDOW_DAYS ahead."""
    return release is not None and 0 <= (release - day).days <= RELEASE_WINDOW_DAYS


def flags_for(history: History, day: date) -> list[Flag]:
    """Flags of a person who is homeless on `day` (call only for those on the list)."""
    flags = []
    stay = stay_on(history.stays, day)
    if stay and stay.code in RELEASE and release_within_window(stay.release, day):
        flags.append(Flag.RELEASE_SOON)
    silent = days_since_contact(history, day)
    if silent is not None and out_of_contact(silent):
        flags.append(Flag.NO_CONTACT_90)
    if lacks_plan(history.plan):
        flags.append(Flag.NO_PLAN)
    elif history.plan and history.plan.target and history.plan.target < day:
        flags.append(Flag.PLAN_OVERDUE)
    since = midl_since(history.stays, day)
    if since is not None and add_months(since, MIDL_LONG_MONTHS) <= day:
        flags.append(Flag.MIDL_3M)
    if history.person.children > 0:
        flags.append(Flag.CHILDREN)
    if silent is not None and CONTACT_WARNING_DAYS <= silent < NO_CONTACT_DAYS:
        flags.append(Flag.NO_CONTACT_60)
    if lacks_consent(history.person, day):
        flags.append(Flag.NO_CONSENT)
    return sorted(flags, key=FLAG_ORDER.index)


def urgency(flags: list[Flag], days_homeless: int, person_id: str) -> tuple:
    """Sort key: most urgent flag first, then more flags, then longest homeless, then id."""
    first = min((FLAG_ORDER.index(f) for f in flags), default=len(FLAG_ORDER))
    return (first, -len(flags), -days_homeless, person_id)


def open_steps(steps: tuple[Step, ...], day: date) -> list[Step]:
    """Steps and meeting actions not done on `day`, earliest due first (undated last)."""
    pending = [s for s in steps if (s.done is None or s.done > day) and (s.created is None or s.created <= day)]
    return sorted(pending, key=lambda s: (s.due is None, s.due or date.max, s.no))


def days_homeless(episode: Episode, day: date) -> int:
    return (day - episode.start).days
