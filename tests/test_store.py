"""The store's use cases called directly, as the CLI, the demo and an import call them: each is
one transaction that validates, writes and logs, or refuses and leaves nothing behind."""

from datetime import date

import pytest

from boligreg.domain.codes import ApplicationKind, Decision, ExitReason, Situation
from boligreg.errors import InvalidInput, NotFound
from boligreg.store import open_register
from boligreg.store.applications import add_application, decide_application
from boligreg.store.config import set_config
from boligreg.store.meetings import add_action, close_meeting, last_closed, on_list, start_meeting
from boligreg.store.persons import add_person, exit_person, find_persons, update_person
from boligreg.store.stays import add_stay, undo_stay
from tests.conftest import TODAY

JAN = date(2016, 1, 1)


@pytest.fixture
def reg(tmp_path):
    register = open_register(tmp_path / "r.db", create=True, demo=True, today=TODAY, user="test")
    yield register
    register.close()


def events(reg) -> list[tuple[str, str, str]]:
    return [(r["command"], r["action"], r["record"]) for r in reg.rows("SELECT * FROM event ORDER BY id")]


def test_a_person_is_registered_with_a_first_stay_and_both_are_logged(reg):
    first = add_person(reg, name="Kari  Testesen ", situation=Situation.VENN, since=JAN)
    second = add_person(reg, alias="Fjellet", situation=Situation.UTE, since=JAN)
    assert (first, second) == ("P0001", "P0002")
    history = reg.history(first)
    assert history.person.name == "Kari Testesen" and history.person.registered == TODAY
    assert [(s.code, s.start) for s in history.stays] == [(Situation.VENN, JAN)]
    assert events(reg)[-4:] == [("person add", "create", "person:P0001"), ("person add", "create", "stay:1"),
                                ("person add", "create", "person:P0002"), ("person add", "create", "stay:2")]


def test_a_refused_write_leaves_no_row_and_no_event(reg):
    pid = add_person(reg, name="Kari Testesen", situation=Situation.VENN, since=JAN)
    before = events(reg)
    with pytest.raises(InvalidInput) as error:
        add_stay(reg, pid, Situation.MIDL, date(2015, 12, 31))  # before the latest stay
    assert error.value.key == "err_stay_before_latest"
    with pytest.raises(InvalidInput):
        add_stay(reg, pid, Situation.KRIM, date(2016, 2, 1))  # KRIM needs a release date
    with pytest.raises(NotFound):
        add_stay(reg, "P0099", Situation.MIDL, date(2016, 2, 1))
    assert events(reg) == before and len(reg.history(pid).stays) == 1


def test_a_failure_inside_a_use_case_rolls_the_whole_transaction_back(reg):
    pid = add_person(reg, name="Kari Testesen", situation=Situation.VENN, since=JAN)
    before = events(reg)
    with pytest.raises(RuntimeError), reg.write("test"):
        reg.table("person").update(pid, {"children": 3})
        reg.log("update", f"person:{pid}", pid, old=0, new=3)
        raise RuntimeError("crash in the middle")
    assert reg.person(pid).children == 0 and events(reg) == before


def test_undo_removes_only_the_latest_stay_and_never_the_first(reg):
    pid = add_person(reg, name="Kari Testesen", situation=Situation.VENN, since=JAN)
    add_stay(reg, pid, Situation.MIDL, date(2016, 2, 1))
    assert undo_stay(reg, pid).code == Situation.MIDL
    with pytest.raises(InvalidInput):
        undo_stay(reg, pid)
    assert [s.code for s in reg.history(pid).stays] == [Situation.VENN]


def test_a_setting_changed_is_what_the_next_read_of_the_settings_sees(reg):
    assert reg.settings.inactive_after_days == 90
    assert set_config(reg, "inactive-after-days", "60") == "60"
    assert reg.settings.inactive_after_days == 60
    assert set_config(reg, "zero-vision-date", "31.05.2016") == "2016-05-31"
    assert reg.settings.zero_vision_date == date(2016, 5, 31)
    for key, value in (("inactive-after-days", "0"), ("retention-years", "x"), ("colour", "red")):
        with pytest.raises(InvalidInput):
            set_config(reg, key, value)
    assert reg.settings.inactive_after_days == 60


def test_a_decision_is_made_once_and_a_withdrawal_at_any_time(reg):
    pid = add_person(reg, name="Kari Testesen", situation=Situation.VENN, since=JAN)
    app = add_application(reg, pid, ApplicationKind.KOMMUNAL, date(2016, 1, 5))
    with pytest.raises(InvalidInput):
        decide_application(reg, app, Decision.GRANTED, date(2016, 1, 4))  # before it came in
    decide_application(reg, app, Decision.GRANTED, date(2016, 2, 1))
    with pytest.raises(InvalidInput):
        decide_application(reg, app, Decision.REFUSED, date(2016, 2, 2))
    decide_application(reg, app, Decision.WITHDRAWN, date(2016, 3, 1))
    (stored,) = reg.history(pid).applications
    assert stored.decision_on(date(2016, 2, 15)) == Decision.GRANTED
    assert stored.decision_on(date(2016, 3, 1)) == Decision.WITHDRAWN


def test_inactive_is_an_exit_only_for_someone_on_the_list(reg):
    housed = add_person(reg, name="Bo Bosatt", situation=Situation.PRIVAT, since=JAN)
    with pytest.raises(InvalidInput) as error:
        exit_person(reg, housed, ExitReason.INACTIVE, date(2016, 2, 1))
    assert error.value.key == "err_not_on_list"
    homeless = add_person(reg, name="Kari Testesen", situation=Situation.UTE, since=JAN)
    exit_person(reg, homeless, ExitReason.MOVED, date(2016, 2, 1))
    assert [e.reason for e in reg.history(homeless).exits] == [ExitReason.MOVED]


def test_a_closed_meeting_freezes_who_was_on_the_list_that_day(reg):
    on = add_person(reg, name="Kari Testesen", situation=Situation.UTE, since=JAN)
    add_person(reg, name="Bo Bosatt", situation=Situation.PRIVAT, since=JAN)
    start_meeting(reg, date(2016, 3, 1), "NAV")
    no = add_action(reg, on, "Søke kommunal bolig", "NAV", date(2016, 3, 15))
    step = reg.history(on).steps[-1]
    assert (step.no, step.meeting_id, step.created) == (no, 1, date(2016, 3, 1))
    _meeting, listed = close_meeting(reg)
    assert listed == 1 and on_list(reg, date(2016, 3, 1)) == {on: "UTE"}
    assert last_closed(reg, date(2016, 3, 2)) == (date(2016, 3, 1), {on})
    assert last_closed(reg, date(2016, 3, 1)) == (date(2016, 3, 1), {on})  # the day's own meeting
    assert last_closed(reg, date(2016, 2, 29)) is None
    with pytest.raises(InvalidInput):
        close_meeting(reg)  # none open now


def test_find_and_update_by_any_spelling_of_the_id(reg):
    pid = add_person(reg, name="Kari Testesen", situation=Situation.UTE, since=JAN)
    assert [p.id for p in find_persons(reg, "teSTes")] == [pid]
    assert update_person(reg, pid.lower(), children=2) == {"children": 2}
    assert reg.person(pid).children == 2


def test_histories_come_in_id_order_and_only_for_the_ids_asked(reg):
    ids = [add_person(reg, name=f"Person {n}", situation=Situation.UTE, since=JAN) for n in range(5)]
    assert [h.person.id for h in reg.histories()] == ids
    assert [h.person.id for h in reg.histories([ids[3], ids[1], "P0999"])] == [ids[1], ids[3]]
    assert reg.histories([]) == []
