"""boligreg report and export: the Husbanken period figures and the internal by-name list."""

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from boligreg.cli.options import Format, FormatOpt, date_option
from boligreg.cli.output import console
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
    fmt: FormatOpt = Format.TABLE,
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
        check_target(xlsx, force)  # before the work, so a refusal is quick
    from boligreg.reports.housing import housing_figures

    settings = reg.settings
    with reg.reading():  # the persons' figures and the dwellings' from one state of the register
        dwellings, follow_up = housing_figures(reg, start, end)
        figures = figures_from(count_period(reg, start, end), start, end,
                               municipality=settings.municipality,
                               zero_vision_date=settings.zero_vision_date,
                               dwellings=dwellings, housing_first_follow_up=follow_up)
    if fmt == Format.JSON and xlsx is None:
        print(figures.model_dump_json(indent=2))
        return
    if xlsx is not None:
        from boligreg.reports.husbanken import write_report_workbook

        if not no_suppress:  # TODO(integrator): the suppression model does not know the housing
            # sheets yet; until reports.housing.extend_report_model is called where
            # report_model is, the workbook sent out leaves them out rather than show small counts
            figures = figures.model_copy(update={"dwellings": None, "housing_first_follow_up": None})
        write_report_workbook(figures, xlsx, settings=settings, made=reg.today,
                              hide_small=not no_suppress, force=force)
        print(t("done_report_xlsx", path=str(xlsx)))
        return
    render_sections(sections(figures, reg.today))


def render_sections(tables: list["Section"]) -> None:
    from rich.table import Table

    out = console()
    for section in tables:
        table = Table(title=section.title, title_justify="left", show_edge=False)
        for index, header in enumerate(section.headers):
            table.add_column(header, justify="left" if index == 0 else "right")
        for row in section.rows:
            table.add_row(row.label, *(_text(v, row.kind) for v in row.values))
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
    check_target(xlsx, force)
    rows = export_rows(reg, everyone=all_ and not homeless, show_fnr=show_fnr)
    headers, cells = export_table(rows)
    title = t("export_title", date=show_date(reg.today))
    page = Page(title_lines=(), header=t("confidential"),
                footer_left=t("export_footer", date=show_date(reg.today)))
    list_workbook(headers, cells, xlsx, title=title, author=reg.user, page=page, force=force)
    log_export(reg, str(xlsx), len(rows), show_fnr)
    print(t("done_export", path=str(xlsx), n=len(rows)))
