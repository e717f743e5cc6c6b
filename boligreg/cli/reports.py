"""boligreg report and export: the Husbanken period figures and the internal by-name list."""

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.options import ReportFormat, ReportFormatOpt, date_option, number_option
from boligreg.cli.output import console, plain, say
from boligreg.cli.session import state
from boligreg.domain.dates import show_date
from boligreg.errors import InvalidInput
from boligreg.i18n import t

if TYPE_CHECKING:
    from boligreg.reports.tables import Section
    from boligreg.store.register import Register


app = command_group("help_report")


def check_period(reg: "Register", start: date, end: date) -> None:
    if start > end:
        raise InvalidInput("err_period_order", start=show_date(start), end=show_date(end))
    reg.check_day_in_history(end)


XlsxOpt = Annotated[Path | None, typer.Option("--xlsx", metavar=t("metavar_xlsx"), help=t("help_report_xlsx"))]
NoSuppressOpt = Annotated[bool, typer.Option("--no-suppress", help=t("help_no_suppress"))]
ForceOpt = Annotated[bool, typer.Option("--force", help=t("help_force"))]


@app.callback(invoke_without_command=True)
def report(
    ctx: typer.Context,
    start: Annotated[date | None, date_option("--from", help_key="help_report_from")] = None,
    end: Annotated[date | None, date_option("--to", help_key="help_report_to")] = None,
    fmt: ReportFormatOpt = ReportFormat.TABLE,
    xlsx: XlsxOpt = None,
    no_suppress: NoSuppressOpt = False,
    force: ForceOpt = False,
) -> None:
    """The period report when no subcommand is given (`report --from D --to D`, as always)."""
    if ctx.invoked_subcommand is not None:
        if start or end:
            raise InvalidInput("err_period_with_subcommand", command=ctx.invoked_subcommand)
        return
    if start is None or end is None:
        raise InvalidInput("err_missing_param", param="'--from'" if start is None else "'--to'")
    period_report(start, end, fmt, xlsx, no_suppress, force)


def period_report(start: date, end: date, fmt: ReportFormat, xlsx: Path | None, no_suppress: bool,
                  force: bool) -> None:
    from boligreg.files import check_target
    from boligreg.reports.counting import count_period
    from boligreg.reports.figures import figures_from
    from boligreg.reports.tables import sections

    reg = state.register()
    check_period(reg, start, end)
    if xlsx is not None:
        check_target(xlsx, force, suffix=".xlsx")  # before the work, so a refusal is quick
    from boligreg.reports.housing import housing_figures

    settings = reg.settings

    with reg.reading():  # the persons' figures and the dwellings' from one state of the register
        dwellings, follow_up = housing_figures(reg, start, end)
        figures = figures_from(count_period(reg, start, end), start, end,
                               municipality=settings.municipality,
                               zero_vision_date=settings.zero_vision_date,
                               dwellings=dwellings, housing_first_follow_up=follow_up)
    if fmt == ReportFormat.JSON and xlsx is None:
        from boligreg.cli.output import print_json

        print_json(figures.model_dump_json(indent=2))
        return
    if xlsx is not None:
        from boligreg.reports.husbanken import write_report_workbook

        write_report_workbook(figures, xlsx, settings=settings, made=reg.today,
                              hide_small=not no_suppress, force=force, anchor=reg.log_head())
        say(t("done_report_xlsx", path=str(xlsx)))
        return
    render_sections(sections(figures, reg.today))


@app.command("kostra", help=t("help_report_kostra"), short_help=t("short_report_kostra"))
def kostra(
    year: Annotated[int, number_option("--year", low=1900, high=9999, help_key="help_kostra_year")],
    fmt: ReportFormatOpt = ReportFormat.TABLE,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", metavar=t("metavar_xlsx"),
                                              help=t("help_kostra_xlsx"))] = None,
    no_suppress: NoSuppressOpt = False,
    force: ForceOpt = False,
) -> None:
    from boligreg.files import check_target
    from boligreg.reports.counting import count_in_parts
    from boligreg.reports.kostra import (
        dwelling_stock,
        kostra_figures,
        kostra_sections,
        kostra_tally,
        year_bounds,
    )

    reg = state.register()
    end = year_bounds(year)[1]
    if end > reg.today:
        raise InvalidInput("err_year_not_over", year=str(year), end=show_date(end))
    reg.check_day_in_history(end)
    if xlsx is not None:
        check_target(xlsx, force, suffix=".xlsx")
    with reg.reading():  # contacts matter only to bring back a person set inactive by hand
        counted = count_in_parts(reg, kostra_tally, (year,),
                                 load={"contacts_of": reg.set_inactive_by_hand()})
        stock = dwelling_stock(reg)  # the dwellings' stock from the same state
    figures = kostra_figures(counted, year, municipality=reg.settings.municipality, stock=stock)
    if fmt == ReportFormat.JSON and xlsx is None:
        from boligreg.cli.output import print_json

        print_json(figures.model_dump_json(indent=2))
        return
    if xlsx is not None:
        from boligreg.reports.kostra import write_kostra_workbook

        write_kostra_workbook(figures, xlsx, settings=reg.settings, made=reg.today,
                              hide_small=not no_suppress, force=force, anchor=reg.log_head())
        say(t("done_kostra_xlsx", path=str(xlsx)))
        return
    render_sections(kostra_sections(figures, reg.today, apart=True), text_left=True)


@app.command("survey", help=t("help_report_survey"), short_help=t("short_report_survey"))
def survey(
    week: Annotated[str, typer.Option("--week", metavar="YYYY-Www", help=t("help_survey_week"))],
    fmt: ReportFormatOpt = ReportFormat.TABLE,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", metavar=t("metavar_xlsx"),
                                              help=t("help_survey_xlsx"))] = None,
    dedup_fields: Annotated[bool, typer.Option("--dedup-fields", help=t("help_dedup_fields"))] = False,
    force: ForceOpt = False,
) -> None:
    from boligreg.domain.dates import parse_week
    from boligreg.files import check_target
    from boligreg.reports.counting import count_in_parts
    from boligreg.reports.survey import survey_rows, survey_sections, survey_summary

    monday, sunday = parse_week(week)
    reg = state.register()
    if sunday > reg.today:
        raise InvalidInput("err_week_not_over", week=week.strip()[:40], end=show_date(sunday))
    reg.check_day_in_history(sunday)
    if xlsx is not None:
        check_target(xlsx, force, suffix=".xlsx")
    settings = reg.settings
    with reg.reading():  # only persons with a listable stay in the week can be homeless in it
        rows = count_in_parts(reg, survey_rows, (monday, sunday, settings.inactive_after_days,
                                                 settings.municipality, dedup_fields),
                              start=[], ids=reg.listable_between(monday, sunday))
    figures = survey_summary(rows, monday, sunday, municipality=settings.municipality,
                             dedup=dedup_fields)
    from boligreg.store.exports import log_survey

    if xlsx is not None:  # a form per person leaves the register: logged before the file has its name
        from boligreg.reports.survey import write_survey_workbook

        write_survey_workbook(figures, xlsx, settings=settings, made=reg.today, force=force,
                              record=lambda: log_survey(reg, str(xlsx), figures.week, figures.total,
                                                        dedup_fields))
    elif dedup_fields:  # birth year and initials shown in the terminal: logged too
        log_survey(reg, "-", figures.week, figures.total, dedup_fields)
    if xlsx is not None:
        say(t("done_survey_xlsx", path=str(xlsx), n=figures.total))
        return
    if fmt == ReportFormat.JSON:
        from boligreg.cli.output import print_json

        print_json(figures.model_dump_json(indent=2))
        return
    render_sections(survey_sections(figures, forms=False), text_left=True)
    say(t("survey_forms_elsewhere", n=figures.total))


def render_sections(tables: list["Section"], text_left: bool = False) -> None:
    """Each section as a table; numbers to the right, and with text_left a column of words
    alone (a definition, a description) to the left."""
    from rich.table import Table

    out = console()
    for section in tables:  # the municipality's name may hold [brackets]: never markup
        table = Table(title=plain(section.title), title_justify="left", show_edge=False)
        for index, header in enumerate(section.headers):
            words = text_left and all(isinstance(row.values[index - 1], str)
                                      for row in section.rows if index)
            table.add_column(plain(header), justify="left" if index == 0 or words else "right")
        for row in section.rows:
            table.add_row(plain(row.label), *(plain(_text(v, row.kind)) for v in row.values))
        out.print(table)
        out.print()


def _text(value: Any, kind: str) -> str:
    from boligreg.i18n import number

    if value is None:
        return "–"
    if isinstance(value, date):
        return show_date(value)
    if isinstance(value, float) and kind == "count_share":
        return number(value, decimals=1, share=True)
    if isinstance(value, float):
        return number(value, decimals=1)
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value)
    return str(value)


def export(
    xlsx: Annotated[Path, typer.Option("--xlsx", metavar=t("metavar_xlsx"), help=t("help_export_xlsx"))],
    homeless: Annotated[bool, typer.Option("--homeless", help=t("help_list_homeless"))] = False,
    all_: Annotated[bool, typer.Option("--all", help=t("help_list_all"))] = False,
    show_fnr: Annotated[bool, typer.Option("--show-fnr", help=t("help_show_fnr"))] = False,
    force: Annotated[bool, typer.Option("--force", help=t("help_force"))] = False,
) -> None:
    from boligreg.files import check_target
    from boligreg.reports.lists import export_rows, export_table
    from boligreg.reports.xlsx import Page, list_workbook
    from boligreg.store.exports import log_export

    reg = state.register()
    check_target(xlsx, force, suffix=".xlsx")
    rows = export_rows(reg, everyone=all_ and not homeless, show_fnr=show_fnr)
    headers, cells = export_table(rows)
    title = t("export_title", date=show_date(reg.today))
    page = Page(title_lines=(), header=t("confidential"),
                footer_left=t("export_footer", date=show_date(reg.today)))
    list_workbook(headers, cells, xlsx, title=title, author=reg.user, page=page, force=force,
                  record=lambda: log_export(reg, os.path.abspath(xlsx), len(rows), show_fnr))
    say(t("done_export", path=str(xlsx), n=len(rows)))
