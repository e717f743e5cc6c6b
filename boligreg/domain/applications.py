"""Applications on a day: the municipal waiting list and what is still open for a person."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from boligreg.domain.codes import ApplicationKind, Decision, Situation
from boligreg.domain.models import Application, History
from boligreg.domain.timeline import stay_on


def on_waiting_list(history: History, app: Application, day: date) -> bool:
    """The waiting list as KOSTRA counts it (DESIGN.md § Figures): a municipal dwelling granted,
    not withdrawn, and not yet followed by a KOMMUNAL placement (which fulfils it)."""
    if app.kind != ApplicationKind.KOMMUNAL or app.decision_on(day) != Decision.GRANTED:
        return False
    return not any(s.code == Situation.KOMMUNAL and app.received <= s.start <= day
                   for s in history.stays)


def answered_application(history: History, index: int) -> Application | None:
    """The municipal application a KOMMUNAL placement (stays[index]) answers: on_waiting_list's
    rule, the first KOMMUNAL placement on or after an application fulfils it; of several, the
    latest received. None when the placement answers none (a renewal, or no application on
    record)."""
    placement = history.stays[index]
    earlier = [s.start for s in history.stays[:index] if s.code == Situation.KOMMUNAL]
    answered = [app for app in history.applications
                if app.kind == ApplicationKind.KOMMUNAL and app.received <= placement.start
                and not any(app.received <= day for day in earlier)]
    return max(answered, key=lambda app: (app.received, app.id), default=None)


def new_tenancy(history: History, index: int) -> bool:
    """A KOMMUNAL placement (stays[index]) is newly moved in (KOSTRA): the person did not live
    in municipal housing when they applied, or, with no application it answers, just before
    moving in. A swap or a renewal (from one KOMMUNAL stay to the next) is not."""
    stays = history.stays
    if stays[index].code != Situation.KOMMUNAL:
        return False
    app = answered_application(history, index)
    before = stay_on(stays[:index], app.received) if app else (stays[index - 1] if index else None)
    return before is None or before.code != Situation.KOMMUNAL


@dataclass(frozen=True, slots=True)
class OpenApplication:
    """An application the meeting still follows on a day: undecided, or granted and waiting."""

    kind: ApplicationKind
    state: str  # "pending" or "granted"

    @property
    def code(self) -> str:
        """The machine form in JSON and CSV, stable since the first version: 'KOMMUNAL:granted'."""
        return f"{self.kind.value}:{self.state}"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """JSON output writes the code (pydantic asks this only when it builds JSON)."""
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            lambda value: value,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda app: app.code))


def open_applications(history: History, day: date) -> list[OpenApplication]:
    """Applications undecided on `day`, and granted municipal dwellings not yet moved into."""
    result = []
    for app in history.applications:
        if app.received > day:
            continue
        if app.decision_on(day) is None:
            result.append(OpenApplication(app.kind, "pending"))
        elif on_waiting_list(history, app, day):
            result.append(OpenApplication(app.kind, "granted"))
    return result
