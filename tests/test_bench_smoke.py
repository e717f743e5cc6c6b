"""The benchmark scripts still run (tiny sizes, no timing assertions: timing lives in bench/)."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_make_register_writes_a_register_the_cli_reads(tmp_path, monkeypatch):
    sys.path.insert(0, str(BENCH))
    from make_register import generate

    path = tmp_path / "bench.db"
    generate(path, 50, 0.5, date(2026, 11, 1))
    from boligreg.store import open_register

    reg = open_register(path, today=date(2026, 11, 1))
    assert len(reg.histories()) == 50
    assert oct(path.stat().st_mode & 0o777) == "0o600"


@pytest.mark.slow
def test_bench_run_smoke_prints_its_table():
    out = subprocess.run([sys.executable, str(BENCH / "run.py"), "--smoke"], capture_output=True,
                         text=True, timeout=300, check=True).stdout
    lines = out.splitlines()
    assert lines[0].startswith("| command | median s")
    for measured in ("| --help", "| person show", "| person add", "| status,", "| report (terminal)",
                     "| report --xlsx", "| report kostra (terminal)", "| report kostra --xlsx",
                     "| report survey (terminal)", "| report survey --xlsx", "| export --xlsx",
                     "| status in a terminal, 120 columns", "| the same table through rich's Table",
                     "| dwelling suggest,", "| import, 300 rows"):
        assert any(line.startswith(measured) for line in lines), measured


def test_importing_the_cli_pulls_in_no_heavy_modules():
    """Start-up speed: openpyxl, Jinja2 and the report builders load only in the commands
    that use them (each costs a large share of a command's start-up)."""
    code = ("import sys, boligreg.cli\n"
            "heavy = ('openpyxl', 'jinja2', 'boligreg.reports.figures', 'boligreg.reports.xlsx')\n"
            "print(' '.join(m for m in heavy if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


@pytest.mark.parametrize("command", [["person", "show", "P0001"], ["status"]])
def test_the_meeting_commands_load_no_heavy_library(cli, register, command):
    """A read starts fast: sqlite-utils (writes, migrations ~50 ms), python-stdnum (checking a
    new number, ~30 ms), pydantic (JSON output, ~60 ms) and rich (styling a terminal, ~30 ms)
    are not needed to show a card or print the status list into a pipe; nor are the other
    nouns' commands (cli.NOUNS), which Typer would build option by option."""
    assert cli("person", "add", "--name", "Kari Testperson", "--situation", "UTE",
               "--since", "01.01.2015").code == 0
    code = (f"import sys\nfrom boligreg.cli import main\nsys.argv = ['boligreg', *{command!r}]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
            "heavy = ('sqlite_utils', 'stdnum', 'pydantic', 'rich', 'openpyxl', 'jinja2',\n"
            "         'boligreg.cli.stays', 'boligreg.cli.plans', 'boligreg.cli.meetings')\n"
            "print('LOADED:', ' '.join(m for m in heavy if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "Kari Testperson" in out
    assert out.strip().splitlines()[-1] == "LOADED:"
