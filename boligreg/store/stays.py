"""Use cases of a person's timeline: a new stay, a new release date, undoing the latest stay,
and correcting or deleting any stay.

A person's stays in timeline order (start, then id) have rising ids: a new stay starts on or
after the latest one, a correction keeps a stay between its neighbours, and a merge writes the
later history's stays anew (store/merge.py). `check_order` refuses anything else, naming the
two stays that would collide; Register.persons_in relies on it."""

from dataclasses import replace
from datetime import date
from itertools import pairwise

from boligreg.domain.codes import PLACEMENTS, RELEASE, Lease, Situation
from boligreg.domain.dates import show_date
from boligreg.domain.models import History, Stay, as_json
from boligreg.domain.text import typed_text
from boligreg.errors import InvalidInput, NotFound
from boligreg.settings import TEXT_LIMIT
from boligreg.store.guards import check_alive, iso, not_future, reason_text
from boligreg.store.register import Register


def stay_row(
    reg: Register,
    history: History,
    code: Situation,
    start: date,
    *,
    place: str | None = None,
    release: date | None = None,
    noted: date | None = None,
    lease: Lease | None = None,
    lease_end: date | None = None,
    housing_first: bool = False,
) -> dict:
    """Check a new stay against the timeline: it opens where the last one closes, on the same
    day or later (several stays may begin on one day, in the order entered)."""
    if place is not None:
        typed_text(place, "col_place", TEXT_LIMIT)
    if noted is not None:  # when the municipality learnt of the release: it has happened
        not_future(reg, noted)
    check_alive(history, start)
    if history.stays and start < history.stays[-1].start:
        last = history.stays[-1]
        raise InvalidInput("err_stay_before_latest", start=show_date(start), last=show_date(last.start),
                           code=last.code.value, no=last.no)
    lease = check_fields(code, start, release, lease, lease_end, housing_first)
    return {
        "person_id": history.person.id,
        "code": code.value,
        "start": start.isoformat(),
        "place": place,
        "release": iso(release),
        "noted": iso(noted or reg.today) if release else None,
        "lease": lease.value if lease else None,
        "lease_end": iso(lease_end),
        "housing_first": int(housing_first),
    }


def check_fields(code: Situation, start: date, release: date | None, lease: Lease | None,
                 lease_end: date | None, housing_first: bool) -> Lease | None:
    """The fields a stay of `code` must and may have; returns the lease it gets (a dwelling
    without one is open-ended, an end date alone makes it fixed-term)."""
    if code in RELEASE:
        if release is None:
            raise InvalidInput("err_release_needed", code=code.value)
        if release < start:
            raise InvalidInput("err_release_before_start")
    elif release is not None:
        raise InvalidInput("err_release_only", code=code.value)
    if code not in PLACEMENTS and (lease or lease_end or housing_first):
        raise InvalidInput("err_lease_only", code=code.value)
    if lease == Lease.FIXED and (lease_end is None or lease_end <= start):
        raise InvalidInput("err_lease_end")
    if lease == Lease.OPEN and lease_end is not None:
        raise InvalidInput("err_lease_open_end")
    if lease_end is not None and lease is None:
        lease = Lease.FIXED
    if code in PLACEMENTS and lease is None:
        lease = Lease.OPEN
    return lease


def check_order(person_id: str, stays: list[Stay]) -> None:
    """A timeline in id order must have starts that never fall back; the first two stays that
    would are named (by their numbers on the card)."""
    ordered = sorted(stays, key=lambda s: s.id)
    for before, after in pairwise(ordered):
        if after.start < before.start:
            raise InvalidInput(
                "err_stays_collide", id=person_id,
                no=after.no, code=after.code.value, start=show_date(after.start),
                other_no=before.no, other_code=before.code.value,
                other_start=show_date(before.start))


def stay_number(history: History, no: int) -> Stay:
    """The stay with this number on the card. Numbers are the person's stays' own, issued once
    (Register.next_no): deleting stay 2 leaves 1 and 3, so a delete typed twice finds nothing."""
    found = next((s for s in history.stays if s.no == no), None)
    if found is None:
        raise NotFound("err_no_stay", id=history.person.id, no=no)
    return found


def add_stay(reg: Register, person_id: str, code: Situation, start: date,
             dwelling: str | None = None, **options) -> int:
    """A new stay; `dwelling` (KOMMUNAL/OMSORG) names the municipal dwelling, a tenancy."""
    with reg.write("stay add"):
        history = reg.history(person_id)
        row = stay_row(reg, history, code, start, **options)
        if dwelling is not None:
            from boligreg.store import dwellings

            row["dwelling_id"] = dwellings.dwelling_for_stay(reg, dwelling, code, start)
        stay_id = reg.insert("stay", row)
        reg.log("create", f"stay:{stay_id}", history.person.id, new=row)
        if dwelling is not None:
            dwellings.check_occupancy(reg, [row["dwelling_id"]])
    return stay_id

def set_release(reg: Register, person_id: str, release: date, noted: date | None = None) -> None:
    """Change the expected release/discharge date of the current INST/KRIM stay."""
    if noted is not None:
        not_future(reg, noted)
    with reg.write("stay release"):
        history = reg.history(person_id)
        stay = history.stays[-1] if history.stays else None
        if stay is None or stay.code not in RELEASE:
            raise InvalidInput("err_no_release_stay", id=history.person.id)
        if release < stay.start:
            raise InvalidInput("err_release_before_start")
        change = {"release": release.isoformat(), "noted": (noted or reg.today).isoformat()}
        reg.table("stay").update(stay.id, change)
        reg.log("update", f"stay:{stay.id}", history.person.id,
                old={"release": iso(stay.release), "noted": iso(stay.noted)}, new=change)

def undo_stay(reg: Register, person_id: str) -> Stay:
    """Remove the latest stay (a registration error); the first stay cannot be removed."""
    with reg.write("stay undo"):
        history = reg.history(person_id)
        if len(history.stays) < 2:
            raise InvalidInput("err_last_stay", id=history.person.id)
        stay = history.stays[-1]
        if any(s.dwelling_id for s in history.stays):
            from boligreg.store import dwellings

            dwellings.after_undo(reg, history, stay)  # before the delete: its offer lets go of it
        reg.table("stay").delete(stay.id)
        reg.log("delete", f"stay:{stay.id}", history.person.id, old=as_json(stay))
        if any(s.dwelling_id for s in history.stays):
            dwellings.check_occupancy(reg, [s.dwelling_id for s in history.stays])
    return stay


UNSET = object()
"""An option not given to `edit_stay` (None would mean: clear it)."""


def edit_stay(reg: Register, person_id: str, no: int, reason: str, *,
              code: Situation | None = None, start: date | None = None, place: object = UNSET,
              release: object = UNSET, noted: date | None = None, lease: Lease | None = None,
              lease_end: object = UNSET, housing_first: bool | None = None) -> tuple[Stay, Stay]:
    """Correct any stay: the fields given change, the stay keeps its place in the timeline
    (a start before the stay before it, or after the one after it, is refused naming both).
    A new code drops the fields it cannot have (a release date, a lease). Returns old, new."""
    why = reason_text(reason)
    if noted is not None:
        not_future(reg, noted)
    if isinstance(place, str):
        typed_text(place, "col_place", TEXT_LIMIT)  # as `stay add` checks it
    with reg.write("stay edit"):
        history = reg.history(person_id)
        old = stay_number(history, no)
        new_code = code or old.code
        new_start = start or old.start
        new_release: object = release
        if release is UNSET:
            new_release = old.release if new_code in RELEASE else None
        new_end: object = None if lease_end is UNSET else lease_end
        if new_code in PLACEMENTS:
            new_lease = lease or (Lease.FIXED if isinstance(lease_end, date) else old.lease)
            if lease_end is UNSET and new_lease == Lease.FIXED:
                new_end = old.lease_end
            new_first = old.housing_first if housing_first is None else housing_first
        else:  # the fields of a dwelling go with it; given anew, check_fields refuses them
            new_lease, new_first = lease, bool(housing_first)
        assert new_release is None or isinstance(new_release, date)
        assert new_end is None or isinstance(new_end, date)
        check_alive(history, new_start)
        new_lease = check_fields(new_code, new_start, new_release, new_lease, new_end, new_first)
        if new_release is None:
            new_noted = None
        elif new_release == old.release:
            new_noted = noted or old.noted
        else:
            new_noted = noted or reg.today
        new = replace(old, code=new_code, start=new_start,
                      place=old.place if place is UNSET else (str(place).strip() or None),
                      release=new_release, noted=new_noted, lease=new_lease,
                      lease_end=new_end, housing_first=new_first)
        before, after = as_json(old), as_json(new)
        changed = {k: after[k] for k in after if after[k] != before[k]}
        if not changed:
            raise InvalidInput("err_nothing_to_update")
        check_order(history.person.id, [new if s.id == old.id else s for s in history.stays])
        if old.dwelling_id:  # a tenancy keeps the rules `stay add --dwelling` keeps
            from boligreg.store import dwellings

            dwellings.dwelling_for_stay(reg, old.dwelling_id, new_code, new_start, old)
        stored = {k: int(v) if isinstance(v, bool) else v for k, v in changed.items()}
        reg.table("stay").update(old.id, stored)
        reg.log("update", f"stay:{old.id}", history.person.id,
                old={k: before[k] for k in changed}, new=dict(stored, reason=why))
        check_tenancies(reg, history)
    return old, new


def check_tenancies(reg: Register, history: History) -> None:
    """After a stay is edited or deleted: the person's dwellings (whose tenancies end with the
    next stay) still have one occupancy each (store.dwellings.check_occupancy)."""
    ids = {s.dwelling_id for s in history.stays if s.dwelling_id}
    if ids:
        from boligreg.store import dwellings

        dwellings.check_occupancy(reg, ids)


def delete_stay(reg: Register, person_id: str, no: int, reason: str) -> Stay:
    """Delete any stay typed in error; the one before it then lasts until the one after. A
    person keeps at least one stay (delete the person instead: person delete)."""
    why = reason_text(reason)
    with reg.write("stay delete"):
        history = reg.history(person_id)
        stay = stay_number(history, no)
        if len(history.stays) < 2:
            raise InvalidInput("err_last_stay", id=history.person.id)
        if stay.dwelling_id:
            from boligreg.store import dwellings

            dwellings.after_undo(reg, history, stay)  # an offer it came from is open again
        reg.table("stay").delete(stay.id)
        reg.log("delete", f"stay:{stay.id}", history.person.id, old=as_json(stay),
                new={"reason": why})
        check_tenancies(reg, history)
    return stay
