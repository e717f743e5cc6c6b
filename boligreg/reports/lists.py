"""The by-name lists below the status list: `person list` and `find`, and the `export` sheet.

Each row is a typed record; the CLI and the workbook writer only render them. Only a person
whose stay today can be listed can be homeless today, so the homeless lists read only those
persons, and the lists of everyone read the others' stays and exits alone
(Register.listable_histories).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from boligreg.domain.applications import OpenApplication
from boligreg.domain.codes import RELEASE
from boligreg.domain.dates import age_on
from boligreg.domain.flags import Flag
from boligreg.domain.fnr import mask_fnr
from boligreg.domain.models import History
from boligreg.domain.timeline import (
    episode_on,
    episodes,
    last_contact,
    listable_on,
    state_on,
    stay_on,
)
from boligreg.reports.status import status_row

if TYPE_CHECKING:
    from boligreg.store.register import Register

LIST_STATES = ("homeless", "housed", "inactive")
"""The states `person list` can pick (--homeless, --housed, --inactive); --all takes every state."""


@dataclass(slots=True)
class PersonRow:
    """One line of `person list` and `person find`: who, and where they stand on the day."""

    id: str
    name: str
    fnr: str | None  # masked; None when the person has none (JSON: null)
    age: int | None
    state: str  # homeless, housed, inactive, moved, deceased, institution, other (timeline.state_on)
    situation: str | None
    since: date | None
    caseworker: str | None


def person_rows(histories: Iterable[History], day: date, inactive_after_days: int) -> list[PersonRow]:
    rows = []
    for history in histories:
        person = history.person
        stay = stay_on(history.stays, day)
        rows.append(PersonRow(
            id=person.id,
            name=person.display_name,
            fnr=mask_fnr(person.fnr) or None,
            age=age_on(person.born, person.birth_year, day),
            state=state_on(history, day, inactive_after_days),
            situation=stay.code.value if stay else None,
            since=stay.start if stay else None,
            caseworker=person.caseworker,
        ))
    return rows


def list_persons(reg: "Register", states: set[str] | None) -> list[PersonRow]:
    """`person list`: the persons in these states today (None: everyone), in id order."""
    homeless_only = states == {"homeless"}
    histories = reg.listable_histories(reg.today, everyone=not homeless_only, steps=False)
    rows = person_rows(histories, reg.today, reg.settings.inactive_after_days)
    return rows if states is None else [row for row in rows if row.state in states]


@dataclass(slots=True)
class ExportRow:
    """One person in the by-name export: the status columns when homeless, else where they
    stand. `fnr` is masked unless the export was asked to show it."""

    id: str
    name: str
    fnr: str | None
    age: int | None
    state: str
    situation: str | None
    since: date | None
    caseworker: str | None
    days_homeless: int | None = None
    route: str | None = None
    target: date | None = None
    applications: tuple[OpenApplication, ...] = ()
    next_step: str | None = None
    next_owner: str | None = None
    next_due: date | None = None
    days_since_contact: int | None = None
    flags: tuple[Flag, ...] = ()
    release: date | None = None  # the current INST/KRIM stay's expected release or discharge
    last_contact: date | None = None  # the day days_since_contact counts from
    wants_housing: bool = True
    children: int = 0


def export_rows(reg: "Register", everyone: bool, show_fnr: bool) -> list[ExportRow]:
    """The homeless (or everyone, with their state) in id order; each history is read once and
    its episodes worked out at most once, and only for a person who can be listed. The release
    date, last contact, wants housing and children make the sheet one that `boligreg import`
    reads back into the same status list (tests/test_import_cli.py)."""
    today, inactive_after_days = reg.today, reg.settings.inactive_after_days
    rows = []
    for history in reg.listable_histories(today, everyone=everyone):
        listed = listable_on(history, today)
        eps = episodes(history, inactive_after_days) if listed else None
        current = episode_on(eps, today) if eps is not None else None
        if current is None and not everyone:
            continue
        person = history.person
        fnr = (person.fnr if show_fnr else mask_fnr(person.fnr)) or None
        stay = stay_on(history.stays, today)
        release = stay.release if stay and stay.code in RELEASE else None
        contact = last_contact(history, today)
        if current is not None:
            row = status_row(history, current, today)
            rows.append(ExportRow(
                id=row.id, name=row.name, fnr=fnr, age=row.age, state="homeless",
                situation=row.situation, since=row.since, caseworker=person.caseworker,
                days_homeless=row.days_homeless, route=row.route, target=row.target,
                applications=tuple(row.applications), next_step=row.next_step,
                next_owner=row.next_owner, next_due=row.next_due,
                days_since_contact=row.days_since_contact, flags=tuple(row.flags),
                release=release, last_contact=contact, wants_housing=person.wants_housing,
                children=person.children))
        else:
            rows.append(ExportRow(
                id=person.id, name=person.display_name, fnr=fnr,
                age=age_on(person.born, person.birth_year, today),
                state=state_on(history, today, inactive_after_days, eps),
                situation=stay.code.value if stay else None, since=stay.start if stay else None,
                caseworker=person.caseworker, release=release, last_contact=contact,
                wants_housing=person.wants_housing, children=person.children))
    return rows


EXPORT_COLUMNS = ("col_id", "col_name", "col_fnr", "col_age", "col_state", "col_situation",
                  "col_since", "col_days", "col_route", "col_target", "col_applications",
                  "col_next_step_text", "col_owner", "col_due", "col_contact_days", "col_flags",
                  "col_caseworker", "col_release", "col_last_contact", "col_wants_housing",
                  "col_children")


def export_table(rows: list[ExportRow]) -> tuple[list[str], list[list]]:
    """The export's headers and typed cells (numbers, dates, text) in the reader's words."""
    from boligreg.i18n import t
    from boligreg.reports.status_text import application_text

    cells = [[row.id, row.name, row.fnr, row.age, t("state_" + row.state), row.situation,
              row.since, row.days_homeless, row.route, row.target,
              ", ".join(map(application_text, row.applications)) or None, row.next_step,
              row.next_owner, row.next_due, row.days_since_contact,
              " ".join(t("flag_" + f.value) for f in row.flags) or None, row.caseworker,
             row.release, row.last_contact, t("yes") if row.wants_housing else t("no"),
             row.children]
             for row in rows]
    return [t(key) for key in EXPORT_COLUMNS], cells
