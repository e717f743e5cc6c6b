"""How long suppress() takes on the Husbanken report, for municipalities of several sizes.

    python bench/suppression.py [--runs 300] [--audit] [--strict] [--alike]

Each run draws a municipality's figures person by person (each homeless person at the start
and at the end gets a situation, gender, age band and episode length; the flows, placements and
the other sheets are drawn to fit), builds the report model and times suppress(). Small
municipalities have many counts of 1..4 and are the hard case. With scipy installed, --audit
checks every result with the integer-programming audit, and --strict counts the reports in
which a reader who takes every "x" for 0 or 5 and more pins a small count to its true value.
--alike writes every hidden count "x" (suppress(..., tell_small=False)), which leaves that
stricter reader nothing to bet on.
"""

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from boligreg.domain.codes import PLACEMENTS, Gender, Inflow, Outflow, Situation
from boligreg.reports.figures import AGE_BANDS, RETURN_BUCKETS, PeriodFigures
from boligreg.reports.suppression import exposed, report_model, suppress

SITUATIONS = [s.value for s in Situation if s not in PLACEMENTS]
GENDERS = [g.value for g in Gender] + ["unknown"]
DWELLINGS = [s.value for s in Situation if s in PLACEMENTS]


def tally(rng: random.Random, persons: int, kinds: list[str], weights: list[float]) -> dict:
    counted = Counter(rng.choices(kinds, weights, k=persons))
    return {k: counted[k] for k in kinds}


def snapshot(rng: random.Random, day: date, total: int, over_at_most: int | None = None) -> dict:
    """over_at_most: at the end of a half year only those homeless at its start are over 6
    months."""
    over = total - sum(rng.random() < 0.6 for _ in range(total))
    under = total - min(over, total if over_at_most is None else over_at_most)
    return {
        "day": day, "total": total,
        "by_situation": tally(rng, total, SITUATIONS, [1, 2, 6, 1, 5, 1, 1]),
        "by_gender": tally(rng, total, GENDERS, [3, 6, 0.1, 0.5]),
        "by_age_band": tally(rng, total, list(AGE_BANDS), [2, 3, 3, 2, 0.3, 0.5]),
        "households_with_children": sum(rng.random() < 0.1 for _ in range(total)),
        "under_6_months": under, "over_6_months": total - under,
    }


def upto(rng: random.Random, whole: int, share: float) -> int:
    return sum(rng.random() < share for _ in range(whole))


def municipality(rng: random.Random, size: int) -> PeriodFigures:
    start = rng.randint(size // 2, size)
    inflow = tally(rng, rng.randint(size // 3, size), [k.value for k in Inflow], [6, 1, 1, 0.3])
    out_total = rng.randint(0, start + sum(inflow.values()))
    outflow = tally(rng, out_total, [k.value for k in Outflow], [5, 2, 1, 0.2, 0.3])
    dwell = tally(rng, outflow["housed"], DWELLINGS, [5, 4, 0.5, 1, 0.5])
    end = start + sum(inflow.values()) - out_total
    end_snapshot = snapshot(rng, date(2016, 6, 30), end, over_at_most=start)
    housed = outflow["housed"]
    waits = [rng.randint(5, 400) for _ in range(housed)]
    first = upto(rng, housed, 0.2)
    into = rng.randint(0, 6)
    reached = rng.randint(0, 8)
    households = end_snapshot["by_situation"]["MIDL"] + rng.randint(0, size // 3)
    flows = {
        "inflow": inflow, "inflow_total": sum(inflow.values()), "outflow": outflow,
        "outflow_total": out_total, "housed_by_dwelling": dwell, "housed_housing_first": first,
        "identity_holds": True,
    }
    housing = {
        "placements": housed,
        "days_to_housing_median": float(statistics.median(waits)) if waits else None,
        "days_to_housing_mean": round(statistics.mean(waits), 1) if waits else None,
        "returns_after_housing": tally(rng, inflow["returned_housing"], list(RETURN_BUCKETS),
                                       [3, 2, 1]),
        "placements_after_target": upto(rng, housed, 0.3),
    }
    return PeriodFigures.model_validate({
        "period_from": date(2016, 1, 1), "period_to": date(2016, 6, 30), "municipality": "Bench",
        "start": snapshot(rng, date(2015, 12, 31), start), "end": end_snapshot,
        "flows": flows, "housing": housing,
        "temporary": {"households": households, "over_3_months": upto(rng, households, 0.3),
                      "with_children": upto(rng, households, 0.05)},
        "releases": {"into_homelessness": into, "known_two_months_ahead": upto(rng, into, 0.5),
                     "into_arranged_dwelling": rng.randint(0, 6)},
        "municipal": {k: rng.randint(0, size // 2) for k in (
            "received", "granted", "refused", "withdrawn", "waiting_list_end", "pending_end")},
        "housing_first": {"participants": rng.randint(0, 10), "housed": first + rng.randint(0, 3),
                          "reached_12_months": reached,
                          "still_housed_12_months": upto(rng, reached, 0.8)},
        "zero_vision": {"target": None, "days_left": None,
                        "homeless_wanting_housing": upto(rng, end, 0.8)},
        "data_quality": {"persons": end, "missing_plan": upto(rng, end, 0.1),
                         "missing_consent": upto(rng, end, 0.2),
                         "no_contact_90_days": upto(rng, end, 0.1),
                         "missing_birth_year": upto(rng, end, 0.05)},
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--audit", action="store_true")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--alike", action="store_true")
    args = parser.parse_args()
    if args.strict and args.alike:
        parser.error("--strict asks what an x tells beside <5: not with --alike")
    rng = random.Random(20160630)
    print(f"{'homeless':>8} {'median ms':>10} {'p90 ms':>8} {'max ms':>8} {'hidden':>7}"
          f"{'  audit clean' if args.audit else ''}{'  strict reader pins' if args.strict else ''}")
    for size in (10, 25, 60, 200, 1000):
        times, hidden, clean, pinned = [], [], 0, 0
        for _ in range(args.runs):
            model = report_model(municipality(rng, size))
            began = time.perf_counter()
            result = suppress(model, tell_small=not args.alike)
            times.append(time.perf_counter() - began)
            hidden.append(len(result.primary | result.secondary))
            if args.audit:
                clean += exposed(model, result) == []
            if args.strict:
                pinned += any(1 <= model.values.get(k, 0) <= 4
                              for k in exposed(model, result, x_never_small=True))
        times.sort()
        print(f"{size:>8} {1000 * statistics.median(times):>10.1f} "
              f"{1000 * times[int(0.9 * len(times))]:>8.1f} {1000 * times[-1]:>8.1f} "
              f"{statistics.mean(hidden):>7.1f}"
              f"{f'  {clean:>5}/{args.runs}' if args.audit else ''}"
              f"{f'  {pinned:>5}/{args.runs}' if args.strict else ''}")


if __name__ == "__main__":
    main()
