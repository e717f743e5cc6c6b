"""Checks that several use cases make before they change a person's records."""

import unicodedata
from datetime import date

from boligreg.domain.codes import ExitReason
from boligreg.domain.dates import show_date
from boligreg.domain.models import History
from boligreg.domain.text import typed_text
from boligreg.errors import InvalidInput
from boligreg.settings import REASON_MAX_LENGTH
from boligreg.store.register import Register


def iso(value: date | None) -> str | None:
    """A date as the register stores it (ISO text), or None."""
    return value.isoformat() if value else None


def not_future(reg: Register, day: date) -> None:
    """What happened is recorded when it has happened, not ahead of time."""
    if day > reg.today:
        raise InvalidInput("err_future_date", value=show_date(day))


def check_alive(history: History, day: date) -> None:
    """Nothing more is recorded for a person who died by `day`, or whose data was anonymised."""
    for exit_ in history.exits:
        if exit_.reason == ExitReason.DECEASED and exit_.date <= day:
            raise InvalidInput("err_deceased", id=history.person.id)
    if history.person.anonymised:
        raise InvalidInput("err_anonymised", id=history.person.id)



def reason_text(text: str | None) -> str:
    """The reason a correction needs: required, and plain text on one line, since the log and
    `undo` show it to the next reader. A control character (newline and tab too) is refused as
    in every other typed text (domain.text.typed_text), not quietly made a space; invisible and
    direction marks are refused too."""
    typed_text(text or "", "col_reason", REASON_MAX_LENGTH)
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise InvalidInput("err_reason_needed")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in cleaned):
        raise InvalidInput("err_reason_text", max=REASON_MAX_LENGTH)
    return cleaned
