"""How commands write to the person at the terminal: committed writes, tables, CSV and JSON."""

import os
import shutil
import sys
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from boligreg.cli.options import CsvDialect

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


def done(message: str) -> None:
    """Report a committed write (only ever called after the transaction has committed)."""
    print(message)


def write_json(rows: Iterable[dict[str, Any]]) -> None:
    """JSON is the machine format: stable English keys, ISO dates, codes as their values."""
    import json

    json.dump(list(rows), sys.stdout, ensure_ascii=False, indent=2, default=str)
    print()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A CSV cell that starts with one of these would be run as a formula by Excel or LibreOffice."""


def csv_cell(value: Any, dialect: CsvDialect) -> str:
    """One cell in the reader's words and the spreadsheet's conventions; text that would start a
    formula gets a leading apostrophe, which Excel shows as text and does not run."""
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
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
