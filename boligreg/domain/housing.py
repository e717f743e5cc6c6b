"""The housing side's rules: municipal dwellings and their tenancies, vacancies, offers from the
waiting list, fixed-term leases, the bolighefte of private rentals, Housing First follow-up.

Pure functions of records, no I/O (the store reads the records, reports/housing.py counts).
Every number a rule uses comes from the register's settings (settings.Settings), so a
municipality changes a rule with `config set`, not in code.

A dwelling's occupancy is derived, never stored: its tenancies are the KOMMUNAL/OMSORG stays
that name it (a tenancy ends when the tenant's next stay starts, or the tenant dies or moves
away), and its marks say when it fell vacant (`dwelling vacant`, e.g. after renovation) or was
let to a tenant who is not in the register (`dwelling let`). A dwelling with no record at all
is let outside the register: most of a municipality's stock is let to people the housing
services do not follow.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import TYPE_CHECKING

from boligreg.domain.applications import on_waiting_list
from boligreg.domain.codes import (  # the housing side's codes, re-exported
    PLACEMENTS,
    Decision,
    DeclineReason,
    DwellingKind,
    HfAnswer,
    HfEndReason,
    Lease,
    MarkKind,
    OfferOutcome,
    Situation,
)
from boligreg.domain.dates import add_months
from boligreg.domain.housing_codes import (  # the codes and the light rules, re-exported
    ENDING_EXITS,
    Participation,
    current_participation,
    lease_ending,
    move_in,
    participation_state,
    tenancy_end,
)
from boligreg.domain.models import Application, History

if TYPE_CHECKING:
    from boligreg.settings import Settings

Day = date  # for records with a field named date

__all__ = ["ENDING_EXITS", "DeclineReason", "DwellingKind", "HfAnswer", "HfEndReason", "MarkKind",
           "OfferOutcome", "Participation", "current_participation", "lease_ending", "move_in",
           "participation_state", "tenancy_end"]


class Occupancy(StrEnum):
    """Where a dwelling stands on a day."""

    LET = "let"  # a tenancy in the register
    LET_OUTSIDE = "let_outside"  # let to someone the register does not follow (or no record yet)
    NOT_READY = "not_ready"  # the last tenancy has ended, renovation until a later vacant mark
    VACANT = "vacant"


# --- records -------------------------------------------------------------------------------


@dataclass(slots=True, unsafe_hash=True)
class Dwelling:
    id: str
    address: str
    rooms: int
    kind: DwellingKind
    registered: date
    size: int | None = None  # m²
    accessible: bool = False  # step-free, fit for a wheelchair user
    floor: int | None = None
    note: str | None = None


@dataclass(slots=True, unsafe_hash=True)
class Mark:
    dwelling_id: str
    date: date
    kind: MarkKind
    id: int = 0


@dataclass(slots=True, unsafe_hash=True)
class Offer:
    id: str
    dwelling_id: str
    person_id: str
    date: Day
    outcome: OfferOutcome | None = None
    decided: Day | None = None
    reason: DeclineReason | None = None
    stay_id: int | None = None


@dataclass(slots=True, unsafe_hash=True)
class Rental:
    """A private listing NAV can fund, for the monthly bolighefte."""

    id: str
    address: str
    rent: int  # kroner a month
    rooms: int
    available: date
    registered: date
    deposit_guarantee: bool = False  # the landlord accepts NAV's deposit guarantee
    bostotte: bool = False  # approved for bostøtte and within its price limit
    landlord: str | None = None
    until: date | None = None  # the listing drops out after this day


@dataclass(frozen=True, slots=True)
class Tenancy:
    """A person's KOMMUNAL/OMSORG stay in a named dwelling, [start, end)."""

    dwelling_id: str
    person_id: str
    start: date
    end: date | None
    stay_id: int
    lease: Lease | None = None
    lease_end: date | None = None


@dataclass(frozen=True, slots=True)
class Period:
    """A stretch of one dwelling's occupancy, [start, end); start None: since before any record."""

    start: date | None
    end: date | None
    state: Occupancy
    tenant: str | None = None  # the person id, for a tenancy in the register
    stay_id: int | None = None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two records of one dwelling that cannot both hold: `first` is in force when `second`
    begins. Each is a person id (a tenancy) or None (a mark, or a letting outside the register)."""

    first: str | None
    first_start: date | None
    second: str | None
    day: date


def plain_text(value: str, label: str) -> str | None:
    """A text a person typed for a dwelling or a listing (address, note, landlord): checked as
    every typed text is, as typed (domain.text.typed_text: nothing that acts on a terminal, a
    newline or a tab too, not too long), the refusal naming `label`'s field; then runs of
    spaces collapsed to one."""
    from boligreg.domain.text import typed_text
    from boligreg.settings import TEXT_LIMIT

    return " ".join(typed_text(value, label, TEXT_LIMIT).split()) or None


# --- tenancies and occupancy ---------------------------------------------------------------

def tenancies_of(history: History) -> list[Tenancy]:
    """The person's stays that name a dwelling, as tenancies."""
    return [Tenancy(dwelling_id=s.dwelling_id, person_id=s.person_id, start=s.start,
                    end=tenancy_end(history.stays, i, history.exits), stay_id=s.id, lease=s.lease,
                    lease_end=s.lease_end)
            for i, s in enumerate(history.stays) if s.dwelling_id]


# on one day: a tenancy ends, then the dwelling is marked vacant or let, then a tenancy begins
_END, _VACANT, _LET, _START = range(4)


def occupancy(tenancies: list[Tenancy], marks: list[Mark]) -> tuple[list[Period], Conflict | None]:
    """The dwelling's periods from its records, and the first conflict among them (a tenancy
    beginning while another runs, a mark inside a tenancy, a letting while let), if any.

    Before its first record a dwelling is let outside the register. A tenancy's end makes it
    vacant; a vacant mark after that end means it was not ready (renovation) until the mark."""
    events: list[tuple[date, int, object]] = []
    for tenancy in tenancies:
        if tenancy.end is not None and tenancy.end <= tenancy.start:
            continue  # moved on the same day (several stays on one day): it held no day
        events.append((tenancy.start, _START, tenancy))
        if tenancy.end is not None:
            events.append((tenancy.end, _END, tenancy))
    for mark in marks:
        events.append((mark.date, _VACANT if mark.kind == MarkKind.VACANT else _LET, mark))
    events.sort(key=lambda e: (e[0], e[1], getattr(e[2], "stay_id", 0) or getattr(e[2], "id", 0)))
    periods: list[Period] = []
    state, since, tenant, stay_id = Occupancy.LET_OUTSIDE, None, None, None
    by_end = False  # the current vacancy began when a tenancy ended (no mark since)
    conflict: Conflict | None = None

    def turn(day: date, new: Occupancy, who: str | None = None, stay: int | None = None) -> None:
        nonlocal state, since, tenant, stay_id, by_end
        if since is None or day > since:  # a stretch of no days leaves no period
            periods.append(Period(since, day, state, tenant, stay_id))
        state, since, tenant, stay_id, by_end = new, day, who, stay, False

    for day, kind, item in events:
        if kind == _END:
            assert isinstance(item, Tenancy)
            if state == Occupancy.LET and stay_id == item.stay_id:
                turn(day, Occupancy.VACANT)
                by_end = True
        elif kind == _VACANT:
            if state == Occupancy.LET:
                conflict = conflict or Conflict(tenant, since, None, day)
            elif state == Occupancy.LET_OUTSIDE:
                turn(day, Occupancy.VACANT)
            elif by_end:  # ready from the mark: the days since the tenant left were renovation
                state = Occupancy.NOT_READY
                turn(day, Occupancy.VACANT)
        elif kind == _LET:
            if state in (Occupancy.LET, Occupancy.LET_OUTSIDE):
                conflict = conflict or Conflict(tenant, since, None, day)
            else:
                turn(day, Occupancy.LET_OUTSIDE)
        else:
            assert isinstance(item, Tenancy)
            if state == Occupancy.LET:
                conflict = conflict or Conflict(tenant, since, item.person_id, day)
                continue
            turn(day, Occupancy.LET, item.person_id, item.stay_id)
    periods.append(Period(since, None, state, tenant, stay_id))
    return periods, conflict


def occupancy_on(periods: list[Period], day: date) -> Period:
    """The period that covers `day` (periods cover all time, from no date to none)."""
    for period in periods:
        if period.covers(day):
            return period
    return periods[-1]


def latest_record(tenancies: list[Tenancy], marks: list[Mark]) -> date | None:
    """The last day any record of the dwelling begins or ends on: a new record starts there or
    later (the dwelling's history is written forward, as a person's timeline is)."""
    days = [t.start for t in tenancies] + [t.end for t in tenancies if t.end] + [m.date for m in marks]
    return max(days) if days else None


def free_from(periods: list[Period]) -> date | None:
    """The day the dwelling is (or will be) vacant from, as its records stand: the start of its
    last period when that is vacant (possibly ahead of today); None while it is let."""
    last = periods[-1]
    return last.start if last.state == Occupancy.VACANT else None


# --- vacancies and turnover ----------------------------------------------------------------


def vacancies(periods: list[Period]) -> list[Period]:
    """The dwelling's vacancies: the stretches it stood ready and unlet (renovation left out)."""
    return [p for p in periods if p.state == Occupancy.VACANT]


def vacancy_days(vacancy: Period, day: date) -> int:
    """Days vacant: from the day it fell vacant to the day it was let, or to `day` (inclusive)
    while it still stands vacant."""
    assert vacancy.start is not None  # a vacancy begins with a record
    end = vacancy.end if vacancy.end is not None and vacancy.end <= day else day + timedelta(days=1)
    return max(0, (end - vacancy.start).days)


def overlaps(period: Period, start: date, end: date) -> bool:
    """The period covers at least one day of [start, end]."""
    return (period.start is None or period.start <= end) and (period.end is None or period.end > start)


def renewal(before: Period, after: Period) -> bool:
    """A new lease in the same dwelling (husleieloven § 9-3: a fixed-term lease renewed, or made
    open-ended): the same tenant's next stay names the same dwelling from the day the last one
    ends. The tenancy goes on; KOSTRA counts no allocation and no tenancy ended («ny kontrakt i
    samme bolig»)."""
    return (before.state == after.state == Occupancy.LET and before.tenant is not None
            and before.tenant == after.tenant and before.end == after.start)


def tenancies_ended(periods: list[Period], start: date, end: date) -> int:
    """Lettings (in the register or outside it) that ended in [start, end]: a let period
    followed by a vacancy, renovation or another tenant. A letting outside the register that a
    tenancy in the register follows directly is the same tenant being registered, not an end;
    nor is a lease renewed in the same dwelling (renewal)."""
    count = 0
    for period, following in pairwise(periods):
        if period.end is None or not start <= period.end <= end:
            continue
        if period.state == Occupancy.LET and not renewal(period, following) or (
                period.state == Occupancy.LET_OUTSIDE and following.state != Occupancy.LET):
            count += 1
    return count


def allocations(periods: list[Period], start: date, end: date,
                placements: "set[int] | frozenset[int]" = frozenset()) -> list[Period]:
    """Lettings that began in [start, end]: a tenancy in the register or a letting outside it
    after a vacancy, renovation or another tenant. A tenancy in the register that follows a
    letting outside it directly is that tenant being registered, not an allocation — unless
    its stay is among `placements` (stays that ended a homeless episode: a homeless person
    housed there is let the dwelling, whatever the register knew of it before). A lease renewed
    in the same dwelling (renewal) is no allocation."""
    found = []
    for before, period in pairwise(periods):
        if period.start is None or not start <= period.start <= end:
            continue
        if period.state == Occupancy.LET_OUTSIDE or (
                period.state == Occupancy.LET and not renewal(before, period) and (
                    before.state != Occupancy.LET_OUTSIDE or period.stay_id in placements)):
            found.append(period)
    return found


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


# --- leases ----------------------------------------------------------------------------------


# --- rooms for a household -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoomRule:
    """How many rooms a household needs (config: rooms-adults, rooms-per-child, rooms-extra).

    Rooms count as a Norwegian listing counts them (living room and bedrooms, not kitchen or
    bath): the adults of a household share `adults` rooms, every child needs `per_child` room
    of its own beyond the adults', and a dwelling may have at most `extra` rooms more than the
    household needs before it is a poor use of the stock. With the defaults (1, 1, 1) a single
    adult or a couple fits 1–2 rooms, a parent with two children 3–4."""

    adults: int = 1
    per_child: int = 1
    extra: int = 1

    @classmethod
    def of(cls, settings: "Settings") -> "RoomRule":
        return cls(settings.rooms_adults, settings.rooms_per_child, settings.rooms_extra)

    def needed(self, children: int) -> int:
        return self.adults + self.per_child * max(0, children)

    def fits(self, rooms: int, children: int) -> bool:
        need = self.needed(children)
        return need <= rooms <= need + self.extra

    def for_household_of(self, persons: int) -> int:
        """The bolighefte's groups by household size: one adult and the rest children, which
        is the most rooms a household of that size needs (a couple needs fewer)."""
        return self.needed(max(0, persons - 1))


# --- the waiting list, suggestions and offers --------------------------------------------------


@dataclass(frozen=True, slots=True)
class Waiting:
    """One person on the waiting list on a day, with what the suggestion ranks by."""

    person_id: str
    applications: tuple[Application, ...]  # granted, waiting (on_waiting_list)
    granted: date  # the earliest of their grants
    accessible: bool  # an application asks for an accessible dwelling
    accepted: Offer | None  # an accepted offer whose placement has not begun yet
    open_offer: Offer | None  # an offer not yet answered
    declined: tuple[Offer, ...]  # offers they declined, latest first


def waiting(history: History, offers: list[Offer], day: date) -> Waiting | None:
    """The person's place on the waiting list on `day`, or None when not on it. The list is the
    definition's (domain.applications.on_waiting_list): offers change nobody's place on it; an
    accepted offer becomes a KOMMUNAL placement, and that placement fulfils the application."""
    apps = tuple(a for a in history.applications if a.received <= day and on_waiting_list(history, a, day))
    if not apps:
        return None
    mine = sorted((o for o in offers if o.person_id == history.person.id and o.date <= day),
                  key=lambda o: (o.date, o.id))
    answered = [o for o in mine if o.decided is not None and o.decided <= day]
    starts = {s.id: s.start for s in history.stays}
    moving = [o for o in answered if o.outcome == OfferOutcome.ACCEPTED and o.stay_id in starts
              and starts[o.stay_id] > day]  # accepted, the placement not yet begun
    return Waiting(
        person_id=history.person.id,
        applications=apps,
        granted=min(max(r.date for r in a.rulings if r.decision == Decision.GRANTED and r.date <= day)
                    for a in apps),  # each on the list holds a grant in force on the day
        accessible=any(a.accessible for a in apps),
        accepted=moving[-1] if moving else None,
        open_offer=next((o for o in reversed(mine) if o not in answered), None),
        declined=tuple(o for o in reversed(answered) if o.outcome == OfferOutcome.DECLINED),
    )


@dataclass(frozen=True, slots=True)
class Candidate:
    """A person on the waiting list who fits a vacancy, with why they rank where they do."""

    entry: Waiting
    homeless: bool
    situation: Situation | None  # where the person stays on the day
    children: int
    days_waiting: int
    inactive: bool = False  # not homeless now because out of contact (moved to inactive)


def fits_vacancy(entry: Waiting, history: History, dwelling: Dwelling, rule: RoomRule) -> bool:
    """Whether the person on the waiting list fits the dwelling: the household's rooms
    (RoomRule), an accessible dwelling when an application asks for one, and no offer they
    already accepted (they are moving in elsewhere)."""
    if entry.accepted is not None or not rule.fits(dwelling.rooms, history.person.children):
        return False
    return dwelling.accessible or not entry.accessible


def candidate(entry: Waiting, history: History, dwelling: Dwelling, homeless: bool,
              day: date, rule: RoomRule) -> Candidate | None:
    """The person as a candidate for the dwelling, or None when they do not fit it
    (fits_vacancy)."""
    children = history.person.children
    if not fits_vacancy(entry, history, dwelling, rule):
        return None
    stay = None
    for s in history.stays:
        if s.start > day:
            break
        stay = s
    return Candidate(entry=entry, homeless=homeless, situation=stay.code if stay else None,
                     children=children, days_waiting=(day - entry.granted).days)


def suggestion_order(item: Candidate, homeless_first: bool = True) -> tuple:
    """The documented ranking of `dwelling suggest`: homeless persons first (Haugesund's first
    priority for homeless persons when municipal dwellings fall vacant; config
    priority-homeless), then the longest wait since the grant, then the person's id."""
    return (not item.homeless if homeless_first else False, -item.days_waiting, item.entry.person_id)


def ranked(candidates: list[Candidate], homeless_first: bool = True) -> list[Candidate]:
    return sorted(candidates, key=lambda c: suggestion_order(c, homeless_first))


# --- the bolighefte --------------------------------------------------------------------------


def parse_month(text: str) -> date:
    """A month as typed: 2016-03, 03.2016 or 3.2016; its first day."""
    import re

    from boligreg.errors import InvalidInput

    cleaned = text.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})", cleaned)
    dotted = re.fullmatch(r"(\d{1,2})\.(\d{4})", cleaned)
    if iso and cleaned.isascii():
        year, month = int(iso.group(1)), int(iso.group(2))
    elif dotted and cleaned.isascii():
        month, year = int(dotted.group(1)), int(dotted.group(2))
    else:
        raise InvalidInput("err_bad_month", value=text[:40])
    if not 1 <= month <= 12 or year < 1900:
        raise InvalidInput("err_bad_month", value=text[:40])
    return date(year, month, 1)


def month_days(first: date) -> tuple[date, date]:
    """The first and last day of the month `first` lies in."""
    start = first.replace(day=1)
    return start, add_months(start, 1) - timedelta(days=1)


def listed_in(rental: Rental, first: date, last: date) -> bool:
    """A listing is in the month's bolighefte when it is available by the month's last day and
    has not dropped out before its first day (expired listings drop out by themselves)."""
    return rental.available <= last and (rental.until is None or rental.until >= first)


def within_nav_limit(rental: Rental, persons: int, limit: int | None, rule: RoomRule) -> bool:
    """A listing is in the group of households of `persons` when NAV can fund its rent for such
    a household (config nav-limit.N) and it has the rooms such a household needs."""
    return limit is not None and rental.rent <= limit and rental.rooms >= rule.for_household_of(persons)


# --- Housing First ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Retention:
    """A participant followed for `months` after moving in."""

    moved_in: date
    mark: date  # moved_in + months
    still_housed: bool  # in a placement on the mark
    returned: bool  # homeless again at some time after moving in, up to the mark


def retention(p: Participation, history: History, episode_starts: list[date],
              months: int) -> Retention | None:
    """Housing First is judged by retention: still housed `months` (housing-first-months, 12)
    after moving in, and whether the person returned to homelessness within them.
    `episode_starts` are the starts of the person's homeless episodes, sorted."""
    home = move_in(p, history.stays)
    if home is None:
        return None
    mark = add_months(home.start, months)
    stays = history.stays
    current = None
    for stay in stays:
        if stay.start > mark:
            break
        current = stay
    dead = any(e.reason in ENDING_EXITS and home.start <= e.date <= mark for e in history.exits)
    index = bisect_right(episode_starts, home.start)
    returned = index < len(episode_starts) and episode_starts[index] <= mark
    return Retention(moved_in=home.start, mark=mark,
                     still_housed=bool(current and current.code in PLACEMENTS and not dead),
                     returned=returned)
