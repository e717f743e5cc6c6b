"""boligreg user …: the accounts that may use the register, and their roles."""

from typing import Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.options import code_option
from boligreg.cli.output import done, say
from boligreg.cli.session import state
from boligreg.domain.roles import Role
from boligreg.i18n import t

app = command_group("help_user", no_args_is_help=True)

Name = Annotated[str, typer.Argument(metavar=t("metavar_account"), help=t("help_user_name"))]


@app.command("add", help=t("help_user_add"))
def add(
    name: Name,
    role: Annotated[Role, code_option(Role, "--role", help_key="help_user_role")],
) -> None:
    from boligreg.store.users import add_user

    reg = state.register()
    new = add_user(reg, name, role)
    done(t("done_user_added" if new else "done_user_changed", name=name, role=t("role_" + role.value)))


@app.command("remove", help=t("help_user_remove"))
def remove(name: Name) -> None:
    from boligreg.store.users import remove_user

    reg = state.register()
    remove_user(reg, name)
    done(t("done_user_removed", name=name))


@app.command("list", help=t("help_user_list"))
def list_() -> None:
    from boligreg.cli.output import write_table
    from boligreg.domain.dates import show_date
    from boligreg.store.users import list_users

    reg = state.register()
    rows = list_users(reg)
    if not rows:
        say(t("users_none", path=str(reg.path)))
        return
    cells = [[r["name"], t("role_" + r["role"]) if r["role"] in set(Role) else r["role"],
              show_date(reg.stored_day(r["added"])), r["added_by"]] for r in rows]
    write_table([t("col_account"), t("col_role"), t("col_added"), t("col_added_by")], cells, fixed=(2,))
