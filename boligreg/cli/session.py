"""One invocation's global options (--db) and working day, and the register they point at."""

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from boligreg.domain.dates import parse_date

if TYPE_CHECKING:
    from boligreg.store.register import Register


def today() -> date:
    """The working day: BOLIGREG_TODAY (for training registers and tests), else the clock."""
    override = os.environ.get("BOLIGREG_TODAY")
    return parse_date(override) if override else date.today()


class State:
    """Global options of one invocation, and the register they point at."""

    db_path: Path | None = None
    width: int | None = None  # --width: the text's width instead of the terminal's

    def register(self, create: bool = False, demo: bool = False) -> "Register":
        from boligreg.store.register import open_register

        return open_register(self.db_path, create=create, demo=demo, today=today())

    def path(self) -> Path:
        """The register file this invocation means (--db, BOLIGREG_DB or the default)."""
        from boligreg.store.register import default_path

        return Path(self.db_path or default_path())


state = State()
