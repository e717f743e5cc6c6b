"""Shared fixtures: a register in a temporary folder, a fixed working day, a CLI runner."""

import hashlib
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from boligreg.cli import app

TODAY = date(2016, 6, 1)


@dataclass
class Outcome:
    code: int
    out: str
    err: str


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "register.db"
    monkeypatch.setenv("BOLIGREG_DB", str(path))
    monkeypatch.setenv("BOLIGREG_TODAY", TODAY.isoformat())
    monkeypatch.setenv("BOLIGREG_USER", "testbruker")
    monkeypatch.setenv("BOLIGREG_LANG", "nb")
    monkeypatch.delenv("COLUMNS", raising=False)
    return path


@pytest.fixture
def cli(db):
    """Run a boligreg command in-process, the way a user types it."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Outcome:
        """`input`: what the person types at a question (with output.interactive patched)."""
        result = runner.invoke(app, list(args), input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def register(cli, db):
    """An initialised demo-mode register (synthetic fødselsnummer allowed)."""
    assert cli("init", "--demo").code == 0
    return db


def without_training_variables(monkeypatch) -> None:
    """For a test that makes a real register (`init` without --demo): a real register refuses
    BOLIGREG_USER and BOLIGREG_TODAY, which the `db` fixture sets for the training registers."""
    monkeypatch.delenv("BOLIGREG_USER", raising=False)
    monkeypatch.delenv("BOLIGREG_TODAY", raising=False)


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_error(outcome: Outcome, code: int | None = None) -> None:
    """Bad input: non-zero exit, exactly one line on stderr, no traceback."""
    assert outcome.code != 0, outcome
    if code is not None:
        assert outcome.code == code, outcome
    lines = outcome.err.strip().splitlines()
    assert len(lines) == 1, outcome.err
    assert "Traceback" not in outcome.err + outcome.out


def require_tool(name: str) -> str:
    """An outside program: skip where a developer lacks it, fail in CI (BOLIGREG_REQUIRE_TOOLS)."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("BOLIGREG_REQUIRE_TOOLS"):
        pytest.fail(f"{name} is required in CI but is not installed")
    pytest.skip(f"{name} is not installed on this machine")


def command_paths() -> list[list[str]]:
    """Every command of the CLI as the words that run it, the nouns that are built only when
    used (cli.NOUNS) included: the tree walked as a user's command line would reach it. A
    group that runs on its own (`log`) is a command too."""
    from typer._click.core import Context
    from typer.main import get_command

    from boligreg.cli import app

    paths: list[list[str]] = []

    def walk(command, path: list[str]) -> None:
        if hasattr(command, "list_commands"):
            if path and command.invoke_without_command:
                paths.append(path)
            ctx = Context(command)
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), [*path, name])
        else:
            paths.append(path)

    walk(get_command(app), [])
    return paths
