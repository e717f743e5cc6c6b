"""The few of the housing side's rules that the meeting's commands read on every run (status:
leases running out, Housing First on the list; person show: the tenancy and the participation),
with the one record they need. Kept light — no other record classes, the codes in
domain/codes.py — so that `status` and `person show` start no slower; the rest of the housing
side's rules and records are in domain/housing.py, which re-exports these.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from boligreg.domain.codes import PLACEMENTS, ExitReason, HfAnswer, HfEndReason, Lease

if TYPE_CHECKING:
    from boligreg.domain.models import Exit, Stay


@dataclass(slots=True, unsafe_hash=True)
class Participation:
    person_id: str
    invited: date
    id: int = 0
    answer: HfAnswer | None = None
    answered: date | None = None
    ended: date | None = None
    end_reason: HfEndReason | None = None


ENDING_EXITS = frozenset({ExitReason.DECEASED, ExitReason.MOVED})
"""A tenant who dies or moves away leaves the dwelling (being set inactive does not)."""


def tenancy_end(stays: "tuple[Stay, ...]", index: int, exits: "tuple[Exit, ...]" = ()) -> date | None:
    """A tenancy ends when the tenant's next stay starts, or on an exit as moved or deceased
    after it began, whichever comes first."""
    stay = stays[index]
    ends = [stays[index + 1].start] if index + 1 < len(stays) else []
    ends += [e.date for e in exits if e.reason in ENDING_EXITS and e.date >= stay.start]
    return min(ends) if ends else None


def lease_ending(stay: "Stay", end: date | None, day: date, window_days: int) -> bool:
    """A fixed-term lease the meeting should decide on: the tenancy is in force on `day` and its
    lease ends within `window_days` (lease-reminder-days, 90), or has already run out while the
    tenant still lives there (renew, move on, or end it in time: husleieloven § 9-3)."""
    return (stay.lease == Lease.FIXED and stay.lease_end is not None
            and stay.code in PLACEMENTS and stay.start <= day and (end is None or end > day)
            and stay.lease_end <= day + timedelta(days=window_days))


def participation_state(p: Participation, day: date) -> str | None:
    """invited, active, declined or ended on `day` (None before the invitation)."""
    if p.invited > day:
        return None
    if p.ended is not None and p.ended <= day:
        return "ended"
    if p.answered is None or p.answered > day:
        return "invited"
    return "active" if p.answer == HfAnswer.ACCEPTED else "declined"


def current_participation(participations: list[Participation], day: date) -> Participation | None:
    """The person's participation in force on `day`: invited or active (the latest)."""
    found = [p for p in participations if participation_state(p, day) in ("invited", "active")]
    return found[-1] if found else None


def move_in(p: Participation, stays: "tuple[Stay, ...]") -> "Stay | None":
    """The participant's move into a home through Housing First: the first placement that starts
    on or after the invitation and before the participation ended, a Housing First placement
    (the stay's flag) first when there is one."""
    during = [s for s in stays if s.code in PLACEMENTS and s.start >= p.invited
              and (p.ended is None or s.start < p.ended) and p.answer != HfAnswer.DECLINED]
    flagged = [s for s in during if s.housing_first]
    chosen = flagged or during
    return chosen[0] if chosen else None
