"""The flags of the status meeting as pure rules, and the rules they share with the data quality
figures: a property test holds the two together for every drawn history."""

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boligreg.domain.flags import (
    Flag,
    flags_for,
    lacks_consent,
    lacks_plan,
    out_of_contact,
    release_within_window,
    urgency,
)
from boligreg.domain.models import Plan
from boligreg.domain.timeline import episode_on, episodes, midl_runs, midl_since
from boligreg.reports.figures import count_data_quality
from boligreg.settings import DEFAULT_INACTIVE_AFTER_DAYS, NO_CONTACT_DAYS, RELEASE_WINDOW_DAYS
from tests.histories import BASE, histories, history

DAY = date(2016, 3, 1)


def plan(target=None, route="PRIVAT"):
    return Plan(person_id="P0001", route=route, target=target)


def test_no_plan_and_overdue_plan():
    assert Flag.NO_PLAN in flags_for(history(("UTE", date(2016, 1, 1))), DAY)
    overdue = history(("UTE", date(2016, 1, 1)), plan=plan(date(2016, 2, 1)))
    assert Flag.PLAN_OVERDUE in flags_for(overdue, DAY)
    future = history(("UTE", date(2016, 1, 1)), plan=plan(date(2016, 5, 1)))
    assert not {Flag.PLAN_OVERDUE, Flag.NO_PLAN} & set(flags_for(future, DAY))


def test_over_three_months_in_temporary_accommodation_across_hostels():
    h = history(("MIDL", date(2015, 11, 1)), ("MIDL", date(2016, 1, 15)), plan=plan())
    assert Flag.MIDL_3M in flags_for(h, DAY)  # 01.11 + 3 months = 01.02 <= 01.03
    h2 = history(("VENN", date(2015, 11, 1)), ("MIDL", date(2016, 1, 15)), plan=plan())
    assert Flag.MIDL_3M not in flags_for(h2, DAY)


def test_children_and_consent():
    h = history(("UTE", date(2016, 2, 1)), children=2, consent=date(2016, 2, 1), plan=plan())
    flags = flags_for(h, DAY)
    assert Flag.CHILDREN in flags and Flag.NO_CONSENT not in flags
    assert Flag.NO_CONSENT in flags_for(history(("UTE", date(2016, 2, 1))), DAY)


def test_release_within_60_days_without_a_dwelling():
    release = DAY + timedelta(days=30)
    h = history(("KRIM", date(2015, 6, 1), {"release": release}), plan=plan())
    assert Flag.RELEASE_SOON in flags_for(h, DAY)


def test_contact_warnings_at_60_and_90_days():
    start = DAY - timedelta(days=65)
    assert Flag.NO_CONTACT_60 in flags_for(history(("UTE", start), plan=plan()), DAY)
    start = DAY - timedelta(days=95)
    flags = flags_for(history(("UTE", start), plan=plan()), DAY)
    assert Flag.NO_CONTACT_90 in flags and Flag.NO_CONTACT_60 not in flags


def test_sorting_puts_what_needs_action_first():
    release = urgency([Flag.RELEASE_SOON], 5, "P0009")
    overdue = urgency([Flag.PLAN_OVERDUE, Flag.CHILDREN], 300, "P0001")
    quiet = urgency([Flag.NO_CONSENT], 900, "P0002")
    longer = urgency([Flag.PLAN_OVERDUE, Flag.CHILDREN], 400, "P0003")
    assert sorted([quiet, overdue, release, longer]) == [release, longer, overdue, quiet]


def test_the_shared_rules_at_their_edges():
    assert lacks_plan(None) and lacks_plan(Plan(person_id="P0001"))
    assert not lacks_plan(Plan(person_id="P0001", target=DAY))
    person = history(("UTE", DAY), consent=DAY + timedelta(days=1)).person
    assert lacks_consent(person, DAY) and not lacks_consent(person, DAY + timedelta(days=1))
    assert out_of_contact(None) and out_of_contact(NO_CONTACT_DAYS)
    assert not out_of_contact(NO_CONTACT_DAYS - 1)
    assert release_within_window(DAY, DAY)
    assert release_within_window(DAY + timedelta(days=RELEASE_WINDOW_DAYS), DAY)
    assert not release_within_window(DAY + timedelta(days=RELEASE_WINDOW_DAYS + 1), DAY)
    assert not release_within_window(DAY - timedelta(days=1), DAY)


def test_a_midl_run_survives_a_move_between_hostels_and_breaks_on_anything_else():
    h = history(("MIDL", date(2015, 1, 1)), ("MIDL", date(2015, 2, 1)), ("VENN", date(2015, 3, 1)),
                ("MIDL", date(2015, 4, 1)))
    assert midl_runs(h.stays) == [(date(2015, 1, 1), date(2015, 3, 1)), (date(2015, 4, 1), None)]
    assert midl_since(h.stays, date(2015, 2, 20)) == date(2015, 1, 1)
    assert midl_since(h.stays, date(2015, 3, 10)) is None
    assert midl_since(h.stays, date(2015, 5, 1)) == date(2015, 4, 1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(histories(), min_size=1, max_size=5), offset=st.integers(0, 900),
       with_plan=st.booleans())
def test_the_flags_and_the_data_quality_figures_count_the_same_persons(people, offset, with_plan):
    """No plan, no consent and no contact are one rule each: the meeting's flags and Husbanken's
    data quality figures must find the same persons on any day."""
    day = BASE + timedelta(days=offset)
    if with_plan:
        people = [replace(h, plan=Plan(person_id="P0001", target=DAY)) for h in people]
    listed = [(h, episodes(h, DEFAULT_INACTIVE_AFTER_DAYS)) for h in people]
    counts: Counter = Counter()
    count_data_quality(listed, day, counts)
    flagged = [flags_for(h, day) for h, eps in listed if episode_on(eps, day)]
    assert counts["data_quality", "persons"] == len(flagged)
    assert counts["data_quality", "missing_plan"] == sum(Flag.NO_PLAN in f for f in flagged)
    assert counts["data_quality", "missing_consent"] == sum(Flag.NO_CONSENT in f for f in flagged)
    assert counts["data_quality", "no_contact_90_days"] == sum(Flag.NO_CONTACT_90 in f for f in flagged)
