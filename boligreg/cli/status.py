"""boligreg status: the by-name list for the biweekly meeting, in the terminal, CSV, JSON or print."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from boligreg.cli.options import CsvDialect, CsvDialectOpt, DateOpt, Format, FormatOpt
from boligreg.cli.output import console
from boligreg.cli.session import state
from boligreg.domain.dates import show_date
from boligreg.i18n import t

if TYPE_CHECKING:
    from boligreg.reports.status import Status

CSV_COLUMNS = ("col_id", "col_name", "col_fnr", "col_age", "col_situation", "col_since",
               "col_days_homeless", "col_wants_housing", "col_route", "col_target",
               "col_target_overdue", "col_applications", "col_next_step_text", "col_owner",
               "col_due", "col_contact_days", "col_flags")


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
    """Print the summary, the table and the release/housed lists.

    The table is laid out here (cli/text_table.py), not by rich's Table, which is too slow for
    a list of a thousand persons (bench/PROFILE.md). A pipe or a file gets plain text, every
    column whole, without loading rich; a terminal gets bold titles and flags, and the table
    cropped to the screen rather than wrapped."""
    from boligreg.cli.output import terminal_width
    from boligreg.cli.text_table import cell, fit_widths, line, rule
    from boligreg.reports.status_text import flag_legend, releases_title, summary_lines, table_cells

    Line = list[tuple[str, str | None]]  # the pieces of one line, each with its style
    bold = "bold"
    title = t("status_title", municipality=report.municipality or t("register"),
              date=show_date(report.day))
    summary: list[Line] = [[(s, None)] for s in summary_lines(report)]
    head: list[Line] = [[(title, bold)], *summary, [("", None)]]
    headers, cells = table_cells(report)
    width = terminal_width()
    widths = fit_widths(headers, cells, width, flexible=(1, 5, 6, 7))
    table: list[Line] = [[(line(headers, widths), bold)], [(rule(widths), None)]]
    for row in cells:  # the flags, last, in bold: what the meeting must act on
        table.append([("  ".join(cell(c, w) for c, w in zip(row[:-1], widths[:-1])) + "  ", None),
                      (cell(row[-1], widths[-1]).rstrip(), bold)])
    tail: list[Line] = [[(flag_legend(), None)]]
    if report.releases:
        tail += [[("", None)], [(releases_title(), bold)]]
        for rel in report.releases:
            arranged = t("dwelling_arranged") if rel.arranged else t("no_dwelling")
            tail.append([(f"  {rel.id}  {rel.name}  {rel.situation}  {show_date(rel.release)}  {arranged}",
                          None)])
    tail += [[("", None)], [(t("title_housed_since", date=show_date(report.changes.since)), bold)]]
    for item in report.housed:
        hf = f" ({t('housing_first')})" if item.housing_first else ""
        tail.append([(f"  {item.id}  {item.name}  {item.dwelling}{hf}  {show_date(item.date)}", None)])
    if not report.housed:
        tail.append([("  –", None)])
    if width is None:
        sys.stdout.write("".join("".join(text for text, _ in parts) + "\n"
                                 for parts in (*head, *table, *tail, *lease_block(report))))
        return
    from rich.text import Text

    def block(lines: list[Line]) -> Text:
        return Text("\n").join(Text.assemble(*((text, style or "") for text, style in parts))
                               for parts in lines)

    out = console()
    out.print(block(head))
    out.print(block(table), no_wrap=True, overflow="crop", crop=False, soft_wrap=True)
    out.print(block(tail))
    out.print(block(lease_block(report)))


def lease_block(report: "Status") -> list[list[tuple[str, str | None]]]:
    """The section «Kontrakter som løper ut», after the rest: leases ending within the
    configured days, with the tenant, the end date and the plan's next step."""
    from boligreg.reports.status_text import lease_cells, leases_title

    lines: list[list[tuple[str, str | None]]] = [[("", None)], [(leases_title(report), "bold")]]
    for tenant, name, home, end, step in lease_cells(report):  # the plan's step on its own line
        lines += [[(f"  {tenant}  {name}  {home}  {end}", None)], [(f"         {step}", None)]]
    if not report.leases_ending.leases:
        lines.append([("  –", None)])
    return lines
