"""boligreg config show and config set: the register's settings (settings.CONFIG_KEYS)."""

from typing import Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.output import console, done, plain
from boligreg.cli.session import state
from boligreg.i18n import t

app = command_group("help_config", no_args_is_help=True)


@app.command("show", help=t("help_config_show"))
def config_show() -> None:
    from rich.table import Table

    reg = state.register()
    table = Table(show_edge=False)
    table.add_column(t("col_key"))
    table.add_column(t("col_value"))
    for key, value in sorted(reg.config().items()):
        table.add_row(plain(key), plain(value))
    console().print(table)


@app.command("set", help=t("help_config_set"))
def config_set(
    key: Annotated[str, typer.Argument(metavar=t("metavar_key"))],
    value: Annotated[str, typer.Argument(metavar=t("metavar_value"))],
) -> None:
    from boligreg.store.config import set_config

    reg = state.register()
    stored = set_config(reg, key, value)
    done(t("done_config", key=key, value=stored))

