"""The register's records: what the store loads and the rules read.

Slotted dataclasses rather than pydantic models: a report over 100,000 persons loads
about a million records, which as pydantic models would cost seconds and a gigabyte
(bench/PROFILE.md); as slotted dataclasses a fraction of both. pydantic still validates every
record that comes from a user: `validate(Person, row)` runs a TypeAdapter over the same class.
Required fields come first, so the store can build a record from a row's values in order.
"""

from dataclasses import dataclass, fields
from datetime import date
from enum import Enum
from typing import Any, ClassVar

from boligreg.domain.codes import (
    ApplicationKind,
    ContactKind,
    Decision,
    ExitReason,
    Gender,
    Income,
    Lease,
    NeedValue,
    Situation,
)

# Records are read-only by convention, not frozen: a frozen dataclass sets each field through
# object.__setattr__ and is several times slower to build, which a report of a million records
# feels (bench/PROFILE.md). Nothing assigns to a record after it is built.


_ADAPTERS: dict[type, Any] = {}


def _adapter(model: type) -> Any:
    """pydantic's TypeAdapter for a record class, built once (pydantic is imported on first use)."""
    if model not in _ADAPTERS:
        from pydantic import TypeAdapter

        _ADAPTERS[model] = TypeAdapter(model)
    return _ADAPTERS[model]


def validate(model: Any, data: dict) -> Any:
    """Coerce and check a record built from user input (pydantic, lax: '2015-01-10' → date)."""
    return _adapter(model).validate_python(data)


def dump_json(value: Any, indent: int = 2) -> str:
    """Any record or report dataclass as JSON text (dates ISO, codes as values). pydantic
    refuses a lone surrogate, which is how a stored byte that is no UTF-8 reads
    (store.connection.STORED_TEXT): such a report goes through json, whose text the output
    then shows escaped (domain.text.json_text)."""
    from pydantic_core import PydanticSerializationError

    try:
        return _adapter(type(value)).dump_json(value, indent=indent).decode()
    except PydanticSerializationError:
        import json

        return json.dumps(dump_plain(value), ensure_ascii=False, indent=indent)


def dump_plain(value: Any) -> dict:
    """Any record or report dataclass as JSON-ready Python values (for CSV)."""
    return _adapter(type(value)).dump_python(value, mode="json")


def as_json(item: Any) -> dict:
    """A record as JSON-ready values (dates as ISO text, codes as their values) for the log.
    By hand, not dump_plain: every write logs, and importing pydantic would slow each one."""
    result = {}
    derived = getattr(item, "DERIVED", ())
    for f in fields(item):
        if f.name in derived:
            continue
        value = getattr(item, f.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Enum):
            value = value.value
        result[f.name] = value
    return result


@dataclass(slots=True, unsafe_hash=True)
class Person:
    id: str
    registered: date
    name: str | None = None
    alias: str | None = None
    fnr: str | None = None
    born: date | None = None
    birth_year: int | None = None
    gender: Gender | None = None
    children: int = 0
    need_rus: NeedValue = NeedValue.UNKNOWN
    need_psykisk: NeedValue = NeedValue.UNKNOWN
    need_somatisk: NeedValue = NeedValue.UNKNOWN
    need_oppfolging: NeedValue = NeedValue.UNKNOWN
    caseworker: str | None = None
    phone: str | None = None
    consent: date | None = None
    wants_housing: bool = True
    anonymised: date | None = None
    known_since: date | None = None  # the day the services came to know the person
    merged_into: str | None = None  # a pointer: this record was merged into that one
    deleted: date | None = None  # registered by mistake and deleted; the id stays taken
    # What the national homelessness survey asks and the register otherwise lacks; None is
    # "unknown", always a valid answer (m005_survey_fields).
    born_abroad: bool | None = None
    children_living_with: bool | None = None  # whether the children (under 18) live with them
    income: Income | None = None  # main source of income
    evicted: date | None = None  # the latest eviction (utkastelse)

    @property
    def display_name(self) -> str:
        return self.name or (f"«{self.alias}»" if self.alias else self.id)

    @property
    def known_from(self) -> date:
        """Known since (DESIGN.md § Situations): the first contact; the registration when the
        record does not say (a record built by hand in a test)."""
        return self.known_since or self.registered


@dataclass(slots=True, unsafe_hash=True)
class Stay:
    person_id: str
    code: Situation
    start: date
    id: int = 0
    no: int = 0  # its number on the card, issued once (store: Register.next_no)
    place: str | None = None
    release: date | None = None  # INST/KRIM: expected discharge/release date
    noted: date | None = None  # INST/KRIM: when the municipality learned of the release
    lease: Lease | None = None
    lease_end: date | None = None
    housing_first: bool = False
    dwelling_id: str | None = None  # KOMMUNAL/OMSORG: the municipal dwelling (D0001), a tenancy


@dataclass(slots=True, unsafe_hash=True)
class Exit:
    person_id: str
    reason: ExitReason
    date: date
    id: int = 0


@dataclass(slots=True, unsafe_hash=True)
class Contact:
    person_id: str
    date: date
    id: int = 0
    no: int = 0  # its number on the card, issued once (store: Register.next_no)
    kind: ContactKind = ContactKind.MET
    by: str | None = None
    note: str | None = None


@dataclass(slots=True, unsafe_hash=True)
class Plan:
    person_id: str
    route: Situation | None = None
    target: date | None = None
    wishes: str | None = None
    responsible: str | None = None


@dataclass(slots=True, unsafe_hash=True)
class Step:
    person_id: str
    no: int
    text: str
    id: int = 0
    owner: str | None = None
    due: date | None = None
    done: date | None = None
    meeting_id: int | None = None
    created: date | None = None
    minutes_id: str | None = None  # a meeting's action moved by a merge: the id its minutes gave


@dataclass(slots=True, unsafe_hash=True)
class Ruling:
    """One decision on an application, with its date: granted, refused or withdrawn. A decision
    changed on appeal is a new ruling; the earlier one stays."""

    application_id: str
    decision: Decision
    date: date
    id: int = 0


@dataclass(slots=True, unsafe_hash=True)
class Application:
    id: str
    person_id: str
    kind: ApplicationKind
    received: date
    accessible: bool = False  # KOMMUNAL: the household needs an accessible dwelling
    rulings: tuple[Ruling, ...] = ()  # in the order made (date, then id); not a column
    DERIVED: ClassVar[tuple[str, ...]] = ("rulings",)

    def decision_on(self, day: date) -> Decision | None:
        """The decision in force on `day`: the latest ruling made by then (None: undecided)."""
        current = None
        for ruling in self.rulings:
            if ruling.date > day:
                break
            current = ruling.decision
        return current

    @property
    def latest(self) -> Ruling | None:
        return self.rulings[-1] if self.rulings else None

    @property
    def decision(self) -> Decision | None:
        """The granted or refused decision last made (a withdrawal aside)."""
        made = [r for r in self.rulings if r.decision != Decision.WITHDRAWN]
        return made[-1].decision if made else None

    @property
    def withdrawn(self) -> date | None:
        return next((r.date for r in self.rulings if r.decision == Decision.WITHDRAWN), None)


@dataclass(slots=True, unsafe_hash=True)
class History:
    """Everything the rules need about one person; episodes and flags are computed from it."""

    person: Person
    stays: tuple[Stay, ...] = ()
    exits: tuple[Exit, ...] = ()
    contacts: tuple[Contact, ...] = ()
    # Bulk loads (status, reports) carry only the days with contact, attempts left out:
    # the rules need nothing more, and 100,000 persons' contacts as records cost seconds.
    contact_dates: tuple[date, ...] | None = None
    # The days the records merged into this one became known (each a contact, as this record's
    # own known-since is): a merge never loses a registration day's contact.
    merged_known: tuple[date, ...] = ()
    plan: Plan | None = None
    steps: tuple[Step, ...] = ()
    applications: tuple[Application, ...] = ()
