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


def application(app_id: str, person_id: str, kind, received: date, decision=None,
                decided: date | None = None, withdrawn: date | None = None):
    """An application with a decision and/or a withdrawal, as rulings in the order made."""
    from boligreg.domain.codes import Decision
    from boligreg.domain.models import Application, Ruling

    rulings = []
    if decision is not None and decided is not None:
        rulings.append(Ruling(app_id, decision, decided))
    if withdrawn is not None:
        rulings.append(Ruling(app_id, Decision.WITHDRAWN, withdrawn))
    return Application(id=app_id, person_id=person_id, kind=kind, received=received,
                       rulings=tuple(sorted(rulings, key=lambda r: r.date)))


# Codes drawn for the KOSTRA and survey tests: temporary accommodation and municipal dwellings
# more often than the rest, so that runs, swaps and renewals turn up.
HOUSEHOLD_CODES = [Situation.UTE, Situation.AKUTT, Situation.AKUTT, Situation.MIDL, Situation.MIDL,
                   Situation.MIDL, Situation.KRISE, Situation.VENN, Situation.INST, Situation.KRIM,
                   Situation.PRIVAT, Situation.KOMMUNAL, Situation.KOMMUNAL, Situation.EID,
                   Situation.OMSORG, Situation.FAMILIE]
SAME_DAY_CODES = [Situation.MIDL, Situation.AKUTT, Situation.VENN, Situation.KOMMUNAL, Situation.PRIVAT]


@st.composite
def households(draw, person_id: str = "P0001"):
    """A person (one household) with stays that may begin on one day (the last of them is the
    situation that day), contacts, an exit, municipal applications and the survey's fields."""
    from boligreg.domain.codes import ApplicationKind, Decision, Gender, Income, NeedValue

    count = draw(st.integers(1, 6))
    start = BASE + timedelta(days=draw(st.integers(0, 200)))
    stays, day = [], start
    for _ in range(count):
        code = draw(st.sampled_from(HOUSEHOLD_CODES))
        if stays and stays[-1]["code"] == Situation.KOMMUNAL and draw(st.booleans()):
            code = Situation.KOMMUNAL  # a swap or a renewal
        extra = {}
        if code in RELEASE:
            extra["release"] = day + timedelta(days=draw(st.integers(0, 300)))
        stays.append(dict(code=code, start=day, **extra))
        if draw(st.integers(0, 4)) == 0:  # another stay the same day, entered after this one
            stays.append({"code": draw(st.sampled_from(SAME_DAY_CODES)), "start": day})
        day += timedelta(days=draw(st.sampled_from([1, 2, 7, 13, 14, 15, 30, 60, 89, 92, 150, 200])))
    horizon = (day - start).days + 200
    contacts = tuple(sorted({start + timedelta(days=d) for d in
                             draw(st.lists(st.integers(0, horizon), max_size=8))}))
    kinds = [draw(st.sampled_from(list(ContactKind))) for _ in contacts]
    exits = []
    if draw(st.integers(0, 2)) == 0:
        exits.append(Exit(person_id=person_id, reason=draw(st.sampled_from(list(ExitReason))),
                          date=start + timedelta(days=draw(st.integers(0, horizon)))))
    applications = []
    for number in range(draw(st.integers(0, 3))):
        received = start + timedelta(days=draw(st.integers(-20, horizon)))
        decision = draw(st.sampled_from([None, Decision.GRANTED, Decision.GRANTED, Decision.REFUSED]))
        decided = received + timedelta(days=draw(st.integers(0, 120))) if decision else None
        withdrawn = ((decided or received) + timedelta(days=draw(st.integers(0, 200)))
                     if draw(st.integers(0, 4)) == 0 else None)  # after any decision, as made
        applications.append(application(
            f"A{number + 1:04d}", person_id,
            draw(st.sampled_from([ApplicationKind.KOMMUNAL] * 3 + [ApplicationKind.BOSTOTTE])),
            received, decision, decided, withdrawn))
    birth_year = draw(st.one_of(st.none(), st.integers(1940, 2012)))
    person = Person(
        id=person_id, registered=start + timedelta(days=draw(st.integers(-30, 300))),
        name=draw(st.sampled_from([None, "Kari Nordmann", "ola", "Per Olav Fjell"])),
        alias=draw(st.sampled_from([None, "Kråka"])),
        birth_year=birth_year,
        gender=draw(st.sampled_from([None, *Gender])),
        children=draw(st.sampled_from([0, 0, 1, 3])),
        need_rus=draw(st.sampled_from(list(NeedValue))),
        need_psykisk=draw(st.sampled_from(list(NeedValue))),
        born_abroad=draw(st.sampled_from([None, True, False])),
        children_living_with=draw(st.sampled_from([None, True, False])),
        income=draw(st.sampled_from([None, *Income])),
        evicted=draw(st.one_of(st.none(), st.just(start + timedelta(days=draw(st.integers(-200, horizon)))))),
    )
    return History(
        person=person,
        stays=tuple(Stay(id=i + 1, person_id=person_id, **s) for i, s in enumerate(stays)),
        contacts=tuple(Contact(person_id=person_id, date=d, kind=k) for d, k in zip(contacts, kinds)),
        exits=tuple(exits),
        applications=tuple(sorted(applications, key=lambda a: a.id)),
    )


def raw_code(h: History, day: date) -> Situation | None:
    """The code of the last stay starting on or before `day` (in the order entered)."""
    code = None
    for stay in h.stays:
        if stay.start <= day:
            code = stay.code
    return code


def contact_set(h: History) -> set[date]:
    return {h.person.registered} | {s.start for s in h.stays} | {
        c.date for c in h.contacts if c.kind != ContactKind.ATTEMPT}


def gone_on(h: History, day: date, contacts: set[date]) -> bool:
    """Off the list by an exit on `day`: died; moved and no new stay since; set inactive and no
    contact since — read straight from DESIGN.md, one day at a time."""
    for e in h.exits:
        if e.date > day:
            continue
        if e.reason == ExitReason.DECEASED:
            return True
        if e.reason == ExitReason.MOVED and not any(e.date < s.start <= day for s in h.stays):
            return True
        if e.reason == ExitReason.INACTIVE and not any(e.date < c <= day for c in contacts):
            return True
    return False


def days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
