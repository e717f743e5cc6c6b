"""boligreg doctor, backup, restore, log, log verify, purge: keeping the register whole and lawful."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from boligreg.cli.common import command_group, console, date_option, done, number_option, state
from boligreg.errors import Findings
from boligreg.i18n import t

log_app = command_group("help_log", invoke_without_command=True)


def doctor() -> None:
    from boligreg.store.register import default_path
    from boligreg.store.safety import doctor as run_checks

    path = state.db_path or default_path()
    state.register()  # missing or foreign register: its own one-line error first
    findings = run_checks(Path(path))
    for finding in findings:
        mark = t("check_ok") if finding.ok else t("check_bad")
        print(f"{mark:6} {t(finding.check, **finding.detail)}")
    bad = sum(not f.ok for f in findings)
    if bad:
        raise Findings("doctor_bad", n=bad, path=str(path))
    print(t("doctor_ok", path=str(path)))


def backup(
    file: Annotated[Path, typer.Argument(metavar=t("metavar_file"), help=t("help_backup_file"))],
    force: Annotated[bool, typer.Option("--force", help=t("help_force"))] = False,
) -> None:
    from boligreg.files import check_target
    from boligreg.store.safety import backup as take_backup

    reg = state.register()
    take_backup(reg, check_target(file, force))
    done(t("done_backup", path=str(file)))


def restore(
    file: Annotated[Path, typer.Argument(metavar=t("metavar_file"), help=t("help_restore_file"))],
    other: Annotated[bool, typer.Option("--other-register", help=t("help_restore_other"))] = False,
) -> None:
    from boligreg.store.register import default_path
    from boligreg.store.safety import check_location
    from boligreg.store.safety import restore as run_restore

    path = Path(state.db_path or default_path())
    check_location(path)
    kept = run_restore(path, Path(file), allow_other=other)
    reg = state.register()
    with reg.write("restore"):
        reg.log("restore", "register", new={"file": str(file), "kept": str(kept) if kept else None})
    done(t("done_restore", path=str(path), source=str(file)))
    if kept:
        print(t("restore_kept", path=str(kept)))


@log_app.callback()
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
        table.add_row(row["at"].replace("T", " ")[:19], row["user"], row["command"],
                      t("action_" + row["action"].replace("-", "_")), row["record"], change)
    console().print(table)


def _short(value: str | None, width: int = 60) -> str:
    if not value:
        return "–"
    return value if len(value) <= width else value[: width - 1] + "…"


@log_app.command("verify", help=t("help_log_verify"))
def log_verify() -> None:
    from boligreg.store.safety import chain_report

    reg = state.register()
    report = chain_report(reg.conn)
    if not report.intact:
        raise Findings(report.problem, id=report.bad_id, n=report.rows)
    print(t("chain_ok", n=report.rows, head=report.head))


def purge(
    housed_before: Annotated[date | None, date_option("--housed-before", help_key="help_purge_before")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("help_dry_run"))] = False,
) -> None:
    from boligreg.domain.dates import show_date
    from boligreg.store import retention

    reg = state.register()
    before = housed_before or retention.default_cutoff(reg)
    found = retention.purge_candidates(reg, before)
    for history, ended in found:
        print(f"{history.person.id}  {history.person.display_name}  {t('purge_ended', date=show_date(ended))}")
    if dry_run:
        print(t("purge_would", n=len(found), date=show_date(before)))
        return
    n = retention.anonymise(reg, [h for h, _ in found])
    done(t("done_purge", n=n, date=show_date(before)))
