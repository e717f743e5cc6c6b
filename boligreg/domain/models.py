"""The register's records as pydantic models: what the store loads and the rules read."""

from datetime import date

from pydantic import BaseModel, ConfigDict

from boligreg.domain.codes import (
    ApplicationKind,
    ContactKind,
    Decision,
    ExitReason,
    Gender,
    Lease,
    NeedValue,
    Situation,
)


class Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class Person(Record):
    id: str
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
    registered: date
    anonymised: date | None = None

    @property
    def display_name(self) -> str:
        return self.name or (f"«{self.alias}»" if self.alias else self.id)


class Stay(Record):
    id: int = 0
    person_id: str
    code: Situation
    start: date
    place: str | None = None
    release: date | None = None  # INST/KRIM: expected discharge/release date
    noted: date | None = None  # INST/KRIM: when the municipality learned of the release
    lease: Lease | None = None
    lease_end: date | None = None
    housing_first: bool = False


class Exit(Record):
    id: int = 0
    person_id: str
    reason: ExitReason
    date: date


class Contact(Record):
    id: int = 0
    person_id: str
    date: date
    kind: ContactKind = ContactKind.MET
    by: str | None = None
    note: str | None = None


class Plan(Record):
    person_id: str
    route: Situation | None = None
    target: date | None = None
    wishes: str | None = None
    responsible: str | None = None


class Step(Record):
    id: int = 0
    person_id: str
    no: int
    text: str
    owner: str | None = None
    due: date | None = None
    done: date | None = None
    meeting_id: int | None = None
    created: date | None = None


class Application(Record):
    id: str
    person_id: str
    kind: ApplicationKind
    received: date
    decision: Decision | None = None  # granted or refused
    decided: date | None = None
    withdrawn: date | None = None  # withdrawn by the applicant, before or after a decision

    def decision_on(self, day: date) -> Decision | None:
        if self.withdrawn and self.withdrawn <= day:
            return Decision.WITHDRAWN
        return self.decision if self.decided and self.decided <= day else None


class History(Record):
    """Everything the rules need about one person; episodes and flags are computed from it."""

    person: Person
    stays: tuple[Stay, ...] = ()
    exits: tuple[Exit, ...] = ()
    contacts: tuple[Contact, ...] = ()
    # Bulk loads (status, reports) carry only the days with contact, attempts left out:
    # the rules need nothing more, and 100,000 persons' contacts as models cost seconds.
    contact_dates: tuple[date, ...] | None = None
    plan: Plan | None = None
    steps: tuple[Step, ...] = ()
    applications: tuple[Application, ...] = ()
