"""Reusable option and argument types: dates, codes, whole numbers, ids and output formats."""

import re
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


class ReportFormat(StrEnum):
    """The period figures are sections of differently shaped tables: no one CSV holds them
    (the workbook does: --xlsx)."""

    TABLE = "table"
    JSON = "json"


CODE_TEXTS = {codes.Situation: "code_", codes.Gender: "gender_", codes.ExitReason: "exit_",
              codes.ContactKind: "contact_", codes.Lease: "lease_", codes.ApplicationKind: "app_"}
"""The catalog prefix of each code list's words, shown beside a code the shell completes."""


def complete_codes(enum: type[StrEnum]) -> Callable[[str], list[tuple[str, str]]]:
    """Tab completion of a code list: the codes that begin with what is typed, with their words."""

    def complete(incomplete: str) -> list[tuple[str, str]]:
        prefix = CODE_TEXTS.get(enum)
        return [(code.value, t(prefix + code.value) if prefix else "") for code in enum
                if code.value.lower().startswith(incomplete.lower())]

    return complete


def complete_person(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Tab completion of a person id, with the name beside it, from the register the command
    line names (--db, BOLIGREG_DB or the default). Completion never fails: nothing to offer
    is an empty list."""
    try:
        from boligreg.store.persons import ids_starting
        from boligreg.store.register import open_register

        reg = open_register(ctx.find_root().params.get("db"), today=today())
        try:  # the shell evaluates what completion prints: names reach it as letters only
            return [(pid, re.sub(r"[^\w «».-]", " ", name)) for pid, name in ids_starting(reg, incomplete)]
        finally:
            reg.close()
    except Exception:  # noqa: BLE001 — a shell's Tab must never print a traceback
        return []


def date_option(*names: str, help_key: str) -> Any:
    return typer.Option(*names, parser=user_date, metavar=t("metavar_date"), help=t(help_key))


PersonId = Annotated[str, typer.Argument(metavar="ID", help=t("help_person_id"),
                                         autocompletion=complete_person)]
DateOpt = Annotated[date | None, date_option("--date", help_key="help_date")]
SituationArg = Annotated[
    codes.Situation,
    typer.Argument(parser=code_parser(codes.Situation), metavar=t("metavar_code"), help=t("help_situation"),
                   autocompletion=complete_codes(codes.Situation)),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", case_sensitive=False, help=t("help_format"))
]
ReportFormatOpt = Annotated[
    ReportFormat, typer.Option("--format", case_sensitive=False, help=t("help_report_format"))
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
    return typer.Option(*names, parser=code_parser(enum), metavar=t("metavar_code"), help=t(help_key),
                        autocompletion=complete_codes(enum))
