"""What every command module shares: the session state, reusable option types, output helpers."""

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from boligreg.domain import codes
from boligreg.domain.dates import parse_date
from boligreg.domain.numbers import whole_number
from boligreg.i18n import t


def today() -> date:
    """The working day: BOLIGREG_TODAY (for training registers and tests), else the clock."""
    override = os.environ.get("BOLIGREG_TODAY")
    return parse_date(override) if override else date.today()


class State:
    """Global options of one invocation, and the register they point at."""

    db_path: Path | None = None

    def register(self, create: bool = False, demo: bool = False):
        from boligreg.store import open_register

        return open_register(self.db_path, create=create, demo=demo, today=today())


state = State()


def command_group(help_key: str, **settings) -> typer.Typer:
    """A noun's group of commands. Help is plain text, not rich panels: rich's help renderer
    pulls in markdown and syntax highlighting (about 70 ms) before the first line prints."""
    from boligreg.cli.framing import LocalTyper

    return LocalTyper(help=t(help_key), rich_markup_mode=None, **settings)


def user_date(text: str) -> date:
    return parse_date(text, today())


def _code_parser(enum):
    def parse(text):
        if isinstance(text, enum):
            return text
        return codes.parse_code(enum, text)

    return parse


def code_list(enum):
    """Parse 'rus,psykisk' into codes; 'none' (ingen) gives an empty list."""

    def parse(text: str):
        if text.strip().lower() in ("", "none", "ingen"):
            return []
        return [codes.parse_code(enum, part) for part in text.split(",") if part.strip()]

    return parse


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def date_option(*names: str, help_key: str):
    return typer.Option(*names, parser=user_date, metavar=t("metavar_date"), help=t(help_key))


PersonId = Annotated[str, typer.Argument(metavar="ID", help=t("help_person_id"))]
DateOpt = Annotated[date | None, date_option("--date", help_key="help_date")]
SituationArg = Annotated[
    codes.Situation,
    typer.Argument(parser=_code_parser(codes.Situation), metavar=t("metavar_code"), help=t("help_situation")),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", case_sensitive=False, help=t("help_format"))
]


def _number_parser(low: int, high: int):
    def parse(text):
        return text if isinstance(text, int) else whole_number(text, low, high)

    return parse


def number_option(*names: str, low: int, high: int, help_key: str):
    """A whole number in a range, checked by our rule (Typer's int takes non-ASCII digits)."""
    return typer.Option(*names, parser=_number_parser(low, high), metavar=t("metavar_number"),
                        help=t(help_key))


def number_argument(metavar_key: str, *, low: int, high: int, help_key: str):
    return typer.Argument(parser=_number_parser(low, high), metavar=t(metavar_key), help=t(help_key))


def code_option(enum, *names: str, help_key: str):
    return typer.Option(*names, parser=_code_parser(enum), metavar=t("metavar_code"), help=t(help_key))


def console(stderr: bool = False):
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    wide = None if stream.isatty() or os.environ.get("COLUMNS") else 200  # pipes: don't wrap
    return Console(stderr=stderr, highlight=False, width=wide)


def done(message: str) -> None:
    """Report a committed write (only ever called after the transaction has committed)."""
    print(message)


def write_rows(rows: list[dict], fmt: Format, headers: dict[str, str]) -> bool:
    """CSV/JSON output of plain rows with stable English keys; False for table format."""
    if fmt == Format.JSON:
        import json

        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
        return True
    if fmt == Format.CSV:
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(headers))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k) for k in headers})
        return True
    return False
