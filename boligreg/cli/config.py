"""boligreg config show and config set: the register's settings (settings.CONFIG_KEYS)."""

from datetime import date
from typing import Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.output import done, write_table
from boligreg.cli.session import state
from boligreg.domain.dates import show_date
from boligreg.i18n import t
from boligreg.settings import (
    CONFIG_KEYS,
    DEFAULT_HOUSING_FIRST_MONTHS,
    DEFAULT_LEASE_REMINDER_DAYS,
    DEFAULT_PRIORITY_HOMELESS,
    DEFAULT_ROOMS_ADULTS,
    DEFAULT_ROOMS_EXTRA,
    DEFAULT_ROOMS_PER_CHILD,
)

app = command_group("help_config", no_args_is_help=True)
SHOWN_KEYS = (*CONFIG_KEYS, "created", "demo", "register-id")
"""What `config show` lists, in this order: the settings, then what `init` recorded."""


def config_text(key: str, value: str) -> str:
    """A stored setting in the reader's words: dates as 01.03.2016, days and years counted, the
    language by name, yes or no."""
    if not value and key in HOUSING_DEFAULTS:  # the rule runs with its default: say which
        return t("config_default", value=housing_text(key, HOUSING_DEFAULTS[key]))
    if not value:
        return t("config_unset")
    if key in ("zero-vision-date", "created"):
        return show_date(date.fromisoformat(value))
    if key == "inactive-after-days":
        return t("config_days", n=int(value))
    if key == "retention-years":
        return t("config_years", n=int(value))
    if key == "language":
        return t("language_" + value)
    if key == "demo":
        return t("yes") if value == "1" else t("no")
    return housing_text(key, value)


HOUSING_DEFAULTS = {
    "rooms-adults": str(DEFAULT_ROOMS_ADULTS), "rooms-per-child": str(DEFAULT_ROOMS_PER_CHILD),
    "rooms-extra": str(DEFAULT_ROOMS_EXTRA), "priority-homeless": str(int(DEFAULT_PRIORITY_HOMELESS)),
    "lease-reminder-days": str(DEFAULT_LEASE_REMINDER_DAYS),
    "housing-first-months": str(DEFAULT_HOUSING_FIRST_MONTHS),
}
"""The housing side's settings that have a default (settings.py); nav-limit.N has none."""


def housing_text(key: str, value: str) -> str:
    """The housing side's settings (settings.HOUSING_KEYS) in words."""
    from boligreg.i18n import number

    if key.startswith("nav-limit."):
        return t("kroner", amount=number(int(value)))
    if key == "priority-homeless":
        return t("yes") if value == "1" else t("no")
    if key == "lease-reminder-days":
        return t("config_days", n=int(value))
    if key == "housing-first-months":
        return t("config_months", n=int(value))
    if key.startswith("rooms-"):
        return t("config_rooms", n=int(value))
    return value


def config_label(key: str) -> str:
    if key.startswith("nav-limit."):
        return t("config_nav_limit", n=int(key.rsplit(".", 1)[1]))
    return t("config_" + key.replace("-", "_"))


@app.command("show", help=t("help_config_show"))
def config_show() -> None:
    stored = state.register().config()
    cells = [[config_label(key), key, config_text(key, stored.get(key, ""))]
             for key in SHOWN_KEYS if key in stored or key in CONFIG_KEYS]
    write_table([t("col_key"), t("col_config_key"), t("col_value")], cells, fixed=(1,))


@app.command("set", help=t("help_config_set", keys=", ".join(CONFIG_KEYS)),
             context_settings={"ignore_unknown_options": True})  # -5 is a value (out of range)
def config_set(
    key: Annotated[str, typer.Argument(metavar=t("metavar_key"))],
    value: Annotated[str, typer.Argument(metavar=t("metavar_value"))],
) -> None:
    from boligreg.store.config import set_config

    reg = state.register()
    stored = set_config(reg, key, value)
    done(t("done_config", label=config_label(key), value=config_text(key, stored)))
