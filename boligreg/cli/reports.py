"""boligreg report and export: the Husbanken period figures and the internal by-name list."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from boligreg.cli.common import Format, FormatOpt, console, date_option, state
from boligreg.domain.dates import show_date
from boligreg.errors import InvalidInput
from boligreg.i18n import t


def check_period(reg, start: date, end: date) -> None:
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
    config = reg.config()
    zero = config.get("zero-vision-date")
    figures = figures_from(
        count_period(reg, start, end), start, end, municipality=config.get("municipality", ""),
        zero_vision_date=date.fromisoformat(zero) if zero else None,
    )
    if fmt == Format.JSON and xlsx is None:
        print(figures.model_dump_json(indent=2))
        return
    tables = sections(figures, reg.today)
    if xlsx is not None:
        from boligreg.reports.xlsx import report_workbook

        title = t("report_title", municipality=figures.municipality or t("register"),
                  start=show_date(start), end=show_date(end))
        report_workbook(tables, xlsx, title=title, author=figures.municipality or "boligreg",
                        suppress=not no_suppress, force=force)
        print(t("done_report_xlsx", path=str(xlsx)))
        return
    render_sections(tables)


def render_sections(tables) -> None:
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


def _text(value, kind: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, date):
        return show_date(value)
    if isinstance(value, float) and kind == "count_share":
        return f"{value:.0%}"
    return str(value)


def export(
    xlsx: Annotated[Path, typer.Option("--xlsx", metavar=t("metavar_xlsx"), help=t("help_export_xlsx"))],
    homeless: Annotated[bool, typer.Option("--homeless", help=t("help_list_homeless"))] = False,
    all_: Annotated[bool, typer.Option("--all", help=t("help_list_all"))] = False,
    show_fnr: Annotated[bool, typer.Option("--show-fnr", help=t("help_show_fnr"))] = False,
    force: Annotated[bool, typer.Option("--force", help=t("help_force"))] = False,
) -> None:
    from boligreg.files import check_target
    from boligreg.reports.xlsx import list_workbook
    from boligreg.store import actions

    reg = state.register()
    check_target(xlsx, force)
    headers, rows = export_rows(reg, everyone=all_ and not homeless, show_fnr=show_fnr)
    title = t("export_title", date=show_date(reg.today))
    list_workbook(headers, rows, xlsx, title=title, author=reg.user, force=force)
    actions.log_export(reg, str(xlsx), len(rows), show_fnr)
    print(t("done_export", path=str(xlsx), n=len(rows)))


def export_rows(reg, everyone: bool, show_fnr: bool) -> tuple[list[str], list[list]]:
    """The status columns for each homeless person (or every person, with their state),
    in id order; each history is read once and its episodes worked out at most once. Only a
    person whose stay today can be listed can be homeless today: the homeless list reads
    only them, and the list of everyone reads the others' stays and exits alone."""
    from boligreg.domain.dates import age_on
    from boligreg.domain.fnr import mask_fnr
    from boligreg.domain.timeline import episode_on, episodes, listable_on, state_on, stay_on
    from boligreg.reports.status import status_row
    from boligreg.reports.status_text import application_text

    today, inactive_after_days = reg.today, reg.inactive_after_days
    keys = ["col_id", "col_name", "col_fnr", "col_age", "col_state", "col_situation", "col_since",
            "col_days", "col_route", "col_target", "col_applications", "col_next_step",
            "col_owner", "col_due", "col_contact_days", "col_flags", "col_caseworker"]
    rows = []
    for history in reg.listable_histories(today, everyone=everyone):
        listed = listable_on(history, today)
        eps = episodes(history, inactive_after_days) if listed else None
        current = episode_on(eps, today) if listed else None
        if current is None and not everyone:
            continue
        person = history.person
        fnr = person.fnr if show_fnr else mask_fnr(person.fnr)
        if current is not None:
            row = status_row(history, current, today)
            rows.append([row.id, row.name, fnr or None, row.age, t("state_homeless"), row.situation,
                         row.since, row.days_homeless, row.route, row.target,
                         ", ".join(map(application_text, row.applications)) or None,
                         row.next_step, row.next_owner, row.next_due, row.days_since_contact,
                         " ".join(t("flag_" + f.value) for f in row.flags) or None,
                         person.caseworker])
        else:
            stay = stay_on(history.stays, today)
            state_ = state_on(history, today, inactive_after_days, eps)
            rows.append([person.id, person.display_name, fnr or None,
                         age_on(person.born, person.birth_year, today), t("state_" + state_),
                         stay.code.value if stay else None, stay.start if stay else None,
                         None, None, None, None, None, None, None, None, None, person.caseworker])
    return [t(k) for k in keys], rows
