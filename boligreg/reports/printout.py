"""The meeting printout: the status list as a printable HTML page from templates/status.html."""

from datetime import datetime
from pathlib import Path

from boligreg.domain.dates import show_date
from boligreg.files import check_target, write_private
from boligreg.i18n import language, t
from boligreg.reports.status import Status
from boligreg.reports.status_text import (
    flag_legend,
    lease_cells,
    leases_title,
    releases_title,
    summary_lines,
    table_cells,
)
from boligreg.resources import read_resource


def render_status_html(report: Status) -> str:
    from jinja2 import Environment, select_autoescape

    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string(read_resource("templates", "status.html"))
    headers, cells = table_cells(report)
    return template.render(
        lang=language(),
        title=t("status_title", municipality=report.municipality or t("register"),
                date=show_date(report.day)),
        municipality=report.municipality or t("register"),
        day=show_date(report.day),
        printed=datetime.now().strftime("%d.%m.%Y %H:%M"),
        confidential=t("confidential"),
        summary=summary_lines(report),
        headers=headers,
        rows=[{"cells": row, "overdue": "!" in row[5]} for row in cells],
        legend=flag_legend(),
        releases_title=releases_title(),
        releases=[{"id": r.id, "name": r.name, "situation": r.situation,
                   "release": show_date(r.release),
                   "arranged": t("dwelling_arranged") if r.arranged else t("no_dwelling")}
                  for r in report.releases],
        housed=[{"id": h.id, "name": h.name, "dwelling": h.dwelling, "date": show_date(h.date),
                 "hf": h.housing_first} for h in report.housed],
        t=t,
        since=show_date(report.changes.since),
        leases_title=leases_title(report),
        leases=lease_cells(report),
    )


def write_status_html(report: Status, path: Path, force: bool = False) -> None:
    check_target(path, force)
    write_private(path, render_status_html(report).encode("utf-8"), force=force)
