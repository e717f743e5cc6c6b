"""The demo register: about 40 fictitious persons with 18 months of history, written through
the same use cases a coordinator uses, in one transaction."""

import json
import random
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from boligreg.domain.codes import (
    HOMELESS,
    PLACEMENTS,
    ApplicationKind,
    ContactKind,
    Decision,
    ExitReason,
    Gender,
    Income,
    Lease,
    Need,
    Situation,
)
from boligreg.domain.fnr import make_fnr
from boligreg.errors import InvalidInput
from boligreg.resources import read_resource
from boligreg.store import meetings
from boligreg.store.applications import add_application, decide_application
from boligreg.store.config import set_config
from boligreg.store.contacts import add_contact
from boligreg.store.persons import add_person, exit_person, needs_from, update_person
from boligreg.store.plans import add_step, set_plan
from boligreg.store.register import Register, demo_path, open_register
from boligreg.store.stays import add_stay

HOMELESS_CYCLE = [Situation.UTE, Situation.AKUTT, Situation.MIDL, Situation.KRISE, Situation.VENN,
                  Situation.MIDL, Situation.VENN]
PLACEMENT_WEIGHTS = {Situation.PRIVAT: 45, Situation.KOMMUNAL: 30, Situation.OMSORG: 10,
                     Situation.FAMILIE: 10, Situation.EID: 5}


def scenario() -> dict:
    """The demo's names of places, steps and units, in nynorsk for a nynorsk demo."""
    from boligreg.i18n import language

    return json.loads(read_resource("data", "demo_nn.json" if language() == "nn" else "demo.json"))


def write_demo(path: Path | None, *, persons: int = 40, today: date, user: str | None = None) -> Register:
    """Create a fresh demo register, replacing an earlier demo but never a real register."""
    path = Path(path) if path else demo_path()
    if path.exists():
        old = open_register(path, today=today)
        is_demo = old.training  # a demo flag set by hand never lets a real register go
        old.close()
        if not is_demo:
            raise InvalidInput("err_not_demo", path=str(path))
        path.unlink()
    reg = open_register(path, create=True, demo=True, today=today, user=user)
    data = scenario()
    with reg.write("demo"):  # every use case below in one commit
        set_config(reg, "municipality", data["municipality"])
        set_config(reg, "zero-vision-date", (today + timedelta(days=190)).isoformat())
        from boligreg.i18n import language

        if language() != "nb":  # the demo register then speaks the language it was made in
            set_config(reg, "language", language())
        for index in range(persons):
            _write_person(reg, data, index, today)
        _recent_weeks(reg, data, today)
        _housing(reg, data, today)
    return reg


NAV_LIMITS = (8000, 9500, 11000, 12500, 13500, 14500)
"""The demo's monthly rent limits by household size (fictitious, not NAV's)."""


def _housing(reg: Register, data: dict, today: date) -> None:
    """The housing side: a municipal stock of 30 dwellings (some vacant, one being renovated,
    one vacant from a date ahead), tenants whose fixed-term leases run out soon, offers to the
    waiting list (one declined, one open), private rentals for the bolighefte, and a Housing
    First group linked to the demo's Housing First placements."""
    from boligreg.domain.housing import DeclineReason, DwellingKind, HfAnswer, HfEndReason, MarkKind
    from boligreg.store import dwellings, housing_first, rentals

    rng = random.Random(2016)
    for n, value in enumerate(NAV_LIMITS, start=1):
        set_config(reg, f"nav-limit.{n}", str(value))
    stock = []
    for index in range(30):
        kind = DwellingKind.OMSORG if index % 6 == 5 else DwellingKind.KOMMUNAL
        street = data["streets"][index % len(data["streets"])]
        address = f"{street} {index // 2 + 3}, H0{index % 4 + 1}0{index % 3 + 1}"
        rooms = (1, 2, 2, 3, 1, 4)[index % 6]
        stock.append(dwellings.add_dwelling(
            reg, address=address, rooms=rooms, kind=kind, size=18 + rooms * 17 + rng.randint(0, 9),
            accessible=index % 5 == 0, floor=index % 4))
    free = [d for i, d in enumerate(stock) if i % 6 != 5]
    # tenants the services follow: housed a year or more ago, their fixed-term leases ending soon
    for number, days_left in enumerate((25, 47, 88, -6)):
        start = today - timedelta(days=rng.randint(400, 520))
        gender = Gender.F if number % 2 == 0 else Gender.M
        first = rng.choice(data["first_names_f" if gender == Gender.F else "first_names_m"])
        person_id = add_person(reg, situation=Situation.VENN, since=start, registered=start,
                               name=f"{first} {rng.choice(data['surnames'])}", gender=gender,
                               born=date(today.year - rng.randint(24, 60), rng.randint(1, 12), 15),
                               caseworker=rng.choice(data["caseworkers"]), consent=start)
        add_stay(reg, person_id, Situation.KOMMUNAL, start + timedelta(days=30), dwelling=free.pop(0),
                 lease=Lease.FIXED, lease_end=today + timedelta(days=days_left))
        add_step(reg, person_id, data["tenant_steps"][number % 3], owner=data["owners"][number % 4],
                 due=today + timedelta(days=max(days_left - 20, 3)), created=today - timedelta(days=14))
    # vacancies: recent ones, one after renovation, one from a date ahead, two let again outside
    for index, dwelling_id in enumerate(free[:9]):
        dwellings.mark_dwelling(reg, dwelling_id, today - timedelta(days=(12, 35, 60, 95, 140, 200, 8, 21, 50)[index]),
                                MarkKind.VACANT)
    dwellings.mark_dwelling(reg, free[9], today + timedelta(days=20), MarkKind.VACANT)
    dwellings.mark_dwelling(reg, free[4], today - timedelta(days=70), MarkKind.LET)
    dwellings.mark_dwelling(reg, free[5], today - timedelta(days=30), MarkKind.LET)
    waiting = [entry for _, entry in dwellings.waiting_list(reg, today)]
    if len(waiting) >= 2:
        declined = dwellings.make_offer(reg, free[0], waiting[0].person_id, today - timedelta(days=9))
        dwellings.decline_offer(reg, declined, today - timedelta(days=6), DeclineReason.LOCATION)
        dwellings.make_offer(reg, free[1], waiting[1].person_id, today - timedelta(days=3))
    # the bolighefte's private rentals (two expired, so they drop out by themselves)
    for index in range(9):
        rooms = (1, 2, 1, 3, 2, 4, 2, 1, 3)[index]
        rentals.add_rental(
            reg, address=f"{data['streets'][(index + 3) % len(data['streets'])]} {20 + index * 3}",
            rent=5200 + rooms * 1400 + rng.randint(0, 15) * 100, rooms=rooms,
            available=today - timedelta(days=rng.randint(15, 60)),
            until=today - timedelta(days=10) if index in (2, 7) else today + timedelta(days=rng.randint(20, 90)),
            deposit_guarantee=index % 3 != 1, bostotte=index % 2 == 0,
            landlord=data["landlords"][index % len(data["landlords"])])
    # Housing First: the demo's Housing First placements, and others invited from the list
    flagged = [(h.person.id, next(s.start for s in h.stays if s.housing_first))
               for h in reg.histories() if any(s.housing_first for s in h.stays)]
    for person_id, moved in flagged:
        invited = moved - timedelta(days=30)
        housing_first.invite(reg, person_id, invited)
        housing_first.answer(reg, person_id, HfAnswer.ACCEPTED, invited + timedelta(days=7))
    listed = sorted(meetings.on_list(reg, today))
    taken = {p for p, _ in flagged}
    for number, person_id in enumerate(p for p in listed if p not in taken):
        if number >= 4:
            break
        housing_first.invite(reg, person_id, today - timedelta(days=40 - number * 8))
        if number < 2:
            housing_first.answer(reg, person_id, HfAnswer.ACCEPTED, today - timedelta(days=30 - number * 8))
        elif number == 2:
            housing_first.answer(reg, person_id, HfAnswer.DECLINED, today - timedelta(days=10))
    if flagged:
        housing_first.end(reg, flagged[0][0], HfEndReason.MOVED, today - timedelta(days=5))


def _recent_weeks(reg: Register, data: dict, today: date) -> None:
    """Two closed status meetings, then the last fortnight's news: placements and a newcomer,
    so the status list has changes since the last meeting to show."""
    for weeks_ago in (4, 2):
        held = today - timedelta(weeks=weeks_ago)
        meetings.start_meeting(reg, held, data["attendees"])
        listed = sorted(meetings.on_list(reg, held))
        for person_id, text in zip(listed[:3], data["steps"][weeks_ago:]):
            meetings.add_action(reg, person_id, text, owner=data["owners"][weeks_ago % 4],
                                due=held + timedelta(days=14))
        meetings.close_meeting(reg)
    on_list = sorted(meetings.on_list(reg, today - timedelta(days=10)))
    used = {s.code for h in reg.histories() for s in h.stays}
    missing = [code for code in PLACEMENT_WEIGHTS if code not in used]
    for person_id, days_ago in zip(on_list[3:], (9, 6, 3, 12, 11, 8, 5)):
        history = reg.history(person_id)
        day = today - timedelta(days=days_ago)
        if days_ago > 9 and not missing:
            break
        route = missing.pop() if days_ago > 9 else history.plan.route if history.plan else None
        if route and history.stays[-1].start < day:
            add_stay(reg, person_id, route, day, housing_first=days_ago == 6)
    add_person(reg, situation=Situation.UTE, since=today - timedelta(days=2),
                       registered=today - timedelta(days=2), name="Ola Nordmann",
                       gender=Gender.M, born=date(1990, 5, 17), caseworker=data["caseworkers"][0])


def _write_person(reg: Register, data: dict, index: int, today: date) -> None:
    rng = random.Random(7919 * (index + 1))
    start_of_history = today - timedelta(days=548)
    gender = rng.choice([Gender.F, Gender.M, Gender.M])
    first = rng.choice(data["first_names_f" if gender == Gender.F else "first_names_m"])
    name = f"{first} {rng.choice(data['surnames'])}"
    # adults, 18 to 67 on the demo's working day (which training registers may set in the past)
    born = date(today.year - rng.randint(18, 67), rng.randint(1, 12), rng.randint(1, 28))
    fnr = None
    if rng.random() < 0.6:
        serial = rng.randint(500, 740) if born.year >= 2000 else rng.randint(100, 480)
        while fnr is None:
            fnr = make_fnr(born, serial, synthetic=True)
            serial += 1
    kind = index % 20
    since = start_of_history + timedelta(days=rng.randint(0, 470))
    release = None
    if kind in (6, 13):  # to be released within two months: homeless now unless arranged
        code, since = rng.choice([Situation.KRIM, Situation.INST]), today - timedelta(days=rng.randint(100, 300))
        release = today + timedelta(days=rng.randint(5, 55))
    elif kind == 19:  # long sentence: not yet on the list
        code, since, release = Situation.KRIM, today - timedelta(days=200), today + timedelta(days=150)
    else:
        code = HOMELESS_CYCLE[index % len(HOMELESS_CYCLE)]
    needs = [n for n in Need if rng.random() < 0.35]
    alias = rng.choice(data["aliases"]) if kind == 17 else None  # the draws in their old order
    children = rng.choice([1, 2, 3]) if rng.random() < 0.15 else 0
    person_id = add_person(
        reg, situation=code, since=since, registered=since,
        name=None if kind == 17 else name, alias=alias,
        fnr=fnr, born=None if fnr else born, gender=gender,
        children=children,
        caseworker=rng.choice(data["caseworkers"]),
        consent=since if rng.random() < 0.75 else None,
        wants_housing=kind != 11, release=release,
        place=rng.choice(data["places"][code.value]) if code.value in data["places"] else None,
        **needs_from(needs), **_survey_fields(index, since, today, children),
    )
    if release:
        if index == 13:  # a dwelling arranged for the release day
            add_stay(reg, person_id, Situation.KOMMUNAL, release)
        add_step(reg, person_id, data["steps"][5], owner="NAV", due=today + timedelta(days=7),
                         created=since)
        return
    _walk(reg, data, rng, person_id, since, today, sparse=kind in (4, 15), index=index)
    _evicted_from_home(reg, person_id, index)
    if kind == 9:
        exit_person(reg, person_id, ExitReason.MOVED, today - timedelta(days=rng.randint(10, 40)))
    if kind == 16 and since < today - timedelta(days=60):
        exit_person(reg, person_id, ExitReason.DECEASED, today - timedelta(days=30))


def _survey_fields(index: int, since: date, today: date, children: int) -> dict:
    """The national survey's fields for one demo person: some born abroad, most with an income
    source, now and then an eviction, some unknown. A random source of their own, so the rest
    of the demo (and every figure of it) is as it was before the fields existed."""
    rng = random.Random(104729 * (index + 1))
    born = rng.random()
    income = rng.choices([*Income, None], weights=[45, 25, 8, 7, 15])[0]
    evicted = since - timedelta(days=rng.randint(5, 60)) if rng.random() < 0.3 else None
    living_with = rng.choice([True, True, False, None])
    return {
        "born_abroad": True if born < 0.3 else False if born < 0.85 else None,
        "children_living_with": living_with if children else None,
        "income": income,
        "evicted": evicted if evicted and evicted <= today else None,
    }


def _evicted_from_home(reg: Register, person_id: str, index: int) -> None:
    """Half of those who lost their home in the demo were evicted from it, on the day they came
    back on the list (a random source of its own, as in _survey_fields)."""
    stays = reg.history(person_id).stays
    lost = [later.start for earlier, later in pairwise(stays)
            if earlier.code in PLACEMENTS and later.code in HOMELESS]
    if lost and random.Random(15485863 * (index + 1)).random() < 0.5:
        update_person(reg, person_id, evicted=lost[-1])


def _walk(reg, data, rng, person_id, since, today, sparse: bool, index: int) -> None:
    """Moves, contacts, a plan, steps and applications from `since` up to today."""
    day = since
    route = rng.choices(list(PLACEMENT_WEIGHTS), weights=list(PLACEMENT_WEIGHTS.values()))[0]
    if rng.random() < 0.85:
        target = since + timedelta(days=rng.randint(60, 330))
        set_plan(reg, person_id, route=route, target=target,
                         responsible=rng.choice(data["owners"]))
        for text in rng.sample(data["steps"][:5] + data["steps"][6:], rng.randint(1, 3)):
            due = since + timedelta(days=rng.randint(10, 120))
            add_step(reg, person_id, text, owner=rng.choice(data["owners"]), due=due,
                             created=since)
    if route == Situation.KOMMUNAL or rng.random() < 0.3:
        received = since + timedelta(days=rng.randint(3, 30))
        if received < today:
            app_id = add_application(reg, person_id, ApplicationKind.KOMMUNAL, received)
            decided = received + timedelta(days=rng.randint(14, 60))
            if decided < today and rng.random() < 0.8:
                decision = Decision.GRANTED if rng.random() < 0.75 else Decision.REFUSED
                decide_application(reg, app_id, decision, decided)
    if route == Situation.PRIVAT:
        received = since + timedelta(days=rng.randint(5, 40))
        if received < today:
            app_id = add_application(reg, person_id, ApplicationKind.DEPOSITUM, received)
            if received + timedelta(days=10) < today:
                decide_application(reg, app_id, Decision.GRANTED, received + timedelta(days=10))
    housed = False
    next_move = day + timedelta(days=rng.randint(40, 260))
    while True:
        gap = rng.randint(70, 120) if sparse else rng.randint(10, 50)
        day = day + timedelta(days=gap)
        if day >= today:
            break
        if day >= next_move:
            if housed:
                if rng.random() < 0.25:  # lost the home: back on the list
                    add_stay(reg, person_id, rng.choice([Situation.VENN, Situation.UTE]), day)
                    housed = False
                next_move = day + timedelta(days=rng.randint(60, 300))
                continue
            if rng.random() < 0.6 and not sparse:
                lease = Lease.FIXED if rng.random() < 0.4 else None
                add_stay(
                    reg, person_id, route, day,
                    housing_first=route in (Situation.PRIVAT, Situation.KOMMUNAL) and rng.random() < 0.25,
                    lease=lease, lease_end=day + timedelta(days=1095) if lease else None,
                )
                housed = True
            else:
                code = rng.choice([Situation.MIDL, Situation.VENN, Situation.AKUTT])
                place = rng.choice(data["places"].get(code.value, [None]))
                add_stay(reg, person_id, code, day, place=place)
            next_move = day + timedelta(days=rng.randint(30, 200))
        if not housed:
            kind = ContactKind.ATTEMPT if rng.random() < 0.1 else rng.choice([ContactKind.MET, ContactKind.PHONE])
            add_contact(reg, person_id, day, kind=kind, by=rng.choice(data["caseworkers"]))
