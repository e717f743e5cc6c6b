"""Build dated histories for the pure-rule tests without a database."""

from datetime import date

from boligreg.domain.codes import ContactKind, ExitReason, Situation
from boligreg.domain.models import Contact, Exit, History, Person, Plan, Stay, validate


def history(
    *stays: tuple,
    registered: date | None = None,
    contacts: tuple[date, ...] = (),
    exits: tuple[tuple[ExitReason, date], ...] = (),
    plan: Plan | None = None,
    **person: object,
) -> History:
    """stays: (code, start) or (code, start, {extra fields})."""
    built = []
    for index, item in enumerate(stays):
        code, start = item[0], item[1]
        extra = item[2] if len(item) > 2 else {}
        built.append(Stay(id=index + 1, person_id="P0001", code=Situation(code), start=start, **extra))
    first = built[0].start if built else date(2015, 1, 1)
    return History(
        # through pydantic, as user input is: gender="F" becomes Gender.F
        person=validate(Person, dict(id="P0001", name="Test Testesen", registered=registered or first, **person)),
        stays=tuple(built),
        contacts=tuple(Contact(person_id="P0001", date=d, kind=ContactKind.MET) for d in contacts),
        exits=tuple(Exit(person_id="P0001", reason=r, date=d) for r, d in exits),
        plan=plan,
    )
