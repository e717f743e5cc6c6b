"""boligreg log and log verify: who changed or read what, and whether the log is whole."""

from typing import Annotated

import typer

from boligreg.catalog import MESSAGES
from boligreg.cli.help_language import command_group
from boligreg.cli.options import number_option
from boligreg.cli.output import console
from boligreg.cli.session import state
from boligreg.errors import Findings
from boligreg.i18n import t

app = command_group("help_log", invoke_without_command=True)


@app.callback()
def log(
    ctx: typer.Context,
    person: Annotated[str | None, typer.Option("--person", metavar="ID", help=t("help_log_person"))] = None,
    limit: Annotated[int, number_option("--limit", low=1, high=100_000, help_key="help_log_limit")] = 50,
) -> None:
    if ctx.invoked_subcommand:
        return
    from rich.table import Table
    from rich.text import Text

    from boligreg.domain.text import shown

    reg = state.register()
    if person:
        reg.person(person)  # unknown id: one clear line
    rows = reg.events(person.upper() if person else None, limit)
    table = Table(show_edge=False)
    for key in ("col_time", "col_user", "col_command", "col_action", "col_record", "col_change"):
        table.add_column(t(key))
    for row in rows:
        change = ""
        if row["old_digest"] or row["new_digest"]:
            change = t("log_redacted")
        elif row["old"] or row["new"]:
            change = f"{_short(row['old'])} → {_short(row['new'])}"
        action = "action_" + row["action"].replace("-", "_")
        table.add_row(*(Text(shown(cell)) for cell in (  # Text, never markup
            row["at"].replace("T", " ")[:19], row["user"], row["command"],
            t(action) if action in MESSAGES else row["action"], row["record"], change)))
    console().print(table)


def _short(value: str | None, width: int = 60) -> str:
    if not value:
        return "–"
    return value if len(value) <= width else value[: width - 1] + "…"


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
