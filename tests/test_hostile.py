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
from boligreg.reports.figures import period_figures
from boligreg.store import open_register, retention
from boligreg.store.audit import chain_report
from boligreg.store.backup import backup
from boligreg.store.merge import merge_persons
from boligreg.store.persons import add_person, exit_person
from boligreg.store.plans import set_plan
from boligreg.store.stays import add_stay, delete_stay, edit_stay
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
    ["stay", "edit", "P0001", "X", "--code", "MIDL", "--reason", "feil"],
    ["stay", "edit", "P0001", "1", "--from", "X", "--reason", "feil"],
    ["contact", "delete", "P0001", "X", "--reason", "feil"],
    ["person", "merge", "X", "--into", "P0001", "--reason", "samme person"],
    ["person", "delete", "X", "--reason", "feil"],
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
                    (["log", "--limit", "X"], "0"), (["plan", "done", "P0001", "X"], "0")]


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
    """The register against a model: each person's stays in timeline order (with the order they
    were entered, which breaks ties on a day), their exits, whether they were anonymised or
    merged into another. Moves may fall on the day of the latest stay, stays are corrected and
    deleted, records are merged."""

    persons = Bundle("persons")

    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="boligreg-sm-"))
        self.path = self.folder / "register.db"
        self.reg = open_register(self.path, create=True, demo=True, today=TODAY, user="maskin")
        self.stays: dict[str, list[tuple[str, date, int]]] = {}  # code, start, order entered
        self.exits: dict[str, dict[date, ExitReason]] = {}
        self.anonymised: set[str] = set()
        self.merged: dict[str, str] = {}
        self.entered = 0
        self.backups = 0

    def teardown(self):
        self.reg.close()
        for item in self.folder.iterdir():
            item.unlink()
        self.folder.rmdir()

    def stay(self, code: str, start: date) -> tuple[str, date, int]:
        self.entered += 1
        return (code, start, self.entered)

    def dead_by(self, pid: str, day: date) -> bool:
        return any(r == ExitReason.DECEASED and d <= day for d, r in self.exits[pid].items())

    @rule(target=persons, code=st.sampled_from(CODES), offset=st.integers(0, 900))
    def add(self, code, offset):
        since = FIRST + timedelta(days=offset)
        pid = add_person(self.reg, name=f"Person {len(self.stays)}", situation=code, since=since)
        self.stays[pid] = [self.stay(code.value, since)]
        self.exits[pid] = {}
        return pid

    @rule(pid=persons, code=st.sampled_from(CODES), gap=st.integers(-5, 60) | st.just(0))
    def move(self, pid, code, gap):
        if pid in self.merged:
            with pytest.raises(InvalidInput):
                add_stay(self.reg, pid, code, TODAY)
            return
        start = self.stays[pid][-1][1] + timedelta(days=gap)
        refused = gap < 0 or self.dead_by(pid, start) or pid in self.anonymised
        try:
            add_stay(self.reg, pid, code, start)
        except InvalidInput:
            assert refused, (pid, code, start)
            return
        assert not refused, (pid, code, start)
        self.stays[pid].append(self.stay(code.value, start))
        event("same-day move" if gap == 0 else "move")

    @rule(pid=persons, pick=st.integers(0, 10), shift=st.integers(-40, 40))
    def edit(self, pid, pick, shift):
        """A stay's start corrected: allowed between its neighbours, refused across them."""
        if pid in self.merged:
            return
        timeline = self.stays[pid]
        no = pick % len(timeline) + 1
        code, old, entered = timeline[no - 1]
        start = old + timedelta(days=shift)
        crosses = (no > 1 and start < timeline[no - 2][1]) or (no < len(timeline) and start > timeline[no][1])
        refused = shift == 0 or crosses or self.dead_by(pid, start) or pid in self.anonymised
        try:
            edit_stay(self.reg, pid, no, "feil dato", start=start)
        except InvalidInput as error:
            assert refused, (pid, no, start, error.key)
            event("edit refused: " + error.key)
            return
        assert not refused, (pid, no, start)
        timeline[no - 1] = (code, start, entered)
        event("edit")

    @rule(pid=persons, pick=st.integers(0, 10))
    def delete(self, pid, pick):
        if pid in self.merged:
            return
        timeline = self.stays[pid]
        no = pick % len(timeline) + 1
        try:
            delete_stay(self.reg, pid, no, "feilregistrert")
        except InvalidInput:
            assert len(timeline) == 1
            return
        assert len(timeline) > 1
        del timeline[no - 1]

    @rule(source=persons, into=persons)
    def merge(self, source, into):
        """Two records merged: refused into itself or a pointer, for an anonymised record, when
        the timelines interleave, when the exits disagree on a day or a stay follows a death;
        else the target holds both timelines, the later one entered anew."""
        if source in self.merged or into in self.merged or source == into:
            with pytest.raises(InvalidInput):
                merge_persons(self.reg, source, into, "samme person")
            return
        mine, theirs = self.stays[into], self.stays[source]
        seen = {(c, d) for c, d, _ in mine}
        rest = [s for s in theirs if (s[0], s[1]) not in seen]
        order = lambda s: (s[1], s[2])
        if not rest:
            together, interleaved = list(mine), False
        else:
            first, second = (mine, rest) if order(mine[0]) <= order(rest[0]) else (rest, mine)
            interleaved = any(order(s) >= order(second[0]) for s in first)
            together = first + [self.stay(c, d) for c, d, _ in second]
        exits = dict(self.exits[into])
        clash = any(exits.get(d, r) != r for d, r in self.exits[source].items())
        exits.update(self.exits[source])
        after_death = any(r == ExitReason.DECEASED and any(s[1] > d for s in together)
                          for d, r in exits.items())
        refused = interleaved or clash or after_death or bool({source, into} & self.anonymised)
        try:
            merge_persons(self.reg, source, into, "samme person")
        except InvalidInput as error:
            event("merge refused: " + error.key)
            assert refused, error.key
            return
        assert not refused
        self.stays[into], self.exits[into] = together, exits
        self.merged[source] = into
        del self.stays[source], self.exits[source]
        event("merged")

    @rule(pid=persons, days=st.integers(0, 400))
    def plan(self, pid, days):
        try:
            set_plan(self.reg, pid, target=TODAY + timedelta(days=days))
        except InvalidInput:
            assert pid in self.merged or self.dead_by(pid, TODAY) or pid in self.anonymised
            return
        assert pid not in self.merged and not self.dead_by(pid, TODAY) and pid not in self.anonymised

    @rule(pid=persons, reason=st.sampled_from([ExitReason.MOVED, ExitReason.DECEASED]))
    def exit(self, pid, reason):
        if pid in self.merged:
            return
        day = self.stays[pid][-1][1] + timedelta(days=1)
        try:
            exit_person(self.reg, pid, reason, day)
        except InvalidInput:
            return  # e.g. a day in the future, or an exit already on that day
        assert not self.dead_by(pid, day) and pid not in self.anonymised
        self.exits[pid][day] = reason

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
        assert copy.execute("SELECT count(*) FROM person WHERE merged_into IS NULL").fetchone()[0] == len(self.stays)
        assert chain_report(copy).intact
        copy.close()

    @invariant()
    def timelines_match_the_model_without_gaps(self):
        histories = self.reg.histories()
        assert {h.person.id for h in histories} == set(self.stays)
        for history in histories:
            starts = [s.start for s in history.stays]
            ids = [s.id for s in history.stays]
            assert starts == sorted(starts), history.person.id  # one stay ends where the next starts
            assert ids == sorted(ids), history.person.id  # timeline order is id order (persons_in)
            assert [(s.code.value, s.start) for s in history.stays] == \
                [(c, d) for c, d, _ in self.stays[history.person.id]]
            if history.person.id in self.anonymised:
                assert history.person.name is None and history.person.anonymised == TODAY

    @invariant()
    def the_flows_add_up(self):
        """active(to) = active(from − 1) + inflow − outflow, over the register as it now is."""
        histories = self.reg.histories()
        for start, end in ((FIRST, TODAY), (date(2014, 1, 1), date(2014, 12, 31))):
            figures = period_figures(histories, start, end, inactive_after_days=90)
            assert figures.flows.identity_holds

    @invariant()
    def file_is_sound(self):
        conn = self.reg.conn
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert chain_report(conn).intact
        for pointer, into in self.merged.items():
            assert self.reg.person(pointer, pointer_ok=True).merged_into == into


RegisterMachine.TestCase.settings = settings(max_examples=200 if os.environ.get("BOLIGREG_STRESS") else 30,
                                             stateful_step_count=25, deadline=None, database=None)
test_register_state_machine = RegisterMachine.TestCase
test_register_state_machine = pytest.mark.slow(test_register_state_machine)
