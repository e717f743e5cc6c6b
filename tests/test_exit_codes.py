"""The exit codes: each failure a class with its code (errors.py), the CLI's one map from any
exception to those classes, and the README's table that users and scripts read."""

import errno
import re
import sqlite3
from pathlib import Path

import pytest

from boligreg import errors
from boligreg.cli import as_failure
from tests.conftest import assert_one_line_error

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_table() -> dict[int, str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    return {int(code): meaning.strip()
            for code, meaning in re.findall(r"^\| (\d+) \| (.+?) \|$", section, re.MULTILINE)}


def error_classes() -> list[type[errors.BoligregError]]:
    found, todo = [], [errors.BoligregError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return [cls for cls in found if cls is not errors.BoligregError]


def test_the_readme_lists_exactly_the_codes_the_classes_own():
    table = readme_table()
    assert table[0] == "done"
    assert set(table) - {0} == {cls.exit_code for cls in error_classes()}
    assert set(errors.EXIT_CODES) <= set(table)


@pytest.mark.parametrize("cls", error_classes(), ids=lambda cls: cls.__name__)
def test_the_cli_exits_with_the_code_of_the_class_raised(cli, register, monkeypatch, cls):
    from boligreg.cli import persons

    def fail(*args, **kwargs):
        raise cls("err_internal", detail="test")

    monkeypatch.setattr("boligreg.store.persons.find_persons", fail)
    assert persons.find  # the command that calls it
    assert_one_line_error(cli("person", "find", "x"), cls.exit_code)


@pytest.mark.parametrize(("raised", "expected"), [
    (sqlite3.OperationalError("database is locked"), errors.RegisterLocked),
    (sqlite3.OperationalError("attempt to write a readonly database"), errors.ReadOnly),
    (sqlite3.OperationalError("database or disk is full"), errors.DiskFull),
    (sqlite3.DatabaseError("file is not a database"), errors.RegisterDamaged),
    (sqlite3.OperationalError("disk I/O error"), errors.DiskFull),
    (OSError(errno.ENOSPC, "No space left on device"), errors.DiskFull),
    (OSError(errno.EDQUOT, "Disk quota exceeded"), errors.DiskFull),
    (PermissionError(errno.EACCES, "Permission denied"), errors.ReadOnly),
    (ZeroDivisionError(), errors.Internal),
])
def test_every_other_exception_maps_to_one_class(raised, expected, monkeypatch):
    monkeypatch.delenv("BOLIGREG_DEBUG", raising=False)
    assert type(as_failure(raised)) is expected


@pytest.mark.parametrize("value", ["abc", "-1", "1e9", "nan", ""])
def test_a_bad_busy_timeout_is_bad_input(cli, register, monkeypatch, value):
    """Issue 15, failure 14: BOLIGREG_BUSY_TIMEOUT=abc exited 70. (The structure issue's one
    connect() already read it as bad input; this pins it for every command that opens the file.)"""
    monkeypatch.setenv("BOLIGREG_BUSY_TIMEOUT", value)
    for command in (["status"], ["doctor"], ["contact", "P0001"], ["log", "verify"]):
        out = cli(*command)
        assert_one_line_error(out, 2)
        assert "BOLIGREG_BUSY_TIMEOUT" in out.err


def test_a_reader_that_stops_reading_is_no_failure(register, cli):
    """`boligreg status | head -1`: the pipe closes before the list is written. Typer turned
    that into exit 1 ('findings'); it is 0, and nothing is said on stderr. (`true` stands in
    for a reader that has already stopped.)"""
    import os
    import subprocess
    import sys

    assert cli("person", "add", "--name", "Kari Testesen", "--situation", "UTE", "--since", "2016-05-01").code == 0
    for command in ("status", "person list", "log"):
        done = subprocess.run(f"{sys.executable} -m boligreg.cli {command} | true; echo ${{PIPESTATUS[0]}}",
                              shell=True, env=dict(os.environ), capture_output=True, text=True, check=False,
                              executable="/bin/bash")
        assert done.stdout.strip() == "0" and done.stderr == "", (command, done)
