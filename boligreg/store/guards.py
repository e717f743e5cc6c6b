"""Checks that several use cases make before they change a person's records."""

from datetime import date

from boligreg.domain.codes import ExitReason
from boligreg.domain.dates import show_date
from boligreg.domain.models import History
from boligreg.errors import InvalidInput
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

