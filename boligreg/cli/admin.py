"""boligreg init and demo: a new register, and a training register with a demo history."""

from typing import Annotated

import typer

from boligreg.cli.options import number_option
from boligreg.cli.output import done
from boligreg.cli.session import state, today
from boligreg.i18n import t


def init(
    demo: Annotated[bool, typer.Option("--demo", help=t("help_init_demo"))] = False,
) -> None:
    from boligreg.i18n import language

    reg = state.register(create=True, demo=demo)
    if state.language_chosen:  # `--lang nn init`: the register speaks nynorsk from now on
        from boligreg.store.config import set_config

        set_config(reg, "language", language())
    done(t("done_init", path=str(reg.path)))


def demo(
    persons: Annotated[int, number_option("--persons", low=5, high=2000, help_key="help_demo_persons")] = 40,
) -> None:
    from boligreg.demo import write_demo

    reg = write_demo(state.db_path, persons=persons, today=today())
    done(t("done_demo", path=str(reg.path), n=len(reg.id_parts(persons + 10)[0])))
    from boligreg.cli.status import render_status
    from boligreg.reports.status import load_status

    render_status(load_status(reg, reg.today))
    print()
    print(t("demo_next", path=str(reg.path)))
