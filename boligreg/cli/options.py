"""Reusable option and argument types: dates, codes, whole numbers, ids and output formats."""

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer

from boligreg.cli.session import today
from boligreg.domain import codes
from boligreg.domain.dates import parse_date
from boligreg.domain.numbers import whole_number
from boligreg.i18n import t


def user_date(text: str) -> date:
    return parse_date(text, today())


def code_parser(enum: type[StrEnum]) -> Callable[[Any], StrEnum]:
    def parse(text: Any) -> StrEnum:
        if isinstance(text, enum):
            return text
        return codes.parse_code(enum, text)

    return parse


def code_list(enum: type[StrEnum]) -> Callable[[str], list[StrEnum]]:
    """Parse 'rus,psykisk' into codes; 'none' (ingen) gives an empty list."""

    def parse(text: str) -> list[StrEnum]:
        if text.strip().lower() in ("", "none", "ingen"):
            return []
        return [codes.parse_code(enum, part) for part in text.split(",") if part.strip()]

    return parse


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def date_option(*names: str, help_key: str) -> Any:
    return typer.Option(*names, parser=user_date, metavar=t("metavar_date"), help=t(help_key))


PersonId = Annotated[str, typer.Argument(metavar="ID", help=t("help_person_id"))]
DateOpt = Annotated[date | None, date_option("--date", help_key="help_date")]
SituationArg = Annotated[
    codes.Situation,
    typer.Argument(parser=code_parser(codes.Situation), metavar=t("metavar_code"), help=t("help_situation")),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", case_sensitive=False, help=t("help_format"))
]


def _number_parser(low: int, high: int) -> Callable[[Any], int]:
    def parse(text: Any) -> int:
        return text if isinstance(text, int) else whole_number(text, low, high)

    return parse


def number_option(*names: str, low: int, high: int, help_key: str) -> Any:
    """A whole number in a range, checked by our rule (Typer's int takes non-ASCII digits)."""
    return typer.Option(*names, parser=_number_parser(low, high), metavar=t("metavar_number"),
                        help=t(help_key))


def number_argument(metavar_key: str, *, low: int, high: int, help_key: str) -> Any:
    return typer.Argument(parser=_number_parser(low, high), metavar=t(metavar_key), help=t(help_key))


def code_option(enum: type[StrEnum], *names: str, help_key: str) -> Any:
    return typer.Option(*names, parser=code_parser(enum), metavar=t("metavar_code"), help=t(help_key))


ReasonOpt = Annotated[str, typer.Option("--reason", metavar=t("metavar_text"), help=t("help_reason"))]
"""Why a record is corrected or removed: required, kept in the event log with the old values."""
RecordNo = Annotated[int, number_argument("metavar_no", low=1, high=999_999, help_key="help_record_no")]
"""A record's number on the person card (stays, contacts, steps)."""
