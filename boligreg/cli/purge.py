"""boligreg purge: anonymise persons whose retention period has run out (docs/PRIVACY.md)."""

from datetime import date
from typing import Annotated

import typer

from boligreg.cli.options import date_option
from boligreg.cli.output import done, say
from boligreg.cli.session import state
from boligreg.i18n import t


def purge(
    housed_before: Annotated[date | None, date_option("--housed-before", help_key="help_purge_before")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("help_dry_run"))] = False,
    vacuum: Annotated[bool, typer.Option("--vacuum", help=t("help_purge_vacuum"))] = False,
) -> None:
    from boligreg.domain.dates import show_date
    from boligreg.store import retention

    reg = state.register()
    if vacuum:
        retention.vacuum_file(reg)
        done(t("done_vacuum", path=str(reg.path)))
        return
    before = housed_before or retention.default_cutoff(reg)
    found = retention.purge_candidates(reg, before)
    if dry_run:
        from boligreg.store.reads import log_read

        log_read(reg, "purge --dry-run", "person-list", persons=len(found))
    for history, ended in found:
        say(f"{history.person.id}  {history.person.display_name}  {t('purge_ended', date=show_date(ended))}")
    if dry_run:
        print(t("purge_would", n=len(found), date=show_date(before)))
        return
    n = retention.anonymise(reg, [h for h, _ in found])
    done(t("done_purge", n=n, date=show_date(before)))
