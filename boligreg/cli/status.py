"""boligreg status: the by-name list for the biweekly meeting, in the terminal, CSV, JSON or print."""

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from boligreg.cli.common import DateOpt, Format, FormatOpt, console, state
from boligreg.domain.dates import show_date
from boligreg.i18n import t

ROW_KEYS = ("id", "name", "fnr", "age", "situation", "since", "days_homeless", "wants_housing",
            "route", "target", "target_overdue", "applications", "next_step", "next_owner",
            "next_due", "days_since_contact", "flags")


def status(
    day: DateOpt = None,
    fmt: FormatOpt = Format.TABLE,
    print_to: Annotated[
        Path | None, typer.Option("--print", metavar="FIL.html", help=t("help_status_print"))
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help_force"))] = False,
) -> None:
    reg = state.register()
    day = day or reg.today
    report = load_status(reg, day)
    if print_to is not None:
        from boligreg.reports.printout import write_status_html

        write_status_html(report, print_to, force=force)
        print(t("done_print", path=str(print_to)))
        return
    if fmt == Format.JSON:
        print(report.model_dump_json(indent=2))
        return
    if fmt == Format.CSV:
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(ROW_KEYS)
        for row in report.rows:
            data = row.model_dump(mode="json")
            writer.writerow(";".join(v) if isinstance(v, list) else v for v in
                            (data[k] for k in ROW_KEYS))
        return
    render_status(report)


def load_status(reg, day: date):
    """Check the date and build the status from the register's history."""
    from boligreg.reports.status import build_status
    from boligreg.store.meetings import last_closed

    reg.check_day_in_history(day)
    config = reg.config()
    zero = config.get("zero-vision-date")
    return build_status(
        reg.histories(), day,
        inactive_after_days=reg.inactive_after_days,
        municipality=config.get("municipality", ""),
        zero_vision_date=date.fromisoformat(zero) if zero else None,
        last_meeting=last_closed(reg, day),
    )


def print_status(reg, day: date) -> None:
    render_status(load_status(reg, day))


def render_status(report) -> None:
    """Print the summary, the table and the release/housed lists.

    The table is laid out here, not by rich's Table: that costs about 2 ms a row, too slow for
    a list of 1,000 persons, while plain padded lines print in milliseconds and still read well
    in a terminal, a pipe or a log."""
    from rich.text import Text

    from boligreg.cli.plain import cell, fit_widths, line, rule
    from boligreg.reports.status_text import summary_lines, table_cells

    out = console()
    width = out.width if out.is_terminal else None
    title = t("status_title", municipality=report.municipality or t("register"),
              date=show_date(report.day))
    out.print(Text(title, style="bold"))
    for sentence in summary_lines(report):
        out.print(sentence)
    headers, cells = table_cells(report)
    widths = fit_widths(headers, cells, width, flexible=(1, 5, 6, 7))
    text = Text()
    text.append(line(headers, widths) + "\n", style="bold")
    text.append(rule(widths) + "\n")
    for row in cells:  # the flags, last, in bold: what the meeting must act on
        text.append("  ".join(cell(c, w) for c, w in zip(row[:-1], widths[:-1])) + "  ")
        text.append(cell(row[-1], widths[-1]).rstrip() + "\n", style="bold")
    out.print()
    if out.is_terminal:
        out.print(text, end="", no_wrap=True, overflow="crop", crop=False, soft_wrap=True)
    else:  # a pipe or a file: every column whole, no styling
        out.file.write(text.plain)
    out.print(t("flag_legend"), soft_wrap=not out.is_terminal)
    if report.releases:
        out.print()
        out.print(Text(t("title_releases"), style="bold"))
        for rel in report.releases:
            arranged = t("dwelling_arranged") if rel.arranged else t("no_dwelling")
            out.print(f"  {rel.id}  {rel.name}  {rel.situation}  {show_date(rel.release)}  {arranged}")
    out.print()
    out.print(Text(t("title_housed_since", date=show_date(report.changes.since)), style="bold"))
    for item in report.housed:
        hf = f" ({t('housing_first')})" if item.housing_first else ""
        out.print(f"  {item.id}  {item.name}  {item.dwelling}{hf}  {show_date(item.date)}")
    if not report.housed:
        out.print("  –")
