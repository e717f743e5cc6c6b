"""How commands write to the person at the terminal: committed writes, tables, CSV and JSON."""

import os
import shutil
import sys
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from boligreg.cli.options import CsvDialect
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
    say(message)


def say(message: str) -> None:
    """Print a line that may carry something a person typed (a name, a path): inert."""
    print(shown(message))


def print_json(text: str) -> None:
    """JSON text, with the characters that act in a terminal as \\u escapes (domain.text)."""
    print(json_text(text))


def write_json(rows: Iterable[dict[str, Any]]) -> None:
    """JSON is the machine format: stable English keys, ISO dates, codes as their values."""
    import json

    print_json(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str))


def csv_cell(value: Any, dialect: CsvDialect) -> str:
    """One cell in the reader's words and the spreadsheet's conventions; text is shown inert and,
    when it would start a formula, behind an apostrophe (domain.text.cell_text)."""
    from boligreg.domain.dates import show_date
    from boligreg.i18n import t

    if value is None:
        return ""
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if isinstance(value, date):
        return show_date(value) if dialect == CsvDialect.NO else value.isoformat()
    if isinstance(value, float):
        return str(value).replace(".", ",") if dialect == CsvDialect.NO else str(value)
    return str(cell_text(str(value)))


def write_csv(headers: list[str], rows: Iterable[list[Any]], dialect: CsvDialect) -> None:
    """A table as CSV that a spreadsheet opens as columns: UTF-8 with a byte order mark (else
    Excel reads æøå wrong); semicolons for Norwegian Excel, whose decimal mark is the comma."""
    import csv

    out = sys.stdout
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if dialect == CsvDialect.NO else ",", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_cell(value, dialect) for value in row])
