"""One invocation's global options (--db) and working day, and the register they point at."""

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from boligreg.domain.dates import parse_date

if TYPE_CHECKING:
    from boligreg.store.register import Register


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
    path = _option(argv, "--db") or os.environ.get("BOLIGREG_DB")
    if path is None:
        from boligreg.store.register import default_path

        path = str(default_path())
    return register_language(Path(path)) or DEFAULT


def register_language(path: Path) -> str | None:
    import sqlite3

    from boligreg.store.connection import connect

    if not path.is_file():
        return None
    try:
        conn = connect(path, readonly=True, timeout=0.2)
        try:
            row = conn.execute("SELECT value FROM config WHERE key = 'language'").fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, OSError):
        return None  # locked, damaged, not a register: the command says so in the default language
    from boligreg.i18n import language_named

    return language_named(row[0]) if row and row[0] else None


def today() -> date:
    """The working day: BOLIGREG_TODAY (for training registers and tests), else the clock."""
    override = os.environ.get("BOLIGREG_TODAY")
    return parse_date(override) if override else date.today()


class State:
    """Global options of one invocation, and the register they point at."""

    db_path: Path | None = None
    language_chosen = False  # --lang or BOLIGREG_LANG given: it wins over the register's setting

    def register(self, create: bool = False, demo: bool = False) -> "Register":
        from boligreg.store.register import open_register

        reg = open_register(self.db_path, create=create, demo=demo, today=today())
        if not self.language_chosen and reg.settings.language:
            from boligreg.i18n import set_language

            set_language(reg.settings.language)
        return reg

    def path(self) -> Path:
        """The register file this invocation means (--db, BOLIGREG_DB or the default)."""
        from boligreg.store.register import default_path

        return Path(self.db_path or default_path())


state = State()
