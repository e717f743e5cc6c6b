"""Build dated histories for the pure-rule tests without a database, by hand or drawn by
Hypothesis."""

from datetime import date, timedelta

from hypothesis import strategies as st

from boligreg.domain.codes import PLACEMENTS, RELEASE, ContactKind, ExitReason, Situation
from boligreg.domain.dates import add_months
from boligreg.domain.models import Contact, Exit, History, Person, Plan, Stay, validate
from boligreg.settings import RELEASE_LISTED_MONTHS


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


BASE = date(2014, 1, 1)  # drawn histories start within 300 days of this


@st.composite
def histories(draw):
    """A person's dated history: up to five stays, some begun on the same day (in the order
    entered), contacts, perhaps an exit, and a registration (and a day known since) that may
    come before or long after the first stay."""
    count = draw(st.integers(1, 5))
    start = BASE + timedelta(days=draw(st.integers(0, 300)))
    stays, day = [], start
    for index in range(count):
        code = draw(st.sampled_from(sorted(Situation)))
        extra = {}
        if code in RELEASE:
            extra["release"] = day + timedelta(days=draw(st.integers(0, 300)))
        if code in PLACEMENTS:
            extra["housing_first"] = draw(st.booleans())
        stays.append(Stay(id=index + 1, person_id="P0001", code=code, start=day, **extra))
        day += timedelta(days=draw(st.sampled_from([0, 0]) | st.integers(1, 250)))
    horizon = (day - start).days + 200
    contacts = tuple(sorted({start + timedelta(days=d) for d in
                             draw(st.lists(st.integers(0, horizon), max_size=8))}))
    kinds = [draw(st.sampled_from(list(ContactKind))) for _ in contacts]
    # where the rules meet, an exit falls often: on a day a stay begins, or a release window opens
    turns = [s.start for s in stays] + [add_months(s.release, -RELEASE_LISTED_MONTHS)
                                        for s in stays if s.release]
    exits = []
    if draw(st.booleans()):
        on = draw(st.sampled_from(turns) | st.builds(lambda d: start + timedelta(days=d),
                                                     st.integers(0, horizon)))
        exits.append(Exit(person_id="P0001", reason=draw(st.sampled_from(list(ExitReason))), date=on))
    registered = start + timedelta(days=draw(st.integers(-30, 400)))
    known = registered - timedelta(days=draw(st.integers(0, 400))) if draw(st.booleans()) else None
    return History(
        person=Person(id="P0001", registered=registered, known_since=known),
        stays=tuple(stays),
        contacts=tuple(Contact(person_id="P0001", date=d, kind=k) for d, k in zip(contacts, kinds)),
        exits=tuple(exits),
    )
