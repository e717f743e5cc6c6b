"""Corrections after a coordinator's second test (issue 16): a merged id traced from the card
of the person it now is, the merged record's registration day kept as a contact, one open
meeting a day, and how to insert a forgotten stay."""

import json
import sqlite3

from tests.conftest import assert_one_line_error, file_hash


def run_ok(cli, *args):
    outcome = cli(*args)
    assert outcome.code == 0, (args, outcome)
    return outcome


def test_the_card_names_the_records_merged_into_it_with_their_days(cli, register, tmp_path, monkeypatch):
    """Finding 1: after a merge the surviving card never mentioned P0002 and P0006, so old
    minutes naming P0002 could not be traced from it."""
    for name in ("Kari Nordmann", "Kari Nordman", "Kari Nordmannn"):
        run_ok(cli, "person", "add", "--name", name, "--situation", "UTE", "--since", "2016-05-01",
               "--new-person")
    run_ok(cli, "person", "merge", "P0003", "--into", "P0002", "--reason", "samme person", "--yes")
    monkeypatch.setenv("BOLIGREG_TODAY", "2016-06-02")
    run_ok(cli, "person", "merge", "P0002", "--into", "P0001", "--reason", "samme person", "--yes")
    card = run_ok(cli, "person", "show", "P0001").out
    line = next(line for line in card.splitlines() if line.startswith("Slått sammen fra"))
    # P0003 went into P0002 before P0002 came here: both ids lead to this card
    assert line.split(maxsplit=3)[3].replace("\xa0", " ") == "P0002 (02.06.2016), P0003 (01.06.2016)"
    assert "Slått sammen fra" in run_ok(cli, "person", "show", "P0003").out  # the pointer leads here
    assert "Slått sammen fra" not in run_ok(cli, "person", "add", "--name", "Ola Hansen",
                                             "--situation", "UTE", "--since", "i dag").out
    assert "Slått sammen fra" not in run_ok(cli, "person", "show", "P0004").out
    printed = tmp_path / "kort.html"
    run_ok(cli, "person", "show", "P0001", "--print", str(printed))
    html = printed.read_text(encoding="utf-8").replace("\xa0", " ")
    assert "Slått sammen fra" in html and "P0002 (02.06.2016), P0003 (01.06.2016)" in html
    # the day is bookkeeping in the log's text view, kept in its JSON
    assert "merged_on" not in run_ok(cli, "log", "--person", "P0001").out
    rows = sqlite3.connect(register).execute(
        "SELECT new FROM event WHERE action = 'merge' ORDER BY id").fetchall()
    assert [json.loads(new)["merged_on"] for (new,) in rows] == ["2016-06-01", "2016-06-02"]


def _contact_days(cli) -> dict[str, int]:
    rows = json.loads(run_ok(cli, "status", "--format", "json").out)["rows"]
    return {row["id"]: row["days_since_contact"] for row in rows}


def test_a_merge_keeps_the_duplicates_registration_day_as_a_contact(cli, register):
    """Finding 2: P0015 registered today (Kont. 0) and merged into P0014 showed Kont. 6: the
    registration day, a contact, was lost in the merge."""
    run_ok(cli, "person", "add", "--alias", "Fjellet", "--situation", "UTE", "--since", "2016-05-20",
           "--known-since", "2016-05-20")
    run_ok(cli, "person", "add", "--alias", "Fjellet", "--situation", "UTE", "--since", "2016-05-20",
           "--new-person")  # registered today: met today
    assert _contact_days(cli) == {"P0001": 12, "P0002": 0}
    run_ok(cli, "person", "merge", "P0002", "--into", "P0001", "--reason", "samme person", "--yes")
    assert _contact_days(cli) == {"P0001": 0}
    # the other way round: the earlier record merged into today's keeps today's contact too,
    # and the merged person is known since the earlier day
    run_ok(cli, "person", "add", "--alias", "Brua", "--situation", "UTE", "--since", "2016-04-01",
           "--known-since", "2016-04-01")
    run_ok(cli, "person", "add", "--alias", "Brua", "--situation", "UTE", "--since", "2016-04-01",
           "--new-person")
    run_ok(cli, "person", "merge", "P0003", "--into", "P0004", "--reason", "samme person", "--yes")
    assert _contact_days(cli)["P0004"] == 0
    card = run_ok(cli, "person", "show", "P0004").out
    assert "Kjent siden" in card and "01.04.2016" in card.split("Kjent siden")[1].splitlines()[0]


def test_a_second_meeting_on_a_day_that_had_one_is_refused_naming_it(cli, register):
    """Finding 3: a second `meeting start` on the day of a closed meeting hid the first from
    `meeting show DATE` (its list and actions could no longer be reached)."""
    run_ok(cli, "person", "add", "--alias", "Fjellet", "--situation", "UTE", "--since", "2016-05-01")
    run_ok(cli, "meeting", "start")
    run_ok(cli, "meeting", "action", "P0001", "Ringe hospitset")
    run_ok(cli, "meeting", "close")
    before = file_hash(register)
    out = cli("meeting", "start")
    assert_one_line_error(out, 2)
    assert "statusmøtet 01.06.2016 er allerede holdt" in out.err and "meeting show 01.06.2016" in out.err
    assert "plan step" in out.err
    assert file_hash(register) == before
    shown = run_ok(cli, "meeting", "show", "01.06.2016").out
    assert "Ringe hospitset" in shown
    run_ok(cli, "meeting", "start", "--date", "2016-05-31")  # another day: a meeting of its own
