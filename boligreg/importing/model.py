"""The import's typed results: the sheet as read, the mapping, and the plan of what to register.

Plain dataclasses, no I/O: the store turns an ImportPlan's persons into register records and
the CLI shows the rest (rejects, skipped rows, warnings, duplicates) in the user's language
from each one's message key and arguments (the catalog, boligreg/locale: `Reason.text`).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from boligreg.domain.codes import Decision, Gender, Situation
from boligreg.i18n import Phrase, text_in, valid_language

# A cell as openpyxl or the csv module hands it over (CSV cells are text, or None when empty).
CellValue = str | int | float | bool | datetime | date | time | timedelta | None
Row = tuple[CellValue, ...]


@dataclass(frozen=True)
class RawSheet:
    """One sheet as read, before any interpretation. rows[0] is the sheet's row 1."""

    source: Path
    name: str | None  # the worksheet's name; None for a CSV file
    sheet_names: tuple[str, ...]
    rows: list[Row]
    epoch: datetime  # the workbook's date system, for serial numbers (1900 unless set to 1904)

    def row(self, number: int) -> Row:
        """The cells of sheet row `number` (1-based, as Excel shows it); () beyond the end."""
        return self.rows[number - 1] if 1 <= number <= len(self.rows) else ()


@dataclass(frozen=True)
class Reason:
    """Why a row was rejected, skipped or warned about: a catalog key and its arguments (a
    Phrase argument is a word shown in the reader's language, such as a decision)."""

    key: str
    args: dict[str, str | int | Phrase] = field(default_factory=dict)

    def text(self, language: str) -> str:
        """The reason in `language` (nb, nn or en; anything else is bokmål)."""
        return text_in(valid_language(language), self.key, **self.args)


@dataclass(frozen=True)
class ColumnRule:
    """A column header of the sheet and the boligreg field it gives (None: ignored)."""

    header: str
    field: str | None


@dataclass(frozen=True)
class ValueRule:
    """A cell text in a column and the code it means (None: unmapped, the row is rejected)."""

    header: str
    value: str
    target: str | None


@dataclass(frozen=True)
class Mapping:
    """What each column and each word in a code column means: the mapping file's content.

    Built by recognition (vocabulary) or read from a mapping file (read_map); the plan's
    mapping is the one it used, every column and every distinct code value of the sheet."""

    columns: tuple[ColumnRule, ...] = ()
    values: tuple[ValueRule, ...] = ()


@dataclass(frozen=True)
class ImportedPerson:
    """One person to register, every value typed and normalised."""

    rows: tuple[int, ...]  # the sheet row(s): two or more when duplicates were merged
    name: str | None
    alias: str | None
    situation: Situation
    since: date
    fnr: str | None = None
    born: date | None = None
    gender: Gender | None = None
    release: date | None = None  # INST/KRIM only, and then always
    applied: date | None = None  # applied for a municipal dwelling
    decision: Decision | None = None  # None: not decided (or not applied)
    decided: date | None = None
    wants_housing: bool | None = None  # None: the sheet does not say
    caseworker: str | None = None
    last_contact: date | None = None
    children: int = 0
    phone: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Reject:
    """A sheet row that is not imported until it is corrected; every problem found in it."""

    row: int
    reasons: tuple[Reason, ...]
    cells: Row  # as read, for the rejects workbook


@dataclass(frozen=True)
class Skipped:
    """A row that is not a person (blank, a total, a note), with why it was passed over."""

    row: int
    reason: Reason
    cells: Row


@dataclass(frozen=True)
class ImportWarning:
    """A value read with an assumption the user should check (a month alone → the 1st)."""

    row: int
    column: str
    text: str
    reason: Reason


@dataclass(frozen=True)
class Duplicate:
    """Rows that are one person (same fødselsnummer, or same name and birth date)."""

    rows: tuple[int, ...]  # every row of that person, in sheet order
    kept: int  # the row whose situation and application were used
    differing: tuple[str, ...]  # fields in which the rows disagreed

    @property
    def reason(self) -> Reason:
        return Reason("import_duplicate", {"rows": ", ".join(map(str, self.rows)),
                                           "kept": self.kept})


@dataclass
class ImportPlan:
    """Everything the sheet gives, sorted into what to register and what not (and why)."""

    persons: list[ImportedPerson]
    rejects: list[Reject]
    skipped: list[Skipped]
    warnings: list[ImportWarning]
    duplicates: list[Duplicate]
    ignored_columns: list[str]
    header_row: int
    headers: list[str]  # the header row's cells as text, for the rejects workbook
    mapping: Mapping
    sheet_name: str | None = None
    missing_columns: tuple[str, ...] = ()  # the mapping file's columns the sheet does not have
    as_of: date | None = None


@dataclass(frozen=True)
class ImportedDwelling:
    """One dwelling of the municipality's list to register, every value typed (`dwelling add`'s
    fields: the address with the flat's number after it, as the register writes it)."""

    row: int  # the sheet row
    address: str
    rooms: int
    kind: str = "KOMMUNAL"  # domain.housing_codes.DwellingKind
    size: int | None = None
    accessible: bool = False
    floor: int | None = None
    note: str | None = None
    vacant_from: date | None = None  # None: let outside the register, as `dwelling add` without it


@dataclass
class DwellingPlan:
    """The dwellings a sheet gives, and the rows not taken (and why): an ImportPlan's shape, so
    the rejects workbook and the summary read either."""

    dwellings: list[ImportedDwelling]
    rejects: list[Reject]
    skipped: list[Skipped]
    warnings: list[ImportWarning]
    ignored_columns: list[str]
    header_row: int
    headers: list[str]
    mapping: Mapping
    sheet_name: str | None = None
    missing_columns: tuple[str, ...] = ()  # the mapping file's columns the sheet does not have
    as_of: date | None = None
