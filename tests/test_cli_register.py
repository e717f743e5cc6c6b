"""The register's commands end to end through the CLI, and every kind of bad input."""

import json
import os
import sqlite3
import stat
import subprocess
import sys

import pytest

from boligreg.domain.fnr import make_fnr
from tests.conftest import assert_one_line_error, file_hash, without_training_variables


def fnr(year=1986, month=2, day=15, synthetic=False):
    from datetime import date

    serial = 100
    while True:
        number = make_fnr(date(year, month, day), serial, synthetic=synthetic)
        if number:
            return number
        serial += 1


def add_kari(cli, *extra):
    outcome = cli("person", "add", "--name", "Kari Nordmann", "--situation", "VENN",
                  "--since", "2015-01-10", *extra)
    assert outcome.code == 0, outcome
    return outcome


def test_a_coordinators_session(cli, register):
    out = add_kari(cli, "--fnr", fnr(), "--children", "2", "--needs", "rus", "--consent", "10.01.2015")
    assert "P0001" in out.out
    assert cli("stay", "add", "P0001", "MIDL", "--from", "2015-02-01", "--place", "Sentrum hospits").code == 0
    assert cli("plan", "set", "P0001", "--target", "31.05.2016", "--route", "PRIVAT",
               "--responsible", "NAV").code == 0
    assert cli("plan", "step", "P0001", "Søke depositumsgaranti", "--owner", "NAV",
               "--due", "2015-02-15").code == 0
    assert cli("application", "add", "P0001", "DEPOSITUM", "--date", "2015-02-10").code == 0
    assert cli("application", "decide", "A0001", "--granted", "--date", "2015-02-20").code == 0
    assert cli("contact", "P0001", "Møtt på NAV", "--date", "2015-02-20", "--kind", "met").code == 0
    assert cli("plan", "done", "P0001", "1", "--date", "2015-02-21").code == 0
    assert cli("stay", "add", "P0001", "PRIVAT", "--from", "2015-03-01", "--lease", "fixed",
               "--lease-end", "2018-03-01", "--housing-first").code == 0

    card = cli("person", "show", "P0001")
    assert card.code == 0
    for text in ("Kari Nordmann", "150286 *****", "MIDL", "PRIVAT", "Housing First",
                 "Søke depositumsgaranti", "A0001", "Møtt på NAV", "bosatt"):
        assert text in card.out, text
    assert fnr() not in card.out  # masked
    assert "rus" not in card.out.split("Behov")[1].splitlines()[0]  # needs only as a flag

    assert "P0001" in cli("person", "list", "--housed").out
    assert "P0001" not in cli("person", "list").out  # not homeless any more
    found = cli("person", "find", "kari")
    assert "P0001" in found.out
    assert "P0001" in cli("person", "find", fnr()[:6]).out

    log = cli("log", "--person", "P0001").out
    assert "person show" in log and "testbruker" in log and "stay add" in log


def test_person_list_formats_parse(cli, register):
    add_kari(cli)
    rows = json.loads(cli("person", "list", "--format", "json").out)
    assert rows[0]["id"] == "P0001" and rows[0]["state"] == "homeless"
    csv_out = cli("person", "list", "--format", "csv").out.splitlines()
    assert csv_out[0].startswith("\ufeffId;Navn;") and csv_out[1].startswith("P0001;Kari Nordmann;")
    assert ";bostedsløs;VENN;10.01.2015;" in csv_out[1]
    english = cli("--lang", "en", "person", "list", "--format", "csv").out.splitlines()
    assert english[0].startswith("\ufeffId,Name,") and ",homeless,VENN,2015-01-10," in english[1]
    nynorsk = cli("--lang", "nn", "person", "list", "--format", "csv", "--csv-dialect", "en")
    assert nynorsk.out.splitlines()[0].startswith("\ufeffId,Namn,")


def test_person_list_is_one_aligned_line_per_person(cli, register):
    """The list is read aloud at the meeting and piped into grep: one line per person at the
    pipe's 120 columns, every column starting where its header starts, and the count last. A
    list of one state says the state once, in the count line."""
    add_kari(cli)
    assert cli("person", "add", "--name", "Ola Fjellstad-Nordmann Bakkevik", "--situation",
               "UTE", "--since", "2015-03-01").code == 0
    assert cli("person", "add", "--name", "Bo Bosatt", "--situation", "PRIVAT", "--since",
               "2015-03-01").code == 0
    header, rule, *rows, count = cli("person", "list").out.splitlines()
    assert [row.split()[0] for row in rows] == ["P0001", "P0002"]
    assert "Status" not in header and count == "2 personer, status: bostedsløs"
    header, rule, *rows, count = cli("person", "list", "--all").out.splitlines()
    assert [row.split()[0] for row in rows] == ["P0001", "P0002", "P0003"]
    assert set(rule) == {"─", " "} and count == "3 personer"
    status = header.index("Status")
    assert [row[status:].split()[0] for row in rows] == ["bostedsløs", "bostedsløs", "bosatt"]
    assert "Ola Fjellstad-Nordmann Bakkevik" in rows[1]


def test_update_keeps_history_in_the_log(cli, register, db):
    add_kari(cli)
    assert cli("person", "update", "P0001", "--phone", "99999999", "--no-wants-housing").code == 0
    rows = sqlite3.connect(db).execute(
        "SELECT old, new FROM event WHERE command = 'person update'").fetchall()
    assert json.loads(rows[0][0]) == {"phone": None, "wants_housing": True}
    assert json.loads(rows[0][1]) == {"phone": "99999999", "wants_housing": 0}


def test_exit_and_return(cli, register):
    add_kari(cli)
    assert cli("person", "exit", "P0001", "--reason", "moved", "--date", "2015-02-01").code == 0
    assert "P0001" not in cli("person", "list").out
    assert cli("stay", "add", "P0001", "UTE", "--from", "2016-05-01").code == 0
    assert "P0001" in cli("person", "list").out


def test_release_stays_need_a_release_date(cli, register):
    out = cli("person", "add", "--name", "Per", "--situation", "KRIM", "--since", "2016-01-01")
    assert_one_line_error(out, 2)
    assert cli("person", "add", "--name", "Per", "--situation", "KRIM", "--since", "2016-01-01",
               "--release", "2016-07-15").code == 0
    assert "P0001" in cli("person", "list").out  # within two months of 15.07
    assert cli("stay", "release", "P0001", "--date", "2016-12-01").code == 0
    assert "P0001" not in cli("person", "list").out


def test_config_is_kept_and_logged(cli, register):
    assert cli("config", "set", "municipality", "Eksempelvik kommune").code == 0
    assert cli("config", "set", "inactive-after-days", "60").code == 0
    shown = cli("config", "show").out
    assert "Eksempelvik kommune" in shown and "60" in shown
    assert "config set" in cli("log").out


def test_english_is_selectable(cli, register):
    out = cli("--lang", "en", "person", "show", "P0404")
    assert out.err.startswith("Error: unknown person P0404")
    norsk = cli("person", "show", "P0404")
    assert norsk.err.startswith("Feil: ukjent person P0404")


BAD_INPUTS = [
    (("person", "show", "P9999"), 3),
    (("person", "update", "P9999", "--phone", "1"), 3),
    (("stay", "add", "P0001", "MIDL", "--from", "31.02.2015"), 2),
    (("stay", "add", "P0001", "MIDL", "--from", "2015-01-05"), 2),  # overlaps the first stay
    (("stay", "add", "P0001", "HOTELL", "--from", "2015-03-01"), 2),
    (("person", "add", "--name", "X", "--situation", "VENN", "--since", "2015-01-01",
      "--fnr", "12345678901"), 2),
    (("person", "add", "--name", "X", "--situation", "VENN", "--since", "2015-01-01",
      "--fnr", fnr(synthetic=True)), 2),  # this register is not a demo register
    (("person", "add", "--situation", "VENN", "--since", "2015-01-01"), 2),
    (("person", "exit", "P0001", "--reason", "bortreist"), 2),
    (("plan", "set", "P0001", "--route", "MIDL"), 2),
    (("plan", "done", "P0001", "7"), 3),
    (("application", "decide", "A0042", "--granted"), 3),
    (("application", "decide", "A0001", "--granted", "--refused"), 2),
    (("contact", "P0001", "--date", "2030-01-01"), 2),
    (("stay", "add", "P0001", "PRIVAT", "--from", "2015-03-01", "--lease", "fixed"), 2),
    (("person", "add", "--name", "X", "--situation", "VENN"), 2),  # missing --since
    (("person", "list", "--bogus"), 2),
    (("config", "set", "inactive-after-days", "-4"), 2),
    (("config", "set", "colour", "red"), 2),
]


@pytest.mark.parametrize("args,code", BAD_INPUTS)
def test_bad_input_gives_one_line_and_leaves_the_register_unchanged(cli, db, monkeypatch, args, code):
    without_training_variables(monkeypatch)  # a real register, on today's date
    assert cli("init").code == 0
    add_kari(cli)
    assert cli("application", "add", "P0001", "KOMMUNAL", "--date", "2015-01-20").code == 0
    before = file_hash(db)
    outcome = cli(*args)
    assert_one_line_error(outcome, code)
    assert file_hash(db) == before


def test_missing_register(cli, db):
    assert_one_line_error(cli("person", "list"), 4)
    assert not db.exists()


def test_damaged_register(cli, db):
    db.write_bytes(b"this is not a database at all" * 100)
    before = file_hash(db)
    outcome = cli("person", "list")
    assert_one_line_error(outcome, 6)
    assert file_hash(db) == before


def test_locked_register(cli, register, monkeypatch):
    add_kari(cli)
    monkeypatch.setenv("BOLIGREG_BUSY_TIMEOUT", "0.2")
    other = sqlite3.connect(register)
    other.execute("BEGIN IMMEDIATE")
    try:
        before = file_hash(register)
        outcome = cli("contact", "P0001")
        assert_one_line_error(outcome, 5)
        assert "låst" in outcome.err
    finally:
        other.rollback()
        other.close()
    assert file_hash(register) == before


def test_files_are_owner_only_even_under_a_loose_umask(cli, db, monkeypatch):
    without_training_variables(monkeypatch)
    old = os.umask(0o022)
    try:
        assert cli("init").code == 0
        add_kari(cli)
    finally:
        os.umask(old)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def subcommands(command) -> list:
    """A group's commands as a user reaches them (the nouns are built on first use)."""
    from typer._click.core import Context

    if not hasattr(command, "list_commands"):
        return []
    ctx = Context(command)
    return [(name, command.get_command(ctx, name)) for name in command.list_commands(ctx)]


def test_every_command_has_help(cli):
    import typer

    from boligreg.cli import NOUNS, app

    group = typer.main.get_command(app)
    seen = []

    def walk(command, path):
        assert command.help, path
        seen.append(path)
        for name, sub in subcommands(command):
            walk(sub, path + [name])

    walk(group, ["boligreg"])
    single = {"bolighefte", "import"}  # built when used, and one command, not a group
    assert {path[1] for path in seen if len(path) > 2} >= set(NOUNS) - single
    assert {path[1] for path in seen if len(path) > 1} >= single
    assert ["boligreg", "contact", "edit"] in seen and ["boligreg", "plan", "step", "delete"] in seen
    assert cli("--help").code == 0
    assert "person" in cli("--help").out


ENGLISH_FRAMING = ("Usage:", "Options:", "Commands:", "Arguments:", "Show this message",
                   "[required]", "default:", "env var:", "<str>", "[OPTIONS]")


def test_help_is_norwegian_around_our_texts_too(cli):
    """Typer's own words (Usage, Options, [required], the help option) follow the language."""
    import typer

    from boligreg.cli import app

    paths = []

    def walk(command, path):
        paths.append(path)
        for name, sub in subcommands(command):
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    for path in paths:
        out = cli(*path, "--help")
        assert out.code == 0, path
        assert out.out.startswith("Bruk: "), path
        assert not [w for w in ENGLISH_FRAMING if w in out.out], (path, out.out)
    assert "[påkrevd]" in cli("person", "add", "--help").out
    assert "--name TEKST" in cli("person", "add", "--help").out
    english = subprocess.run([sys.executable, "-m", "boligreg.cli", "--lang", "en", "person", "add", "--help"],
                             capture_output=True, text=True, check=True).stdout
    assert english.startswith("Usage: boligreg person add [OPTIONS]")
    assert "--name TEXT" in english and "[required]" in english and "Show this message" in english


def test_usage_mistakes_are_one_norwegian_line(cli):
    out = cli("person", "lsit")
    assert_one_line_error(out, 2)
    assert "ukjent kommando «lsit». Mente du list?" in out.err
    out = cli("status", "--format", "xml")
    assert_one_line_error(out, 2)
    assert "gyldige verdier: table, csv, json" in out.err
    out = cli("person")  # a noun alone shows its commands
    assert out.code == 0 and "Kommandoer:" in out.out and "show" in out.out


def test_demo_writes_a_rich_fictitious_register_and_shows_the_status(cli, tmp_path, monkeypatch):
    from boligreg.domain.codes import Situation
    from boligreg.store import open_register

    path = tmp_path / "demo.db"
    out = cli("--db", str(path), "demo")
    assert out.code == 0, out
    assert "Statusliste for Eksempelvik kommune" in out.out
    assert "Løslatelser og utskrivinger de neste 60 dagene" in out.out
    from tests.conftest import TODAY

    reg = open_register(path, today=TODAY)
    histories = reg.histories()
    assert 35 <= len(histories) <= 45 and reg.settings.demo
    codes = {s.code for h in histories for s in h.stays}
    assert codes == set(Situation)
    assert any(s.housing_first for h in histories for s in h.stays)
    assert any(h.plan and h.plan.target and h.plan.target < reg.today for h in histories)
    assert any(h.plan and h.plan.target and h.plan.target > reg.today for h in histories)
    assert all(h.person.fnr is None or int(h.person.fnr[2:4]) > 80 for h in histories)
    reg.close()
    assert cli("--db", str(path), "demo").code == 0  # a demo register is replaced
    real = tmp_path / "real.db"
    without_training_variables(monkeypatch)
    assert cli("--db", str(real), "init").code == 0
    assert_one_line_error(cli("--db", str(real), "demo"), 2)  # a real register never is


def test_ctrl_c_during_a_write_says_aborted_and_changes_nothing(cli, register, db, monkeypatch):
    """Typer would exit 130 without a word; the coordinator should see the command stopped, and
    the half-done write (the contact inserted, its log entry not yet) must be rolled back."""
    from boligreg.store.register import Register

    add_kari(cli)
    before = file_hash(db)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Register, "log", interrupted)
    outcome = cli("contact", "P0001", "Møtt på NAV")
    assert_one_line_error(outcome, 130)
    assert "avbrutt" in outcome.err
    assert file_hash(db) == before
