"""Write a synthetic register of N fictitious persons with 5 years of history, for benchmarks.

    python bench/make_register.py 1000 --out bench/r1000.db [--homeless 0.4]

Rows go in through the project's store (open_register, migrations, one bulk transaction, the
event log), as plain inserts: validating 100,000 persons one use case at a time would measure
the generator, not the register.
"""

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from boligreg.domain.codes import HOMELESS, PLACEMENTS
from boligreg.store import open_register

HOMELESS_CODES = sorted(HOMELESS)
DWELLINGS = sorted(PLACEMENTS)
OWNERS = ["NAV", "Boligkontoret", "Vedtakskontoret"]


def generate(path: Path, persons: int, homeless_share: float, today: date, seed: int = 1) -> float:
    rng = random.Random(seed)
    started = time.perf_counter()
    if path.exists():
        path.unlink()
    reg = open_register(path, create=True, demo=True, today=today)
    first_day = today - timedelta(days=5 * 365)
    tables: dict[str, list[dict]] = {k: [] for k in ("person", "stay", "contact", "plan", "step",
                                                      "application")}
    for n in range(1, persons + 1):
        pid = f"P{n:04d}"
        since = first_day + timedelta(days=rng.randint(0, 5 * 365 - 200))
        stays, day = [], since
        homeless_now = rng.random() < homeless_share
        while True:
            code = rng.choice(HOMELESS_CODES)
            stays.append((code, day))
            day += timedelta(days=rng.randint(60, 400))
            if day >= today - timedelta(days=30):
                break
            stays.append((rng.choice(DWELLINGS), day))
            day += timedelta(days=rng.randint(200, 700))
            if day >= today - timedelta(days=30):
                break
        if homeless_now and stays[-1][0] in PLACEMENTS:
            stays.append((rng.choice(HOMELESS_CODES), today - timedelta(days=rng.randint(1, 29))))
        if not homeless_now and stays[-1][0] not in PLACEMENTS:
            stays.append((rng.choice(DWELLINGS), today - timedelta(days=rng.randint(1, 29))))
        tables["person"].append({
            "id": pid, "name": f"Testperson {n}", "birth_year": rng.randint(1950, 2005),
            "gender": rng.choice("FM"), "children": rng.choice([0, 0, 0, 0, 1, 2]),
            "consent": since.isoformat() if rng.random() < 0.8 else None,
            "registered": since.isoformat(), "caseworker": rng.choice(OWNERS),
        })
        for code, start in stays:
            tables["stay"].append({"person_id": pid, "code": code, "start": start.isoformat(),
                                   "lease": "open" if code in PLACEMENTS else None})
        contact = since + timedelta(days=rng.randint(5, 40))
        while contact < today:
            tables["contact"].append({"person_id": pid, "date": contact.isoformat(), "kind": "met",
                                      "by": "Saksbehandler"})
            contact += timedelta(days=rng.randint(10, 75))
        tables["plan"].append({"person_id": pid, "route": rng.choice(DWELLINGS),
                               "target": (since + timedelta(days=rng.randint(90, 900))).isoformat(),
                               "responsible": rng.choice(OWNERS)})
        for no in (1, 2):
            tables["step"].append({"person_id": pid, "no": no, "text": "Søke depositumsgaranti",
                                   "owner": rng.choice(OWNERS), "created": since.isoformat(),
                                   "due": (since + timedelta(days=30 * no)).isoformat()})
        tables["application"].append({"id": f"A{n:04d}", "person_id": pid, "kind": "KOMMUNAL",
                                      "received": (since + timedelta(days=10)).isoformat(),
                                      "decision": "granted",
                                      "decided": (since + timedelta(days=40)).isoformat()})
    with reg.bulk("bench make_register"):
        for table, rows in tables.items():
            reg.db[table].insert_all(rows, batch_size=5000)
        reg.log("create", "bench", new={"persons": persons})
    reg.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("persons", type=int)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--homeless", type=float, default=0.4, help="share homeless today")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 1))
    args = parser.parse_args()
    out = args.out or Path(f"bench/register-{args.persons}.db")
    seconds = generate(out, args.persons, args.homeless, args.today)
    print(f"{out}: {args.persons} persons in {seconds:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
