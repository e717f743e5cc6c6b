"""The printouts: the status list for the meeting (templates/status.html, A4 landscape) and one
person's card for a case conference (templates/person.html, A4 portrait)."""

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from boligreg.domain.dates import show_date
from boligreg.domain.text import shown
from boligreg.files import check_target, write_private
from boligreg.i18n import language, t
from boligreg.reports.card import Card
from boligreg.reports.status import Status
from boligreg.reports.status_text import (
    OVERDUE,
    flag_legend,
    lease_cells,
    leases_title,
    releases_title,
    summary_lines,
    table_cells,
    unbroken,
)
from boligreg.resources import read_resource

if TYPE_CHECKING:
    from jinja2 import Environment  # imported only when a page is printed


def _environment() -> "Environment":
    """Jinja2 with autoescape, and every value shown inert as it is put in the page: a stored
    text edited outside boligreg (a control character, a byte that is no UTF-8) arrives
    as a visible escape, whichever field it is in."""
    from jinja2 import Environment, select_autoescape

    return Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                       finalize=lambda value: shown(value) if isinstance(value, str) else value)


def render_status_html(report: Status, anchor: str | None = None) -> str:
    """The page; `anchor` is the log's head when the list was read (Register.log_head), printed
    on every page so the chain can be checked against the paper later."""
    env = _environment()
    template = env.from_string(read_resource("templates", "status.html"))
    headers, cells = table_cells(report)
    return template.render(
        lang=language(),
        title=shown(t("status_title", municipality=report.municipality or t("register"),
                      date=show_date(report.day))),
        municipality=shown(report.municipality or t("register")),
        day=show_date(report.day),
        printed=datetime.now().strftime("%d.%m.%Y %H:%M"),
        confidential=t("confidential"),
        summary=summary_lines(report),
        headers=headers,
        rows=[{"cells": cells_, "overdue": status_row.target_overdue, "name": status_row.name,
               "fnr": unbroken(status_row.fnr or ""),
               # Housing First, as the terminal marks it ([HF], [HF inv.]) before the name
               "hf": t("hf_mark_" + report.housing_first[status_row.id])
               if status_row.id in report.housing_first else None}
              for cells_, status_row in zip(cells, report.rows)],
        legend=flag_legend(),
        releases_title=releases_title(),
        releases=[{"id": r.id, "name": shown(r.name), "situation": r.situation,
                   "release": show_date(r.release),
                   "arranged": t("dwelling_arranged") if r.arranged else t("no_dwelling")}
                  for r in report.releases],
        housed=[{"id": h.id, "name": shown(h.name), "dwelling": h.dwelling, "date": show_date(h.date),
                 "hf": h.housing_first} for h in report.housed],
        t=t,
        since=show_date(report.changes.since),
        anchor=anchor,
        leases_title=leases_title(report),
        leases=lease_cells(report),
    )


def write_status_html(report: Status, path: Path, force: bool = False,
                      record: Callable[[], None] | None = None, anchor: str | None = None) -> None:
    """The printout, owner-only; `record` logs it before the file gets its name."""
    check_target(path, force, suffix=".html")
    write_private(path, render_status_html(report, anchor).encode("utf-8"), force=force, record=record)


def render_card_html(card: Card, municipality: str, day: date) -> str:
    """One person's card as an A4 page (templates/person.html), for a case conference."""
    env = _environment()
    template = env.from_string(read_resource("templates", "person.html"))
    return template.render(
        lang=language(),
        title=t("card_title", id=card.id, name=card.name),
        municipality=municipality or t("register"),
        day=show_date(day),
        printed=datetime.now().strftime("%d.%m.%Y %H:%M"),
        confidential=t("confidential"),
        facts=card.facts,
        parts=card.parts,
        overdue=OVERDUE,
        t=t,
    )


def write_card_html(card: Card, municipality: str, day: date, path: Path, force: bool = False) -> None:
    check_target(path, force, suffix=".html")
    write_private(path, render_card_html(card, municipality, day).encode("utf-8"), force=force)
