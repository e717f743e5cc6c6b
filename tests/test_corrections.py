"""Corrections as a coordinator makes them: same-day moves, any record edited or deleted with a
reason, a decision changed on appeal, the day a person became known, duplicates, merges,
a person deleted, and undo — each logged with its old values, refused with one line and an
unchanged register when it would break the truth."""

import csv
import io
import json
import shutil
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boligreg.domain.fnr import make_fnr
from tests.conftest import TODAY, assert_one_line_error, file_hash


def run_ok(cli, *args):
    outcome = cli(*args)
    assert outcome.code == 0, (args, outcome)
    return outcome


def report(cli, start: str, end: str) -> dict:
    return json.loads(run_ok(cli, "report", "--from", start, "--to", end, "--format", "json").out)


def events(db, command: str) -> list[tuple[str, dict | None, dict | None]]:
    rows = sqlite3.connect(db).execute(
        "SELECT record, old, new FROM event WHERE command = ? ORDER BY id", (command,)).fetchall()
    return [(r, json.loads(o) if o else None, json.loads(n) if n else None) for r, o, n in rows]


def synthetic_fnr(born: date) -> str:
    serial = 100
    while not (number := make_fnr(born, serial, synthetic=True)):
        serial += 1
    return number


# --- same-day stays ---------------------------------------------------------------------------

def test_ute_midl_kommunal_on_one_day_is_one_episode_in_and_out_on_no_days_list(cli, register):
    run_ok(cli, "person", "add", "--alias", "Fjellet", "--situation", "UTE", "--since", "i dag")
    run_ok(cli, "stay", "add", "P0001", "MIDL", "--from", "i dag", "--place", "Sentrum hospits")
    out = run_ok(cli, "stay", "add", "P0001", "KOMMUNAL", "--from", "i dag").out
    assert "bosatt: KOMMUNAL fra 01.06.2016" in out
    card = run_ok(cli, "person", "show", "P0001").out
    timeline = card.split("Bosituasjon over tid")[1].split("\n\n")[0]
    assert [line.split()[0] for line in timeline.splitlines()[3:]] == ["1", "2", "3"]
    assert "UTE" in timeline and "Sentrum hospits" in timeline and "KOMMUNAL" in timeline
    figures = report(cli, "2016-06-01", "2016-06-01")
    assert figures["flows"]["inflow"]["new"] == 1 and figures["flows"]["outflow"]["housed"] == 1
    assert figures["flows"]["housed_by_dwelling"]["KOMMUNAL"] == 1
    assert figures["start"]["total"] == figures["end"]["total"] == 0
    assert figures["flows"]["identity_holds"]
    assert figures["temporary"]["households"] == 0  # no night in MIDL
    assert json.loads(run_ok(cli, "status", "--format", "json").out)["homeless"] == 0
    assert "P0001" in run_ok(cli, "person", "list", "--housed").out


def test_a_new_stay_may_begin_on_the_latest_stays_day_but_not_before(cli, register):
    run_ok(cli, "person", "add", "--name", "Kari Testesen", "--situation", "VENN", "--since", "2016-05-01")
    run_ok(cli, "stay", "add", "P0001", "UTE", "--from", "2016-05-10")
    before = file_hash(register)
    out = cli("stay", "add", "P0001", "MIDL", "--from", "2016-05-09")
    assert_one_line_error(out, 2)
    assert "nr. 2, UTE fra 10.05.2016" in out.err
    assert file_hash(register) == before
    run_ok(cli, "stay", "add", "P0001", "MIDL", "--from", "2016-05-10")
    assert json.loads(run_ok(cli, "status", "--format", "json").out)["rows"][0]["situation"] == "MIDL"


# --- edit and delete any record -----------------------------------------------------------------

def _kari(cli):
    run_ok(cli, "person", "add", "--name", "Kari Testesen", "--situation", "UTE", "--since", "2016-01-10")
    run_ok(cli, "stay", "add", "P0001", "MIDL", "--from", "2016-02-01", "--place", "Hospits A")
    run_ok(cli, "stay", "add", "P0001", "PRIVAT", "--from", "2016-04-01")


def test_stay_edit_changes_a_middle_stay_and_logs_old_new_and_reason(cli, register):
    _kari(cli)
    run_ok(cli, "stay", "edit", "P0001", "2", "--from", "2016-02-03", "--code", "KRISE",
           "--reason", "feil dato og sted")
    history = json.loads(run_ok(cli, "person", "list", "--all", "--format", "json").out)
    assert history[0]["state"] == "housed"
    card = run_ok(cli, "person", "show", "P0001").out
    assert "03.02.2016" in card and "KRISE" in card and "MIDL" not in card
    ((record, old, new),) = events(register, "stay edit")
    assert old == {"code": "MIDL", "start": "2016-02-01"}
    assert new == {"code": "KRISE", "start": "2016-02-03", "reason": "feil dato og sted"}
    assert record.startswith("stay:")


def test_stay_edit_across_a_neighbour_is_refused_naming_both_stays(cli, register):
    _kari(cli)
    before = file_hash(register)
    out = cli("stay", "edit", "P0001", "3", "--from", "2015-12-01", "--reason", "x")
    assert_one_line_error(out, 2)
    assert "opphold 3 (PRIVAT fra 01.12.2015)" in out.err and "opphold 2 (MIDL fra 01.02.2016)" in out.err
    out = cli("stay", "edit", "P0001", "1", "--from", "2016-03-01", "--reason", "x")
    assert_one_line_error(out, 2)
    assert "opphold 2" in out.err and "opphold 1" in out.err
    assert file_hash(register) == before


def test_a_new_code_drops_the_fields_it_cannot_have_and_needs_those_it_must(cli, register):
    _kari(cli)
    run_ok(cli, "stay", "edit", "P0001", "3", "--code", "MIDL", "--reason", "ikke bosatt ennå")
    assert "tidsubestemt" not in run_ok(cli, "person", "show", "P0001").out
    before = file_hash(register)
    assert_one_line_error(cli("stay", "edit", "P0001", "3", "--code", "KRIM", "--reason", "x"), 2)
    assert_one_line_error(cli("stay", "edit", "P0001", "3", "--lease", "fixed", "--reason", "x"), 2)
    assert file_hash(register) == before
    run_ok(cli, "stay", "edit", "P0001", "3", "--code", "KRIM", "--release", "2016-07-01", "--reason", "x")
    assert "KRIM" in run_ok(cli, "person", "show", "P0001", "--sensitive").out


def test_stay_delete_lets_the_stay_before_last_until_the_next_and_keeps_one(cli, register):
    _kari(cli)
    run_ok(cli, "stay", "delete", "P0001", "2", "--reason", "feilregistrert")
    card = run_ok(cli, "person", "show", "P0001").out
    assert "MIDL" not in card and "10.01.2016  01.04.2016  UTE" in card
    assert "  3  01.04.2016" in card  # the stay after it keeps its number
    before = file_hash(register)
    assert_one_line_error(cli("stay", "delete", "P0001", "2", "--reason", "feilregistrert"), 3)  # typed twice
    assert file_hash(register) == before
    run_ok(cli, "stay", "delete", "P0001", "3", "--reason", "feilregistrert")
    before = file_hash(register)
    assert_one_line_error(cli("stay", "delete", "P0001", "1", "--reason", "x"), 2)
    assert file_hash(register) == before


def test_contacts_are_numbered_on_the_card_and_edited_or_deleted_by_number(cli, register):
    _kari(cli)
    run_ok(cli, "contact", "P0001", "Møtt på NAV", "--date", "2016-03-01")
    run_ok(cli, "contact", "P0001", "Ringt", "--date", "2016-03-10", "--kind", "phone")
    card = run_ok(cli, "person", "show", "P0001").out.split("Siste kontakter")[1]
    assert "  1  01.03.2016" in card and "  2  10.03.2016" in card
    run_ok(cli, "contact", "edit", "P0001", "2", "--kind", "attempt", "--note", "", "--reason", "ikke svar")
    ((_, old, new),) = events(register, "contact edit")
    assert old == {"kind": "phone", "note": "Ringt"} and new["kind"] == "attempt" and new["note"] is None
    run_ok(cli, "contact", "delete", "P0001", "1", "--reason", "feil person")
    card = run_ok(cli, "person", "show", "P0001").out
    assert "Møtt på NAV" not in card and "forsøkt" in card


def test_steps_edited_deleted_and_undone_but_a_closed_meetings_action_stays(cli, register):
    _kari(cli)
    run_ok(cli, "plan", "step", "P0001", "Søke bostøtte", "--owner", "NAV")
    run_ok(cli, "plan", "step", "edit", "P0001", "1", "--text", "Søke startlån", "--due", "2016-07-01",
           "--reason", "skrivefeil")
    run_ok(cli, "plan", "done", "P0001", "1")
    run_ok(cli, "plan", "undone", "P0001", "1", "--reason", "ikke ferdig")
    card = run_ok(cli, "person", "show", "P0001").out
    assert "Søke startlån" in card and "01.07.2016" in card and "åpen" in card.splitlines()[-1]
    run_ok(cli, "meeting", "start", "--date", "2016-05-04")
    run_ok(cli, "meeting", "action", "P0001", "Ringe utleier")
    run_ok(cli, "meeting", "action", "edit", "P0001", "2", "--owner", "Boligkontoret", "--reason", "ny eier")
    run_ok(cli, "meeting", "action", "P0001", "Feil vedtak")
    run_ok(cli, "meeting", "action", "delete", "P0001", "3", "--reason", "feil person")
    assert_one_line_error(cli("meeting", "action", "edit", "P0001", "1", "--text", "x", "--reason", "x"), 2)
    run_ok(cli, "meeting", "close")
    before = file_hash(register)
    for args in (("plan", "step", "edit", "P0001", "2", "--text", "x", "--reason", "x"),
                 ("plan", "step", "delete", "P0001", "2", "--reason", "x"),
                 ("meeting", "action", "edit", "P0001", "2", "--text", "x", "--reason", "x")):
        assert_one_line_error(cli(*args), 2)
    assert file_hash(register) == before
    shown = run_ok(cli, "meeting", "show", "2016-05-04").out
    assert "Ringe utleier" in shown and "Boligkontoret" in shown and "Feil vedtak" not in shown
    run_ok(cli, "plan", "done", "P0001", "2")  # the minutes' action can still be done


def test_every_edited_text_is_checked_as_entry_checks_it_and_so_is_the_reason(cli, register):
    """A newline, an escape or a tab in an edited text is refused as `stay add`, `contact` and
    `plan step` refuse it; the reason too, with the same line, never quietly made a space."""
    _kari(cli)
    run_ok(cli, "contact", "P0001", "Møtt", "--date", "2016-03-01")
    run_ok(cli, "plan", "step", "P0001", "Søke bostøtte")
    run_ok(cli, "meeting", "start", "--date", "2016-05-04")
    run_ok(cli, "meeting", "action", "P0001", "Ringe utleier")
    before = file_hash(register)
    for bad in ("Gate\n2", "Gate\x1b[2J", "Gate\t2"):
        for args in (("stay", "edit", "P0001", "2", "--place", bad),
                     ("plan", "step", "edit", "P0001", "1", "--text", bad),
                     ("plan", "step", "edit", "P0001", "1", "--owner", bad),
                     ("contact", "edit", "P0001", "1", "--note", bad),
                     ("contact", "edit", "P0001", "1", "--by", bad),
                     ("meeting", "action", "edit", "P0001", "2", "--text", bad),
                     ("meeting", "action", "edit", "P0001", "2", "--owner", bad)):
            out = cli(*args, "--reason", "skrivefeil")
            assert_one_line_error(out, 2)
            assert "inneholder tegnet" in out.err, (args, out.err)
        for reason in (bad, "feil\r", "feil\x0b"):
            out = cli("stay", "edit", "P0001", "2", "--place", "Gate 2", "--reason", reason)
            assert_one_line_error(out, 2)
            assert "Begrunnelse inneholder tegnet" in out.err, (reason, out.err)  # its field in words
    out = cli("stay", "edit", "P0001", "2", "--place", "x" * 201, "--reason", "x")
    assert_one_line_error(out, 2)
    assert "høyst 200 tegn" in out.err
    assert file_hash(register) == before
    run_ok(cli, "stay", "edit", "P0001", "2", "--place", "Gate 2", "--reason", "ny  adresse ")
    assert events(register, "stay edit")[-1][2]["reason"] == "ny adresse"


# --- a decision changed on appeal -------------------------------------------------------------

def test_an_appeal_is_a_new_decision_and_each_period_counts_the_one_in_force(cli, register):
    run_ok(cli, "person", "add", "--name", "Per Bakkevik", "--situation", "VENN", "--since", "2016-01-01")
    run_ok(cli, "application", "add", "P0001", "KOMMUNAL", "--date", "2016-01-15")
    run_ok(cli, "application", "decide", "A0001", "--refused", "--date", "2016-03-01")
    before = file_hash(register)
    out = cli("application", "decide", "A0001", "--granted", "--date", "2016-05-15")
    assert_one_line_error(out, 2)
    assert "allerede avslått" in out.err and "--change" in out.err
    assert_one_line_error(cli("application", "decide", "A0001", "--granted", "--change"), 2)  # no reason
    assert_one_line_error(cli("application", "decide", "A0001", "--granted", "--date", "2016-02-01",
                              "--change", "--reason", "klage"), 2)  # before the decision it changes
    assert file_hash(register) == before
    run_ok(cli, "application", "decide", "A0001", "--granted", "--date", "2016-05-15", "--change",
           "--reason", "klage tatt til følge")
    march, april, may = (report(cli, *p)["municipal"] for p in (
        ("2016-01-01", "2016-03-31"), ("2016-04-01", "2016-04-30"), ("2016-05-01", "2016-05-31")))
    assert (march["refused"], march["granted"], march["waiting_list_end"]) == (1, 0, 0)
    assert (april["refused"], april["granted"], april["waiting_list_end"], april["pending_end"]) == (0, 0, 0, 0)
    assert (may["refused"], may["granted"], may["waiting_list_end"]) == (0, 1, 1)
    spring = report(cli, "2016-01-01", "2016-05-31")["municipal"]
    assert (spring["refused"], spring["granted"]) == (0, 1)  # the application once, as it ended
    card = run_ok(cli, "person", "show", "P0001").out
    assert "innvilget (etter avslått 01.03.2016)" in card
    (_, old, new), = events(register, "application decide")[-1:]
    assert old == {"decision": "refused", "date": "2016-03-01"}
    assert new["reason"] == "klage tatt til følge"


def test_an_appeal_dated_before_the_decision_it_changes_says_so(cli, register):
    run_ok(cli, "person", "add", "--name", "Per Bakkevik", "--situation", "VENN", "--since", "2016-01-01")
    run_ok(cli, "application", "add", "P0001", "KOMMUNAL", "--date", "2016-01-15")
    run_ok(cli, "application", "decide", "A0001", "avslått", "--date", "2016-03-01")
    before = file_hash(register)
    out = cli("application", "decide", "A0001", "trukket", "--date", "2016-02-11", "--change",
              "--reason", "x")
    assert_one_line_error(out, 2)
    assert "tidligere vedtaket (avslått 01.03.2016)" in out.err and "mottatt" not in out.err
    out = cli("application", "decide", "A0001", "innvilget", "--date", "2016-01-02", "--change",
              "--reason", "x")
    assert_one_line_error(out, 2)
    assert "mottatt" in out.err  # before the application itself came in
    assert file_hash(register) == before


def test_a_refused_application_cannot_also_be_withdrawn(cli, register):
    """Refused in February and withdrawn in April counted the one application twice in the
    period's outcomes; a refusal leaves nothing to withdraw."""
    run_ok(cli, "person", "add", "--name", "Per Bakkevik", "--situation", "VENN", "--since", "2016-01-01")
    run_ok(cli, "application", "add", "P0001", "KOMMUNAL", "--date", "2016-01-15")
    run_ok(cli, "application", "decide", "A0001", "avslått", "--date", "2016-02-01")
    before = file_hash(register)
    out = cli("application", "decide", "A0001", "trukket", "--date", "2016-04-01")
    assert_one_line_error(out, 2)
    assert "A0001 er avslått" in out.err and "--change" in out.err
    assert file_hash(register) == before
    run_ok(cli, "application", "add", "P0001", "KOMMUNAL", "--date", "2016-04-15")
    run_ok(cli, "application", "decide", "A0002", "innvilget", "--date", "2016-05-01")
    run_ok(cli, "application", "decide", "A0002", "trukket", "--date", "2016-05-20")  # off the list


def test_application_edit_moves_one_typed_for_the_wrong_person(cli, register):
    run_ok(cli, "person", "add", "--name", "Per Bakkevik", "--situation", "VENN", "--since", "2016-01-01")
    run_ok(cli, "person", "add", "--name", "Anne Fjellstad", "--situation", "UTE", "--since", "2016-01-01")
    run_ok(cli, "application", "add", "P0001", "STARTLAN", "--date", "2016-02-01")
    run_ok(cli, "application", "edit", "A0001", "--person", "P0002", "--kind", "KOMMUNAL",
           "--date", "2016-02-02", "--reason", "feil person")
    assert "A0001" not in run_ok(cli, "person", "show", "P0001").out
    card = run_ok(cli, "person", "show", "P0002").out
    assert "A0001" in card and "kommunal bolig" in card and "02.02.2016" in card
    assert "application edit" in run_ok(cli, "log", "--person", "P0002").out


# --- known since ----------------------------------------------------------------------------------

def test_inactivity_counts_from_the_day_known_not_the_day_typed_in(cli, register):
    run_ok(cli, "person", "add", "--name", "Lars Solvik", "--situation", "UTE", "--since", "2015-01-01",
           "--known-since", "2015-01-01")
    run_ok(cli, "person", "add", "--name", "Tor Haugsbø", "--situation", "UTE", "--since", "2015-01-01")
    spring = report(cli, "2015-04-01", "2015-04-30")
    assert spring["start"]["total"] == 2 and spring["end"]["total"] == 1
    assert spring["flows"]["outflow"]["inactive"] == 1  # Lars, on 01.04.2015: 90 days after 01.01
    # Tor: registered today, so known since today; no clock ran for him in 2015
    assert "Kjent siden   01.01.2015" in run_ok(cli, "person", "show", "P0001").out
    run_ok(cli, "person", "update", "P0002", "--known-since", "2015-01-01")
    assert report(cli, "2015-04-01", "2015-04-30")["flows"]["outflow"]["inactive"] == 2
    before = file_hash(register)
    assert_one_line_error(cli("person", "update", "P0002", "--known-since", "2030-01-01"), 2)
    assert file_hash(register) == before


def test_a_person_set_inactive_by_hand_is_inactive_in_every_list(cli, register):
    run_ok(cli, "person", "add", "--name", "Eva Strand", "--situation", "UTE", "--since", "i dag")
    run_ok(cli, "person", "exit", "P0001", "--reason", "inactive")
    rows = json.loads(run_ok(cli, "person", "list", "--inactive", "--format", "json").out)
    assert [(r["id"], r["state"]) for r in rows] == [("P0001", "inactive")]
    assert "inaktiv" in run_ok(cli, "person", "list", "--all").out
    assert "P0001" not in run_ok(cli, "person", "list").out


# --- duplicates --------------------------------------------------------------------------------

def test_person_add_refuses_a_registered_fnr_and_warns_on_a_likely_duplicate(cli, register):
    number = synthetic_fnr(date(1986, 2, 15))
    run_ok(cli, "person", "add", "--name", "Bjørn Åsen", "--situation", "UTE", "--since", "2016-05-01",
           "--fnr", number)
    before = file_hash(register)
    out = cli("person", "add", "--name", "Ola", "--situation", "UTE", "--since", "2016-05-01", "--fnr", number)
    assert_one_line_error(out, 2)
    assert "P0001" in out.err
    out = cli("person", "add", "--name", "bjoern  aasen", "--situation", "UTE", "--since", "2016-05-02")
    assert_one_line_error(out, 2)
    assert "P0001 Bjørn Åsen (samme navn)" in out.err and "--new-person" in out.err
    out = cli("person", "add", "--name", "Bjorn Asen", "--born", "1986-02-15", "--situation", "UTE",
              "--since", "2016-05-02")
    assert_one_line_error(out, 2)
    assert "samme fødselsdato og lignende navn" in out.err
    assert file_hash(register) == before
    run_ok(cli, "person", "add", "--name", "bjoern aasen", "--situation", "UTE", "--since", "2016-05-02",
           "--new-person")
    run_ok(cli, "person", "add", "--alias", "Fjellet", "--situation", "UTE", "--since", "2016-05-02")
    assert_one_line_error(cli("person", "add", "--alias", "FJELLET ", "--situation", "UTE",
                              "--since", "2016-05-02"), 2)
    pairs = run_ok(cli, "person", "duplicates").out.splitlines()
    assert pairs[2].split() == ["P0001", "Bjørn", "Åsen", "P0002", "bjoern", "aasen", "samme", "navn"]
    assert pairs[-1] == "1 mulig dublett"


def test_a_name_typed_surname_first_is_the_same_name_for_the_warning_and_find(cli, register):
    """«Nordmann, Kari» is how a list sorted by surname writes Kari Nordmann: the duplicate
    warning and `person find` take the comma for no part of the name."""
    run_ok(cli, "person", "add", "--name", "Kari Nordmann", "--situation", "UTE", "--since", "2016-05-01")
    before = file_hash(register)
    out = cli("person", "add", "--name", "Nordmann, Kari", "--situation", "UTE", "--since", "2016-05-02")
    assert_one_line_error(out, 2)
    assert "P0001 Kari Nordmann (samme navn)" in out.err
    assert file_hash(register) == before
    assert "P0001" in run_ok(cli, "person", "find", "Nordmann, Kari").out


def test_m008_gives_a_name_stored_with_a_comma_its_key_without_it(tmp_path):
    from sqlite_utils import Database

    from boligreg.store.migrations import migration_set

    db = Database(tmp_path / "r.db")
    migration_set().apply(db, stop_before="m008_name_keys")
    db.execute("INSERT INTO person (id, registered, name, name_key, wants_housing) "
               "VALUES ('P0001', '2016-01-01', 'Nordmann, Kari', 'kari nordmann,', 1)")
    migration_set().apply(db)
    assert db.execute("SELECT name_key FROM person").fetchall() == [("kari nordmann",)]


def test_in_a_terminal_person_add_asks_before_registering_a_likely_duplicate(cli, register, monkeypatch):
    run_ok(cli, "person", "add", "--alias", "Fjellet", "--situation", "UTE", "--since", "2016-05-01")
    monkeypatch.setattr("boligreg.cli.output.interactive", lambda: True)
    before = file_hash(register)
    again = ("person", "add", "--alias", "fjellet", "--situation", "UTE", "--since", "2016-05-01")
    out = cli(*again, input="nei\n")
    assert out.code == 1 and "P0001 «Fjellet» (samme alias)" in out.err
    assert "Registrere som ny person likevel? [j/N]: " in out.err
    assert out.err.rstrip().endswith("Avbrutt; ingenting ble endret.") and "Feil" not in out.err
    assert cli(*again, input="\n").code == 1  # Enter is no
    assert cli(*again, input="").code == 1  # so is the end of the input
    assert file_hash(register) == before
    out = cli(*again, input="kanskje\nj\n")
    assert out.code == 0 and "Svar j eller n." in out.err and "Registrert som P0002" in out.out


@pytest.mark.parametrize("lang,shown,answers", [
    ("nb", "[j/N]", ["j", "ja", "JA", "y", "yes"]), ("nn", "[j/N]", ["j", "ja"]),
    ("en", "[y/N]", ["y", "yes", "j", "ja"])])
def test_every_question_takes_yes_and_no_in_the_users_words(cli, register, monkeypatch, lang, shown,
                                                           answers):
    """j/ja/n/nei in Norwegian, y/yes/n/no in English, and a word of any language understood
    (as codes are); the question shows the user's own yes."""
    monkeypatch.setattr("boligreg.cli.output.interactive", lambda: True)
    run_ok(cli, "person", "add", "--name", "Kari Testesen", "--situation", "UTE", "--since", "2016-05-01")
    for answer in answers:
        run_ok(cli, "contact", "P0001", "Møtt")
        out = cli("--lang", lang, "undo", input=answer + "\n")
        assert out.code == 0 and shown in out.err, (answer, out)
    run_ok(cli, "contact", "P0001", "Møtt")
    before = file_hash(register)
    for answer in ("n", "nei", "no", "N"):
        out = cli("--lang", lang, "undo", input=answer + "\n")
        assert out.code == 1 and "Error" not in out.err and "Feil" not in out.err, (answer, out)
    out = cli("--lang", lang, "undo", input="?\n")
    assert out.code == 1 and {"nb": "Svar j eller n.", "nn": "Svar j eller n.",
                              "en": "Answer y or n."}[lang] in out.err
    assert "invalid input" not in out.err.lower()
    assert file_hash(register) == before


# --- merge ----------------------------------------------------------------------------------------

def _twice(cli):
    """Kari registered twice: P0001 in January, P0002 in April when she moved into MIDL."""
    run_ok(cli, "person", "add", "--name", "Kari Nordmann", "--situation", "VENN", "--since", "2016-01-10",
           "--known-since", "2016-01-10", "--children", "1")
    run_ok(cli, "contact", "P0001", "--date", "2016-02-15")
    run_ok(cli, "plan", "step", "P0001", "Søke bostøtte")
    run_ok(cli, "person", "add", "--name", "Kari Nordman", "--situation", "MIDL", "--since", "2016-04-01",
           "--known-since", "2016-04-01", "--phone", "99999999", "--new-person")
    run_ok(cli, "contact", "P0002", "--date", "2016-04-20")
    run_ok(cli, "plan", "step", "P0002", "Ringe hospitset")
    run_ok(cli, "application", "add", "P0002", "KOMMUNAL", "--date", "2016-04-05")


def test_a_merge_moves_every_record_keeps_a_pointer_and_counts_as_one_person(cli, register, tmp_path):
    _twice(cli)
    period = ("2016-01-01", "2016-05-31")
    split = report(cli, *period)
    assert split["flows"]["inflow"]["new"] == 2 and split["flows"]["outflow"]["inactive"] == 1
    out = run_ok(cli, "person", "merge", "P0002", "--into", "P0001", "--reason", "samme person",
                 "--yes").out
    assert "P0002 er slått sammen med P0001" in out
    merged = report(cli, *period)
    # the same history typed as one person from the start
    one = tmp_path / "one.db"
    for args in (("init", "--demo"),
                 ("person", "add", "--name", "Kari Nordmann", "--situation", "VENN", "--since",
                  "2016-01-10", "--known-since", "2016-01-10", "--children", "1"),
                 ("contact", "P0001", "--date", "2016-02-15"),
                 ("stay", "add", "P0001", "MIDL", "--from", "2016-04-01"),
                 ("contact", "P0001", "--date", "2016-04-20"),
                 ("application", "add", "P0001", "KOMMUNAL", "--date", "2016-04-05")):
        run_ok(cli, "--db", str(one), *args)
    alone = json.loads(run_ok(cli, "--db", str(one), "report", "--from", period[0], "--to", period[1],
                              "--format", "json").out)
    assert merged == alone and merged["end"]["total"] == 1
    assert merged["flows"]["inflow"]["new"] == 1 and merged["flows"]["outflow_total"] == 0
    shown = run_ok(cli, "person", "show", "P0002").out
    assert shown.startswith("P0002 er slått sammen med P0001") and "Kari Nordmann" in shown
    assert "99999999" in shown and "Søke bostøtte" in shown and "Ringe hospitset" in shown
    steps = shown.split("Neste steg og tiltak")[1]
    assert "  1  Søke bostøtte" in steps and "  2  Ringe hospitset" in steps
    assert "P0002" not in run_ok(cli, "person", "list", "--all").out
    assert "person merge" in run_ok(cli, "log", "--person", "P0001").out
    assert "person merge" in run_ok(cli, "log", "--person", "P0002").out  # the old id has its log
    out = cli("stay", "add", "P0002", "UTE", "--from", "2016-05-01")
    assert_one_line_error(out, 2)
    assert "bruk P0001" in out.err


def test_merging_into_itself_a_pointer_or_across_timelines_is_refused(cli, register):
    _twice(cli)
    run_ok(cli, "person", "add", "--name", "Per Bakkevik", "--situation", "UTE", "--since", "2016-02-01")
    run_ok(cli, "stay", "add", "P0003", "VENN", "--from", "2016-05-01")
    before = file_hash(register)
    out = cli("person", "merge", "P0003", "--into", "P0002", "--reason", "x")
    assert_one_line_error(out, 2)
    assert "P0003 opphold 2 (VENN fra 01.05.2016)" in out.err and "P0002 opphold 1 (MIDL fra 01.04.2016)" in out.err
    for args, code in ((("P0001", "--into", "p0001", "--reason", "x"), 2),
                       (("P0009", "--into", "P0001", "--reason", "x"), 3),
                       (("P0002", "--into", "P0001"), 2)):  # no reason
        assert_one_line_error(cli("person", "merge", *args), code)
    assert file_hash(register) == before
    run_ok(cli, "person", "merge", "P0002", "--into", "P0001", "--reason", "samme person", "--yes")
    before = file_hash(register)
    for args in (("P0003", "--into", "P0002"), ("P0002", "--into", "P0003")):
        out = cli("person", "merge", *args, "--reason", "x", "--yes")
        assert_one_line_error(out, 2)
        assert "P0002 er allerede slått sammen med P0001" in out.err
    assert file_hash(register) == before


def _two_people(cli):
    """Kari and Per: two people, each with a fødselsnummer of their own; Per in prison."""
    run_ok(cli, "person", "add", "--name", "Kari Nordmann", "--fnr", synthetic_fnr(date(1986, 2, 15)),
           "--situation", "UTE", "--since", "2016-05-01")
    run_ok(cli, "person", "add", "--name", "Per Hansen", "--fnr", synthetic_fnr(date(1979, 1, 22)),
           "--situation", "KRIM", "--since", "2016-03-01", "--release", "2016-07-15")


def test_two_people_are_never_merged_and_a_typo_is_corrected_first(cli, register):
    """Finding 1: merging Per into Kari went through; Per's identity vanished and his number
    could be registered again. Different numbers, birth dates or birth years: refused."""
    _two_people(cli)
    run_ok(cli, "person", "add", "--name", "Ola Berg", "--born", "1990-05-05", "--situation", "UTE",
           "--since", "2016-05-02")
    run_ok(cli, "person", "add", "--name", "Ola Berg", "--born", "1991-05-05", "--situation", "UTE",
           "--since", "2016-05-03", "--new-person")
    before = file_hash(register)
    out = cli("person", "merge", "P0002", "--into", "P0001", "--reason", "samme", "--yes")
    assert_one_line_error(out, 2)
    assert "ulike fødselsnumre (228179 ***** og 158286 *****)" in out.err and "person update" in out.err
    out = cli("person", "merge", "P0004", "--into", "P0003", "--reason", "samme", "--yes")
    assert_one_line_error(out, 2)
    assert "ulike fødselsdatoer (05.05.1991 og 05.05.1990)" in out.err
    assert file_hash(register) == before
    assert "Per Hansen" in run_ok(cli, "person", "find", "228179").out
    # one person after all, with a birth date typed wrong: corrected first, then merged
    run_ok(cli, "person", "update", "P0004", "--born", "1990-05-05")
    run_ok(cli, "person", "merge", "P0004", "--into", "P0003", "--reason", "samme person", "--yes")


def test_birth_years_that_differ_are_two_people():
    from boligreg.domain.models import Person
    from boligreg.errors import InvalidInput
    from boligreg.store.merge import check_same_person

    one, two = (Person(id=pid, registered=TODAY, birth_year=year) for pid, year in (("P0001", 1979),
                                                                                     ("P0002", 1986)))
    with pytest.raises(InvalidInput) as refused:
        check_same_person(one, two)
    assert refused.value.key == "err_merge_birth_year"
    check_same_person(one, Person(id="P0003", registered=TODAY, born=date(1979, 3, 1)))
    check_same_person(one, Person(id="P0004", registered=TODAY))  # nothing known: may be one


def test_a_merge_asks_in_a_terminal_showing_both_records_and_needs_yes_in_a_script(cli, register,
                                                                                 monkeypatch):
    number = synthetic_fnr(date(1986, 2, 15))
    run_ok(cli, "person", "add", "--name", "Kari Nordmann", "--fnr", number, "--situation", "UTE",
           "--since", "2016-05-01")
    run_ok(cli, "person", "add", "--alias", "Fjellet", "--situation", "VENN", "--since", "2016-04-01")
    before = file_hash(register)
    out = cli("person", "merge", "P0002", "--into", "P0001", "--reason", "samme person")
    assert_one_line_error(out, 2)
    assert "--yes" in out.err
    assert file_hash(register) == before
    monkeypatch.setattr("boligreg.cli.output.interactive", lambda: True)
    out = cli("person", "merge", "P0002", "--into", "P0001", "--reason", "samme person", input="n\n")
    assert out.code == 1 and out.err.rstrip().endswith("Avbrutt; ingenting ble endret.")
    table = out.err.split("\n")
    assert any(line.split()[:3] == ["P0001", "Kari", "Nordmann"] and "158286 *****" in line
               and "15.02.1986" in line and line.split()[-1] == "1" for line in table), out.err
    assert any(line.split()[:2] == ["P0002", "«Fjellet»"] and line.split()[-1] == "1" for line in table)
    assert "Slå sammen P0002 med P0001? Det kan ikke angres. [j/N]: " in out.err
    reads = sqlite3.connect(register).execute(
        "SELECT count(*) FROM event WHERE command = 'person merge' AND action = 'read-sensitive'")
    assert reads.fetchone()[0] == 2  # the birth dates shown are a logged read
    out = cli("person", "merge", "P0002", "--into", "P0001", "--reason", "samme person", input="ja\n")
    assert out.code == 0 and "P0002 er slått sammen med P0001" in out.out


def test_a_merged_id_stays_findable_and_leads_to_the_person_it_now_is(cli, register):
    """Finding 1: after a merge the old record could not be found by its name, number or id."""
    number = synthetic_fnr(date(1986, 2, 15))
    run_ok(cli, "person", "add", "--name", "Kari Nordmann", "--situation", "UTE", "--since", "2016-05-01")
    run_ok(cli, "person", "add", "--name", "Kari Fjeld", "--fnr", number, "--situation", "VENN",
           "--since", "2016-04-01", "--new-person")
    run_ok(cli, "person", "merge", "P0002", "--into", "P0001", "--reason", "samme person", "--yes")
    for text in ("Fjeld", "p0002", "fjeld kari"):
        rows = run_ok(cli, "person", "find", text).out.splitlines()
        assert rows[2].startswith("P0002 → P0001  Kari Nordmann"), (text, rows)
        assert rows[-1] == "1 person"
    assert run_ok(cli, "person", "find", number).out.splitlines()[2].startswith("P0001  Kari Nordmann")
    out = cli("person", "add", "--name", "Noen Annen", "--fnr", number, "--situation", "UTE",
              "--since", "2016-05-01")
    assert_one_line_error(out, 2)
    assert "P0001" in out.err  # the number is the merged person's, not free again
    assert run_ok(cli, "person", "find", "Kari").out.splitlines()[-1] == "1 person"  # once


def test_a_frozen_list_stays_and_status_counts_the_merged_person_once(cli, register):
    for alias in ("Fjellet", "fjellet"):
        run_ok(cli, "person", "add", "--alias", alias, "--situation", "UTE", "--since", "2016-05-01", "--new-person")
    run_ok(cli, "meeting", "start", "--date", "2016-05-04")
    run_ok(cli, "meeting", "close")
    run_ok(cli, "person", "merge", "P0002", "--into", "P0001", "--reason", "samme alias to ganger", "--yes")
    status = json.loads(run_ok(cli, "status", "--format", "json").out)
    assert status["homeless"] == 1
    assert sum(status["changes"]["left"].values()) == 0 and sum(status["changes"]["joined"].values()) == 0
    listed = sqlite3.connect(register).execute("SELECT person_id FROM meeting_person").fetchall()
    assert sorted(listed) == [("P0001",), ("P0002",)]
    assert "2 personer" in run_ok(cli, "meeting", "show").out or "listet 2" in run_ok(cli, "meeting", "show").out


# --- delete a person ----------------------------------------------------------------------------

def test_a_person_registered_by_mistake_is_deleted_and_the_id_never_reused(cli, register):
    run_ok(cli, "person", "add", "--name", "Kari Nordmann", "--situation", "UTE", "--since", "2016-05-01",
           "--phone", "12345678")
    run_ok(cli, "contact", "P0001", "Møtt", "--date", "2016-05-02")
    run_ok(cli, "person", "delete", "P0001", "--reason", "registrert ved en feil", "--yes")
    out = cli("person", "show", "P0001")
    assert_one_line_error(out, 3)
    assert "slettet" in out.err
    assert "Registrert som P0002" in run_ok(cli, "person", "add", "--name", "Ola", "--situation", "UTE",
                                            "--since", "2016-05-01").out
    conn = sqlite3.connect(register)
    assert conn.execute("SELECT count(*) FROM stay WHERE person_id = 'P0001'").fetchone()[0] == 0
    assert conn.execute("SELECT name, phone, deleted FROM person WHERE id = 'P0001'").fetchone() == (
        None, None, TODAY.isoformat())
    assert not [row for row in conn.execute("SELECT old, new FROM event WHERE person_id = 'P0001'")
                if "Kari" in str(row) or "12345678" in str(row)]
    assert b"12345678" not in register.read_bytes()
    assert "verify" and run_ok(cli, "log", "verify")
    assert report(cli, "2016-05-01", "2016-05-31")["end"]["total"] == 1


def test_a_person_a_meeting_listed_is_deleted_only_with_force(cli, register):
    run_ok(cli, "person", "add", "--name", "Eva Strand", "--situation", "PRIVAT", "--since", "2016-01-01")
    run_ok(cli, "person", "add", "--alias", "Fjellet", "--situation", "UTE", "--since", "2016-05-01")
    run_ok(cli, "meeting", "start", "--date", "2016-05-04")
    run_ok(cli, "meeting", "close")
    before = file_hash(register)
    out = cli("person", "delete", "P0002", "--reason", "feil", "--yes")
    assert_one_line_error(out, 2)
    assert "04.05.2016" in out.err and "--force" in out.err
    assert file_hash(register) == before
    run_ok(cli, "person", "delete", "P0002", "--reason", "feil", "--force", "--yes")
    status = json.loads(run_ok(cli, "status", "--format", "json").out)
    assert status["homeless"] == 0 and sum(status["changes"]["left"].values()) == 0


def test_a_deletion_asks_showing_what_goes_and_needs_yes_in_a_script(cli, register, monkeypatch):
    """Finding 2: `person delete` erased a real history without a question."""
    run_ok(cli, "person", "add", "--name", "Kari Nordmann", "--fnr", synthetic_fnr(date(1986, 2, 15)),
           "--situation", "UTE", "--since", "2016-03-01")
    run_ok(cli, "application", "add", "P0001", "KOMMUNAL", "--date", "2016-03-05")
    run_ok(cli, "stay", "add", "P0001", "KOMMUNAL", "--from", "2016-05-01")
    run_ok(cli, "contact", "P0001", "Møtt", "--date", "2016-03-10")
    monkeypatch.setenv("BOLIGREG_USER", "ola")
    run_ok(cli, "contact", "P0001", "Ringt", "--date", "2016-03-20", "--kind", "telefon")
    monkeypatch.setenv("BOLIGREG_USER", "testbruker")
    before = file_hash(register)
    out = cli("person", "delete", "P0001", "--reason", "feil")
    assert_one_line_error(out, 2)
    assert "--yes" in out.err
    assert file_hash(register) == before
    monkeypatch.setattr("boligreg.cli.output.interactive", lambda: True)
    out = cli("person", "delete", "P0001", "--reason", "feil", input="nei\n")
    assert out.code == 1 and out.err.rstrip().endswith("Avbrutt; ingenting ble endret.")
    assert "P0001 Kari Nordmann (158286 *****) slettes for godt, med 2 opphold, 1 søknad, 2 kontakter" in out.err
    assert "1 kontakt er registrert av andre (ola)" in out.err
    assert "Bosatt 01.05.2016 (KOMMUNAL): rapporter for perioder med denne datoen" in out.err
    assert "Slette P0001 for godt? Det kan ikke angres. [j/N]: " in out.err
    # the preview showed personal data: a logged read, and nothing else was written
    assert [r for r, _, _ in events(register, "person delete")] == ["person:P0001"]
    assert sqlite3.connect(register).execute(
        "SELECT action FROM event WHERE command = 'person delete'").fetchall() == [("read",)]
    assert "Kari Nordmann" in run_ok(cli, "person", "show", "P0001").out
    out = cli("person", "delete", "P0001", "--reason", "feil person", input="j\n")
    assert out.code == 0 and "P0001 er slettet" in out.out


def test_a_deleted_person_says_why_and_a_pointer_to_one_says_it_was_deleted(cli, register):
    """Finding 2: the note said "(registrert ved en feil)" whatever the reason, and a merged id
    pointing at a deleted person said "bruk P0001"."""
    run_ok(cli, "person", "add", "--name", "Kari Nordmann", "--situation", "UTE", "--since", "2016-05-01")
    run_ok(cli, "person", "add", "--alias", "Fjellet", "--situation", "UTE", "--since", "2016-05-01")
    run_ok(cli, "person", "merge", "P0002", "--into", "P0001", "--reason", "samme person", "--yes")
    run_ok(cli, "person", "delete", "P0001", "--reason", "fiktiv testperson", "--yes")
    out = cli("person", "show", "P0001")
    assert_one_line_error(out, 3)
    assert "P0001 ble slettet 01.06.2016 (grunn: fiktiv testperson)." in out.err
    for args in (("person", "show", "P0002"), ("stay", "add", "P0002", "MIDL", "--from", "i dag")):
        out = cli(*args)
        assert_one_line_error(out, 3)
        assert "P0002 ble slått sammen med P0001, som ble slettet 01.06.2016 (grunn: fiktiv testperson)" in out.err
        assert "bruk" not in out.err
    assert cli("person", "find", "Fjellet").code == 1  # the pointer's name went with the person
    assert sqlite3.connect(register).execute(
        "SELECT name, alias FROM person WHERE id = 'P0002'").fetchone() == (None, None)


def test_no_id_or_number_is_handed_out_twice(cli, register):
    """Finding 3: A0001 was given again after its person was deleted; and (finding 9) a
    deleted contact's or step's number went to the next one, so a delete typed twice removed
    another record."""
    run_ok(cli, "person", "add", "--name", "Kari Nordmann", "--situation", "UTE", "--since", "2016-05-01")
    run_ok(cli, "application", "add", "P0001", "KOMMUNAL", "--date", "2016-05-02")
    stays = {r[0] for r in sqlite3.connect(register).execute("SELECT id FROM stay")}
    run_ok(cli, "person", "delete", "P0001", "--reason", "feil", "--yes")
    run_ok(cli, "person", "add", "--name", "Ola Berg", "--situation", "UTE", "--since", "2016-05-01")
    assert "Søknad A0002 registrert" in run_ok(cli, "application", "add", "P0002", "BOSTOTTE").out
    run_ok(cli, "undo", "--yes")
    assert "Søknad A0003 registrert" in run_ok(cli, "application", "add", "P0002", "BOSTOTTE").out
    assert not stays & {r[0] for r in sqlite3.connect(register).execute("SELECT id FROM stay")}
    for day in ("2016-05-10", "2016-05-11", "2016-05-12"):
        run_ok(cli, "contact", "P0002", f"Møtt {day}", "--date", day)
    run_ok(cli, "contact", "delete", "P0002", "2", "--reason", "feil")
    before = file_hash(register)
    out = cli("contact", "delete", "P0002", "2", "--reason", "feil")  # typed twice
    assert_one_line_error(out, 3)
    assert file_hash(register) == before
    card = run_ok(cli, "person", "show", "P0002").out.split("Siste kontakter")[1]
    assert "  1  10.05.2016" in card and "  3  12.05.2016" in card and "11.05" not in card
    run_ok(cli, "contact", "P0002", "Ny", "--date", "2016-05-11")
    assert "  4  11.05.2016" in run_ok(cli, "person", "show", "P0002").out
    for text in ("Ringe", "Søke"):
        run_ok(cli, "plan", "step", "P0002", text)
    run_ok(cli, "plan", "step", "delete", "P0002", "2", "--reason", "feil")
    assert "steg 3 lagt til" in run_ok(cli, "plan", "step", "P0002", "Søke bostøtte").out
    assert_one_line_error(cli("plan", "step", "delete", "P0002", "2", "--reason", "feil"), 3)


# --- undo -------------------------------------------------------------------------------------

def test_undo_shows_my_latest_change_and_takes_it_back(cli, register, monkeypatch):
    _kari(cli)
    run_ok(cli, "person", "add", "--name", "Per Bakkevik", "--situation", "UTE", "--since", "2016-05-01")
    run_ok(cli, "contact", "P0002", "Møtt på NAV")  # meant for P0001
    before = file_hash(register)
    out = cli("undo")
    assert_one_line_error(out, 2)  # a script says --yes
    assert "contact" in out.out and "Møtt på NAV" in out.out
    assert file_hash(register) == before
    monkeypatch.setenv("BOLIGREG_USER", "annen")
    assert cli("undo").code == 1  # nothing of theirs to undo
    monkeypatch.setenv("BOLIGREG_USER", "testbruker")
    assert "Angret: «contact»" in run_ok(cli, "undo", "--yes").out
    assert "Møtt på NAV" not in run_ok(cli, "person", "show", "P0002").out
    assert "«person show»" not in run_ok(cli, "undo", "--yes").out  # reads are no change: person add
    out = cli("person", "show", "P0002")
    assert_one_line_error(out, 3)
    assert "Registrert som P0003" in run_ok(cli, "person", "add", "--name", "Per Bakkevik", "--situation",
                                            "UTE", "--since", "2016-05-01").out
    logged = sqlite3.connect(register).execute(
        "SELECT count(*) FROM event WHERE command = 'undo'").fetchone()[0]
    assert logged >= 3


def test_undo_reverses_a_correction_and_refuses_what_it_cannot_take_back(cli, register):
    _kari(cli)
    run_ok(cli, "stay", "edit", "P0001", "2", "--from", "2016-02-05", "--reason", "feil dato")
    run_ok(cli, "undo", "--yes")
    assert "01.02.2016" in run_ok(cli, "person", "show", "P0001").out
    run_ok(cli, "stay", "delete", "P0001", "2", "--reason", "feil")
    run_ok(cli, "undo", "--yes")
    assert "Hospits A" in run_ok(cli, "person", "show", "P0001").out
    run_ok(cli, "person", "add", "--name", "Kari T", "--situation", "UTE", "--since", "2016-01-10", "--new-person")
    run_ok(cli, "person", "merge", "P0002", "--into", "P0001", "--reason", "samme", "--yes")
    before = file_hash(register)
    out = cli("undo", "--yes")
    assert_one_line_error(out, 2)
    assert "person merge" in out.err
    assert file_hash(register) == before


def test_undo_walks_back_change_by_change_and_stops_at_another_users_later_change(cli, register, monkeypatch):
    _kari(cli)
    run_ok(cli, "application", "add", "P0001", "KOMMUNAL", "--date", "2016-01-20")
    run_ok(cli, "application", "decide", "A0001", "--granted", "--date", "2016-02-01")
    run_ok(cli, "person", "update", "P0001", "--name", "Kari Testesen-Berg")
    run_ok(cli, "undo", "--yes")  # the name
    assert "Kari Testesen-Berg" not in run_ok(cli, "person", "show", "P0001").out
    assert_one_line_error(cli("person", "add", "--name", "kari testesen", "--situation", "UTE",
                              "--since", "2016-05-01"), 2)  # the folded name is back too
    run_ok(cli, "undo", "--yes")  # the decision
    assert "under behandling" in run_ok(cli, "person", "show", "P0001").out
    run_ok(cli, "contact", "P0001", "Møtt", "--date", "2016-03-01")
    monkeypatch.setenv("BOLIGREG_USER", "annen")
    run_ok(cli, "contact", "edit", "P0001", "1", "--note", "Møtt på NAV", "--reason", "mer presist")
    monkeypatch.setenv("BOLIGREG_USER", "testbruker")
    before = file_hash(register)
    out = cli("undo", "--yes")
    assert_one_line_error(out, 2)
    assert "P0001 Kari Testesen: kontakt 1 (01.03.2016) er endret senere" in out.err  # in words
    assert "contact:" not in out.err
    assert file_hash(register) == before


# --- every bad input: one line, non-zero, unchanged ----------------------------------------------

BAD = [
    (("stay", "edit", "P0001", "9", "--from", "2016-02-02", "--reason", "x"), 3),
    (("stay", "edit", "P0001", "2", "--from", "2016-02-02"), 2),  # no reason
    (("stay", "edit", "P0001", "2", "--from", "2016-02-02", "--reason", "  "), 2),
    (("stay", "edit", "P0001", "2", "--from", "2016-02-02", "--reason", "x\x1b[31m"), 2),
    (("stay", "edit", "P0001", "2", "--reason", "ingenting"), 2),
    (("stay", "edit", "P0404", "1", "--code", "UTE", "--reason", "x"), 3),
    (("stay", "delete", "P0001", "0", "--reason", "x"), 2),
    (("stay", "delete", "P0001", "4", "--reason", "x"), 3),
    (("contact", "edit", "P0001", "1", "--note", "x", "--reason", "x"), 3),
    (("contact", "delete", "P0001", "1"), 2),
    (("plan", "step", "edit", "P0001", "1", "--text", "x", "--reason", "x"), 3),
    (("plan", "undone", "P0001", "1", "--reason", "x"), 3),
    (("application", "edit", "A0009", "--kind", "KOMMUNAL", "--reason", "x"), 3),
    (("application", "decide", "A0001", "--granted", "--change", "--reason", "x"), 2),  # none to change
    (("application", "decide", "A0001", "--granted", "--reason", "x"), 2),  # a reason needs --change
    (("meeting", "action", "edit", "P0001", "1", "--text", "x", "--reason", "x"), 2),  # none open
    (("person", "merge", "P0001", "--into", "P0001", "--reason", "x"), 2),
    (("person", "delete", "P0009", "--reason", "x"), 3),
    (("person", "add", "--name", "Kari Testesen", "--situation", "UTE", "--since", "2016-05-01"), 2),
]


@pytest.fixture(scope="module")
def corrected_register(tmp_path_factory) -> Path:
    """Kari's three stays and an application, written once for all the bad inputs below."""
    from boligreg.domain.codes import ApplicationKind, Situation
    from boligreg.store import open_register
    from boligreg.store.applications import add_application
    from boligreg.store.persons import add_person
    from boligreg.store.stays import add_stay

    path = tmp_path_factory.mktemp("corrections") / "template.db"
    reg = open_register(path, create=True, demo=True, today=TODAY, user="testbruker")
    add_person(reg, name="Kari Testesen", situation=Situation.UTE, since=date(2016, 1, 10))
    add_stay(reg, "P0001", Situation.MIDL, date(2016, 2, 1), place="Hospits A")
    add_stay(reg, "P0001", Situation.PRIVAT, date(2016, 4, 1))
    add_application(reg, "P0001", ApplicationKind.KOMMUNAL, date(2016, 1, 20))
    reg.close()
    return path


@pytest.mark.parametrize("args,code", BAD, ids=[" ".join(a[:3]) for a, _ in BAD])
def test_bad_corrections_give_one_line_and_leave_the_register_unchanged(cli, db, corrected_register,
                                                                          args, code):
    shutil.copyfile(corrected_register, db)
    before = file_hash(db)
    assert_one_line_error(cli(*args), code)
    assert file_hash(db) == before


# --- a past history entered later counts as if typed day by day ---------------------------------

STAY_CODES = ["UTE", "MIDL", "VENN", "PRIVAT", "KOMMUNAL"]


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=st.integers(0, 300),
       moves=st.lists(st.tuples(st.sampled_from(STAY_CODES), st.integers(0, 120) | st.just(0)),
                      min_size=1, max_size=5),
       contacts=st.lists(st.tuples(st.integers(0, 500), st.booleans()), max_size=6),
       periods=st.lists(st.tuples(st.integers(0, 700), st.integers(0, 200)), min_size=1, max_size=3))
def test_a_history_entered_later_with_known_since_counts_as_typed_day_by_day(first, moves, contacts,
                                                                             periods):
    """The coordinator who types last year's history today gives --known-since; every figure
    for a past day must then be what the same history typed day by day gives."""
    from boligreg.domain.codes import ContactKind, Situation
    from boligreg.reports.figures import period_figures
    from boligreg.reports.status import load_status
    from boligreg.store import open_register
    from boligreg.store.contacts import add_contact
    from boligreg.store.persons import add_person
    from boligreg.store.stays import add_stay

    base = date(2014, 1, 1) + timedelta(days=first)
    stays, day = [], base
    for code, gap in moves:
        stays.append((Situation(code), day))
        day += timedelta(days=gap)
    met = sorted({(base + timedelta(days=d), ContactKind.MET if ok else ContactKind.ATTEMPT)
                  for d, ok in contacts})
    last = max([s for _, s in stays] + [d for d, _ in met])
    today = last + timedelta(days=30)
    with tempfile.TemporaryDirectory() as folder:
        daily = open_register(Path(folder) / "daily.db", create=True, today=base)
        later = open_register(Path(folder) / "later.db", create=True, today=today)
        add_person(daily, name="Kari Testesen", situation=stays[0][0], since=base)
        add_person(later, name="Kari Testesen", situation=stays[0][0], since=base, known_since=base)
        happenings = sorted([(s, 1, code) for code, s in stays[1:]] + [(d, 0, kind) for d, kind in met],
                            key=lambda item: (item[0], item[1]))
        for when, is_stay, what in happenings:
            daily.today = when
            for reg in (daily, later):
                if is_stay:
                    add_stay(reg, "P0001", what, when)
                else:
                    add_contact(reg, "P0001", when, kind=what)
        daily.today = today
        for offset, length in periods:
            start = base + timedelta(days=offset)
            end = min(start + timedelta(days=length), today)
            if end < start:
                continue
            figures = [period_figures(r.histories(), start, end, inactive_after_days=90)
                       for r in (daily, later)]
            assert figures[0] == figures[1], (start, end)
            assert load_status(daily, end) == load_status(later, end)
        daily.close()
        later.close()


def test_the_log_as_csv_has_the_views_words_one_event_a_row(cli, register):
    """Finding: `log --format csv` was offered but printed the readable view."""
    run_ok(cli, "person", "add", "--name", "=HYPERLINK(\"x\")", "--situation", "UTE", "--since", "2016-05-01")
    run_ok(cli, "stay", "add", "P0001", "MIDL", "--from", "2016-05-01")
    out = run_ok(cli, "log", "--format", "csv").out
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Tid", "Bruker", "Handling", "Post", "Kommando", "Endringer"]
    assert any(row[4] == "stay add" and "MIDL" in row[5] for row in rows[1:]), rows
    assert not any(cell.startswith("=") for row in rows for cell in row)  # a formula stays text
