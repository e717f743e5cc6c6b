"""The housing side's pure rules (domain/housing.py): a dwelling's occupancy from its tenancies
and marks, vacancies and turnover, leases ending, rooms for a household, the waiting list with
offers and the suggestion's ranking, the bolighefte's groups, Housing First retention; and a
property test that offers never change who is on the waiting list."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boligreg.domain.applications import on_waiting_list
from boligreg.domain.codes import ApplicationKind, Decision, ExitReason, Lease, Situation
from boligreg.domain.housing import (
    Dwelling,
    DwellingKind,
    HfAnswer,
    Mark,
    MarkKind,
    Occupancy,
    Offer,
    OfferOutcome,
    Participation,
    Rental,
    RoomRule,
    Tenancy,
    allocations,
    candidate,
    free_from,
    lease_ending,
    listed_in,
    month_days,
    move_in,
    occupancy,
    occupancy_on,
    parse_month,
    participation_state,
    plain_text,
    ranked,
    retention,
    tenancies_ended,
    tenancy_end,
    vacancies,
    vacancy_days,
    waiting,
    within_nav_limit,
)
from boligreg.domain.models import Exit, Stay
from boligreg.domain.timeline import episodes
from boligreg.errors import InvalidInput
from boligreg.reports.figures import period_figures
from tests.histories import application, histories, history

D = date


def tenancy(start, end=None, person="P0001", stay=1, lease=None, lease_end=None) -> Tenancy:
    return Tenancy("D0001", person, start, end, stay, lease, lease_end)


def mark(day, kind=MarkKind.VACANT, no=1) -> Mark:
    return Mark("D0001", day, kind, no)


# --- rooms ------------------------------------------------------------------------------------


def test_rooms_one_for_the_adults_and_one_per_child_and_at_most_one_more():
    rule = RoomRule()
    assert [rule.needed(c) for c in (0, 1, 3)] == [1, 2, 4]
    assert rule.fits(1, 0) and rule.fits(2, 0) and not rule.fits(3, 0)  # a single: 1–2 rooms
    assert not rule.fits(2, 2) and rule.fits(3, 2) and rule.fits(4, 2)  # two children: 3–4
    strict = RoomRule(adults=2, per_child=1, extra=0)  # a municipality counting a bedroom apart
    assert strict.fits(2, 0) and not strict.fits(3, 0) and strict.needed(2) == 4
    assert [rule.for_household_of(n) for n in (1, 2, 4)] == [1, 2, 4]


# --- tenancies and occupancy -------------------------------------------------------------------


def test_a_tenancy_ends_with_the_next_stay_or_a_death_or_moving_away_not_inactivity():
    stays = (Stay("P0001", Situation.KOMMUNAL, D(2015, 1, 1), 1, dwelling_id="D0001"),
             Stay("P0001", Situation.PRIVAT, D(2016, 3, 1), 2))
    assert tenancy_end(stays, 0) == D(2016, 3, 1)
    assert tenancy_end(stays[:1], 0) is None
    died = (Exit("P0001", ExitReason.DECEASED, D(2015, 8, 1)),)
    assert tenancy_end(stays, 0, died) == D(2015, 8, 1)
    assert tenancy_end(stays[:1], 0, (Exit("P0001", ExitReason.INACTIVE, D(2015, 8, 1)),)) is None
    assert tenancy_end(stays[:1], 0, (Exit("P0001", ExitReason.MOVED, D(2014, 8, 1)),)) is None


def test_a_dwelling_without_records_is_let_outside_the_register():
    periods, conflict = occupancy([], [])
    assert conflict is None and [p.state for p in periods] == [Occupancy.LET_OUTSIDE]
    assert free_from(periods) is None


def test_occupancy_through_a_tenancy_a_renovation_and_a_new_tenant():
    lets = [tenancy(D(2015, 2, 1), D(2016, 1, 10)), tenancy(D(2016, 3, 1), person="P0002", stay=5)]
    periods, conflict = occupancy(lets, [mark(D(2015, 1, 1)), mark(D(2016, 2, 1), no=2)])
    assert conflict is None
    assert [(p.start, p.state, p.tenant) for p in periods] == [
        (None, Occupancy.LET_OUTSIDE, None), (D(2015, 1, 1), Occupancy.VACANT, None),
        (D(2015, 2, 1), Occupancy.LET, "P0001"), (D(2016, 1, 10), Occupancy.NOT_READY, None),
        (D(2016, 2, 1), Occupancy.VACANT, None), (D(2016, 3, 1), Occupancy.LET, "P0002")]
    assert occupancy_on(periods, D(2016, 1, 20)).state == Occupancy.NOT_READY
    assert [vacancy_days(v, D(2016, 6, 1)) for v in vacancies(periods)] == [31, 29]
    # a tenant who leaves makes the dwelling vacant that day (no renovation mark)
    left, _ = occupancy(lets[:1], [])
    assert occupancy_on(left, D(2016, 1, 10)).state == Occupancy.VACANT
    assert free_from(left) == D(2016, 1, 10)
    assert vacancy_days(left[-1], D(2016, 1, 19)) == 10  # to the day, inclusive


def test_records_that_cannot_both_hold_are_a_conflict_naming_both():
    two = [tenancy(D(2015, 2, 1)), tenancy(D(2015, 6, 1), person="P0002", stay=2)]
    conflict = occupancy(two, [])[1]
    assert conflict and (conflict.first, conflict.first_start, conflict.second, conflict.day) == (
        "P0001", D(2015, 2, 1), "P0002", D(2015, 6, 1))
    inside = occupancy([tenancy(D(2015, 2, 1))], [mark(D(2015, 5, 1))])[1]
    assert inside and inside.first == "P0001" and inside.second is None
    assert occupancy([], [mark(D(2015, 5, 1), MarkKind.LET)])[1] is not None  # let while let
    # a tenancy that ended the day it began (another stay the same day) held the dwelling no day
    assert occupancy([tenancy(D(2015, 2, 1), D(2015, 2, 1)), tenancy(D(2015, 2, 1), person="P0002",
                                                                     stay=2)], [])[1] is None
    # moving out and in on one day is no conflict and no vacancy
    same_day = [tenancy(D(2015, 2, 1), D(2015, 6, 1)), tenancy(D(2015, 6, 1), person="P0002", stay=2)]
    periods, conflict = occupancy(same_day, [])
    assert conflict is None and vacancies(periods) == []


def test_allocations_turnover_and_the_registering_of_a_tenant_outside():
    lets = [tenancy(D(2015, 3, 1), D(2015, 9, 1)), tenancy(D(2015, 10, 1), person="P0002", stay=2)]
    periods, _ = occupancy(lets, [mark(D(2015, 1, 1))])
    year = (D(2015, 1, 1), D(2015, 12, 31))
    assert len(allocations(periods, *year)) == 2
    assert tenancies_ended(periods, *year) == 2  # the letting outside (to 01.01) and P0001's
    registered, _ = occupancy([tenancy(D(2015, 3, 1))], [])
    assert allocations(registered, *year) == [] and tenancies_ended(registered, *year) == 0
    outside, _ = occupancy([], [mark(D(2015, 1, 1)), mark(D(2015, 4, 1), MarkKind.LET, 2)])
    assert [p.state for p in allocations(outside, *year)] == [Occupancy.LET_OUTSIDE]


# --- leases -----------------------------------------------------------------------------------


def test_leases_ending_within_the_window_or_run_out_while_the_tenant_stays():
    day = D(2016, 6, 1)
    fixed = Stay("P0001", Situation.KOMMUNAL, D(2013, 9, 1), lease=Lease.FIXED, lease_end=D(2016, 8, 30))
    assert lease_ending(fixed, None, day, 90)
    assert not lease_ending(fixed, None, day, 89)  # 90 days ahead, outside an 89-day window
    assert not lease_ending(fixed, D(2016, 5, 1), day, 90)  # moved out already
    overdue = replace(fixed, lease_end=D(2016, 5, 20))
    assert lease_ending(overdue, None, day, 90)
    assert not lease_ending(replace(fixed, lease=Lease.OPEN, lease_end=None), None, day, 90)
    assert not lease_ending(replace(fixed, start=D(2016, 7, 1)), None, day, 90)  # not yet in


# --- the waiting list, suggestions ------------------------------------------------------------


GRANTED_ON = D(2016, 2, 1)


def _granted(app_id="A0001", decided=GRANTED_ON, accessible=False, decision=Decision.GRANTED):
    return replace(application(app_id, "P0001", ApplicationKind.KOMMUNAL, D(2016, 1, 5), decision, decided),
                   accessible=accessible)


def test_waiting_with_its_offers_open_declined_and_accepted():
    h = replace(history(("MIDL", D(2016, 1, 1)), children=1), applications=(_granted(),))
    declined = Offer("O0001", "D0004", "P0001", D(2016, 3, 1), OfferOutcome.DECLINED, D(2016, 3, 3))
    pending = Offer("O0002", "D0005", "P0001", D(2016, 4, 1))
    entry = waiting(h, [declined, pending], D(2016, 5, 1))
    assert entry and entry.granted == D(2016, 2, 1) and entry.declined == (declined,)
    assert entry.open_offer == pending and entry.accepted is None
    before = waiting(h, [declined, pending], D(2016, 3, 2))  # not yet answered that day
    assert before and before.open_offer == declined and before.declined == ()
    refused = replace(h, applications=(_granted(decision=Decision.REFUSED),))
    assert waiting(refused, [], D(2016, 5, 1)) is None


def _dwelling(rooms=2, accessible=False) -> Dwelling:
    return Dwelling("D0001", "Prøvegata 1", rooms, DwellingKind.KOMMUNAL, D(2016, 1, 1),
                    accessible=accessible)


def test_homeless_persons_first_then_the_longest_wait_then_the_id():
    day = D(2016, 6, 1)

    def person(pid, decided, homeless, children=0, accessible=False):
        h = replace(history(("MIDL" if homeless else "PRIVAT", D(2015, 6, 1)), children=children),
                    applications=(replace(_granted(decided=decided, accessible=accessible), person_id=pid),))
        h = replace(h, person=replace(h.person, id=pid))
        entry = waiting(h, [], day)
        assert entry is not None
        return candidate(entry, h, _dwelling(), homeless, day, RoomRule())

    housed_long = person("P0001", D(2015, 9, 1), False)
    homeless_short = person("P0002", D(2016, 4, 1), True)
    homeless_long = person("P0003", D(2016, 1, 1), True)
    tie = person("P0004", D(2016, 1, 1), True)
    found = [housed_long, homeless_short, homeless_long, tie]
    assert all(found)
    order = [c.entry.person_id for c in ranked(found)]  # type: ignore[arg-type]
    assert order == ["P0003", "P0004", "P0002", "P0001"]
    assert [c.entry.person_id for c in ranked(found, homeless_first=False)] == [  # type: ignore[arg-type]
        "P0001", "P0003", "P0004", "P0002"]
    assert homeless_long and homeless_long.days_waiting == (day - D(2016, 1, 1)).days
    assert person("P0005", D(2016, 1, 1), True, children=2) is None  # needs 3 rooms
    assert person("P0006", D(2016, 1, 1), True, accessible=True) is None  # needs an accessible one


def test_a_person_who_accepted_another_offer_is_no_candidate():
    day = D(2016, 6, 1)
    h = replace(history(("MIDL", D(2016, 1, 1))), applications=(_granted(),))
    h = replace(history(("MIDL", D(2016, 1, 1)), ("KOMMUNAL", D(2016, 7, 1), {"dwelling_id": "D0009"})),
                applications=(_granted(),))
    accepted = Offer("O0001", "D0009", "P0001", D(2016, 5, 1), OfferOutcome.ACCEPTED, D(2016, 5, 2),
                     stay_id=2)
    entry = waiting(h, [accepted], day)  # still on the list until the move-in date
    assert entry and entry.accepted == accepted
    assert candidate(entry, h, _dwelling(), True, day, RoomRule()) is None
    assert waiting(h, [accepted], D(2016, 7, 1)) is None  # moved in: off the list


OFFER_DAYS = st.integers(0, 500)


@st.composite
def offered_histories(draw):
    """A person with municipal applications, offers of which some were accepted (each accepted
    one followed by its KOMMUNAL placement), declined or open, and other moves."""
    start = D(2015, 1, 1)
    apps, offers, stays = [], [], [("VENN", start)]
    day = start
    for number in range(draw(st.integers(1, 3))):
        received = start + timedelta(days=draw(OFFER_DAYS))
        decision = draw(st.sampled_from([Decision.GRANTED, Decision.GRANTED, Decision.REFUSED, None]))
        decided = received + timedelta(days=draw(st.integers(0, 60))) if decision else None
        withdrawn = decided + timedelta(days=draw(st.integers(0, 200))) if decided and draw(st.booleans()) else None
        apps.append(application(f"A{number:04d}", "P0001", ApplicationKind.KOMMUNAL, received,
                                decision, decided, withdrawn))
    for number in range(draw(st.integers(0, 4))):
        day += timedelta(days=draw(st.integers(1, 150)))
        outcome = draw(st.sampled_from([OfferOutcome.ACCEPTED, OfferOutcome.DECLINED, None]))
        answered = day + timedelta(days=draw(st.integers(0, 10))) if outcome else None
        if outcome == OfferOutcome.ACCEPTED:
            assert answered is not None
            move = answered + timedelta(days=draw(st.integers(0, 30)))
            stays.append(("KOMMUNAL", move, {"dwelling_id": f"D{number:04d}"}))
        offers.append(Offer(f"O{number:04d}", f"D{number:04d}", "P0001", day, outcome, answered,
                            stay_id=len(stays) if outcome == OfferOutcome.ACCEPTED else None))
        if outcome == OfferOutcome.ACCEPTED:
            day = move
        elif draw(st.booleans()):
            day += timedelta(days=1)
            stays.append((draw(st.sampled_from(["MIDL", "PRIVAT", "UTE"])), day))
    return replace(history(*stays), applications=tuple(apps)), offers


@settings(max_examples=200, deadline=None)
@given(drawn=offered_histories(), offset=st.integers(0, 1200))
def test_offers_and_placements_leave_the_waiting_list_as_defined(drawn, offset):
    """The waiting list with offers in play equals today's definition: granted, not withdrawn,
    not yet followed by a KOMMUNAL placement. An accepted offer takes a person off the list on
    the day its placement starts, not before; a declined or open one changes nothing."""
    h, offers = drawn
    day = D(2015, 1, 1) + timedelta(days=offset)
    entry = waiting(h, offers, day)
    defined = {a.id for a in h.applications if a.received <= day and on_waiting_list(h, a, day)}
    assert ({a.id for a in entry.applications} if entry else set()) == defined
    moving = [o for o in offers if o.outcome == OfferOutcome.ACCEPTED and o.decided is not None
              and o.decided <= day and h.stays[(o.stay_id or 0) - 1].start > day]
    assert (entry.accepted if entry else None) == (moving[-1] if moving and entry else None)


# --- the bolighefte ---------------------------------------------------------------------------


def test_the_months_listings_by_household_size_within_navs_limit():
    first, last = month_days(D(2016, 3, 17))
    assert (first, last) == (D(2016, 3, 1), D(2016, 3, 31))
    flat = Rental("R0001", "Prøvevegen 2", 8900, 2, D(2016, 2, 1), D(2016, 2, 1), until=D(2016, 3, 1))
    assert listed_in(flat, first, last)
    assert not listed_in(replace(flat, until=D(2016, 2, 29)), first, last)  # expired: drops out
    assert not listed_in(replace(flat, available=D(2016, 4, 1)), first, last)
    rule = RoomRule()
    assert within_nav_limit(flat, 2, 9000, rule) and within_nav_limit(flat, 1, 9000, rule)
    assert not within_nav_limit(flat, 2, 8800, rule)  # over the limit
    assert not within_nav_limit(flat, 3, 12000, rule)  # too few rooms for three
    assert not within_nav_limit(flat, 2, None, rule)  # no limit set: NAV's limit is unknown


def test_months_as_typed():
    assert parse_month("2016-03") == parse_month("03.2016") == parse_month("3.2016") == D(2016, 3, 1)
    for bad in ("2016-13", "mars", "2016-03-01", "２０１６-03", ""):
        with pytest.raises(InvalidInput):
            parse_month(bad)


def test_typed_text_is_kept_plain():
    """Spaces collapsed; what acts on a terminal refused as every typed text is, a newline and
    a tab too (checked as typed, before the spaces collapse), and so is a text longer than the
    limit, naming the field in words."""
    assert plain_text("  Storgata  5, H0201 ", "col_dw_address") == "Storgata 5, H0201"
    for hostile in ("Storgata\x1b[31m 5", "Storgata \u202e5", "a\x00b", "x" * 201,
                    "Storgata 5,\tH0201", "Storgata 5\nH0201"):
        with pytest.raises(InvalidInput):
            plain_text(hostile, "col_dw_address")


# --- Housing First ----------------------------------------------------------------------------


def test_participation_states_and_the_move_in_it_links_to():
    p = Participation("P0001", D(2015, 1, 10), answer=HfAnswer.ACCEPTED, answered=D(2015, 1, 20))
    assert [participation_state(p, d) for d in (D(2015, 1, 1), D(2015, 1, 15), D(2015, 2, 1))] == [
        None, "invited", "active"]
    assert participation_state(replace(p, ended=D(2015, 6, 1)), D(2015, 6, 1)) == "ended"
    h = history(("UTE", D(2014, 12, 1)), ("MIDL", D(2015, 1, 25)), ("PRIVAT", D(2015, 2, 1)),
                ("KOMMUNAL", D(2015, 3, 1), {"housing_first": True}))
    home = move_in(p, h.stays)
    assert home and home.start == D(2015, 3, 1)  # the Housing First placement first
    unflagged = history(("UTE", D(2014, 12, 1)), ("PRIVAT", D(2015, 2, 1)))
    found = move_in(p, unflagged.stays)
    assert found and found.start == D(2015, 2, 1)
    assert move_in(replace(p, answer=HfAnswer.DECLINED), h.stays) is None


def test_retention_twelve_months_after_moving_in_and_returns_within_them():
    p = Participation("P0001", D(2015, 1, 10), answer=HfAnswer.ACCEPTED, answered=D(2015, 1, 20))
    contacts = tuple(D(2014, 12, 1) + timedelta(days=30 * k) for k in range(30))
    kept = history(("UTE", D(2014, 12, 1)), ("KOMMUNAL", D(2015, 2, 1), {"housing_first": True}),
                   contacts=contacts)
    came_back = history(("UTE", D(2014, 12, 1)), ("KOMMUNAL", D(2015, 2, 1), {"housing_first": True}),
                        ("VENN", D(2015, 6, 1)), ("PRIVAT", D(2015, 9, 1)), contacts=contacts)
    lost = history(("UTE", D(2014, 12, 1)), ("KOMMUNAL", D(2015, 2, 1), {"housing_first": True}),
                   ("UTE", D(2015, 12, 1)), contacts=contacts)
    results = []
    for h in (kept, came_back, lost):
        starts = [e.start for e in episodes(h, 90)]
        results.append(retention(p, h, starts, 12))
    assert all(r and r.mark == D(2016, 2, 1) for r in results)
    assert [(r.still_housed, r.returned) for r in results if r] == [(True, False), (True, True),
                                                                    (False, True)]
    assert retention(p, kept, [], 6).mark == D(2015, 8, 1)  # type: ignore[union-attr]


@settings(max_examples=50, deadline=None)
@given(people=st.lists(histories(), min_size=1, max_size=6), tenancy=st.lists(st.booleans(), min_size=30,
                                                                            max_size=30))
def test_dwellings_in_play_change_no_figure_of_the_persons(people, tenancy):
    """A KOMMUNAL or OMSORG stay that names its dwelling is the same stay to every rule of the
    persons' figures: the flow identity holds, and each figure is what it was without the link."""
    linked = []
    for number, h in enumerate(people):
        stays = tuple(replace(s, dwelling_id=f"D{number:02d}{i:02d}")
                      if s.code in (Situation.KOMMUNAL, Situation.OMSORG) and tenancy[(number * 5 + i) % 30]
                      else s for i, s in enumerate(h.stays))
        linked.append(replace(h, stays=stays))
    for start, end in ((D(2014, 1, 1), D(2014, 12, 31)), (D(2014, 6, 1), D(2015, 5, 31))):
        plain = period_figures(people, start, end, inactive_after_days=90)
        with_dwellings = period_figures(linked, start, end, inactive_after_days=90)
        assert with_dwellings.flows.identity_holds
        assert with_dwellings == plain
