"""Who acts: the operating system's account, never an environment variable (outside training
registers); the users and roles kept in the register; several real accounts sharing one
register through a Unix group. Tests that need real accounts create them with useradd and run
the CLI as them with setpriv: they run as root (as CI does), and fail in CI rather than skip."""

import os
import pwd
import sqlite3

import pytest

from tests.conftest import assert_one_line_error, file_hash


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
