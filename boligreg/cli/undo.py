"""boligreg undo: show the acting user's latest change and take it back after a yes."""

import sys
from typing import Annotated

import typer

from boligreg.cli import output
from boligreg.cli.output import done
from boligreg.cli.session import state
from boligreg.domain.text import shown
from boligreg.i18n import t


def undo(
    yes: Annotated[bool, typer.Option("--yes", help=t("help_undo_yes"))] = False,
) -> None:
    from boligreg.cli.log import write_log
    from boligreg.errors import InvalidInput
    from boligreg.reports.events import Facts, local_time, log_lines, record_words
    from boligreg.store.reads import event_facts
    from boligreg.store.undo import latest_change, undo_change

    reg = state.register()
    change = latest_change(reg, reg.user)
    if change is None:
        print(t("undo_nothing", user=shown(reg.user)), file=sys.stderr)
        raise typer.Exit(1)
    print(t("undo_latest", user=shown(reg.user), command=change.command,
            at=local_time(change.at)))
    facts = Facts(*event_facts(reg, change.events))
    write_log(log_lines(change.events, sensitive=False, facts=facts))
    if not change.undoable:
        raise InvalidInput("err_undo_unsupported", command=change.command)
    output.confirmed(t("undo_question"), yes, "err_undo_confirm")
    try:
        undo_change(reg, change.id)
    except InvalidInput as refused:  # the record it names, in words and the card's numbers
        record = refused.args_.get("record")
        if not isinstance(record, str) or refused.key not in ("err_undo_changed", "err_undo_redacted"):
            raise
        event = next((e for e in change.events if e["record"] == record), {"record": record})
        named = Facts(*event_facts(reg, [event]))
        raise InvalidInput(refused.key, record=shown(record_words(
            record, event.get("person_id"), named, event if "new" in event else None))) from None
    done(t("done_undo", command=change.command))
