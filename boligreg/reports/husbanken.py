"""The Husbanken workbook as its reader gets it: the period's figures laid out as sheets
(reports/tables.py), every small count hidden so that none can be worked back
(reports/suppression.py), a title block and a running header on every sheet, the definitions
on a sheet of their own, and A4 print settings (reports/xlsx.py writes it)."""

from datetime import date
from pathlib import Path

from boligreg.domain.dates import show_date
from boligreg.i18n import number, t
from boligreg.reports.figures import PeriodFigures
from boligreg.reports.suppression import (
    Mark,
    Model,
    Suppression,
    report_model,
    stock_marks,
    suppress,
)
from boligreg.reports.tables import Row, Section, sections
from boligreg.reports.xlsx import Page, report_workbook
from boligreg.settings import NO_CONTACT_DAYS, Settings

HIDDEN = "x"
"""How a hidden count is written. Every hidden count is written alike, small or not: a reader
who could tell "1–4" from "hidden to protect it" could often work the small one back."""


def masked(tables: list[Section], model: Model, hidden: Suppression) -> list[Section]:
    """The sections with each hidden count (and each statistic of a hidden group) written "x",
    and the check's label built from what it shows, not from the figures."""
    result = []
    for section in tables:
        rows = []
        for index, row in enumerate(section.rows):
            values = []
            for column, value in enumerate(row.values):
                key = model.key_at(section.key, index, column)
                values.append(HIDDEN if key is not None and hidden.mark(key) != Mark.SHOWN else value)
            label = row.label
            if (section.key, index) in model.label_keys:
                parts = {name: HIDDEN if hidden.mark(key) != Mark.SHOWN else number(model.values[key])
                         for name, key in model.label_keys[section.key, index].items()}
                label = t("fig_identity", **parts)
            rows.append(Row(label, values, row.kind))
        result.append(Section(section.key, section.title, section.headers, rows))
    return result


def complete_suppression(figures: PeriodFigures, model: Model) -> Suppression:
    """Every count that must be hidden, with each count day's stock hidden as that day's stock
    alone decides (stock_marks): the half-year reports Husbanken gets share a count day, and
    must hide the same cells of it. Should those fixed cells leave a small count no protection
    (not seen, but not proved impossible), the report is suppressed on its own instead."""
    fixed = {**stock_marks(figures.start, "start"), **stock_marks(figures.end, "end")}
    try:
        return suppress(model, tell_small=False, fixed=fixed)
    except RuntimeError:
        return suppress(model, tell_small=False)


def definitions(settings: Settings) -> Section:
    """Each figure's definition in words (DESIGN.md § Figures, the housing side's in issue 21's
    words), what "x" means, that reports handed out together can undo it, and the inactivity
    rule in force."""
    months = settings.housing_first_months
    texts = [
        ("sheet_stock", t("def_homeless")), ("fig_day", t("def_count_day")),
        ("fig_total", t("def_stock")), ("fig_with_children", t("def_children")),
        ("fig_under_6m", t("def_duration")), ("col_gender", t("def_gender")),
        ("fig_in", t("def_inflow")),
        ("fig_out", t("def_outflow", days=settings.inactive_after_days)),
        ("fig_check", t("def_identity")), ("housing_first", t("def_housing_first")),
        ("fig_days_median", t("def_days_to_housing")), ("fig_return_0_180", t("def_returns")),
        ("col_target", t("def_target")), ("sheet_temporary", t("def_temporary")),
        ("sheet_releases", t("def_releases")), ("sheet_municipal", t("def_applications")),
        ("fig_waiting_list", t("def_waiting_list")),
        ("fig_hf_participants", t("def_housing_first_follow")),
        ("sheet_zero_vision", t("def_zero_vision")),
        ("sheet_quality", t("def_quality", contact=NO_CONTACT_DAYS)),
        ("outflow_inactive", t("def_inactivity", days=settings.inactive_after_days)),
    ]
    rows = [Row(t(label).strip(), [text], "text") for label, text in texts]
    dwellings = [  # the sheets "Ledige boliger og tildeling" and "Housing First oppfølging"
        ("fig_dw_stock", "def_dw_stock"), ("fig_dw_vacancies", "def_dw_vacancies"),
        ("fig_dw_days_median", "def_dw_days"), ("fig_dw_offers", "def_dw_offers"),
        ("fig_dw_allocations", "def_dw_allocations"),
        ("fig_dw_tenancies_start", "def_dw_tenancies"),
        ("fig_dw_tenancies_end", "def_dw_tenancies_end"), ("fig_dw_leases_end", "def_dw_leases"),
        ("fig_hff_invited", "def_hff_invited"), ("fig_hff_active_end", "def_hff_active"),
        ("fig_hff_ended", "def_hff_ended"), ("fig_hff_moved_in", "def_hff_moved_in"),
    ]
    rows += [Row(t(label).strip(" …"), [t(text, months=months)], "text") for label, text in dwellings]
    rows.append(Row(t("fig_hff_reached", n=months), [t("def_hff_followed", n=months)], "text"))
    rows.append(Row(HIDDEN, [t("def_suppression")], "text"))
    rows.append(Row(t("def_label_together"), [t("def_together")], "text"))
    return Section("definitions", t("sheet_definitions"), [t("col_figure"), t("col_definition")], rows)


def report_page(settings: Settings, start: date, end: date, made: date, hide_small: bool,
                warning_key: str = "report_not_for_husbanken", header: str | None = None,
                made_key: str | None = None, footer: str | None = None) -> Page:
    """The title block and the running header; a workbook with small counts shown says on
    every sheet and page that it is not the one to send (`warning_key`). The last line says
    when it was made and, where counts are hidden, where "x" is explained (`made_key`)."""
    municipality = settings.municipality or t("register")
    warning = () if hide_small else (t(warning_key),)
    header = header or t("report_header", municipality=municipality, start=show_date(start),
                         end=show_date(end))
    return Page(
        title_lines=(
            *warning,
            t("report_line_municipality", municipality=municipality,
              number=settings.kommunenummer or t("not_set")),
            t("report_line_period", start=show_date(start), end=show_date(end)),
            t("report_line_unit", unit=settings.reporting_unit or t("not_set")),
            t("report_line_contact", contact=settings.contact or t("not_set")),
            t(made_key or ("report_line_made" if hide_small else "report_line_made_on"),
              date=show_date(made)),
        ),
        header=f"{warning[0]} — {header}" if warning else header,
        footer_left=footer or t("report_footer", date=show_date(made)),
    )


def write_report_workbook(figures: PeriodFigures, path: Path, *, settings: Settings, made: date,
                          hide_small: bool, force: bool, anchor: str | None = None) -> None:
    """`report --xlsx`: `hide_small=False` (--no-suppress) is for the municipality's own use."""
    tables = sections(figures, made)
    if hide_small:
        from boligreg.reports.housing import extend_report_model

        model = report_model(figures)
        extend_report_model(model, figures)  # the dwellings' and Housing First's sheets
        tables = masked(tables, model, complete_suppression(figures, model))
    tables.append(definitions(settings))
    page = report_page(settings, figures.period_from, figures.period_to, made, hide_small)
    title = t("report_title", municipality=settings.municipality or t("register"),
              start=show_date(figures.period_from), end=show_date(figures.period_to))
    report_workbook(tables, path, title=title, author=settings.municipality or "boligreg",
                    page=page, force=force, anchor=anchor)
