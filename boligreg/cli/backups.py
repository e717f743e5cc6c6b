"""boligreg backup and restore: a verified copy of the register out, or back in."""

from pathlib import Path
from typing import Annotated

import typer

from boligreg.cli.output import done, say
from boligreg.cli.session import state
from boligreg.i18n import t


def backup(
    file: Annotated[Path, typer.Argument(metavar=t("metavar_file"), help=t("help_backup_file"))],
    force: Annotated[bool, typer.Option("--force", help=t("help_force"))] = False,
) -> None:
    from boligreg.store.backup import backup as take_backup

    reg = state.register()
    take_backup(reg, file, force)
    done(t("done_backup", path=str(file)))


def restore(
    file: Annotated[Path, typer.Argument(metavar=t("metavar_file"), help=t("help_restore_file"))],
    other: Annotated[bool, typer.Option("--other-register", help=t("help_restore_other"))] = False,
) -> None:
    from boligreg.errors import RegisterDamaged, RegisterMissing
    from boligreg.store.backup import restore as run_restore

    path = state.path()
    user = today = None
    try:  # who acts, as the register being replaced says (a damaged or missing one cannot)
        live = state.register()
        user, today = live.user, live.today
        live.close()
    except (RegisterDamaged, RegisterMissing):
        pass
    kept = run_restore(path, Path(file), allow_other=other, user=user, today=today)
    done(t("done_restore", path=str(path), source=str(file)))
    if kept:
        say(t("restore_kept", path=str(kept)))
