"""boligreg report and export: the Husbanken period figures and the internal by-name list."""

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from boligreg.cli.options import ReportFormat, ReportFormatOpt, date_option
from boligreg.cli.output import console, plain, say
from boligreg.cli.session import state
from boligreg.domain.dates import show_date
from boligreg.errors import InvalidInput
from boligreg.i18n import t

if TYPE_CHECKING:
    from boligreg.reports.tables import Section
    from boligreg.store.register import Register


def check_period(reg: "Register", start: date, end: date) -> None:
    if start > end:
        raise InvalidInput("err_period_order", start=show_date(start), end=show_date(end))
    reg.check_day_in_history(end)


def report(
    start: Annotated[date, date_option("--from", help_key="help_report_from")],
    end: Annotated[date, date_option("--to", help_key="help_report_to")],
    fmt: ReportFormatOpt = ReportFormat.TABLE,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", metavar=t("metavar_xlsx"), help=t("help_report_xlsx"))] = None,
    no_suppress: Annotated[bool, typer.Option("--no-suppress", help=t("help_no_suppress"))] = False,
    force: Annotated[bool, typer.Option("--force", help=t("help_force"))] = False,
) -> None:
    from boligreg.files import check_target
    from boligreg.reports.counting import count_period
    from boligreg.reports.figures import figures_from
    from boligreg.reports.tables import sections

    reg = state.register()
    check_period(reg, start, end)
    if xlsx is not None:
        check_target(xlsx, force, suffix=".xlsx")  # before the work, so a refusal is quick
    settings = reg.settings
    figures = figures_from(count_period(reg, start, end), start, end,
                           municipality=settings.municipality,
                           zero_vision_date=settings.zero_vision_date)
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


def render_sections(tables: list["Section"]) -> None:
    from rich.table import Table

    out = console()
    for section in tables:  # the municipality's name may hold [brackets]: never markup
        table = Table(title=plain(section.title), title_justify="left", show_edge=False)
        for index, header in enumerate(section.headers):
            table.add_column(plain(header), justify="left" if index == 0 else "right")
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
