"""boligreg log and log verify: who changed or read what, and whether the log is whole."""

from typing import Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.options import number_option
from boligreg.cli.output import console, plain
from boligreg.cli.session import state
from boligreg.errors import Findings
from boligreg.i18n import t

app = command_group("help_log", invoke_without_command=True)


@app.callback()
def log(
    ctx: typer.Context,
    person: Annotated[str | None, typer.Option("--person", metavar="ID", help=t("help_log_person"))] = None,
    limit: Annotated[int, number_option("--limit", low=1, high=100_000, help_key="help_log_limit")] = 50,
    reads: Annotated[bool, typer.Option("--reads", help=t("help_log_reads"))] = False,
    sensitive: Annotated[bool, typer.Option("--sensitive", help=t("help_log_sensitive"))] = False,
) -> None:
    """The latest events: changes (--reads: the reads; --person: everything about one person,
    their right of access), masked as the card is; the view itself is a logged read."""
    if ctx.invoked_subcommand:
        return
    from rich.table import Table

    from boligreg.reports.events import log_lines
    from boligreg.store.reads import READ_ACTIONS, READS, log_read

    reg = state.register()
    if sensitive:
        reg.require("sensitive", "log")
    person_id = reg.person(person).id if person else None  # unknown id: one clear line
    if reads:
        rows = reg.events(person_id, limit, actions=READ_ACTIONS)
    else:  # the changes; one person's log (their right of access) holds the reads too
        rows = reg.events(person_id, limit, leave_out=() if person_id else READS)
    log_read(reg, "log", "log", person_id, sensitive=sensitive, events=len(rows), reads=reads)
    table = Table(show_edge=False)
    for key in ("col_time", "col_user", "col_command", "col_action", "col_record"):
        table.add_column(t(key))
    table.add_column(t("col_change"), overflow="fold")  # a narrow terminal folds it, never cuts it
    for line in log_lines(rows, sensitive):
        table.add_row(*map(plain, (line.at, line.user, line.command, line.action, line.record, line.change)))
    console().print(table)


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
