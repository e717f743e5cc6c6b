"""boligreg status: the by-name list for the biweekly meeting, in the terminal, CSV, JSON or print."""

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from boligreg.cli.options import CsvDialect, CsvDialectOpt, DateOpt, Format, FormatOpt
from boligreg.cli.session import state
from boligreg.cli.text_table import Cell, Column, Line, paragraph, table
from boligreg.domain.dates import show_date
from boligreg.i18n import t

if TYPE_CHECKING:
    from boligreg.reports.status import Status

CSV_COLUMNS = ("col_id", "col_name", "col_fnr", "col_age", "col_situation", "col_since",
               "col_days_homeless", "col_wants_housing", "col_route", "col_target",
               "col_target_overdue", "col_applications", "col_next_step_text", "col_owner",
               "col_due", "col_contact_days", "col_flags")


STATUS_LAYOUT: tuple[dict, ...] = (
    {"wrap": False},  # Id
    {"give": 9, "name": True},  # Navn (fødselsnr.): gives up width last, and wraps rather than being cut
    {"right": True, "wrap": False},  # Alder
    {"give": 5},  # Situasjon: the code above its date
    {"right": True, "wrap": False},  # Dager
    {"give": 4},  # Plan (mål)
    {"give": 3, "fold": 3},  # Søknader
    {"give": 1, "fold": 1},  # Neste steg: first to wrap, first onto the second line
    {"right": True, "wrap": False},  # Kont.
    {"give": 6, "fold": 2},  # Flagg: they wrap between flags, never inside one
)
"""How each column of the status list behaves when the width is short (cli/text_table.py)."""


SMALL_LIST = (Column("", wrap=False), Column("", give=2), Column("", give=1), Column("", wrap=False),
              Column("", wrap=False))
"""The releases and the housed below the table: id, name, situation or dwelling, date, note."""
LEASE_LIST = (Column("", wrap=False), Column("", give=2, name=True), Column("", give=1),
              Column("", wrap=False), Column("", give=1, fold=1))
"""The leases ending: tenant, name, dwelling, end date, and the plan's next step."""


def status(
    day: DateOpt = None,
    fmt: FormatOpt = Format.TABLE,
    print_to: Annotated[
        Path | None, typer.Option("--print", metavar=t("metavar_html"), help=t("help_status_print"))
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help_force"))] = False,
    dialect: CsvDialectOpt = None,
) -> None:
    from boligreg.reports.status import load_status
    from boligreg.store.reads import log_read

    reg = state.register()
    report = load_status(reg, day or reg.today)
    shown: dict[str, Any] = {"persons": len(report.rows), "date": report.day.isoformat()}
    if print_to is not None:
        from boligreg.reports.printout import write_status_html

        anchor = reg.log_head()  # the log as it stood when the list was read
        write_status_html(report, print_to, force=force, anchor=anchor, record=lambda: log_read(
            reg, "status --print", "status", **shown, file=os.path.abspath(print_to)))
        from boligreg.cli.output import say

        say(t("done_print", path=str(print_to)))
        return
    log_read(reg, "status", "status", **shown, format=fmt.value)  # before anything is shown
    if fmt == Format.JSON:
        from boligreg.cli.output import print_json
        from boligreg.domain.models import dump_json

        print_json(dump_json(report))
        return
    if fmt == Format.CSV:
        from boligreg.cli.output import write_csv
        from boligreg.reports.status_text import application_text

        rows = ([r.id, r.name, r.fnr, r.age, r.situation, r.since, r.days_homeless, r.wants_housing,
                 r.route, r.target, r.target_overdue, ", ".join(map(application_text, r.applications)),
                 r.next_step, r.next_owner, r.next_due, r.days_since_contact,
                 " ".join(t("flag_" + f.value) for f in r.flags)] for r in report.rows)
        write_csv([t(key) for key in CSV_COLUMNS], rows, CsvDialect.for_language(dialect))
        return
    render_status(report)


def render_status(report: "Status") -> None:
    """Print the summary, the by-name table, the flag legend and the release and housed lists,
    laid out to the screen's width by cli/text_table.py (its order: wrap, fold the next step,
    the flags and the applications onto a second line, stack), styled on a terminal."""
    from boligreg.cli.output import screen, write

    where = screen()
    write(status_lines(report, where.width, where.page), where)


def status_lines(report: "Status", width: int, page: int | None = None) -> list[Line]:
    """Everything `status` prints, as lines of styled pieces at most `width` columns wide."""
    from boligreg.reports.status_text import flag_legend, releases_title, summary_lines

    title = t("status_title", municipality=report.municipality or t("register"),
              date=show_date(report.day))
    lines = paragraph([(title, "title")], width)
    for sentence in summary_lines(report):
        lines += paragraph(sentence, width)
    lines.append([])
    headers, cells = status_cells(report)
    columns = [Column(header, **layout) for header, layout in zip(headers, STATUS_LAYOUT)]
    lines += table(columns, cells, width, page)
    lines += paragraph(flag_legend(), width)
    if report.releases:
        lines += [[], *paragraph([(releases_title(), "title")], width)]
        rows: list[list[Cell]] = [[rel.id, rel.name, rel.situation, show_date(rel.release),
                 [(t("dwelling_arranged"), "good")] if rel.arranged else [(t("no_dwelling"), "urgent")]]
                for rel in report.releases]
        lines += table(SMALL_LIST, rows, width, header=False, indent=2)
    lines += [[], *paragraph([(t("title_housed_since", date=show_date(report.changes.since)), "title")],
                             width)]
    housed = [[item.id, item.name,
               item.dwelling + (f" ({t('housing_first')})" if item.housing_first else ""),
               show_date(item.date)] for item in report.housed]
    lines += table(SMALL_LIST[:4], housed, width, header=False, indent=2) if housed else [[("  –", None)]]
    return lines + lease_lines(report, width)


def lease_lines(report: "Status", width: int) -> list[Line]:
    """The section «Kontrakter som løper ut», after the rest: leases ending within the
    configured days, with the tenant, the end date and the plan's next step (on a second line
    when the width is short)."""
    from boligreg.reports.status_text import lease_cells, leases_title

    lines: list[Line] = [[], *paragraph([(leases_title(report), "title")], width)]
    rows: list[list[Cell]] = [list(cells) for cells in lease_cells(report)]
    return lines + (table(LEASE_LIST, rows, width, header=False, indent=2) if rows else [[("  –", None)]])


def status_cells(report: "Status") -> tuple[list[str], list[list[Cell]]]:
    """The table's cells as the printout has them (reports/status_text.table_cells), styled:
    each flag by its weight, the overdue marks, and the id by the row's most urgent flag."""
    from boligreg.reports.status_text import FLAG_WEIGHT, NBSP, OVERDUE, table_cells

    headers, cells = table_cells(report)
    styled: list[list[Cell]] = []
    for row, texts in zip(report.rows, cells):
        weights = [FLAG_WEIGHT[f] for f in row.flags]
        lead = next((w for w in ("urgent", "warn") if w in weights), None)
        flags: list[tuple[str, str | None]] = []
        for flag, weight in zip(row.flags, weights):
            flags += [(" ", None)] if flags else []
            flags.append((t("flag_" + flag.value), weight))
        line: list[Cell] = [[(texts[0], lead)], *texts[1:9], flags]
        line[6] = texts[6].replace(NBSP, " ")  # an application may wrap between kind and state here
        for index in (5, 7):  # the plan's target and the next step's due date
            text = texts[index]
            if text.endswith(OVERDUE):
                line[index] = [(text[: -len(OVERDUE)], None), (OVERDUE, "overdue")]
        styled.append(line)
    return headers, styled
