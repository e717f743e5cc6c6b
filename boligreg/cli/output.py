"""How commands write to the person at the terminal: committed writes, text, CSV and JSON."""

import os
import shutil
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from boligreg.cli.options import Format
from boligreg.settings import PAGE_LINES, PIPE_WIDTH

if TYPE_CHECKING:
    from rich.console import Console

    from boligreg.cli.text_table import Line

STYLES = {
    "title": "bold",
    "head": "bold",
    "urgent": "bold red",
    "overdue": "bold red",
    "warn": "yellow",
    "note": "cyan",
    "new": "bold green",
    "good": "green",
    "muted": "dim",
}
"""What each style name of cli/text_table means on a colour terminal."""


class Screen:
    """Where the text goes: its width, whether it takes colour, and lines per screenful. (A
    plain class: every command imports this module, and a dataclass costs start-up time.)"""

    __slots__ = ("page", "styled", "width")

    def __init__(self, width: int, styled: bool, page: int | None):
        self.width, self.styled, self.page = width, styled, page


def screen() -> Screen:
    """`--width N`, else the terminal's width, else PIPE_WIDTH for a pipe or a file. Colour
    only on a terminal, and not with NO_COLOR or TERM=dumb."""
    from boligreg.cli.session import state

    tty = sys.stdout.isatty()
    width = state.width or (shutil.get_terminal_size().columns if tty else PIPE_WIDTH)
    styled = tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    return Screen(width=max(20, width), styled=styled, page=_page_lines(tty))


def _page_lines(tty: bool) -> int | None:
    """Lines per screenful for repeating a long table's header: the terminal's, or for a pipe
    (into a pager) the terminal that stderr still shows, else PAGE_LINES."""
    for stream, usable in ((sys.stdout, tty), (sys.__stderr__, True)):
        if usable and stream is not None:
            try:
                lines = os.get_terminal_size(stream.fileno()).lines
            except (OSError, ValueError, AttributeError):
                continue
            return lines if lines >= 10 else None
    return PAGE_LINES


def write(lines: Sequence["Line"], where: Screen) -> None:
    """Print laid-out lines: plain text without rich for a pipe, a file or NO_COLOR; on a
    terminal, each style as rich renders it (rich decides whether the terminal takes colour).
    The escape codes are made once per style, so a long list prints as fast as plain text."""
    from boligreg.cli.text_table import NBSP, plain

    if not where.styled:
        sys.stdout.write(plain(lines))
        return
    from rich.color import ColorSystem
    from rich.console import Console
    from rich.style import Style

    if Console().color_system is None:
        sys.stdout.write(plain(lines))
        return
    codes: dict[str | None, tuple[str, str]] = {None: ("", "")}
    for name, spec in STYLES.items():
        start, _, end = Style.parse(spec).render("\0", color_system=ColorSystem.STANDARD).partition("\0")
        codes[name] = (start, end)
    out = []
    for line in lines:
        for text, style in line:
            start, end = codes.get(style, ("", ""))
            out.append(start + text + end if start else text)
        out.append("\n")
    sys.stdout.write("".join(out).replace(NBSP, " "))


def console(stderr: bool = False) -> "Console":
    """rich's console for the tables that still use rich's Table (report, log, config show)."""
    from rich.console import Console

    from boligreg.cli.session import state

    stream = sys.stderr if stderr else sys.stdout
    wide = state.width or (None if stream.isatty() or os.environ.get("COLUMNS") else 200)
    return Console(stderr=stderr, highlight=False, width=wide)


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
