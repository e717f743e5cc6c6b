"""What needs action for a homeless person on a day: the flags of the status meeting.

The order of `Flag` is the order of urgency; the meeting list is sorted by the most urgent
flag a person carries, then by how many flags, then by days homeless.
"""

from datetime import date
from enum import StrEnum

from boligreg.domain.codes import RELEASE, Situation
from boligreg.domain.dates import add_months
from boligreg.domain.models import History, Step
from boligreg.domain.timeline import Episode, last_contact, stay_on

RELEASE_WINDOW_DAYS = 60
CONTACT_WARN_DAYS = (60, 90)


class Flag(StrEnum):
    RELEASE_SOON = "release_soon"  # release/discharge within 60 days, no dwelling arranged
    NO_CONTACT_90 = "no_contact_90"
    PLAN_OVERDUE = "plan_overdue"
    NO_PLAN = "no_plan"
    MIDL_3M = "midl_3m"  # over 3 months in temporary accommodation
    CHILDREN = "children"
    NO_CONTACT_60 = "no_contact_60"
    NO_CONSENT = "no_consent"


FLAG_ORDER = list(Flag)


def flags_for(history: History, day: date) -> list[Flag]:
    """Flags of a person who is homeless on `day` (call only for those on the list)."""
    flags = []
    stay = stay_on(history.stays, day)
    if stay and stay.code in RELEASE and stay.release and 0 <= (stay.release - day).days <= RELEASE_WINDOW_DAYS:
        flags.append(Flag.RELEASE_SOON)
    contact = last_contact(history, day)
    silent = (day - contact).days if contact else None
    if silent is not None and silent >= CONTACT_WARN_DAYS[1]:
        flags.append(Flag.NO_CONTACT_90)
    plan = history.plan
    if plan is None or (plan.target is None and plan.route is None):
        flags.append(Flag.NO_PLAN)
    elif plan.target and plan.target < day:
        flags.append(Flag.PLAN_OVERDUE)
    if stay and stay.code == Situation.MIDL and add_months(midl_since(history, day), 3) <= day:
        flags.append(Flag.MIDL_3M)
    if history.person.children > 0:
        flags.append(Flag.CHILDREN)
    if silent is not None and CONTACT_WARN_DAYS[0] <= silent < CONTACT_WARN_DAYS[1]:
        flags.append(Flag.NO_CONTACT_60)
    if history.person.consent is None or history.person.consent > day:
        flags.append(Flag.NO_CONSENT)
    return sorted(flags, key=FLAG_ORDER.index)


def midl_since(history: History, day: date) -> date:
    """Start of the unbroken run of MIDL stays that covers `day` (moving hostel keeps counting)."""
    start = None
    for stay in history.stays:
        if stay.start > day:
            break
        start = stay.start if stay.code == Situation.MIDL and start is None else start
        if stay.code != Situation.MIDL:
            start = None
    return start or day


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
