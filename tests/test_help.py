"""Help that teaches: examples under every command, whole first sentences, --version, shell
completion of ids and codes, and the first steps after `boligreg demo`."""

import re
import tomllib
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from boligreg.cli import app
from boligreg.cli.help_language import first_sentence
from boligreg.i18n import set_language, text_in
from tests.conftest import assert_one_line_error, command_paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def bokmål_again():
    """--lang en sets the process's language; help (which runs no callback) would keep it."""
    yield
    set_language("nb")


def _commands() -> list[tuple[str, ...]]:
    """Every command a person can run, as its words after `boligreg`."""
    return [tuple(path) for path in command_paths()]


def _example_words(path: tuple[str, ...]) -> tuple[str, ...]:
    """The words a command's examples are under: a noun's plain form (`contact add`, typed as
    `contact ID`) has the noun's."""
    from typer._click.core import Context

    from boligreg.cli.help_language import DefaultGroup

    group = typer.main.get_command(app)
    for word in path[:-1]:
        group = group.get_command(Context(group), word)
    if isinstance(group, DefaultGroup) and path[-1] == group.default_command:
        return path[:-1]
    return path


def test_every_command_is_found():
    commands = _commands()
    assert ("status",) in commands and ("person", "show") in commands and ("log",) in commands
    assert len(commands) >= 30


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_command_has_examples_in_its_help(cli, lang):
    heading = text_in(lang, "help_heading_examples")
    for path in _commands():
        words = _example_words(path)
        key = "example_" + "_".join(words).replace("-", "_")
        example = text_in(lang, key)
        assert example != key, key
        out = cli("--lang", lang, *path, "--help")
        assert out.code == 0, path
        assert f"{heading}:" in out.out, path
        assert any(line.strip().startswith("boligreg " + " ".join(words)) for line in example.splitlines()), key
        for line in example.splitlines():
            assert line.strip() in out.out, (path, line)


def test_the_command_list_shows_each_whole_first_sentence(cli):
    from typer._click.core import Context

    out = " ".join(cli("--help").out.split("Kommandoer:", 1)[1].split())
    assert "..." not in out  # click cuts a long first sentence with "..."
    for path in _commands():
        if len(path) == 1:
            root = typer.main.get_command(app)
            command = root.get_command(Context(root), path[0])
            assert first_sentence(command.help) in out, path
    assert "Statusmøtet hver 14. dag: åpne, registrer avtalte tiltak, lukk." in out


def test_version_is_the_package_version(cli):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    out = cli("--version")
    assert out.code == 0 and out.out.strip() == f"boligreg {version}"


def test_report_offers_no_csv(cli, register):
    outcome = cli("report", "--from", "2016-01-01", "--to", "2016-05-31", "--format", "csv")
    assert_one_line_error(outcome, 2)
    assert "table, json" in outcome.err
    assert "csv" not in cli("report", "--help").out


def _complete(db, words: str, env: dict | None = None) -> list[str]:
    parts = words.split(" ")
    result = CliRunner().invoke(app, [], prog_name="boligreg", env={
        "_BOLIGREG_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1),
        "BOLIGREG_DB": str(db), **(env or {})})
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_the_shell_completes_person_ids_and_codes(cli, register):
    for name in ("Kari Nordmann", "Per Bakkevik"):
        assert cli("person", "add", "--name", name, "--situation", "UTE", "--since", "i dag").code == 0
    assert _complete(register, "boligreg person show P") == ["P0001", "P0002"]
    assert _complete(register, "boligreg contact P0002") == ["P0002"]
    assert _complete(register, "boligreg stay add P0001 MI") == ["MIDL"]
    assert _complete(register, "boligreg person add --situation K") == ["KRISE", "KRIM", "KOMMUNAL"]
    assert _complete(register, "boligreg contact P0001 --kind f") == ["forsøk"]  # the word the help shows
    from boligreg.cli.options import complete_codes
    from boligreg.domain.codes import ContactKind

    set_language("en")  # a process started with --lang en or BOLIGREG_LANG=en
    assert complete_codes(ContactKind)("a") == [("attempt", "")]
    assert "person" in _complete(register, "boligreg per")
    assert _complete(register.with_name("none.db"), "boligreg person show P") == []  # no register: no noise


def test_completion_installs_with_typers_own_option(cli, monkeypatch):
    """Typer finds the shell among the process's parents (shellingham); a test may have none."""
    import typer.completion

    monkeypatch.setattr(typer.completion, "_get_shell_name", lambda: "bash")
    assert "--install-completion" in cli("--help").out
    script = CliRunner().invoke(app, ["--show-completion"], prog_name="boligreg").stdout
    assert "_BOLIGREG_COMPLETE" in script and "complete " in script


def test_after_the_demo_the_hint_names_a_person_on_the_list(cli, tmp_path):
    path = tmp_path / "demo.db"
    out = cli("--db", str(path), "demo").out
    hint = out.strip().splitlines()[-1]
    person = re.search(r"person show (P\d{4})", hint).group(1)
    table = out.split("─", 1)[1].split("Flagg:", 1)[0]
    assert re.search(rf"^{person}\b", table, re.MULTILINE)


def test_status_without_a_register_says_where_the_demo_is(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("BOLIGREG_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert_one_line_error(cli("status"), 4)  # no demo either: the old advice
    assert cli("demo").code == 0
    outcome = cli("status")
    assert_one_line_error(outcome, 4)
    demo = tmp_path / "data" / "boligreg" / "demo.db"
    assert f"export BOLIGREG_DB={demo}" in outcome.err
