"""boligreg log and log verify: who changed or read what, and whether the log is whole."""

from typing import Annotated

import typer

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

    reg = state.register()
    if person:
        reg.person(person, pointer_ok=True)  # unknown id: one clear line (a merged id has a log)
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
        table.add_row(row["at"].replace("T", " ")[:19], row["user"], row["command"],
                      t("action_" + row["action"].replace("-", "_")), row["record"], change)
    console().print(table)


def _short(value: str | None, width: int = 60) -> str:
    if not value:
        return "–"
    return value if len(value) <= width else value[: width - 1] + "…"


@app.command("verify", help=t("help_log_verify"))
def log_verify() -> None:
    report = state.register().verify_log()
    if not report.intact:
        raise Findings(report.problem or "chain_changed", id=report.bad_id, n=report.rows)
    print(t("chain_ok", n=report.rows, head=report.head))
