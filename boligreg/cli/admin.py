"""boligreg init, demo and config: a register made, a training register, and its settings."""

from typing import Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.options import number_option
from boligreg.cli.output import console, done
from boligreg.cli.session import state, today
from boligreg.i18n import t

config_app = command_group("help_config", no_args_is_help=True)


def init(
    demo: Annotated[bool, typer.Option("--demo", help=t("help_init_demo"))] = False,
) -> None:
    reg = state.register(create=True, demo=demo)
    done(t("done_init", path=str(reg.path)))


def demo(
    persons: Annotated[int, number_option("--persons", low=5, high=2000, help_key="help_demo_persons")] = 40,
) -> None:
    from boligreg.demo import write_demo

    reg = write_demo(state.db_path, persons=persons, today=today())
    done(t("done_demo", path=str(reg.path), n=persons))
    from boligreg.cli.status import render_status
    from boligreg.reports.status import load_status

    render_status(load_status(reg, reg.today))
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
    key: Annotated[str, typer.Argument(metavar=t("metavar_key"))],
    value: Annotated[str, typer.Argument(metavar=t("metavar_value"))],
) -> None:
    from boligreg.store.config import set_config

    reg = state.register()
    stored = set_config(reg, key, value)
    done(t("done_config", key=key, value=stored))

