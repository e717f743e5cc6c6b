"""boligreg status: the by-name list for the biweekly meeting, in the terminal, CSV, JSON or print."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from boligreg.cli.options import DateOpt, Format, FormatOpt
from boligreg.cli.session import state
from boligreg.cli.text_table import Cell, Column, Line, paragraph, table
from boligreg.domain.dates import show_date
from boligreg.i18n import t

if TYPE_CHECKING:
    from boligreg.reports.status import Status

ROW_KEYS = ("id", "name", "fnr", "age", "situation", "since", "days_homeless", "wants_housing",
            "route", "target", "target_overdue", "applications", "next_step", "next_owner",
            "next_due", "days_since_contact", "flags")


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


def status(
    day: DateOpt = None,
    fmt: FormatOpt = Format.TABLE,
    print_to: Annotated[
        Path | None, typer.Option("--print", metavar=t("metavar_html"), help=t("help_status_print"))
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help_force"))] = False,
) -> None:
    from boligreg.reports.status import load_status

    reg = state.register()
    report = load_status(reg, day or reg.today)
    if print_to is not None:
        from boligreg.reports.printout import write_status_html

        write_status_html(report, print_to, force=force)
        print(t("done_print", path=str(print_to)))
        return
    if fmt == Format.JSON:
        from boligreg.domain.models import dump_json

        print(dump_json(report))
        return
    if fmt == Format.CSV:
        import csv

        from boligreg.domain.models import dump_plain

        writer = csv.writer(sys.stdout)
        writer.writerow(ROW_KEYS)
        for row in report.rows:
            data = dump_plain(row)
            writer.writerow(";".join(v) if isinstance(v, list) else v for v in
                            (data[k] for k in ROW_KEYS))
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
    return lines


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
