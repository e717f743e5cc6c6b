"""The status list as text cells and sentences, shared by the terminal and the printout."""

from typing import TYPE_CHECKING

from boligreg.domain.applications import OpenApplication
from boligreg.domain.dates import show_date
from boligreg.domain.flags import Flag
from boligreg.domain.text import shown
from boligreg.i18n import number, t
from boligreg.settings import (
    CONTACT_WARNING_DAYS,
    MIDL_LONG_MONTHS,
    NO_CONTACT_DAYS,
    RELEASE_WINDOW_DAYS,
)

if TYPE_CHECKING:  # the person card uses the words below without the status list's records
    from boligreg.reports.status import Status

NBSP = "\u00a0"
"""Joins what must never break across lines: a masked number's two halves, a date and its "!"."""
OVERDUE = NBSP + "!"
"""The mark after a passed date target or due date."""

FLAG_WEIGHT = {
    Flag.RELEASE_SOON: "urgent", Flag.NO_CONTACT_90: "urgent", Flag.PLAN_OVERDUE: "urgent",
    Flag.NO_PLAN: "warn", Flag.MIDL_3M: "warn", Flag.NO_CONTACT_60: "warn",
    Flag.CHILDREN: "note", Flag.NO_CONSENT: "note", Flag.NEW: "new",
}
"""How much each flag must stand out: urgent (release without a home, a passed date target, no
contact for 90 days) in bold red, the warnings (inactive soon, no plan, long in temporary
accommodation) in yellow, the rest as notes. The printout prints urgent flags in bold."""


def unbroken(text: str) -> str:
    return text.replace(" ", NBSP)


def flag_legend() -> str:
    """What each flag means, with the thresholds in force."""
    return t("flag_legend", release=RELEASE_WINDOW_DAYS, silent=NO_CONTACT_DAYS,
             warn=CONTACT_WARNING_DAYS, midl=MIDL_LONG_MONTHS)


def releases_title() -> str:
    return t("title_releases", days=RELEASE_WINDOW_DAYS)


def summary_lines(report: "Status") -> list[str]:
    """The summary as plain sentences: shared by the terminal and the printout."""
    lines = [t("status_homeless", count=number(report.homeless), n=report.wants_housing)]
    changes = report.changes
    since = t("since_meeting", date=show_date(changes.since)) if changes.meeting else \
        t("since_days", date=show_date(changes.since))
    joined = [f"+{number(n)} {t('inflow_' + k)}" for k, n in changes.joined.items() if n]
    left = [f"−{number(n)} {t('outflow_' + k)}" for k, n in changes.left.items() if n]
    lines.append(f"{since}: " + (", ".join(joined + left) or t("no_changes")))
    new = [shown(f"{row.id} {row.name}") for row in report.rows if Flag.NEW in row.flags]
    if new:
        lines.append(t("new_on_list", names=", ".join(new)))
    lines.append(t("by_situation") + ": " + (" · ".join(f"{k} {number(n)}" for k, n in report.by_situation.items()) or "–"))
    if report.zero_vision_date:
        remaining = report.zero_vision_days_left or 0
        days = (t("zero_vision_days_left", n=remaining) if remaining >= 0
                else t("zero_vision_passed", n=-remaining))
        lines.append(t("zero_vision_line", date=show_date(report.zero_vision_date), days_left=days,
                       to_house=t("zero_vision_to_house", n=report.wants_housing)))
    else:
        lines.append(t("zero_vision_unset"))
    return lines


def table_cells(report: "Status") -> tuple[list[str], list[list[str]]]:
    """Headers and text cells of the by-name table (terminal and printout show the same)."""
    headers = [t(k) for k in ("col_id", "col_name", "col_age", "col_situation", "col_days",
                              "col_plan", "col_applications", "col_next_step", "col_contact",
                              "col_flags")]
    cells = []
    for row in report.rows:
        name = f"{row.name} ({unbroken(row.fnr)})" if row.fnr else row.name
        if row.id in report.housing_first:  # a Housing First participant (or invited), first so
            name = f"[{t('hf_mark_' + report.housing_first[row.id])}] {name}"  # no crop hides it
        plan = ""
        if row.route or row.target:
            plan = f"{row.route or ''} {show_date(row.target)}".strip()
            if row.target_overdue:
                plan += OVERDUE
        apps = ", ".join(unbroken(application_text(a)) for a in row.applications)
        step = ""
        if row.next_step:
            who = ", ".join(x for x in (row.next_owner, show_date(row.next_due)) if x)
            step = f"{row.next_step} ({who})" if who else row.next_step
            if row.next_due and row.next_due < report.day:
                step += OVERDUE
        cells.append([shown(c) for c in (
            row.id, name, "" if row.age is None else str(row.age),
            f"{row.situation} {show_date(row.since)}", number(row.days_homeless), plan, apps, step,
            "" if row.days_since_contact is None else number(row.days_since_contact),
            " ".join(t("flag_" + f.value) for f in row.flags),
        )])
    return headers, cells


def application_text(app: OpenApplication) -> str:
    """An open application in the reader's words, short for a table cell: 'kommunal innv.'."""
    return f"{t('app_short_' + app.kind.value)} {t('app_state_' + app.state)}"


def leases_title(report: "Status") -> str:
    return t("title_leases_ending", n=report.leases_ending.within_days)


def lease_cells(report: "Status") -> list[list[str]]:
    """The leases running out: tenant, dwelling, end date (and how soon), the plan's next step."""
    cells = []
    for lease in report.leases_ending.leases:
        home = " ".join(x for x in (lease.dwelling_id or lease.dwelling, lease.address) if x)
        when = (t("lease_days_left", n=lease.days_left) if lease.days_left >= 0
                else t("lease_days_over", n=-lease.days_left))
        step = ""
        if lease.next_step:
            who = ", ".join(x for x in (lease.next_owner, show_date(lease.next_due)) if x)
            step = f"{lease.next_step} ({who})" if who else lease.next_step
        cells.append([shown(c) for c in (lease.id, lease.name, home,
                                         unbroken(f"{show_date(lease.lease_end)} ({when})"),
                                         step or t("lease_no_step"))])
    return cells
