"""One invocation's global options (--db), its working day and acting user, and the register
they point at.

The acting user is the operating system's account of the process (posix.account_name) and the
day is the clock's. BOLIGREG_USER and BOLIGREG_TODAY set them only in a training register
(`init --demo`, `demo`), where courses play through a history; a real register refuses to open
while either is set, so the log's "who" and "when" cannot be typed in.
"""

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from boligreg.domain.dates import parse_date

if TYPE_CHECKING:
    from boligreg.store.register import Register

TRAINING_VARIABLES = ("BOLIGREG_USER", "BOLIGREG_TODAY")


def training_variables() -> list[str]:
    """The training-only variables set in this process's environment."""
    return [name for name in TRAINING_VARIABLES if os.environ.get(name)]


def _option(argv: list[str], name: str) -> str | None:
    for index, arg in enumerate(argv):
        if arg == name and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def startup_language(argv: list[str]) -> str:
    """The language of this run, chosen before Typer builds the help texts: --lang, else
    BOLIGREG_LANG, else the language the register is set to (`config set language`: read with
    one query, and only if the file opens cleanly), else bokmål."""
    from boligreg.i18n import DEFAULT, detect_language

    chosen = detect_language(argv)
    if chosen:
        return chosen
    return register_language(argv) or DEFAULT


def register_language(argv: list[str]) -> str | None:
    """The register's own language, or None on any trouble reading it: a folder of a group
    this account is not in, a damaged file, a locked one, bytes that are no UTF-8, no register
    at all. This runs before any command or --help, so it must never fail; the command then
    says what is wrong in the default language (or shows its help)."""
    try:
        path = _option(argv, "--db") or os.environ.get("BOLIGREG_DB")
        if path is None:
            from boligreg.store.register import default_path

            path = str(default_path())
        return _language_of(Path(path))
    except Exception:  # noqa: BLE001 — whatever it is, the command itself will say it
        return None


def _language_of(path: Path) -> str | None:
    from boligreg.store.connection import connect

    if not path.is_file():
        return None
    conn = connect(path, readonly=True, timeout=0.2)
    try:
        row = conn.execute("SELECT value FROM config WHERE key = 'language'").fetchone()
    finally:
        conn.close()
    from boligreg.i18n import language_named

    return language_named(row[0]) if row and isinstance(row[0], str) and row[0] else None


def today() -> date:
    """The working day: BOLIGREG_TODAY (training registers, which `state.register` checks),
    else the clock."""
    override = os.environ.get("BOLIGREG_TODAY")
    return parse_date(override) if override else date.today()


def training_user() -> str | None:
    return os.environ.get("BOLIGREG_USER") or None


def running_command() -> str | None:
    """The command being run, as domain/roles.py names it ('person show', 'log verify'), from
    Typer's context; None outside the command line (the store used as a library)."""
    from typer._click.globals import get_current_context  # Typer's own copy of click

    ctx = get_current_context(silent=True)
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names)) or None


class State:
    """Global options of one invocation, and the register they point at."""

    db_path: Path | None = None
    language_chosen = False  # --lang or BOLIGREG_LANG given: it wins over the register's setting
    width: int | None = None  # --width: the text's width instead of the terminal's

    def register(self, create: bool = False, demo: bool = False) -> "Register":
        """Open (or create) the register, refusing the training variables in a real one."""
        from boligreg.errors import InvalidInput
        from boligreg.store.register import open_register

        wanted = training_variables()
        if create:
            if wanted and not demo:
                raise InvalidInput("err_training_variables", names=", ".join(wanted), path=str(self.path()))
            return open_register(self.db_path, create=True, demo=demo, user=training_user(),
                                 today=today() if wanted else None)
        reg = open_register(self.db_path)
        if not self.language_chosen and reg.settings.language:
            from boligreg.i18n import set_language

            set_language(reg.settings.language)
        if wanted:
            if not reg.training:  # the log's creation event, not the config's flag alone
                reg.close()
                raise InvalidInput("err_training_variables", names=", ".join(wanted), path=str(reg.path))
            reg.user = training_user() or reg.user
            reg.today = today()
        command = running_command()
        if command:
            reg.require(command)  # the acting account's role must permit it (logged if not)
        return reg

    def path(self) -> Path:
        """The register file this invocation means (--db, BOLIGREG_DB or the default)."""
        from boligreg.store.register import default_path

        return Path(self.db_path or default_path())


state = State()
