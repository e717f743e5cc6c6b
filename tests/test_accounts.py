"""Who acts: the operating system's account, never an environment variable (outside training
registers); the users and roles kept in the register; several real accounts sharing one
register through a Unix group. Tests that need real accounts create them with useradd and run
the CLI as them with setpriv: they run as root (as CI does), and fail in CI rather than skip."""

import grp
import os
import pwd
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Outcome, assert_one_line_error, command_paths, file_hash


@pytest.fixture
def real_register(cli, db, monkeypatch):
    """A real (not training) register: BOLIGREG_USER and BOLIGREG_TODAY unset, as a
    municipality runs it."""
    monkeypatch.delenv("BOLIGREG_USER")
    monkeypatch.delenv("BOLIGREG_TODAY")
    assert cli("init").code == 0
    assert cli("person", "add", "--name", "Kari Testesen", "--situation", "UTE", "--since", "2016-05-01").code == 0
    return db


def _users_in_log(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT DISTINCT user FROM event")}
    finally:
        conn.close()


def me() -> str:
    return pwd.getpwuid(os.geteuid()).pw_name


@pytest.mark.parametrize("variable", ["BOLIGREG_USER", "BOLIGREG_TODAY"])
def test_a_real_register_refuses_the_training_variables(cli, real_register, monkeypatch, variable):
    """Issue 15, failure 3: BOLIGREG_USER=someoneelse changed the acting user recorded for any
    read or write. In a real register it, and BOLIGREG_TODAY, are refused with a line that
    says why, and nothing is written."""
    monkeypatch.setenv(variable, "someoneelse" if variable == "BOLIGREG_USER" else "2016-01-01")
    before = file_hash(real_register)
    for command in (["status"], ["contact", "P0001"], ["person", "show", "P0001"], ["log"], ["doctor"]):
        out = cli(*command)
        assert_one_line_error(out, 2)
        assert variable in out.err and "--demo" in out.err
    assert file_hash(real_register) == before
    assert "someoneelse" not in _users_in_log(real_register)


def test_a_new_real_register_refuses_them_too(cli, db, monkeypatch):
    assert_one_line_error(cli("init"), 2)  # conftest sets both for every test
    assert not db.exists()
    assert cli("init", "--demo").code == 0  # a training register honours them


def test_the_log_records_the_processs_account_not_the_login_variables(cli, real_register, monkeypatch):
    """Issue 15, failure 3: LOGNAME=someoneelse changed the recorded user. The acting user is the
    effective user id's name."""
    for name in ("LOGNAME", "USER", "USERNAME", "LNAME"):
        monkeypatch.setenv(name, "someoneelse")
    assert cli("contact", "P0001").code == 0
    assert cli("person", "show", "P0001").code == 0
    assert _users_in_log(real_register) == {me()}


def test_a_training_register_honours_both(cli, register):
    assert cli("person", "add", "--name", "Øving", "--situation", "UTE", "--since", "i dag").code == 0
    assert "01.06.2016" in cli("person", "show", "P0001").out  # BOLIGREG_TODAY of conftest
    assert _users_in_log(register) == {"testbruker"}


# --- roles, fast: a training register, where BOLIGREG_USER plays the accounts ------------------------

MATRIX = [  # command, lowest role that may run it
    (["status"], "reader"), (["meeting", "show"], "reader"), (["log", "verify"], "reader"),
    (["report", "--from", "2016-05-01", "--to", "2016-06-01"], "reader"), (["doctor"], "reader"),
    (["config", "show"], "reader"), (["user", "list"], "reader"),
    (["person", "show", "P0001"], "caseworker"), (["person", "list"], "caseworker"),
    (["person", "find", "Kari"], "caseworker"), (["contact", "P0001"], "caseworker"),
    (["person", "add", "--name", "Ny", "--situation", "UTE", "--since", "2016-05-20", "--new-person"], "caseworker"),
    (["plan", "set", "P0001", "--target", "2016-12-01"], "caseworker"), (["log"], "caseworker"),
    (["person", "show", "P0001", "--sensitive"], "coordinator"), (["log", "--sensitive"], "coordinator"),
    (["export", "--xlsx", "X.xlsx", "--force"], "coordinator"), (["backup", "X.db", "--force"], "coordinator"),
    (["purge", "--dry-run"], "coordinator"), (["config", "set", "municipality", "Vik"], "coordinator"),
    (["user", "add", "per", "--role", "reader"], "coordinator"),
    (["import", "X.csv", "--dry-run"], "coordinator"),
    (["dwelling", "import", "D.csv", "--dry-run"], "caseworker"),
]
ORDER = ["reader", "caseworker", "coordinator"]


@pytest.fixture
def roles_register(cli, register, monkeypatch):
    assert cli("person", "add", "--name", "Kari Testesen", "--situation", "UTE", "--since", "2016-05-01").code == 0
    assert cli("meeting", "start", "--date", "2016-05-30").code == 0
    for name, role in (("testbruker", "coordinator"), ("ola", "caseworker"), ("rita", "reader")):
        assert cli("user", "add", name, "--role", role).code == 0
    return register


@pytest.mark.slow
def test_each_role_may_do_what_the_table_says_and_no_more(cli, roles_register, monkeypatch, tmp_path):
    (tmp_path / "X.csv").write_text("Navn;Bosituasjon;Fra dato\nOla Testesen;ute;01.05.2016\n")
    (tmp_path / "D.csv").write_text("Adresse;Antall rom\nStorgata 5;2\n")
    for command, lowest in MATRIX:
        args = [str(tmp_path / part) if part.startswith(("X.", "D.")) else part for part in command]
        for user, role in (("rita", "reader"), ("ola", "caseworker"), ("testbruker", "coordinator")):
            monkeypatch.setenv("BOLIGREG_USER", user)
            out = cli(*args)
            if ORDER.index(role) >= ORDER.index(lowest):
                assert out.code in (0, 1), (user, args, out)  # 1: doctor or find may find something
            else:
                assert out.code == 10 and len(out.err.strip().splitlines()) == 1, (user, args, out)
                assert "ikke tillatt" in out.err and user in out.err


def test_an_account_not_listed_is_refused_and_every_refusal_is_logged(cli, roles_register, monkeypatch):
    monkeypatch.setenv("BOLIGREG_USER", "fremmed")
    out = cli("status")
    assert_one_line_error(out, 10)
    assert "fremmed" in out.err and "user add fremmed" in out.err
    monkeypatch.setenv("BOLIGREG_USER", "ola")
    assert_one_line_error(cli("export", "--xlsx", str(roles_register.parent / "x.xlsx")), 10)
    assert not (roles_register.parent / "x.xlsx").exists()
    monkeypatch.setenv("BOLIGREG_USER", "testbruker")
    conn = sqlite3.connect(roles_register)
    refused = conn.execute("SELECT user, command FROM event WHERE action = 'refused'").fetchall()
    conn.close()
    assert ("fremmed", "status") in refused and ("ola", "export") in refused
    assert "avvist" in cli("log").out


def test_users_are_managed_by_a_coordinator_and_the_last_one_stays(cli, roles_register, monkeypatch):
    listing = cli("user", "list").out
    assert "testbruker" in listing and "koordinator" in listing and "leser" in listing
    assert cli("user", "add", "ola", "--role", "coordinator").code == 0  # a new role
    assert cli("user", "remove", "ola").code == 0
    out = cli("user", "remove", "testbruker")  # the last coordinator, with rita still listed
    assert_one_line_error(out, 2)
    assert_one_line_error(cli("user", "remove", "nobody"), 3)
    assert_one_line_error(cli("user", "add", "a b", "--role", "reader"), 2)
    assert_one_line_error(cli("user", "add", "per", "--role", "admin"), 2)


def test_a_register_without_users_behaves_as_before(cli, register, monkeypatch):
    monkeypatch.setenv("BOLIGREG_USER", "hvem-som-helst")
    assert cli("person", "add", "--name", "Kari", "--situation", "UTE", "--since", "2016-05-01").code == 0
    assert cli("person", "show", "P0001", "--sensitive").code == 0
    assert "Ingen brukere" in cli("user", "list").out


# --- several real accounts on one host, sharing one register through a Unix group ----------------

RUN_AS = Path(__file__).with_name("run_as.py")


def _need_root() -> None:
    if os.geteuid() == 0 and shutil.which("useradd") and shutil.which("groupadd"):
        return
    if os.environ.get("BOLIGREG_REQUIRE_TOOLS"):
        pytest.fail("CI runs as root with useradd and groupadd: real accounts must be tested there")
    pytest.skip("creating real accounts needs root, useradd and groupadd")


@dataclass
class Host:
    """The accounts and the group made for the test, and the folder they share."""

    group: str
    names: dict[str, str]  # coordinator, caseworker, reader, outsider (in the group, not listed), stranger
    base: Path

    @property
    def db(self) -> Path:
        return self.base / "boligreg" / "register.db"

    def run(self, who: str, *args: str) -> Outcome:
        """The CLI as that account, in its own process (tests/run_as.py)."""
        account = pwd.getpwnam(self.names[who])
        groups = os.getgrouplist(account.pw_name, account.pw_gid)
        env = {k: v for k, v in os.environ.items() if k not in ("BOLIGREG_USER", "BOLIGREG_TODAY")}
        env.update(BOLIGREG_DB=str(self.db), BOLIGREG_LANG="nb", HOME="/nonexistent", COLUMNS="200")
        done = subprocess.run([sys.executable, str(RUN_AS), str(account.pw_uid), str(account.pw_gid),
                               ",".join(map(str, groups)), *args], capture_output=True, text=True, env=env,
                              cwd="/", timeout=120, check=False)
        return Outcome(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    _need_root()
    tag = f"{os.getpid() % 100000:05d}"
    group = f"bgdel{tag}"
    names = {role: f"bg{role[:4]}{tag}" for role in ("coordinator", "caseworker", "reader", "outsider", "stranger")}
    made: list[str] = []
    try:
        subprocess.run(["groupadd", group], check=True, capture_output=True)
        for role, name in names.items():
            command = ["useradd", "-M", "-N", "-s", "/usr/sbin/nologin", name]
            subprocess.run(command + ([] if role == "stranger" else ["-G", group]), check=True, capture_output=True)
            made.append(name)
        base = Path(tempfile.mkdtemp(prefix="boligreg-vert-", dir="/tmp"))
        os.chown(base, pwd.getpwnam(names["coordinator"]).pw_uid, -1)
        os.chmod(base, 0o755)
        yield Host(group, names, base)
    finally:
        for name in made:
            subprocess.run(["userdel", name], check=False, capture_output=True)
        subprocess.run(["groupdel", group], check=False, capture_output=True)
        if "base" in locals():
            shutil.rmtree(base, ignore_errors=True)


def _mode(path: Path) -> tuple[str, str]:
    info = path.stat()
    return f"{stat.S_IMODE(info.st_mode):04o}", grp.getgrgid(info.st_gid).gr_name


@pytest.mark.slow
def test_two_accounts_share_one_register_with_roles(host):
    """The shared set-up, for real: the coordinator's `init --group` makes the folder setgid
    2770 and every file 0660 for the group; a caseworker adds persons and contacts but cannot
    export, purge or see sensitive details; a reader reads the status list; an account in the
    group but not listed is refused; an account outside the group cannot open the file at all.
    The log says who did what, refusals included."""
    coord, case, reader = host.names["coordinator"], host.names["caseworker"], host.names["reader"]
    out = host.run("coordinator", "init", "--group", host.group)
    assert out.code == 0, out
    assert _mode(host.db.parent) == ("2770", host.group) and _mode(host.db) == ("0660", host.group)
    assert coord in host.run("coordinator", "user", "list").out
    assert host.run("coordinator", "user", "add", case, "--role", "caseworker").code == 0
    assert host.run("coordinator", "user", "add", reader, "--role", "reader").code == 0
    assert_one_line_error(host.run("coordinator", "user", "add", "ingen-slik-konto", "--role", "reader"), 2)

    added = host.run("caseworker", "person", "add", "--name", "Kari Testesen", "--situation", "UTE",
                     "--since", "i går", "--needs", "rus")
    assert added.code == 0, added
    assert host.run("caseworker", "contact", "P0001", "Møtt på NAV").code == 0
    assert "Kari Testesen" in host.run("caseworker", "status").out
    assert _mode(host.db) == ("0660", host.group)  # the caseworker's writes keep the set-up
    for command in (["export", "--xlsx", str(host.base / "liste.xlsx")], ["person", "show", "P0001", "--sensitive"],
                    ["purge", "--dry-run"], ["config", "set", "retention-years", "1"],
                    ["user", "add", case, "--role", "coordinator"]):
        out = host.run("caseworker", *command)
        assert_one_line_error(out, 10)
        assert "ikke tillatt" in out.err
    assert not (host.base / "liste.xlsx").exists()

    assert "Kari Testesen" in host.run("reader", "status").out
    assert_one_line_error(host.run("reader", "person", "show", "P0001"), 10)
    assert_one_line_error(host.run("reader", "contact", "P0001"), 10)
    out = host.run("outsider", "status")
    assert_one_line_error(out, 10)
    assert "ikke blant brukerne" in out.err
    out = host.run("stranger", "status")
    assert_one_line_error(out, 10)
    assert "operativsystemet" in out.err

    out_dir = host.base / "ut"
    out_dir.mkdir()
    os.chown(out_dir, pwd.getpwnam(coord).pw_uid, -1)
    assert host.run("coordinator", "export", "--xlsx", str(out_dir / "liste.xlsx")).code == 0
    assert _mode(out_dir / "liste.xlsx") == ("0660", host.group)
    assert host.run("coordinator", "backup", str(out_dir / "kopi.db")).code == 0
    assert _mode(out_dir / "kopi.db") == ("0660", host.group)
    assert host.run("coordinator", "doctor").code == 0

    log = host.run("coordinator", "log", "--limit", "200").out
    conn = sqlite3.connect(host.db)
    events = conn.execute("SELECT user, command, action FROM event").fetchall()
    conn.close()
    assert (case, "person add", "create") in events and (case, "contact", "create") in events
    assert (case, "export", "refused") in events and (host.names["outsider"], "status", "refused") in events
    assert (reader, "status", "read") in events and (coord, "export", "export") in events
    assert case in log and "avvist" in log

    os.chmod(host.db, 0o664)  # any other widening is a finding
    assert host.run("coordinator", "doctor").code == 1
    os.chmod(host.db, 0o660)
    os.chmod(host.db.parent, 0o2775)
    assert host.run("coordinator", "doctor").code == 1
    os.chmod(host.db.parent, 0o2770)
    assert host.run("coordinator", "doctor").code == 0


@pytest.mark.slow
def test_config_set_group_shares_an_existing_register_and_takes_it_back(host):
    """`config set group NAME` makes the shared set-up of a register made without one (and the
    acting account its coordinator); an empty group takes it back to the owner alone. A folder
    with other files in it (a home folder) is never opened up."""
    db = host.base / "privat" / "register.db"

    def run(*args: str) -> Outcome:
        return host.run("coordinator", "--db", str(db), *args)

    assert run("init").code == 0
    assert _mode(db)[0] == "0600" and _mode(db.parent)[0] == "0700"
    (db.parent / "notat.txt").write_text("privat")
    out = run("config", "set", "group", host.group)
    assert_one_line_error(out, 2)
    assert "notat.txt" in out.err
    (db.parent / "notat.txt").unlink()
    assert_one_line_error(run("config", "set", "group", "ingen-slik-gruppe"), 2)
    assert run("config", "set", "group", host.group).code == 0
    assert _mode(db) == ("0660", host.group) and _mode(db.parent) == ("2770", host.group)
    assert host.names["coordinator"] in run("user", "list").out
    assert run("doctor").code == 0
    assert run("config", "set", "group", "").code == 0
    assert _mode(db)[0] == "0600" and _mode(db.parent)[0] == "0700"
    assert run("doctor").code == 0


def test_every_command_that_opens_a_register_has_a_lowest_role():
    """A new command must be placed in domain/roles.py, or only a coordinator may run it."""
    from boligreg.domain.roles import LOWEST_ROLE

    commands = [" ".join(path) for path in command_paths()]  # the nouns built when used too
    assert sorted(set(commands) - set(LOWEST_ROLE)) == ["demo", "init"]  # they make a new register
    assert "log" in LOWEST_ROLE
    assert set(LOWEST_ROLE) - set(commands) == {"sensitive", "force-delete"}  # permissions, no commands


def test_only_a_coordinator_restores(cli, roles_register, monkeypatch, tmp_path):
    copy = tmp_path / "kopi.db"
    assert cli("backup", str(copy)).code == 0
    monkeypatch.setenv("BOLIGREG_USER", "ola")
    before = file_hash(roles_register)
    assert_one_line_error(cli("restore", str(copy)), 10)
    assert file_hash(roles_register) != before  # the refusal is logged ...
    conn = sqlite3.connect(roles_register)
    assert conn.execute("SELECT count(*) FROM event WHERE action = 'refused' AND user = 'ola'").fetchone()[0] == 1
    conn.close()
    monkeypatch.setenv("BOLIGREG_USER", "testbruker")
    assert cli("restore", str(copy)).code == 0  # ... and nothing else changed


# --- fix 15: the start-up never fails, whatever the register is ----------------------------------


def _without_language(*args: str, db: Path, unprivileged: bool = False) -> Outcome:
    """The CLI in its own process with no --lang and no BOLIGREG_LANG: the start-up then reads
    the register's language before any help is built (cli/session.startup_language).
    unprivileged: as root without capabilities, which obeys file modes as any account does."""
    command = [sys.executable, "-m", "boligreg.cli", *args]
    if unprivileged:
        setpriv = shutil.which("setpriv")
        if os.geteuid() != 0 or not setpriv:
            if os.environ.get("BOLIGREG_REQUIRE_TOOLS"):
                pytest.fail("CI runs as root with setpriv: file modes must be tested there")
            pytest.skip("file modes can be tested only as root with setpriv")
        command = [setpriv, "--inh-caps=-all", "--bounding-set=-all", *command]
    env = {k: v for k, v in os.environ.items() if k not in ("BOLIGREG_LANG", "LANG", "LC_ALL")}
    env.update(BOLIGREG_DB=str(db))
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    return Outcome(done.returncode, done.stdout, done.stderr)


@pytest.mark.slow
def test_an_account_that_cannot_read_the_register_gets_one_line(cli, register, tmp_path):
    """Fix 15, finding 2: for an account outside the shared group, `status`, `doctor` and even
    `--help` crashed with PermissionError in the start-up's lookup of the register's language.
    The lookup falls back to bokmål silently; --help shows the help, the rest refuse with exit 10.
    (Root without capabilities obeys file modes, as an account outside the group does.)"""
    folder = tmp_path / "felles"
    folder.mkdir()
    shutil.copy(register, folder / "register.db")
    os.chown(folder, 65534, -1)
    os.chmod(folder, 0o700)
    db = folder / "register.db"
    helped = _without_language("--help", db=db, unprivileged=True)
    assert helped.code == 0 and "Traceback" not in helped.err and "Kommandoer" in helped.out, helped
    for command in (["status"], ["doctor"], ["person", "show", "P0001"]):
        out = _without_language(*command, db=db, unprivileged=True)
        assert_one_line_error(out, 10)
        assert "operativsystemet" in out.err


@pytest.mark.slow
def test_a_damaged_register_never_breaks_the_start_up(cli, register, tmp_path):
    """Fix 15, finding 3: a corrupted byte gave UnicodeDecodeError in the same start-up lookup,
    and every command (--help, doctor and restore too) failed. Now --help works, status says the
    register is damaged, doctor says what to do (restore a backup, not 'run doctor'), and
    restore brings the backup back."""
    backup = tmp_path / "kopi.db"
    assert cli("backup", str(backup)).code == 0
    data = bytearray(register.read_bytes())
    data[data.find(b"CREATE TABLE plan") + 2] = 0xB6
    register.write_bytes(bytes(data))
    helped = _without_language("--help", db=register)
    assert helped.code == 0 and "Traceback" not in helped.err, helped
    status = _without_language("status", db=register)
    assert_one_line_error(status, 6)
    doctor = _without_language("doctor", db=register)
    assert_one_line_error(doctor, 6)
    assert "restore" in doctor.err and "boligreg doctor" not in doctor.err, doctor
    restored = _without_language("restore", str(backup), db=register)
    assert restored.code == 0, restored
    assert _without_language("doctor", db=register).code == 0


def test_a_demo_flag_set_by_hand_makes_no_training_register(cli, real_register, monkeypatch, tmp_path):
    """Fix 15, finding 4: a caseworker with write access ran `UPDATE config SET value='1' WHERE
    key='demo'`, and then BOLIGREG_USER=kari BOLIGREG_TODAY=2026-01-01 was accepted: a change
    logged as kari, back-dated; doctor and log verify saw nothing. A register is a training
    register only when the log's sealed creation event says so; the forged flag is refused and
    doctor names it. Nor does the flag let `demo` replace the real register."""
    conn = sqlite3.connect(real_register)
    conn.execute("UPDATE config SET value = '1' WHERE key = 'demo'")
    conn.commit()
    conn.close()
    before = file_hash(real_register)
    monkeypatch.setenv("BOLIGREG_USER", "kari")
    monkeypatch.setenv("BOLIGREG_TODAY", "2016-01-01")
    for command in (["contact", "P0001", "Møtt"], ["status"]):
        out = cli(*command)
        assert_one_line_error(out, 2)
        assert "BOLIGREG_USER" in out.err
    assert_one_line_error(cli("demo"), 2)  # BOLIGREG_DB names the real register: never replaced
    assert file_hash(real_register) == before and "kari" not in _users_in_log(real_register)
    monkeypatch.delenv("BOLIGREG_USER")
    monkeypatch.delenv("BOLIGREG_TODAY")
    assert_one_line_error(cli("demo"), 2)
    from tests.test_cli_register import fnr

    synthetic = cli("person", "add", "--name", "Syntetisk", "--situation", "UTE", "--since", "i går",
                    "--fnr", fnr(1980, 12, 15, synthetic=True))
    assert_one_line_error(synthetic, 2)
    assert "syntetisk" in synthetic.err.lower(), synthetic
    assert file_hash(real_register) == before
    doctor = cli("doctor")
    assert doctor.code == 1 and "SQLite-verktøy" in doctor.out and "demo" in doctor.out, doctor
    assert file_hash(real_register) == before


def test_a_training_register_is_one_by_its_creation_event(cli, register):
    assert "øvingsregister: ja" in cli("doctor").out


def test_the_files_owner_may_always_check_and_manage_users(cli, real_register):
    """Fix 15, finding 10: after an `INSERT INTO user` made with an SQLite tool, the file's
    owner got exit 10 from doctor, log verify and user list, told to ask a coordinator. The
    owner may always check the file and manage its users; a refusal tells the owner how to
    add themself, never to ask a coordinator."""
    conn = sqlite3.connect(real_register)
    conn.execute("INSERT INTO user (name, role, added, added_by) VALUES ('root2', 'coordinator', "
                 "'2016-01-01', 'x')")
    conn.commit()
    conn.close()
    doctor = cli("doctor")
    assert doctor.code == 1 and "root2" in doctor.out  # the forged row is the finding, not a refusal
    assert cli("user", "list").code == 0
    assert cli("log", "verify").code == 0
    out = cli("status")
    assert_one_line_error(out, 10)
    assert "eier" in out.err and "koordinatoren" not in out.err, out
    assert cli("user", "add", me(), "--role", "reader").code == 0
    out = cli("export", "--xlsx", str(real_register.parent / "x.xlsx"))
    assert_one_line_error(out, 10)
    assert "rollen leser" in out.err and "«boligreg export»" in out.err and "koordinator" in out.err


def test_a_refusal_names_roles_and_commands_in_words(cli, roles_register, monkeypatch):
    """Fix 15, finding 15: refusals said «rollen caseworker … krever coordinator» and named
    permissions by their internal names (force-delete, contact add)."""
    monkeypatch.setenv("BOLIGREG_USER", "rita")
    out = cli("contact", "P0001")
    assert_one_line_error(out, 10)
    assert "rollen leser" in out.err and "«boligreg contact»" in out.err and "rollen saksbehandler" in out.err
    monkeypatch.setenv("BOLIGREG_USER", "ola")
    for command, words in ((["person", "delete", "P0001", "--reason", "feil", "--force"], "person delete --force"),
                           (["person", "show", "P0001", "--sensitive"], "sensitive opplysninger")):
        out = cli(*command)
        assert_one_line_error(out, 10)
        assert words in out.err and "force-delete" not in out.err and "caseworker" not in out.err, out
        assert "coordinator" not in out.err


def test_a_refused_sensitive_card_is_in_the_persons_log(cli, roles_register, monkeypatch):
    """Fix 15, finding 12: a refused `person show P0001 --sensitive` was stored without its
    person, so `log --person P0001` (the person's right of access) did not show it."""
    monkeypatch.setenv("BOLIGREG_USER", "ola")
    assert_one_line_error(cli("person", "show", "p0001", "--sensitive"), 10)
    conn = sqlite3.connect(roles_register)
    row = conn.execute("SELECT person_id, command FROM event WHERE action = 'refused'").fetchone()
    conn.close()
    assert row == ("P0001", "person show")
    monkeypatch.setenv("BOLIGREG_USER", "testbruker")
    assert "avvist" in cli("log", "--person", "P0001").out


def test_roles_never_end_with_no_coordinator(cli, roles_register, monkeypatch):
    """Fix 15, finding 11: a coordinator removed the other and made himself reader (`user add
    ola --role reader`), and nothing refused: the register had no coordinator left. The last
    coordinator guard covers a role change too, and counts only the coordinators the log
    vouches for (a row put in with an SQLite tool does not count)."""
    assert cli("user", "add", "ola", "--role", "coordinator").code == 0
    monkeypatch.setenv("BOLIGREG_USER", "ola")
    assert cli("user", "remove", "testbruker").code == 0
    before = file_hash(roles_register)
    out = cli("user", "add", "ola", "--role", "reader")
    assert_one_line_error(out, 2)
    assert "siste koordinatoren" in out.err
    assert file_hash(roles_register) == before
    conn = sqlite3.connect(roles_register)
    conn.execute("INSERT INTO user (name, role, added, added_by) VALUES ('falsk', 'coordinator', '2016-01-01', 'x')")
    conn.commit()
    conn.close()
    before = file_hash(roles_register)
    for command in (["user", "add", "ola", "--role", "caseworker"], ["user", "remove", "ola"]):
        assert_one_line_error(cli(*command), 2)  # the forged coordinator does not count
    assert file_hash(roles_register) == before
    assert cli("user", "add", "rita", "--role", "coordinator").code == 0
    assert cli("user", "add", "ola", "--role", "reader").code == 0  # rita is a coordinator now
