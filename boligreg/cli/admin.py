"""boligreg init, demo, config, log: the register itself and its settings."""

from typing import Annotated

import typer

from boligreg.cli.common import console, done, state, today
from boligreg.i18n import t

config_app = typer.Typer(help=t("help_config"), no_args_is_help=True)


def init(
    demo: Annotated[bool, typer.Option("--demo", help=t("help_init_demo"))] = False,
) -> None:
    reg = state.register(create=True, demo=demo)
    done(t("done_init", path=str(reg.path)))


def demo(
    persons: Annotated[int, typer.Option("--persons", min=5, max=2000, help=t("help_demo_persons"))] = 40,
) -> None:
    from boligreg.demo import write_demo

    reg = write_demo(state.db_path, persons=persons, today=today())
    done(t("done_demo", path=str(reg.path), n=persons))
    from boligreg.cli.status import print_status

    print_status(reg, reg.today)
    print()
    print(t("demo_next", path=str(reg.path)))


@config_app.command("show", help=t("help_config_show"))
def config_show() -> None:
    from rich.table import Table

    reg = state.register()
    table = Table(show_edge=False)
    table.add_column(t("col_key"))
    table.add_column(t("col_value"))
    for key, value in sorted(reg.config().items()):
        table.add_row(key, value)
    console().print(table)


@config_app.command("set", help=t("help_config_set"))
def config_set(
    key: Annotated[str, typer.Argument(metavar="NØKKEL")],
    value: Annotated[str, typer.Argument(metavar="VERDI")],
) -> None:
    from boligreg.store import actions

    reg = state.register()
    stored = actions.set_config(reg, key, value)
    done(t("done_config", key=key, value=stored))


def log(
    person_id: Annotated[str | None, typer.Argument(metavar="ID", help=t("help_log_person"))] = None,
    person: Annotated[str | None, typer.Option("--person", help=t("help_log_person"))] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help=t("help_log_limit"))] = 50,
) -> None:
    from rich.table import Table

    reg = state.register()
    wanted = person_id or person
    if wanted:
        reg.person(wanted)  # unknown id: one clear line
    rows = reg.events(wanted.upper() if wanted else None, limit)
    table = Table(show_edge=False)
    for key in ("col_time", "col_user", "col_command", "col_action", "col_record", "col_change"):
        table.add_column(t(key))
    for row in rows:
        change = ""
        if row["old"] or row["new"]:
            change = f"{_short(row['old'])} → {_short(row['new'])}"
        table.add_row(row["at"].replace("T", " ")[:19], row["user"], row["command"],
                      t("action_" + row["action"].replace("-", "_")), row["record"], change)
    console().print(table)


def _short(value: str | None, width: int = 60) -> str:
    if not value:
        return "–"
    return value if len(value) <= width else value[: width - 1] + "…"
