"""boligreg log and log verify: who changed or read what, and whether the log is whole."""

from typing import TYPE_CHECKING, Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.options import CsvDialect, CsvDialectOpt, Format, number_option
from boligreg.cli.session import state
from boligreg.errors import Findings
from boligreg.i18n import t

if TYPE_CHECKING:
    from boligreg.reports.events import LogLine

app = command_group("help_log", invoke_without_command=True)


@app.callback()
def log(
    ctx: typer.Context,
    person: Annotated[str | None, typer.Option("--person", metavar="ID", help=t("help_log_person"))] = None,
    limit: Annotated[int, number_option("--limit", low=1, high=100_000, help_key="help_log_limit")] = 50,
    reads: Annotated[bool, typer.Option("--reads", help=t("help_log_reads"))] = False,
    sensitive: Annotated[bool, typer.Option("--sensitive", help=t("help_log_sensitive"))] = False,
    fmt: Annotated[Format, typer.Option("--format", case_sensitive=False, help=t("help_log_format"))] = Format.TABLE,
    dialect: CsvDialectOpt = None,
) -> None:
    """The latest events: changes (--reads: the reads; --person: everything about one person,
    their right of access), masked as the card is; the view itself is a logged read."""
    if ctx.invoked_subcommand:
        return
    from boligreg.reports.events import Facts, log_lines
    from boligreg.store.reads import READ_ACTIONS, READS, event_facts, log_read

    reg = state.register()
    if sensitive:
        reg.require("sensitive", "log")
    # unknown id: one clear line (a merged id keeps its log)
    person_id = reg.person(person, pointer_ok=True).id if person else None
    if reads:
        rows = reg.events(person_id, limit, actions=READ_ACTIONS)
    else:  # the changes; one person's log (their right of access) holds the reads too
        rows = reg.events(person_id, limit, leave_out=() if person_id else READS)
    log_read(reg, "log", "log", person_id, sensitive=sensitive, events=len(rows), reads=reads)
    if fmt == Format.JSON:
        from boligreg.cli.output import write_json
        from boligreg.reports.events import raw_events

        write_json(raw_events(rows, sensitive))
        return
    facts = Facts(*event_facts(reg, rows))
    if fmt == Format.CSV:  # the view's words, one event a row, for a spreadsheet
        from boligreg.cli.output import write_csv

        write_csv([t(key) for key in ("col_local_time", "col_user", "col_action", "col_record", "col_command",
                                      "col_changes")],
                  ([line.at, line.user, line.action, line.record, line.command, " · ".join(line.changes)]
                   for line in log_lines(rows, sensitive, facts)), CsvDialect.for_language(dialect))
        return
    write_log(log_lines(rows, sensitive, facts))


def write_log(lines: list["LogLine"]) -> None:
    """Each event as a line of who, when (local time) and what, in words, and below it what
    changed, wrapped to the width and indented: a log reads top to bottom like minutes."""
    from boligreg.cli.output import screen, write
    from boligreg.cli.text_table import Line, paragraph

    where = screen()
    out: list[Line] = []
    for line in lines:
        out += paragraph([(f"{line.at}  {line.user}  ", None), (f"{line.action} {line.record}", "head"),
                          (f"  ({line.command})", None)], where.width, hanging=4)
        if line.changes:
            out += paragraph(" · ".join(line.changes), where.width, indent=4, hanging=0)
    write(out, where)


@app.command("verify", help=t("help_log_verify"))
def log_verify(
    head: Annotated[str | None, typer.Option("--head", metavar="ID:HASH", help=t("help_log_verify_head"))] = None,
) -> None:
    reg = state.register()
    report = reg.verify_log()
    if report.problem is not None:
        raise Findings(report.problem, id=report.bad_id, n=report.rows)
    if report.guards:
        raise Findings("chain_guards", names=", ".join(report.guards))
    if head is not None:
        problem = reg.anchor_problem(head)
        if problem:
            raise Findings(problem, anchor=head.strip(), n=report.rows)
        print(t("anchor_ok", anchor=head.strip(), n=report.rows))
        return
    print(t("chain_ok", n=report.rows, head=report.head))
