"""The meeting's lists as a person reads them, at 80, 100, 120 and 200 columns: through --width
in a pipe (quick), and in a real terminal driven through tmux (slow): every person, flag and
overdue mark is there, no line is wider than the screen, colour only on a terminal."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from boligreg.cli import app
from boligreg.cli.text_table import width_of
from tests.conftest import TODAY, require_tool
from tests.terminal_registers import WIDTHS, check_status_screen, demo_register, long_register


@pytest.fixture(scope="module")
def registers(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("terminal")
    return {"demo": demo_register(folder / "demo.db", TODAY),
            "long": long_register(folder / "long.db", TODAY)}


def _env(path: Path, **extra: str) -> dict[str, str]:
    return {"BOLIGREG_DB": str(path), "BOLIGREG_TODAY": TODAY.isoformat(), "BOLIGREG_LANG": "nb",
            "BOLIGREG_USER": "testbruker", **extra}


def _run(path: Path, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=_env(path))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_long_register_carries_every_flag(registers):
    import json

    from boligreg.domain.flags import Flag

    rows = json.loads(_run(registers["long"], "status", "--format", "json"))["rows"]
    assert {flag for row in rows for flag in row["flags"]} == {f.value for f in Flag}
    assert any(row["target_overdue"] for row in rows) and len(rows) == 7


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["demo", "long"])
def test_status_at_a_width_shows_every_person_flag_and_overdue_mark(registers, name, width):
    path = registers[name]
    screen = _run(path, "--width", str(width), "status")
    check_status_screen(screen, _run(path, "status", "--format", "json"), width)
    assert "\x1b" not in screen  # a pipe: no escape codes


@pytest.mark.parametrize("width", WIDTHS)
def test_every_list_fits_the_width(registers, width):
    path = registers["long"]
    for args in (["person", "list", "--all"], ["person", "find", "nordmann"], ["meeting", "show"],
                 ["person", "show", "P0001"], ["person", "show", "P0004", "--sensitive"]):
        out = _run(path, "--width", str(width), *args)
        assert all(width_of(line) <= width for line in out.splitlines()), (args, width)
        assert "\x1b" not in out
    names = _run(path, "--width", str(width), "person", "list", "--all")
    for whole in ("Fjellstad-Nordmann", "Bakkevik-Haugland", "Bakkevik-Hauglid", "«Kapteinen på"):
        assert whole in names  # wrapped between words, never inside one


def test_a_pipe_gets_120_columns(registers):
    out = _run(registers["long"], "status")
    assert max(width_of(line) for line in out.splitlines()) <= 120
    assert max(width_of(line) for line in out.splitlines()) > 100


def test_the_twins_are_told_apart_at_80_columns(registers):
    """Two names alike but for their last letters: never cut so that they read the same."""
    out = _run(registers["long"], "--width", "80", "person", "list")
    assert "Bakkevik-Haugland" in out and "Bakkevik-Hauglid" in out
    assert "…" not in out


def test_the_new_person_is_named_and_flagged(registers):
    out = _run(registers["long"], "status")
    assert "Nye på listen: P0007 Nyregistrert Nordmann" in out
    row = next(line for line in out.splitlines() if line.startswith("P0007"))
    block = out[out.index(row):].split("\nP0", 1)[0]
    assert "NY" in block.split()


def test_meeting_show_names_aliases_in_guillemets_and_marks_what_is_overdue(registers):
    out = _run(registers["long"], "--width", "100", "meeting", "show")
    assert "Avtalt tiltak" in out and "Til stede: NAV, boligkontoret, vedtakskontoret" in out
    row = next(line for line in out.splitlines() if line.startswith("P0002"))
    assert "Ringe" in row and "25.05.2016 !" in row and "åpen" in row  # overdue, still open
    alias = next(line for line in out.splitlines() if line.startswith("P0003"))
    assert "«Kapteinen på Sjøbua" in alias and "08.06.2016 " in alias and "!" not in alias


def test_width_below_forty_is_refused(registers):
    result = CliRunner().invoke(app, ["--width", "10", "status"], env=_env(registers["demo"]))
    assert result.exit_code == 2 and "40" in result.stderr


# --- a real terminal --------------------------------------------------------------------------

class Tmux:
    """A tmux server of our own (its own socket), killed at the end."""

    def __init__(self, folder: Path):
        self.tmux = require_tool("tmux")
        self.socket = str(folder / "tmux.sock")
        config = folder / "tmux.conf"
        config.write_text("set -g history-limit 20000\nset -g default-terminal xterm-256color\n")
        self.config = str(config)
        # a session that outlives the others, so the server never exits between two of them
        self._do("new-session", "-d", "-s", "keep", "sleep 600")

    def _do(self, *args: str) -> str:
        return subprocess.run([self.tmux, "-S", self.socket, "-f", self.config, *args],
                              capture_output=True, text=True, check=True).stdout

    def screen(self, width: int, env: dict[str, str], *args: str, colour: bool = False) -> str:
        """Run boligreg in a terminal `width` columns wide and return all it showed (wrapped
        lines joined, as -J does, so a line too wide would show as one longer line)."""
        name = f"w{width}-{time.monotonic_ns()}"
        command = " ".join(["env", *(f"{k}={v!r}" for k, v in env.items()), sys.executable, "-m",
                            "boligreg.cli", *args, ";", "echo", "__DONE__;", "sleep", "60"])
        self._do("new-session", "-d", "-s", name, "-x", str(width), "-y", "50", command)
        try:
            deadline = time.monotonic() + 30
            while True:
                shown = self._do("capture-pane", "-t", name, "-p", "-J", "-S", "-",
                                 *(["-e"] if colour else []))
                if "__DONE__" in shown or time.monotonic() > deadline:
                    return shown.split("__DONE__")[0]
                time.sleep(0.1)
        finally:
            self._do("kill-session", "-t", name)

    def close(self) -> None:
        subprocess.run([self.tmux, "-S", self.socket, "kill-server"], capture_output=True, check=False)


@pytest.fixture(scope="module")
def tmux():
    with tempfile.TemporaryDirectory() as folder:
        server = Tmux(Path(folder))
        try:
            yield server
        finally:
            server.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["demo", "long"])
def test_status_in_a_real_terminal_at_each_width(tmux, registers, name):
    path = registers[name]
    env = _env(path, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    status_json = _run(path, "status", "--format", "json")
    for width in WIDTHS:
        screen = tmux.screen(width, env, "status")
        check_status_screen(screen, status_json, width)


@pytest.mark.slow
def test_a_terminal_gets_colour_unless_no_color(tmux, registers):
    env = _env(registers["long"], PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    styled = tmux.screen(120, env, "status", colour=True)
    assert "\x1b[1;31m" in styled or "\x1b[31m" in styled  # urgent in red
    assert "\x1b[2J" not in styled  # the escape typed into a name stays inert
    plain = tmux.screen(120, {**env, "NO_COLOR": "1"}, "status", colour=True)
    assert "\x1b[" not in plain.replace("\x1b[39m", "").replace("\x1b[49m", "").replace("\x1b[0m", "")
    for width in (80, 120):
        card = tmux.screen(width, env, "person", "show", "P0001")
        assert all(width_of(line.rstrip()) <= width for line in card.splitlines())
        assert "Åse Marie Fjellstad-Nordmann Bakkevik-Haugland" in card.replace("\n", " ")


@pytest.mark.slow
def test_a_pipe_loads_no_rich_but_a_terminal_may(tmux, registers):
    """Piped output is plain text made without rich (start-up), a terminal's is styled."""
    code = ("import sys\nfrom boligreg.cli import main\nsys.argv = ['boligreg', 'status']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nprint('RICH', 'rich' in sys.modules)")
    env = dict(os.environ, **_env(registers["demo"]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True).stdout
    assert out.strip().endswith("RICH False")
