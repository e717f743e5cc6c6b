"""The housing side's reads for the meeting's commands (status, person show): who holds a
fixed-term lease ending soon, the dwellings' addresses, the Housing First participations.
Apart from the use cases (store/dwellings.py, store/housing_first.py), which need the housing
side's heavier rules, so that these commands start no slower."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from boligreg.domain.housing_codes import Participation
from boligreg.store.register import Register, _among


def lease_tenants(reg: Register, day: date, until: date) -> set[str]:
    """Persons whose stay on `day` has a fixed-term lease ending by `until`: who can appear in
    status's section of leases running out (reports.status.build_status decides, by
    domain.housing_codes.lease_ending). A stay followed by another by `day` is over."""
    return {row[0] for row in reg.conn.execute(
        "SELECT DISTINCT s.person_id FROM stay s WHERE s.lease = 'fixed' AND s.lease_end <= ? "
        "AND s.start <= ? AND NOT EXISTS (SELECT 1 FROM stay n WHERE n.person_id = s.person_id "
        "AND n.start <= ? AND (n.start > s.start OR (n.start = s.start AND n.id > s.id)))",
        (until.isoformat(), day.isoformat(), day.isoformat()))}


def addresses(reg: Register, dwelling_ids: Iterable[str]) -> dict[str, str]:
    ids = sorted(set(dwelling_ids))
    if not ids:
        return {}
    where, params = _among(ids, "id")
    return dict(reg.conn.execute(f"SELECT id, address FROM dwelling {where}", params).fetchall())


def participations(reg: Register, person_ids: Iterable[str] | None = None) -> dict[str, list[Participation]]:
    """Each person's participations, oldest first (None: everyone's)."""
    if person_ids is None:
        found = reg.load(Participation, "housing_first", order="person_id, invited, id")
    else:
        ids = sorted(set(person_ids))
        if not ids:
            return {}
        where, params = _among(ids)
        found = reg.load(Participation, "housing_first", where, params, order="person_id, invited, id")
    result: dict[str, list[Participation]] = defaultdict(list)
    for p in found:
        result[p.person_id].append(p)
    return result
