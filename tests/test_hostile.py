"""Hypothesis against the register: hostile arguments for every command, and a state machine
of add / move / plan / exit / purge / backup checked against a model after every step."""

import os
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, precondition, rule
from typer.testing import CliRunner

from boligreg.cli import app
from boligreg.domain.codes import ExitReason, Situation
from boligreg.errors import InvalidInput
from boligreg.store import open_register, retention
from boligreg.store.audit import chain_report
from boligreg.store.backup import backup
from boligreg.store.persons import add_person, exit_person
from boligreg.store.plans import set_plan
from boligreg.store.stays import add_stay
from tests.conftest import TODAY, file_hash

EXAMPLES = int(os.environ.get("BOLIGREG_HYPOTHESIS_EXAMPLES", "200" if os.environ.get("BOLIGREG_STRESS") else "25"))

# Each value holds one thing no date, code, id or number may contain: a NUL, a right-to-left or
# invisible mark, a non-ASCII digit, a spreadsheet formula, an impossible day.
MARKS = ["\x00", "\u202e", "\u200f", "\ufeff", "١", "２", "=cmd|' /C calc'!A0", "31.02.", "\u0000P", "+SUM(", "@"]
hostile = st.builds(lambda head, mark, tail: head + mark + tail,
                    st.text(max_size=40), st.sampled_from(MARKS), st.text(max_size=40)) | st.sampled_from(
    ["31.02.2015", "2015-02-30", "00.00.0000", "29.02.2015", "1" * 5000, "P" + "0" * 5000, "-1",
     "'; DROP TABLE person;--", "NaN", "∞", "１２.０３.２０１５", "P０００１", "ute\u202e"])

# Where each command must validate what it is given (X is the hostile value).
COMMANDS = [
    ["person", "show", "X"],
    ["person", "add", "--name", "Ny", "--situation", "X", "--since", "2015-01-01"],
    ["person", "add", "--name", "Ny", "--situation", "UTE", "--since", "X"],
    ["person", "add", "--name", "Ny", "--situation", "UTE", "--since", "2015-01-01", "--fnr", "X"],
    ["person", "update", "P0001", "--born", "X"],
    ["person", "update", "P0001", "--children", "X"],
    ["person", "exit", "P0001", "--reason", "X"],
    ["stay", "add", "P0001", "X", "--from", "2016-01-01"],
    ["stay", "add", "P0001", "MIDL", "--from", "X"],
    ["stay", "add", "P0001", "PRIVAT", "--from", "2016-01-01", "--lease", "X"],
    ["plan", "set", "P0001", "--target", "X"],
    ["plan", "set", "P0001", "--route", "X"],
    ["plan", "done", "P0001", "X"],
    ["contact", "X"],
    ["contact", "P0001", "--date", "X"],
    ["contact", "P0001", "--kind", "X"],
    ["application", "add", "P0001", "X"],
    ["application", "decide", "X", "--granted"],
    ["status", "--date", "X"],
    ["report", "--from", "X", "--to", "2015-12-31"],
    ["config", "set", "X", "verdi"],
    ["config", "set", "inactive-after-days", "X"],
    ["config", "set", "retention-years", "X"],
    ["purge", "--housed-before", "X"],
    ["log", "--person", "X"],
    ["restore", "X"],
    ["meeting", "show", "X"],
    ["dwelling", "show", "X"],
    ["dwelling", "add", "--address", "Prøvegata 1", "--rooms", "X"],
    ["dwelling", "vacant", "D0001", "--from", "X"],
    ["dwelling", "suggest", "X"],
    ["dwelling", "offer", "X", "P0001"],
    ["offer", "decline", "O0001", "--reason", "X"],
    ["stay", "add", "P0001", "KOMMUNAL", "--from", "2016-01-01", "--dwelling", "X"],
    ["rental", "add", "--address", "Prøvegata 2", "--rent", "X", "--rooms", "1"],
    ["bolighefte", "--month", "X"],
    ["housing-first", "end", "P0001", "--reason", "X"],
    ["config", "set", "nav-limit.1", "X"],
]


@pytest.fixture(scope="module")
def hostile_register(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "register.db"
    reg = open_register(path, create=True, demo=True, today=TODAY)
    add_person(reg, name="Kari Testesen", situation=Situation.VENN, since=date(2015, 1, 10))
    reg.close()
    return path


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_hostile_arguments_fail_cleanly_and_change_nothing(hostile_register, command):
    runner = CliRunner()
    env = {"BOLIGREG_DB": str(hostile_register), "BOLIGREG_TODAY": TODAY.isoformat(), "BOLIGREG_LANG": "nb"}
    before = file_hash(hostile_register)
    seen = []

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(value=hostile)
    def attempt(value):
        args = [value if part == "X" else part for part in command]
        result = runner.invoke(app, args, env=env)
        seen.append(value)
        assert result.exit_code not in (0, 70), (args, result.exit_code, result.stderr)
        assert not (result.exception and not isinstance(result.exception, SystemExit)), result.exception
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr + result.stdout, (args, result.stderr)
        assert file_hash(hostile_register) == before, args

    attempt()
    assert len(seen) >= min(EXAMPLES, 10)


TRICKY_NUMBERS = ["١", "٣", "３", "²", " 7", "7_0", "0x1", "+3", "-1", "3.0", "9" * 5000]
NUMBER_POSITIONS = [(["person", "update", "P0001", "--children", "X"], "31"),
                    (["log", "--limit", "X"], "0"), (["plan", "done", "P0001", "X"], "0"),
                    (["dwelling", "add", "--address", "Prøvegata 1", "--rooms", "X"], "21"),
                    (["rental", "add", "--address", "Prøvegata 2", "--rent", "X", "--rooms", "1"],
                     "1000000")]


@pytest.mark.parametrize(("command", "out_of_range"), NUMBER_POSITIONS,
                         ids=[" ".join(c) for c, _ in NUMBER_POSITIONS])
def test_numbers_are_ascii_digits_in_range(hostile_register, command, out_of_range):
    """Python's int() reads Arabic-Indic, fullwidth and superscript digits, underscores and
    signs; a typed number is plain digits in its range, or one line and nothing written."""
    runner = CliRunner()
    env = {"BOLIGREG_DB": str(hostile_register), "BOLIGREG_TODAY": TODAY.isoformat(), "BOLIGREG_LANG": "nb"}
    before = file_hash(hostile_register)
    for value in [*TRICKY_NUMBERS, out_of_range]:
        args = [value if part == "X" else part for part in command]
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 2, (args[:4], result.exit_code, result.stdout)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert file_hash(hostile_register) == before


# --- the state machine -------------------------------------------------------------------------

CODES = [Situation.UTE, Situation.VENN, Situation.MIDL, Situation.KRISE, Situation.PRIVAT, Situation.KOMMUNAL]
FIRST = date(2013, 1, 1)


class RegisterMachine(RuleBasedStateMachine):
    """The register against a model: each person's stays, whether they died, were anonymised."""

    persons = Bundle("persons")

    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="boligreg-sm-"))
        self.path = self.folder / "register.db"
        self.reg = open_register(self.path, create=True, demo=True, today=TODAY, user="maskin")
        self.stays: dict[str, list[tuple[str, date]]] = {}
        self.deceased: set[str] = set()
        self.anonymised: set[str] = set()
        self.backups = 0

    def teardown(self):
        self.reg.close()
        for item in self.folder.iterdir():
            item.unlink()
        self.folder.rmdir()

    @rule(target=persons, code=st.sampled_from(CODES), offset=st.integers(0, 900))
    def add(self, code, offset):
        since = FIRST + timedelta(days=offset)
        pid = add_person(self.reg, name=f"Person {len(self.stays)}", situation=code, since=since)
        self.stays[pid] = [(code.value, since)]
        return pid

    @rule(pid=persons, code=st.sampled_from(CODES), gap=st.integers(-5, 60))
    def move(self, pid, code, gap):
        start = self.stays[pid][-1][1] + timedelta(days=gap)
        refused = gap <= 0 or pid in self.deceased or pid in self.anonymised
        try:
            add_stay(self.reg, pid, code, start)
        except InvalidInput:
            assert refused or start > TODAY, (pid, code, start)
            return
        assert not refused, (pid, code, start)
        self.stays[pid].append((code.value, start))

    @rule(pid=persons, days=st.integers(0, 400))
    def plan(self, pid, days):
        try:
            set_plan(self.reg, pid, target=TODAY + timedelta(days=days))
        except InvalidInput:
            assert pid in self.deceased or pid in self.anonymised
            return
        assert pid not in self.deceased and pid not in self.anonymised

    @rule(pid=persons, reason=st.sampled_from([ExitReason.MOVED, ExitReason.DECEASED]))
    def exit(self, pid, reason):
        day = self.stays[pid][-1][1] + timedelta(days=1)
        try:
            exit_person(self.reg, pid, reason, day)
        except InvalidInput:
            return  # e.g. a day in the future, or an exit already on that day
        assert pid not in self.deceased and pid not in self.anonymised
        if reason == ExitReason.DECEASED:
            self.deceased.add(pid)

    @rule(days=st.integers(0, 1200))
    def purge(self, days):
        before = TODAY - timedelta(days=days)
        found = retention.purge_candidates(self.reg, before)
        assert not {h.person.id for h, _ in found} & self.anonymised
        retention.anonymise(self.reg, [h for h, _ in found])
        self.anonymised |= {h.person.id for h, _ in found}
        event("purge anonymised someone" if found else "purge found no one")

    @precondition(lambda self: self.backups < 3)
    @rule()
    def take_backup(self):
        self.backups += 1
        target = self.folder / f"kopi{self.backups}.db"
        backup(self.reg, target)
        copy = sqlite3.connect(target)
        assert copy.execute("SELECT count(*) FROM person").fetchone()[0] == len(self.stays)
        assert chain_report(copy).intact
        copy.close()

    @invariant()
    def timelines_match_the_model_without_gaps(self):
        for history in self.reg.histories():
            starts = [s.start for s in history.stays]
            assert starts == sorted(set(starts)), history.person.id  # one stay ends where the next starts
            assert [(s.code.value, s.start) for s in history.stays] == self.stays[history.person.id]
            if history.person.id in self.anonymised:
                assert history.person.name is None and history.person.anonymised == TODAY

    @invariant()
    def file_is_sound(self):
        conn = self.reg.conn
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert chain_report(conn).intact


RegisterMachine.TestCase.settings = settings(max_examples=200 if os.environ.get("BOLIGREG_STRESS") else 30,
                                             stateful_step_count=25, deadline=None, database=None)
test_register_state_machine = RegisterMachine.TestCase
test_register_state_machine = pytest.mark.slow(test_register_state_machine)
