"""How commands write to the person at the terminal: committed writes, tables, CSV and JSON."""

import os
import shutil
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from boligreg.cli.options import Format
from boligreg.domain.text import cell_text, json_text, shown

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def terminal_width() -> int | None:
    """The terminal's width, or None for a pipe or a file (there every column stays whole)."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def console(stderr: bool = False) -> "Console":
    from rich.console import Console

    class QuietConsole(Console):
        def on_broken_pipe(self) -> None:
            """rich would exit 1 when the reader stops reading; the CLI says 0 (cli.BoligregGroup)."""
            self.quiet = True
            raise BrokenPipeError

    stream = sys.stderr if stderr else sys.stdout
    wide = None if stream.isatty() or os.environ.get("COLUMNS") else 200  # pipes: don't wrap
    return QuietConsole(stderr=stderr, highlight=False, width=wide)


def plain(value: str) -> "Text":
    """A cell or line for rich, never read as markup ([brackets] in a name stay brackets) and
    with any stored control character shown as a visible escape."""
    from rich.text import Text

    return Text(shown(value))


def done(message: str) -> None:
    """Report a committed write (only ever called after the transaction has committed)."""
    say(message)


def say(message: str) -> None:
    """Print a line that may carry something a person typed (a name, a path): inert."""
    print(shown(message))


def print_json(text: str) -> None:
    """JSON text, with the characters that act in a terminal as \\u escapes (domain.text)."""
    print(json_text(text))


def write_rows(rows: Iterable[dict[str, Any]], fmt: Format, keys: Iterable[str]) -> bool:
    """CSV/JSON output of plain rows with stable English keys; False for table format."""
    keys = list(keys)
    if fmt == Format.JSON:
        import json

        print_json(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str))
        return True
    if fmt == Format.CSV:
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=keys)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: cell_text(row.get(k)) for k in keys})
        return True
    return False
