"""The housing side through its use cases: random sequences of dwellings, tenancies, offers,
answers, marks and undos on a real register, after which a dwelling never has two tenancies at
once, the waiting list the suggestions read equals the definition's, and the flow identity of
the period figures still holds with dwellings in play."""

import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from boligreg.domain.applications import on_waiting_list
from boligreg.domain.codes import ApplicationKind, Decision, Lease, Situation
from boligreg.domain.housing import DeclineReason, DwellingKind, MarkKind, occupancy
from boligreg.errors import BoligregError
from boligreg.reports.figures import period_figures
from boligreg.reports.housing import count_dwellings
from boligreg.store import dwellings, open_register
from boligreg.store.applications import add_application, decide_application
from boligreg.store.persons import add_person
from boligreg.store.stays import add_stay, undo_stay

TODAY = date(2016, 6, 1)
FIRST = date(2014, 1, 1)

PERSON_CODES = [Situation.UTE, Situation.MIDL, Situation.VENN, Situation.PRIVAT]
MOVE_CODES = [Situation.UTE, Situation.MIDL, Situation.VENN, Situation.PRIVAT, Situation.KOMMUNAL,
              Situation.OMSORG]
index = st.integers(0, 5)
ARGS = {
    "person": st.tuples(st.sampled_from(PERSON_CODES), st.integers(0, 2)),
    "apply": st.tuples(index, st.sampled_from([Decision.GRANTED, Decision.GRANTED, None])),
    "dwelling": st.tuples(st.integers(1, 4), st.booleans(), st.booleans()),
    "stay": st.tuples(index, st.sampled_from(MOVE_CODES), st.one_of(st.none(), index)),
    "offer": st.tuples(index, index),
    "accept": st.tuples(index, st.integers(0, 20)),
    "decline": st.tuples(index, st.sampled_from(list(DeclineReason))),
    "mark": st.tuples(index, st.sampled_from(list(MarkKind))),
    "undo": st.tuples(index),
}
# weighted towards what needs the others first: offers need a granted application and a vacancy
KINDS = ["person"] * 2 + ["apply"] * 3 + ["dwelling"] * 2 + ["stay"] * 2 + ["offer"] * 4 + \
    ["accept"] * 3 + ["decline"] * 2 + ["mark", "undo"]
operation = st.sampled_from(KINDS).flatmap(lambda kind: ARGS[kind].map(lambda args: (kind, *args)))


def run(reg, operations: list[tuple], steps: list[int]) -> tuple[int, int]:
    persons, homes, offers, applied = [], [], [], []
    day, done, refused = FIRST, 0, 0
    for number, code in enumerate((Situation.UTE, Situation.MIDL, Situation.VENN)):  # to start from
        persons.append(add_person(reg, situation=code, since=day, name=f"Start {number}",
                                  registered=day, children=number % 2))
        app = add_application(reg, persons[-1], ApplicationKind.KOMMUNAL, day)
        decide_application(reg, app, Decision.GRANTED, day)
        applied.append(persons[-1])
        homes.append(dwellings.add_dwelling(reg, address=f"Startgata {number}", rooms=number + 1,
                                            vacant_from=day))
    for op, gap in zip(operations, steps, strict=True):
        day = min(day + timedelta(days=gap), TODAY)
        kind, *args = op
        try:
            if kind == "person":
                persons.append(add_person(reg, situation=args[0], since=day, registered=day,
                                          name=f"Test {len(persons)}", children=args[1]))
            elif kind == "apply" and persons:
                pid = persons[args[0] % len(persons)]
                app = add_application(reg, pid, ApplicationKind.KOMMUNAL, day)
                if args[1]:
                    decide_application(reg, app, args[1], day)
                    applied.append(pid)
            elif kind == "dwelling":
                homes.append(dwellings.add_dwelling(
                    reg, address=f"Prøvegata {len(homes)}", rooms=args[0],
                    kind=DwellingKind.OMSORG if args[2] and len(homes) % 3 == 2 else DwellingKind.KOMMUNAL,
                    vacant_from=day if args[1] else None))
            elif kind == "stay" and persons:
                home = homes[args[2] % len(homes)] if args[2] is not None and homes else None
                add_stay(reg, persons[args[0] % len(persons)], args[1], day,
                         dwelling=home if args[1] in (Situation.KOMMUNAL, Situation.OMSORG) else None)
            elif kind == "offer" and homes and persons:
                chosen = (applied or persons)[args[1] % len(applied or persons)]
                offers.append(dwellings.make_offer(reg, homes[args[0] % len(homes)], chosen, day))
            elif kind == "accept" and offers:
                dwellings.accept_offer(reg, offers[args[0] % len(offers)], day,
                                       move_in=min(day + timedelta(days=args[1]), TODAY),
                                       lease=Lease.FIXED, lease_end=day + timedelta(days=1095))
            elif kind == "decline" and offers:
                dwellings.decline_offer(reg, offers[args[0] % len(offers)], day, args[1])
            elif kind == "mark" and homes:
                dwellings.mark_dwelling(reg, homes[args[0] % len(homes)], day, args[1])
            elif kind == "undo" and persons:
                undo_stay(reg, persons[args[0] % len(persons)])
            else:
                continue
            done += 1
            event(f"done: {kind}")
        except BoligregError:
            refused += 1
    return done, refused


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=st.lists(operation, min_size=5, max_size=50),
       gaps=st.lists(st.integers(0, 30), min_size=50, max_size=50))
def test_random_housing_work_keeps_every_rule(operations, gaps):
    with tempfile.TemporaryDirectory() as folder:
        reg = open_register(Path(folder) / "r.db", create=True, demo=True, today=TODAY)
        reg.conn.execute("PRAGMA synchronous = OFF")  # a test's throwaway file: speed over safety
        run(reg, operations, gaps[:len(operations)])
        # a dwelling has at most one tenancy at a time
        found = dwellings.occupancies(reg)
        for dwelling, lets, marks, _ in found.values():
            assert occupancy(lets, marks)[1] is None, dwelling.id
        histories = reg.histories()
        for day in (FIRST + timedelta(days=k) for k in range(0, (TODAY - FIRST).days + 1, 61)):
            # the waiting list the suggestions read is the definition's
            listed = {(h.person.id, a.id) for h, w in dwellings.waiting_list(reg, day)
                      for a in w.applications}
            defined = {(h.person.id, a.id) for h in histories for a in h.applications
                       if a.received <= day and on_waiting_list(h, a, day)}
            assert listed == defined, day
        for start, end in ((FIRST, TODAY), (date(2015, 1, 1), date(2015, 12, 31))):
            figures = period_figures(histories, start, end, inactive_after_days=90)
            assert figures.flows.identity_holds  # the identity, with dwellings in play
            counted = count_dwellings(list(found.values()), dwellings.offers(reg), set(), start, end)
            assert counted.vacancies_new <= counted.vacancies
            assert counted.vacancies_filled <= counted.vacancies
            assert counted.leases_fixed_end <= counted.leases_end <= counted.stock
            assert counted.offers_declined == sum(counted.declined_by_reason.values())
        reg.close()
