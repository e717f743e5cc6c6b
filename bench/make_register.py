"""Write a synthetic register of N fictitious persons with 5 years of history, for benchmarks.

    python bench/make_register.py 1000 --out bench/r1000.db [--homeless 0.4]
    python bench/make_register.py 5000 --dwellings 2000 --waiting 1000   # the housing side

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
from boligreg.domain.duplicates import name_key
from boligreg.store import open_register

HOMELESS_CODES = sorted(HOMELESS)
DWELLINGS = sorted(PLACEMENTS)
OWNERS = ["NAV", "Boligkontoret", "Vedtakskontoret"]
STAY_COLUMNS = {"release": None, "noted": None, "lease": None, "lease_end": None, "housing_first": 0,
                "dwelling_id": None}


def _timeline(rng: random.Random, since: date, today: date, homeless_now: bool) -> list[dict]:
    """Alternating homeless spells, institution/prison stays and homes, over up to 5 years."""
    stays, day = [], since
    while day < today - timedelta(days=30):
        kind = rng.random()
        if kind < 0.12:  # institution or prison, released 2–13 months later
            code = rng.choice(["INST", "KRIM"])
            release = day + timedelta(days=rng.randint(60, 400))
            stays.append({"code": code, "start": day, "release": release,
                          "noted": day + timedelta(days=rng.randint(0, 50))})
            day = release
        else:
            stays.append({"code": rng.choice(HOMELESS_CODES), "start": day})
            day += timedelta(days=rng.randint(30, 400))
        if day >= today - timedelta(days=30):
            break
        home = rng.choice(DWELLINGS)
        fixed = rng.random() < 0.3
        stays.append({"code": home, "start": day, "housing_first": int(rng.random() < 0.05),
                      "lease": "fixed" if fixed else "open",
                      "lease_end": day + timedelta(days=3 * 365) if fixed else None})
        day += timedelta(days=rng.randint(200, 900))
    last = stays[-1]["code"] if stays else None
    if homeless_now and last not in HOMELESS_CODES:
        stays.append({"code": rng.choice(HOMELESS_CODES), "start": today - timedelta(days=rng.randint(1, 29))})
    if not homeless_now and (last in HOMELESS_CODES or last is None):
        stays.append({"code": rng.choice(DWELLINGS), "start": today - timedelta(days=rng.randint(1, 29)),
                      "lease": "open"})
    return stays


def _contacts(rng: random.Random, stays: list[dict], today: date) -> list[tuple[date, str]]:
    """Contact every 10–60 days while homeless (some attempts without reply), two follow-ups
    after each move into a home: a homeless register does not log contacts for years after."""
    found = []
    for index, stay in enumerate(stays):
        end = stays[index + 1]["start"] if index + 1 < len(stays) else today
        if stay["code"] in HOMELESS_CODES:
            day = stay["start"] + timedelta(days=rng.randint(3, 20))
            while day < end:
                found.append((day, "attempt" if rng.random() < 0.1 else rng.choice(["met", "phone"])))
                day += timedelta(days=rng.randint(10, 60))
        elif stay["code"] in DWELLINGS:
            for weeks in (4, 12):
                if stay["start"] + timedelta(weeks=weeks) < min(end, today):
                    found.append((stay["start"] + timedelta(weeks=weeks), "phone"))
    return found


def generate(path: Path, persons: int, homeless_share: float, today: date, seed: int = 1,
             dwellings: int = 0, waiting: int = 0) -> float:
    """Write the register; returns the seconds it took. `dwellings` municipal dwellings are let
    to the persons in KOMMUNAL stays (one each, a fifth of them with fixed-term leases, some
    ending within 90 days), the rest are vacant; `waiting` of the persons homeless today wait
    for one with a granted application."""
    rng = random.Random(seed)
    started = time.perf_counter()
    if path.exists():
        path.unlink()
    reg = open_register(path, create=True, demo=True, today=today)
    first_day = today - timedelta(days=5 * 365)
    tables: dict[str, list[dict]] = {k: [] for k in ("person", "stay", "person_exit", "contact", "plan",
                                                      "step", "application", "application_decision")}
    now_homeless: list[tuple[str, str]] = []
    for n in range(1, persons + 1):
        pid = f"P{n:04d}"
        since = first_day + timedelta(days=rng.randint(0, 5 * 365 - 200))
        homeless_now = rng.random() < homeless_share
        stays = _timeline(rng, since, today, homeless_now)
        if homeless_now:
            now_homeless.append((pid, stays[-1]["code"]))
        tables["person"].append({
            "id": pid, "name": f"Testperson {n}", "name_key": name_key(f"Testperson {n}"), "birth_year": today.year - rng.randint(18, 75),
            "gender": rng.choice("FFMMMX"[: 5 if rng.random() < 0.99 else 6]),
            "children": rng.choice([0, 0, 0, 0, 1, 2]),
            "need_rus": rng.choice(["yes", "no", "unknown"]), "need_psykisk": rng.choice(["yes", "no", "unknown"]),
            "consent": since.isoformat() if rng.random() < 0.8 else None,
            "registered": since.isoformat(), "known_since": since.isoformat(),
            "caseworker": rng.choice(OWNERS),
        })
        for no, stay in enumerate(stays, start=1):  # numbered as the card numbers them
            row = dict(STAY_COLUMNS, person_id=pid, no=no, **stay)
            tables["stay"].append({k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()})
        if not homeless_now and rng.random() < 0.03:
            reason = rng.choice(["moved", "deceased"])
            tables["person_exit"].append({"person_id": pid, "reason": reason,
                                          "date": (today - timedelta(days=rng.randint(0, 20))).isoformat()})
        for no, (day, kind) in enumerate(_contacts(rng, stays, today), start=1):
            tables["contact"].append({"person_id": pid, "no": no, "date": day.isoformat(), "kind": kind,
                                      "by": rng.choice(OWNERS)})
        tables["plan"].append({"person_id": pid, "route": rng.choice(DWELLINGS),
                               "target": (since + timedelta(days=rng.randint(90, 900))).isoformat(),
                               "responsible": rng.choice(OWNERS)})
        for no in (1, 2):
            tables["step"].append({"person_id": pid, "no": no, "text": "Søke depositumsgaranti",
                                   "owner": rng.choice(OWNERS), "created": since.isoformat(),
                                   "due": (since + timedelta(days=30 * no)).isoformat(),
                                   "done": (since + timedelta(days=25 * no)).isoformat() if no == 1 else None})
        kind = rng.choice(["KOMMUNAL", "KOMMUNAL", "STARTLAN", "BOSTOTTE", "DEPOSITUM"])
        decided = since + timedelta(days=40)
        tables["application"].append({"id": f"A{n:04d}", "person_id": pid, "kind": kind,
                                      "received": (since + timedelta(days=10)).isoformat()})
        if decided < today:
            tables["application_decision"].append({
                "application_id": f"A{n:04d}", "decision": rng.choice(["granted", "granted", "refused"]),
                "date": decided.isoformat()})
    _housing(rng, tables, now_homeless, today, dwellings, waiting)
    meetings = [{"id": i + 1, "date": (today - timedelta(days=14 * (130 - i))).isoformat(),
                 "attendees": "NAV, boligkontoret, vedtakskontoret",
                 "closed": (today - timedelta(days=14 * (130 - i))).isoformat()} for i in range(130)]
    with reg.write("bench make_register"):
        first = ("dwelling", "person", "stay")  # before the rows that refer to them
        for table, rows in sorted(tables.items(), key=lambda item: (item[0] not in first,
                                                                     first.index(item[0]) if item[0] in first else 0)):
            reg.db[table].insert_all(rows, batch_size=5000)
        reg.db["meeting"].insert_all(meetings)
        reg.db["meeting_person"].insert_all(  # the last meeting's frozen list, for "changes since"
            {"meeting_id": 130, "person_id": pid, "situation": code} for pid, code in now_homeless)
        for row in tables["person"]:  # the event log, chained like every write's
            reg.log("create", f"person:{row['id']}", row["id"], new=row)
    reg.close()
    return time.perf_counter() - started


def _housing(rng: random.Random, tables: dict[str, list[dict]], now_homeless: list[tuple[str, str]],
             today: date, dwellings: int, waiting: int) -> None:
    """The housing side's rows: dwellings, their tenancies (stay.dwelling_id) and vacancies, and
    granted applications for `waiting` of today's homeless (dated after their last stay began,
    so no KOMMUNAL placement fulfils them)."""
    if not dwellings:
        return
    rows = [{"id": f"D{n:04d}", "address": f"Benchgata {n}, H0{n % 4 + 1}01", "rooms": 1 + n % 4,
             "kind": "KOMMUNAL", "accessible": int(n % 7 == 0), "registered": today.isoformat()}
            for n in range(1, dwellings + 1)]
    tables["dwelling"] = rows
    last_stay = {}
    for stay in tables["stay"]:
        last_stay[stay["person_id"]] = stay
    let = iter(rows)
    used = 0
    for stay in tables["stay"]:
        if stay["code"] != "KOMMUNAL" or last_stay[stay["person_id"]] is not stay or used >= dwellings * 3 // 4:
            continue
        stay["dwelling_id"] = next(let)["id"]
        used += 1
        if rng.random() < 0.2:
            stay["lease"] = "fixed"
            stay["lease_end"] = (today + timedelta(days=rng.randint(-20, 400))).isoformat()
    tables["dwelling_mark"] = [{"dwelling_id": row["id"], "kind": "vacant",
                                "date": (today - timedelta(days=rng.randint(0, 200))).isoformat()}
                               for row in let]
    by_person = {row["person_id"]: row for row in tables["application"]}
    chosen = {pid for pid, _ in now_homeless[:waiting]}
    for row in tables["application"]:  # exactly `waiting` on the list: the others apply for bostøtte
        if row["kind"] == "KOMMUNAL" and row["person_id"] not in chosen:
            row["kind"] = "BOSTOTTE"
    ruled = {d["application_id"]: d for d in tables["application_decision"]}
    for pid, _ in now_homeless[:waiting]:
        begun = date.fromisoformat(last_stay[pid]["start"])
        received = min(begun + timedelta(days=1), today - timedelta(days=20))
        app = by_person[pid]
        app.update(kind="KOMMUNAL", received=received.isoformat())
        decided = (received + timedelta(days=10)).isoformat()
        if app["id"] in ruled:  # its one decision: granted, ten days after it came in
            ruled[app["id"]].update(decision="granted", date=decided)
        else:
            tables["application_decision"].append({"application_id": app["id"], "decision": "granted",
                                                   "date": decided})

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("persons", type=int)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--homeless", type=float, default=0.2, help="share homeless today")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 1))
    parser.add_argument("--dwellings", type=int, default=0, help="municipal dwellings")
    parser.add_argument("--waiting", type=int, default=0, help="homeless persons on the waiting list")
    args = parser.parse_args()
    out = args.out or Path(f"bench/register-{args.persons}.db")
    seconds = generate(out, args.persons, args.homeless, args.today, dwellings=args.dwellings,
                       waiting=args.waiting)
    print(f"{out}: {args.persons} persons in {seconds:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
