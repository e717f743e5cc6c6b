"""How commands write to the person at the terminal: committed writes, tables, CSV and JSON."""

import os
import shutil
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from boligreg.cli.options import Format

if TYPE_CHECKING:
    from rich.console import Console


def terminal_width() -> int | None:
    """The terminal's width, or None for a pipe or a file (there every column stays whole)."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def console(stderr: bool = False) -> "Console":
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    wide = None if stream.isatty() or os.environ.get("COLUMNS") else 200  # pipes: don't wrap
    return Console(stderr=stderr, highlight=False, width=wide)


def interactive() -> bool:
    """A person at a terminal can answer a question; a script cannot (it passes --yes,
    --new-person)."""
    return sys.stdin.isatty()


def inert(text: str) -> str:
    """Typed text as it is safe to print: control characters, terminal escapes and invisible or
    direction marks shown as their code (\\u001b), so a name cannot recolour the screen."""
    import unicodedata

    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch)[0] == "C" else ch for ch in text)


def done(message: str) -> None:
    """Report a committed write (only ever called after the transaction has committed)."""
    print(message)


def write_rows(rows: Iterable[dict[str, Any]], fmt: Format, keys: Iterable[str]) -> bool:
    """CSV/JSON output of plain rows with stable English keys; False for table format."""
    keys = list(keys)
    if fmt == Format.JSON:
        import json

        json.dump(list(rows), sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
        return True
    if fmt == Format.CSV:
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=keys)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k) for k in keys})
        return True
    return False
