"""Use cases of a person's timeline: a new stay, a new release date, undoing the latest stay."""

from datetime import date

from boligreg.domain.codes import PLACEMENTS, RELEASE, Lease, Situation
from boligreg.domain.dates import show_date
from boligreg.domain.models import History, Stay, as_json
from boligreg.errors import InvalidInput
from boligreg.store.guards import check_alive, iso
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
    """Check a new stay against the timeline: it opens where the last one closes."""
    check_alive(history, start)
    if history.stays and start <= history.stays[-1].start:
        last = history.stays[-1]
        raise InvalidInput("err_overlap", start=show_date(start), last=show_date(last.start),
                           code=last.code.value)
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
    if lease_end is not None and lease is None:
        lease = Lease.FIXED
    if code in PLACEMENTS and lease is None:
        lease = Lease.OPEN
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
