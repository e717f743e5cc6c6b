"""boligreg undo: show the acting user's latest change and take it back after a yes."""

import json
import sys
from typing import Annotated

import typer

from boligreg.cli import output
from boligreg.cli.output import done, inert
from boligreg.cli.session import state
from boligreg.i18n import t


def undo(
    yes: Annotated[bool, typer.Option("--yes", help=t("help_undo_yes"))] = False,
) -> None:
    from boligreg.errors import Aborted, InvalidInput
    from boligreg.store.undo import latest_change, undo_change

    reg = state.register()
    change = latest_change(reg, reg.user)
    if change is None:
        print(t("undo_nothing", user=inert(reg.user)), file=sys.stderr)
        raise typer.Exit(1)
    print(t("undo_latest", user=inert(reg.user), command=change.command,
            at=change.at.replace("T", " ")[:16]))
    for event in change.events:
        print(f"  {t('action_' + event['action'].replace('-', '_'))} {event['record']}"
              f"{'  ' + event['person_id'] if event['person_id'] else ''}  {_values(event)}")
    if not change.undoable:
        raise InvalidInput("err_undo_unsupported", command=change.command)
    if not yes:
        if not output.interactive():
            raise InvalidInput("err_undo_confirm")
        if not typer.confirm(t("undo_question"), default=False):
            raise Aborted("err_aborted")
    undo_change(reg, change.id)
    done(t("done_undo", command=change.command))


def _values(event: dict) -> str:
    """The change in the log's words: old → new, short and inert."""
    if event["old_digest"] or event["new_digest"]:
        return t("log_redacted")

    def short(text: str | None) -> str:
        if not text:
            return "–"
        value = json.loads(text)
        shown = ", ".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
        shown = inert(shown)
        return shown if len(shown) <= 70 else shown[:69] + "…"

    return f"{short(event['old'])} → {short(event['new'])}"
