"""boligreg init and demo: a new register, and a training register with a demo history."""

from typing import Annotated

import typer

from boligreg.cli.options import number_option
from boligreg.cli.output import done, say
from boligreg.cli.session import state, today
from boligreg.i18n import t


def init(
    demo: Annotated[bool, typer.Option("--demo", help=t("help_init_demo"))] = False,
    group: Annotated[str | None, typer.Option("--group", metavar=t("metavar_group"), help=t("help_init_group"))] = None,
) -> None:
    from boligreg.i18n import language
    from boligreg.store.config import set_config, shared_group

    if group:
        shared_group(group)  # a group that does not exist, or lacks us, is refused before anything
    reg = state.register(create=True, demo=demo)
    if state.language_chosen:  # `--lang nn init`: the register speaks nynorsk from now on
        set_config(reg, "language", language())
    done(t("done_init", path=str(reg.path)))
    if group:
        set_config(reg, "group", group)
        done(t("done_shared", group=group, path=str(reg.path.parent), user=reg.user))


def demo(
    persons: Annotated[int, number_option("--persons", low=5, high=2000, help_key="help_demo_persons")] = 40,
) -> None:
    from boligreg.cli.session import training_user
    from boligreg.demo import write_demo

    reg = write_demo(state.db_path, persons=persons, today=today(), user=training_user())
    done(t("done_demo", path=str(reg.path), n=len(reg.id_parts(persons + 10)[0])))
    from boligreg.cli.status import render_status
    from boligreg.reports.status import load_status
    from boligreg.store.reads import log_read

    report = load_status(reg, reg.today)
    log_read(reg, "demo", "status", persons=len(report.rows), date=report.day.isoformat())
    render_status(report)
    print()
    first = report.rows[0].id if report.rows else "P0001"  # the first person the list shows
    say(t("demo_next", path=str(reg.path), id=first))
