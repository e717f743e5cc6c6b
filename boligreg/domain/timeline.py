"""Where a person is on a date, and their episodes of homelessness, from the dated history.

Stays store only their start: each stay ends where the next one starts, so a timeline can have
no gaps and no overlaps. Several stays may begin on one day, in the order entered (timeline order
is start, then id); the situation on that day is the last of them, and the others last no night
(a stay that begins and ends on one day). Everything else (homeless on a date, inflow, outflow)
is derived here, from the full history, never from a latest-state snapshot.

Within a day, things happen in this order: the contacts (a contact on the day keeps a person on
the list), the stays begun that day in the order entered, then the exits of that day. So a
person placed UTE and housed in KOMMUNAL on one day has an episode that begins and ends that day:
counted in the inflow and the outflow, on no day's list.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date

from boligreg.domain.codes import (
    HOMELESS,
    LISTED_CODES,
    PLACEMENTS,
    RELEASE,
    ExitReason,
    Inflow,
    Outflow,
    Situation,
    counts_as_contact,
)
from boligreg.domain.dates import add_days, add_months
from boligreg.domain.models import History, Stay
from boligreg.settings import RELEASE_LISTED_MONTHS, RETURN_WINDOW_DAYS


@dataclass(frozen=True, slots=True)
class Episode:
    """One continuous spell on the homeless list: active on days start <= d < end.

    A plain dataclass: episodes are derived, never typed in, and a register of 100,000
    persons makes hundreds of thousands of them."""

    start: date
    end: date | None  # exclusive (end == start: begun and ended on one day); None while it lasts
    inflow: Inflow
    outflow: Outflow | None = None
    placement: Stay | None = None  # the dwelling that ended it, when housed

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def listable_on(history: History, day: date) -> bool:
    """Whether the stay on `day` has one of LISTED_CODES; nobody else is homeless that day."""
    stay = stay_on(history.stays, day)
    return stay is not None and stay.code in LISTED_CODES


def stay_end(stays: tuple[Stay, ...], index: int) -> date | None:
    """A stay ends where the next one starts."""
    return stays[index + 1].start if index + 1 < len(stays) else None


def stay_on(stays: tuple[Stay, ...], day: date) -> Stay | None:
    """The stay that covers the day, if any: of several begun that day, the last."""
    current = None
    for stay in stays:
        if stay.start > day:
            break
        current = stay
    return current


def release_arranged(stays: tuple[Stay, ...], index: int) -> bool:
    """An INST/KRIM stay is followed by a placement starting on or before the release date."""
    stay = stays[index]
    following = stays[index + 1] if index + 1 < len(stays) else None
    return bool(
        following
        and following.code in PLACEMENTS
        and stay.release is not None
        and following.start <= stay.release
    )


def homeless_window(stays: tuple[Stay, ...], index: int) -> tuple[date, date | None] | None:
    """The part of one stay that counts as homeless, or None.

    INST and KRIM count only from two calendar months (RELEASE_LISTED_MONTHS) before the
    expected release, and not at all when a placement is already arranged for the release.
    A stay that begins and ends on one day gives a window of that day alone (start == end)
    when the person was homeless in it; a longer stay that ends just as its window would
    begin gives none.
    """
    stay = stays[index]
    end = stay_end(stays, index)
    if stay.code in HOMELESS:
        start = stay.start
    elif stay.code in RELEASE and stay.release and not release_arranged(stays, index):
        start = max(stay.start, add_months(stay.release, -RELEASE_LISTED_MONTHS))
    else:
        return None
    if end is not None and (end < start or end == start > stay.start):
        return None
    return start, end


def homeless_spans(history: History) -> list[tuple[date, date | None]]:
    """Merged homeless spans from the stays, with exits (moved, deceased, inactive) cut out."""
    return [(span[0], span[1]) for span in _spans(history)]


Span = tuple[date, date | None, Stay | None, frozenset[date]]
"""start, end, the stay that ended it (None: still running, or cut by an exit), and the days
its stays began (a span whose stays begin on its last day lives part of that day too)."""


def _spans(history: History) -> list[Span]:
    """The homeless spans. Windows of consecutive stays join; a stay between them that counts
    not as homeless, even one of no night, splits them."""
    stays = history.stays
    spans: list[list] = []
    last_index = -2
    for index in range(len(stays)):
        window = homeless_window(stays, index)
        if window is None:
            continue
        ender = stays[index + 1] if index + 1 < len(stays) else None
        if spans and last_index == index - 1 and spans[-1][1] == window[0]:
            spans[-1][1], spans[-1][2] = window[1], ender
            spans[-1][3] = spans[-1][3] | {stays[index].start}
        else:
            spans.append([window[0], window[1], ender, frozenset({stays[index].start})])
        last_index = index
    for exit_ in history.exits:
        spans = _cut(spans, exit_.date, _resume_after(history, exit_))
    return [(s, e, ender, begun) for s, e, ender, begun in spans]


def _resume_after(history: History, exit_) -> date | None:
    """When a person who left the list can come back: after moving, with a new stay; after
    being set inactive, with the next contact; after death, never."""
    if exit_.reason == ExitReason.DECEASED:
        return None
    if exit_.reason == ExitReason.INACTIVE:
        days = contact_days(history)
    else:
        days = [s.start for s in history.stays]
    return next((d for d in days if d > exit_.date), None)


def _cut(spans: list[list], cut_from: date, resume: date | None) -> list[list]:
    """Remove [cut_from, resume) from the spans (resume None: for ever). An exit comes after
    the day's stays, so a span whose stay began on the exit day keeps that day alone (start ==
    end); one that only reaches its window that day (INST, KRIM) has no moment before the exit."""
    result = []
    for start, end, ender, begun in spans:
        if end is not None and end <= cut_from or (resume is not None and start >= resume):
            result.append([start, end, ender, begun])
            continue
        if start < cut_from or (start == cut_from and cut_from in begun):
            result.append([start, cut_from, None, begun])
        if resume is not None and (end is None or end > resume or (end == resume and end in begun)):
            result.append([max(start, resume), end, ender, begun])
    return result


def contact_days(history: History) -> list[date]:
    """Days the services were in touch: the day they came to know the person (known since,
    normally the registration; and so for each record merged into this one), contacts (not mere
    attempts), moves. Typing a past history in
    later is no contact, so its figures equal those of the history typed day by day."""
    days = {history.person.known_from, *history.merged_known}
    if history.contact_dates is not None:
        days.update(history.contact_dates)
    else:
        days.update(c.date for c in history.contacts if counts_as_contact(c.kind))
    days.update(s.start for s in history.stays)
    return sorted(days)


def episodes(history: History, inactive_after_days: int) -> list[Episode]:
    """Split the homeless spans into episodes, ending each the way DESIGN.md defines.

    Inside a span, a person with no contact for `inactive_after_days` leaves the list as
    inactive on the last contact plus that many days (a contact on that very day keeps them
    on); a later contact in the same span brings them back (returned from inactive).
    """
    limit = inactive_after_days
    contacts = contact_days(history)
    pieces: list[tuple[date, date | None, Outflow | None, Stay | None]] = []
    known = history.person.known_from
    for span_start, span_end, ender, begun in _spans(history):
        start = span_start
        last = max(span_start, known)  # no clock runs before the services knew the person
        first = bisect_right(contacts, span_start)  # only the contacts inside the span
        if span_end is None:
            stop = len(contacts)
        elif span_end in begun:  # homeless for part of its last day: that day's contact counts
            stop = bisect_right(contacts, span_end)
        else:
            stop = bisect_left(contacts, span_end)
        for day in contacts[first:stop]:
            if day > add_days(last, limit):
                pieces.append((start, add_days(last, limit), Outflow.INACTIVE, None))
                start = day
            last = max(last, day)
        if span_end is None or add_days(last, limit) < span_end:
            pieces.append((start, add_days(last, limit), Outflow.INACTIVE, None))
        else:
            pieces.append((start, span_end, *_span_outflow(history, span_end, ender)))
    result: list[Episode] = []
    for start, end, outflow, placement in pieces:
        inflow = _inflow(result, start)
        result.append(Episode(start=start, end=end, inflow=inflow, outflow=outflow, placement=placement))
    return result


def _span_outflow(history: History, end: date, ender: Stay | None) -> tuple[Outflow, Stay | None]:
    """Why a homeless span ended on `end` (an exit that day, the placement that ended it, or an
    institution stay), and the dwelling when it was a placement."""
    for exit_ in history.exits:
        if exit_.date == end:
            return Outflow(exit_.reason.value), None
    if ender is not None and ender.code in PLACEMENTS:
        return Outflow.HOUSED, ender
    return Outflow.INSTITUTION, None


def _inflow(previous: list[Episode], start: date) -> Inflow:
    """New, or a return classified by how the last episode within RETURN_WINDOW_DAYS ended."""
    last = previous[-1] if previous else None
    if last is None or last.end is None or last.end <= add_days(start, -RETURN_WINDOW_DAYS):
        return Inflow.NEW
    if last.outflow == Outflow.HOUSED:
        return Inflow.RETURNED_HOUSING
    if last.outflow == Outflow.INACTIVE:
        return Inflow.RETURNED_INACTIVE
    return Inflow.RETURNED_OTHER


def episode_on(eps: list[Episode], day: date) -> Episode | None:
    """The episode active on `day`, if any: whether the person is on the list that day."""
    return next((e for e in eps if e.active_on(day)), None)


def last_contact(history: History, day: date) -> date | None:
    """The last day on or before `day` that counts as contact."""
    days = [d for d in contact_days(history) if d <= day]
    return days[-1] if days else None


def days_since_contact(history: History, day: date) -> int | None:
    """Days from the last contact to `day`; None when there was none by then."""
    contact = last_contact(history, day)
    return (day - contact).days if contact else None


def code_runs(stays: tuple[Stay, ...], code: Situation) -> list[tuple[date, date | None]]:
    """Unbroken runs of stays with one code, [start, end): moving from one hostel to another
    keeps a MIDL run going, as the national target (nobody over 3 months) counts it. The target
    counts nights: a stay that ends the day it begins (another stay starts that day) is no night
    in the run, and a stay of no night between two MIDL stays does not break it."""
    runs: list[list] = []
    for index, stay in enumerate(stays):
        if stay.code != code:
            continue
        end = stay_end(stays, index)
        if runs and runs[-1][1] == stay.start:
            runs[-1][1] = end
        else:
            runs.append([stay.start, end])
    return [(start, end) for start, end in runs if end is None or end > start]


def midl_runs(stays: tuple[Stay, ...]) -> list[tuple[date, date | None]]:
    """Unbroken runs of temporary accommodation (MIDL), [start, end) (see code_runs)."""
    return code_runs(stays, Situation.MIDL)


def runs_within(history: History, code: Situation, start: date, end: date) -> list[tuple[date, date]]:
    """The person's unbroken runs in `code` (MIDL, AKUTT) with at least one day in [start, end],
    as [run start, stop): a run keeps its own start (a stay from before the period counts from
    the day it began) and stops at the period's end at the latest. Days after an exit (moved
    away, deceased, set inactive by hand) are no days in the run until the person is back on
    the list, as homeless_spans cuts them; the inactivity rule itself does not cut a run (a
    stay the municipality arranged is known, contacts or not)."""
    runs: list[list] = [[s, e, None, frozenset()] for s, e in code_runs(history.stays, code)]
    for exit_ in history.exits:  # a run has no day of its own on the exit day (e > s below)
        runs = _cut(runs, exit_.date, _resume_after(history, exit_))
    limit = add_days(end, 1)  # add_days: no overflow past 31.12.9999
    return [(s, min(e, limit) if e is not None else limit) for s, e, _, _ in runs
            if s <= end and (e is None or e > start)]


def midl_since(stays: tuple[Stay, ...], day: date) -> date | None:
    """Start of the unbroken MIDL run that covers `day`; None when the person is not in MIDL."""
    return next((start for start, end in midl_runs(stays)
                 if start <= day and (end is None or day < end)), None)


def state_on(history: History, day: date, inactive_after_days: int,
             eps: list[Episode] | None = None) -> str:
    """One word for where a person stands on a day: homeless, housed, inactive, moved,
    deceased, institution (not yet within two months of release) or other. A caller that has
    the episodes already passes them in `eps`. They are worked out only for a stay that can
    be listed: without one, a person's stays and exits say where they stand, so the export of
    a whole register reads no more than those for most persons (Register.listable_histories)."""
    stay = stay_on(history.stays, day)
    listed = stay is not None and stay.code in LISTED_CODES
    if listed:
        eps = episodes(history, inactive_after_days) if eps is None else eps
        if episode_on(eps, day):
            return "homeless"
    for exit_ in sorted(history.exits, key=lambda e: e.date, reverse=True):
        # set inactive by hand: inactive until the next contact, while the stay is one that
        # can be listed (a later move is a contact; a home makes the person housed instead)
        if exit_.reason == ExitReason.INACTIVE and not listed:
            continue
        resume = _resume_after(history, exit_)
        if exit_.date <= day and (resume is None or resume > day):
            return exit_.reason.value
    if stay is None:
        return "other"
    if stay.code in PLACEMENTS:
        return "housed"
    if stay.code in RELEASE:
        return "institution"
    # a homeless stay without a current episode: listed, so `eps` is at hand
    assert eps is not None
    past = [e for e in eps if e.end is not None and e.end <= day]
    if past and past[-1].outflow == Outflow.INACTIVE:
        return "inactive"
    return "other"
