"""How commands write to the person at the terminal: committed writes, text, CSV and JSON."""

import os
import shutil
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from boligreg.cli.options import CsvDialect
from boligreg.domain.text import cell_text, json_text, shown
from boligreg.settings import PAGE_LINES, PIPE_WIDTH

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

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


def write_table(headers: list[str], rows: Sequence[Sequence[str]], fixed: Sequence[int] = ()) -> None:
    """A small table (config show, user list) laid out by the lists' rule (cli/text_table.py)
    at the screen's width; the `fixed` columns (ids, dates) never wrap."""
    from boligreg.cli.text_table import Column, table

    where = screen()
    columns = [Column(header, wrap=index not in fixed) for index, header in enumerate(headers)]
    write(table(columns, rows, where.width, where.page), where)


def warn(message: str) -> None:
    """A line that goes with a question (what is about to happen), on stderr beside it."""
    print(shown(message), file=sys.stderr)


def warn_table(headers: list[str], rows: Sequence[Sequence[str]], fixed: Sequence[int] = ()) -> None:
    """A small table on stderr, beside a question (what a merge or a deletion would take)."""
    from boligreg.cli.text_table import Column, plain, table

    width = state_width() or (shutil.get_terminal_size().columns if sys.stderr.isatty() else PIPE_WIDTH)
    columns = [Column(header, wrap=index not in fixed) for index, header in enumerate(headers)]
    sys.stderr.write(plain(table(columns, rows, max(20, width), indent=2)))


def state_width() -> int | None:
    from boligreg.cli.session import state

    return state.width


def console(stderr: bool = False) -> "Console":
    """rich's console for the tables that still use rich's Table (report, log, config show)."""
    from rich.console import Console

    class QuietConsole(Console):
        def on_broken_pipe(self) -> None:
            """rich would exit 1 when the reader stops reading; the CLI says 0 (cli.BoligregGroup)."""
            self.quiet = True
            raise BrokenPipeError

    from boligreg.cli.session import state

    stream = sys.stderr if stderr else sys.stdout
    wide = state.width or (None if stream.isatty() or os.environ.get("COLUMNS") else PIPE_WIDTH)  # as the lists
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


def confirm(question: str) -> bool:
    """Ask a yes/no question at the terminal, in the user's words: «Angre? [j/N]: ». The answer
    is a word in any language (j, ja, y, yes; n, nei, no), as codes are (options.user_code);
    Enter or the end of the input is no; anything else is asked again, in the user's words."""
    from boligreg.cli.options import Answer, user_code, words_for
    from boligreg.errors import InvalidInput
    from boligreg.i18n import language, t

    yes, no = (words_for(answer, language())[0] for answer in (Answer.YES, Answer.NO))
    while True:
        sys.stderr.write(f"{question} [{yes}/{no.upper()}]: ")
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:  # the input ended: no
            sys.stderr.write("\n")
            return False
        if not line.strip():
            return False
        try:
            return user_code(Answer, line.strip()) == Answer.YES
        except InvalidInput:
            sys.stderr.write(t("answer_yes_or_no", yes=yes, no=no) + "\n")


def confirmed(question: str, yes: bool, script_key: str, **args: object) -> None:
    """Go on only after a yes: `--yes` given, or the person at the terminal answered yes. A
    script without --yes is refused with `script_key`; no is the person's choice, not an error
    (errors.Aborted: nothing was changed)."""
    from boligreg.errors import Aborted, InvalidInput

    if yes:
        return
    if not interactive():
        raise InvalidInput(script_key, **args)
    if not confirm(question):
        raise Aborted("aborted_nothing_changed")


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
