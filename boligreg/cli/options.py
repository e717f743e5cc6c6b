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
from boligreg.domain.numbers import kroner_number, whole_number
from boligreg.domain.roles import Role
from boligreg.errors import InvalidInput
from boligreg.i18n import language, t, text_in
from boligreg.locale import LANGUAGES
from boligreg.settings import RELEASE_YEARS_AHEAD


def user_date(text: str) -> date:
    return parse_date(text, today())


def far_user_date(text: str) -> date:
    """A release, discharge or lease end: a long sentence or lease may end decades ahead."""
    return parse_date(text, today(), years_ahead=RELEASE_YEARS_AHEAD)


class Answer(StrEnum):
    """An answer to a question the terminal asks (cli/output.confirm)."""

    YES = "yes"
    NO = "no"


WORD_KEYS: dict[type[StrEnum], str] = {
    codes.ExitReason: "words_exit_", codes.ContactKind: "words_contact_", codes.Gender: "words_gender_",
    codes.ApplicationKind: "words_app_", codes.Decision: "words_decision_", codes.Lease: "words_lease_",
    codes.Need: "words_need_", codes.Income: "words_income_", Role: "words_role_",
    codes.DeclineReason: "words_decline_", codes.HfEndReason: "words_hf_end_", Answer: "words_answer_",
}
"""The codes a person types in words (catalog: words_exit_moved = "flyttet, flytta, …"); the
situation codes (UTE … FAMILIE) are typed as they are, in every language."""


def _fold(text: str) -> str:
    """Case, spaces and the Norwegian letters folded: «Forsøk», «forsok» and «FORSOEK» are one
    word (a keyboard without æøå is common on a shared terminal)."""
    text = " ".join(text.lower().split())
    for letter, plain in (("æ", "ae"), ("ø", "o"), ("å", "a"), ("oe", "o"), ("aa", "a")):
        text = text.replace(letter, plain)
    return text


def words_for(member: StrEnum, language: str) -> list[str]:
    """The words for a code in one language, the one shown in help first."""
    key = WORD_KEYS.get(type(member))
    if key is None:
        return [member.value]
    return [word.strip() for word in text_in(language, key + member.value).split(",")]


def user_code(enum: type[StrEnum], text: str) -> StrEnum:
    """A code as a person types it: its value or a word for it in any of the languages (a
    Norwegian office may run boligreg in English), case-insensitively, æøå included."""
    folded = _fold(text)
    for member in enum:
        if folded == _fold(member.value):
            return member
        if any(folded == _fold(word) for lang in LANGUAGES for word in words_for(member, lang)):
            return member
    raise InvalidInput("err_unknown_code", code=text[:40], valid=choices(enum))


def choices(enum: type[StrEnum]) -> str:
    """The codes of `enum` as the user's language shows them: 'flyttet, død eller inaktiv'."""
    shown = [words_for(member, language())[0] for member in enum]
    return ", ".join(shown[:-1]) + f" {t('or')} " + shown[-1] if len(shown) > 1 else shown[0]


def code_parser(enum: type[StrEnum]) -> Callable[[Any], StrEnum]:
    def parse(text: Any) -> StrEnum:
        if isinstance(text, enum):
            return text
        return user_code(enum, text)

    return parse


def code_list(enum: type[StrEnum]) -> Callable[[str], list[StrEnum]]:
    """Parse 'rus,psykisk' into codes; 'none' (ingen) gives an empty list."""

    def parse(text: str) -> list[StrEnum]:
        if _fold(text) in ("", "none", "ingen"):
            return []
        return [user_code(enum, part) for part in text.split(",") if part.strip()]

    return parse


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


class ReportFormat(StrEnum):
    """A report's output: the terminal's tables or JSON (a workbook is --xlsx)."""

    TABLE = "table"
    JSON = "json"


class CsvDialect(StrEnum):
    """What spreadsheet the CSV is for: Norwegian Excel (the default in nb and nn) or English."""

    NO = "no"
    EN = "en"

    @classmethod
    def for_language(cls, chosen: "CsvDialect | None") -> "CsvDialect":
        return chosen or (cls.EN if language() == "en" else cls.NO)


CODE_TEXTS = {codes.Situation: "code_", codes.Gender: "gender_", codes.ExitReason: "exit_",
              codes.ContactKind: "contact_", codes.Lease: "lease_", codes.ApplicationKind: "app_"}
"""The catalog prefix of each code list's words, shown beside a code the shell completes."""


def complete_codes(enum: type[StrEnum]) -> Callable[[str], list[tuple[str, str]]]:
    """Tab completion of a code list: the word the help shows (or the national code, with its
    words beside it) where it begins with what is typed (the shell offers nothing else)."""

    def complete(incomplete: str) -> list[tuple[str, str]]:
        folded, prefix = _fold(incomplete), CODE_TEXTS.get(enum)
        offered = []
        for member in enum:
            word = words_for(member, language())[0]
            if enum in WORD_KEYS and " " not in word:
                candidate, about = word, ""
            else:
                candidate, about = member.value, t(prefix + member.value) if prefix else ""
            if _fold(candidate).startswith(folded):
                offered.append((candidate, about))
        return offered

    return complete


def complete_person(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Tab completion of a person id, from the register the command line names (--db,
    BOLIGREG_DB or the default). The names beside the ids are a read of the by-name list: they
    are offered only to an account that may list persons, and only once that read is logged
    (issue 15); otherwise the ids alone. Completion never fails: nothing to offer is an empty
    list."""
    try:
        from boligreg.domain.roles import allows
        from boligreg.errors import BoligregError
        from boligreg.store.persons import ids_starting
        from boligreg.store.reads import log_read
        from boligreg.store.register import open_register

        reg = open_register(ctx.find_root().params.get("db"), today=today())
        try:
            found = ids_starting(reg, incomplete)
            roles = reg.roles()
            role = roles.get(reg.user)
            if roles and (role is None or not allows(role, "person list")):
                return [(pid, "") for pid, _ in found]
            try:
                log_read(reg, "completion", "person-list", persons=len(found))
            except BoligregError:  # a register this account may read but not write
                return [(pid, "") for pid, _ in found]
            # the shell evaluates what completion prints: names reach it as letters only
            return [(pid, re.sub(r"[^\w «».-]", " ", name)) for pid, name in found]
        finally:
            reg.close()
    except Exception:  # noqa: BLE001 — a shell's Tab must never print a traceback
        return []


def date_option(*names: str, help_key: str, far: bool = False) -> Any:
    """A typed date, inside the window of domain.dates.in_typed_window (`far`: the longer
    reach of a release, discharge or lease end)."""
    return typer.Option(*names, parser=far_user_date if far else user_date,
                        metavar=t("metavar_date"), help=t(help_key))


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
CsvDialectOpt = Annotated[
    CsvDialect | None, typer.Option("--csv-dialect", case_sensitive=False, help=t("help_csv_dialect"))
]


def _number_parser(low: int, high: int, kroner: bool = False) -> Callable[[Any], int]:
    rule = kroner_number if kroner else whole_number

    def parse(text: Any) -> int:
        return text if isinstance(text, int) else rule(text, low, high)

    return parse


def number_option(*names: str, low: int, high: int, help_key: str, kroner: bool = False) -> Any:
    """A whole number in a range, checked by our rule (Typer's int takes non-ASCII digits);
    `kroner`: an amount, which may be typed with thousands' spaces (9 800)."""
    return typer.Option(*names, parser=_number_parser(low, high, kroner), metavar=t("metavar_number"),
                        help=t(help_key))


def number_argument(metavar_key: str, *, low: int, high: int, help_key: str) -> Any:
    return typer.Argument(parser=_number_parser(low, high), metavar=t(metavar_key), help=t(help_key))


def code_option(enum: type[StrEnum], *names: str, help_key: str, default: StrEnum | None = None) -> Any:
    """An option that takes a code; its help lists the codes in the user's words ({choices}),
    and its default, if it has one, in those words too (Typer would show the code)."""
    shown: str | bool = words_for(default, language())[0] if default is not None else True
    return typer.Option(*names, parser=code_parser(enum), metavar=t("metavar_code"),
                        help=t(help_key, choices=choices(enum)), show_default=shown,
                        autocompletion=complete_codes(enum))


ReasonOpt = Annotated[str, typer.Option("--reason", metavar=t("metavar_text"), help=t("help_reason"))]
"""Why a record is corrected or removed: required, kept in the event log with the old values."""
RecordNo = Annotated[int, number_argument("metavar_no", low=1, high=999_999, help_key="help_record_no")]
"""A record's number on the person card (stays, contacts, steps)."""
