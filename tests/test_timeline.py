"""Homeless on a date and episodes, for every situation code and the rules of DESIGN.md."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boligreg.domain.codes import HOMELESS, PLACEMENTS, ExitReason, Inflow, Outflow, Situation
from boligreg.domain.timeline import episode_on, episodes, homeless_spans, state_on
from boligreg.settings import DEFAULT_INACTIVE_AFTER_DAYS as DAYS
from tests.histories import histories, history

D = date(2015, 1, 10)


def active(h, day, days=90):
    return episode_on(episodes(h, days), day) is not None


@pytest.mark.parametrize("code", sorted(HOMELESS))
def test_every_homeless_situation_counts_from_its_first_day(code):
    h = history((code, D))
    assert not active(h, D - timedelta(days=1))
    assert active(h, D)
    assert active(h, D + timedelta(days=30))


@pytest.mark.parametrize("code", sorted(PLACEMENTS))
def test_a_placement_ends_the_episode_and_is_counted_housed(code):
    h = history(("VENN", D), (code, D + timedelta(days=40)))
    eps = episodes(h, DAYS)
    assert [(e.start, e.end, e.outflow) for e in eps] == [(D, D + timedelta(days=40), Outflow.HOUSED)]
    assert eps[0].placement.code == code
    assert not active(h, D + timedelta(days=40))
    assert state_on(h, D + timedelta(days=41), DAYS) == "housed"


@pytest.mark.parametrize("code", sorted(PLACEMENTS))
def test_a_person_registered_in_a_dwelling_is_not_on_the_list(code):
    h = history((code, D))
    assert episodes(h, DAYS) == []
    assert state_on(h, D + timedelta(days=5), DAYS) == "housed"


def test_midl_does_not_end_homelessness():
    h = history(("UTE", D), ("MIDL", D + timedelta(days=20)), ("VENN", D + timedelta(days=50)))
    eps = episodes(h, DAYS)
    assert len(eps) == 1 and eps[0].end is not None  # ends only by going inactive
    assert active(h, D + timedelta(days=60))


@pytest.mark.parametrize("code", ["INST", "KRIM"])
def test_release_counts_only_from_two_calendar_months_before(code):
    release = date(2015, 6, 30)
    h = history((code, D, {"release": release}), contacts=(date(2015, 5, 15),))
    assert not active(h, date(2015, 4, 29))
    assert active(h, date(2015, 4, 30))  # two calendar months before 30.06
    assert active(h, release - timedelta(days=1))


@pytest.mark.parametrize("code", ["INST", "KRIM"])
def test_release_into_an_arranged_dwelling_is_never_homeless(code):
    release = date(2015, 6, 30)
    h = history((code, D, {"release": release}), ("KOMMUNAL", release))
    assert episodes(h, DAYS) == []
    h_late = history((code, D, {"release": release}), ("KOMMUNAL", release + timedelta(days=1)))
    assert active(h_late, release - timedelta(days=10))


@pytest.mark.parametrize("code", ["INST", "KRIM"])
def test_release_into_midl_was_homeless_from_two_months_before(code):
    release = date(2015, 6, 30)
    h = history((code, D, {"release": release}), ("MIDL", release))
    eps = episodes(h, DAYS)
    assert eps[0].start == date(2015, 4, 30)
    assert active(h, release + timedelta(days=5))


def test_going_to_prison_far_from_release_ends_the_episode_as_institution():
    h = history(("VENN", D), ("KRIM", D + timedelta(days=30), {"release": date(2016, 6, 1)}))
    eps = episodes(h, DAYS)
    assert eps[0].outflow == Outflow.INSTITUTION
    assert eps[1].start == date(2016, 4, 1) and eps[1].inflow == Inflow.RETURNED_OTHER


def test_inactive_after_configured_days_without_contact_and_returns_on_contact():
    h = history(("VENN", D), contacts=(D + timedelta(days=50), D + timedelta(days=200)))
    eps = episodes(h, 90)
    assert eps[0].end == D + timedelta(days=140) and eps[0].outflow == Outflow.INACTIVE
    assert eps[1].start == D + timedelta(days=200) and eps[1].inflow == Inflow.RETURNED_INACTIVE
    assert not active(h, D + timedelta(days=150))
    assert state_on(h, D + timedelta(days=150), DAYS) == "inactive"
    assert len(episodes(h, 200)) == 1  # a longer setting keeps the person on the list


def test_an_attempt_without_reply_is_not_contact():
    h = history(("VENN", D), contacts=())
    from boligreg.domain.codes import ContactKind
    from boligreg.domain.models import Contact

    h = replace(h, contacts=(Contact(person_id="P0001", date=D + timedelta(days=80),
                                     kind=ContactKind.ATTEMPT),))
    assert episodes(h, 90)[0].end == D + timedelta(days=90)


def test_returned_from_housing_and_newly_identified_after_24_months():
    placed = D + timedelta(days=30)
    back = placed + timedelta(days=100)
    h = history(("UTE", D), ("PRIVAT", placed), ("VENN", back), contacts=())
    eps = episodes(h, DAYS)
    assert eps[1].inflow == Inflow.RETURNED_HOUSING
    much_later = placed + timedelta(days=800)
    h2 = history(("UTE", D), ("PRIVAT", placed), ("VENN", much_later))
    assert episodes(h2, DAYS)[1].inflow == Inflow.NEW


@pytest.mark.parametrize("reason", [ExitReason.MOVED, ExitReason.DECEASED])
def test_exit_ends_the_episode(reason):
    out = D + timedelta(days=20)
    h = history(("UTE", D), exits=((reason, out),))
    eps = episodes(h, DAYS)
    assert eps[0].end == out and eps[0].outflow == Outflow(reason.value)
    assert state_on(h, out + timedelta(days=1), DAYS) == reason.value


def test_moved_away_and_back_with_a_new_stay_returns():
    out = D + timedelta(days=20)
    back = D + timedelta(days=60)
    h = history(("UTE", D), ("VENN", back), exits=((ExitReason.MOVED, out),))
    spans = homeless_spans(h)
    assert spans == [(D, out), (back, None)]
    assert episodes(h, DAYS)[1].inflow == Inflow.RETURNED_OTHER


def test_the_clock_starts_at_registration_for_history_typed_in_later():
    h = history(("VENN", D), registered=D + timedelta(days=300))
    assert len(episodes(h, DAYS)) == 1
    assert active(h, D + timedelta(days=320))


def test_all_situation_codes_are_classified():
    from boligreg.domain.codes import RELEASE

    assert HOMELESS | RELEASE | PLACEMENTS == set(Situation)
    assert not (HOMELESS & PLACEMENTS or HOMELESS & RELEASE or RELEASE & PLACEMENTS)


@given(h=histories(), pick=st.integers(0, 4), offset=st.integers(-70, 400),
       inactive=st.sampled_from([30, 90]))
def test_the_state_is_homeless_exactly_on_the_days_of_an_episode(h, pick, offset, inactive):
    """state_on works the episodes out only where it needs them (the export asks it of every
    person in the register): the word must still be 'homeless' exactly when an episode is
    current, and the same whether the caller passes the episodes in or not. The day is drawn
    near a stay's start, where releases, moves and inactivity fall."""
    day = h.stays[pick % len(h.stays)].start + timedelta(days=offset)
    eps = episodes(h, inactive)
    word = state_on(h, day, inactive)
    assert (word == "homeless") == (episode_on(eps, day) is not None)
    assert state_on(h, day, inactive, eps) == word


def test_stays_begun_on_one_day_count_in_the_order_entered():
    """UTE in the morning, MIDL at noon, KOMMUNAL in the afternoon: one episode that begins
    and ends that day (in the inflow and the outflow), on no day's list; the day's situation is
    the last stay."""
    h = history(("UTE", D), ("MIDL", D), ("KOMMUNAL", D))
    (ep,) = episodes(h, DAYS)
    assert (ep.start, ep.end, ep.inflow, ep.outflow) == (D, D, Inflow.NEW, Outflow.HOUSED)
    assert ep.placement.code == Situation.KOMMUNAL
    assert not active(h, D) and state_on(h, D, DAYS) == "housed"
    back = history(("UTE", D - timedelta(days=10)), ("KOMMUNAL", D), ("UTE", D))
    first, second = episodes(back, DAYS)
    assert first.outflow == Outflow.HOUSED and second.inflow == Inflow.RETURNED_HOUSING
    assert active(back, D)  # housed and back on the street the same day: on the list that night


def test_a_person_set_inactive_by_hand_is_inactive_not_other():
    """The exit on the day the person became known used to leave no episode, and the word
    'other'; an INST stay within the window said 'institution'. Inactive by hand is inactive
    until the next contact, in every list."""
    same_day = history(("UTE", D), exits=((ExitReason.INACTIVE, D),))
    assert [(e.start, e.end, e.outflow) for e in episodes(same_day, DAYS)] == [(D, D, Outflow.INACTIVE)]
    assert state_on(same_day, D + timedelta(days=3), DAYS) == "inactive"
    release = date(2015, 3, 1)
    inside = history(("INST", D, {"release": release}), exits=((ExitReason.INACTIVE, date(2015, 2, 1)),))
    assert state_on(inside, date(2015, 2, 10), DAYS) == "inactive"
    back = history(("UTE", D), contacts=(D + timedelta(days=5),), exits=((ExitReason.INACTIVE, D),))
    assert state_on(back, D + timedelta(days=4), DAYS) == "inactive"
    assert state_on(back, D + timedelta(days=6), DAYS) == "homeless"  # a contact brings them back


def test_known_since_starts_the_clock_and_counts_as_contact():
    h = history(("VENN", D), registered=D + timedelta(days=300))
    known = replace(h, person=replace(h.person, known_since=D))
    assert active(h, D + timedelta(days=200)) and not active(known, D + timedelta(days=200))
    assert episodes(known, DAYS)[0].end == D + timedelta(days=DAYS)


def test_same_day_stays_meet_exits_and_inactivity_as_the_day_unfolds():
    """Found by the recount in test_figures.py: within a day the contacts come first, then the
    stays in the order entered, then the exits."""
    jan1, jan2 = date(2014, 1, 1), date(2014, 1, 2)
    moved = history(("AKUTT", jan1), ("AKUTT", jan2), ("EID", jan2), exits=((ExitReason.MOVED, jan1),))
    assert [(e.start, e.end, e.outflow) for e in episodes(moved, 30)] == [
        (jan1, jan1, Outflow.MOVED), (jan2, jan2, Outflow.HOUSED)]  # back the next day, housed that day
    window = history(("INST", jan1, {"release": date(2014, 7, 25)}), exits=((ExitReason.MOVED, date(2014, 5, 25)),))
    assert episodes(window, 30) == []  # moved away the day the window opened: never on the list
    feb1 = date(2014, 2, 1)
    lapsed = history(("AKUTT", jan1), ("AKUTT", feb1), ("EID", feb1))
    assert [(e.start, e.end, e.inflow, e.outflow) for e in episodes(lapsed, 30)] == [
        (jan1, date(2014, 1, 31), Inflow.NEW, Outflow.INACTIVE),
        (feb1, feb1, Inflow.RETURNED_INACTIVE, Outflow.HOUSED)]
