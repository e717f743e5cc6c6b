"""Registers for the tests that read the meeting's lists as a person sees them: the demo, and
one of fictitious persons with long names, aliases, hostile text and every flag."""

import json
import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from boligreg.demo import write_demo
from boligreg.domain.codes import ApplicationKind, ContactKind, Decision, Situation
from boligreg.domain.flags import Flag
from boligreg.domain.fnr import make_fnr
from boligreg.i18n import t
from boligreg.store import open_register
from boligreg.store.applications import add_application, decide_application
from boligreg.store.config import set_config
from boligreg.store.contacts import add_contact
from boligreg.store.meetings import add_action, close_meeting, start_meeting
from boligreg.store.persons import add_person
from boligreg.store.plans import add_step, set_plan
from boligreg.store.stays import add_stay

WIDTHS = (80, 100, 120, 200)
ID = re.compile(r"^P\d{4}\b")
OVERDUE_MARK = re.compile(r"\d{2}\.\d{2}\.\d{4}\)? !")


def demo_register(path: Path, today: date) -> Path:
    write_demo(path, today=today).close()
    return path


def _fnr(born: date) -> str:
    serial = 100  # born in the 1900s
    while (number := make_fnr(born, serial, synthetic=True)) is None:
        serial += 1
    return number


def long_register(path: Path, today: date) -> Path:
    """Every flag on the list, the longest names a municipality meets, aliases, a name with
    markup and a terminal escape in it, several applications and long overdue steps."""
    reg = open_register(path, create=True, demo=True, today=today)
    set_config(reg, "municipality", "Nordre Eksempelvik og Søndre Fjellstad interkommunale boligtjeneste")
    set_config(reg, "zero-vision-date", (today + timedelta(days=100)).isoformat())
    long_ago, weeks = today - timedelta(days=200), today - timedelta(days=14)
    people = [
        {"name": "Åse Marie Fjellstad-Nordmann Bakkevik-Haugland", "situation": Situation.MIDL,
             "since": long_ago, "children": 2, "fnr": _fnr(date(1981, 4, 9))},
        {"name": "Åse Marie Fjellstad-Nordmann Bakkevik-Hauglid", "situation": Situation.VENN,
             "since": long_ago, "consent": long_ago, "fnr": _fnr(date(1981, 4, 19))},
        {"alias": "Kapteinen på Sjøbua ved Gamlebrygga", "situation": Situation.UTE, "since": long_ago,
             "consent": long_ago},
        {"name": "Kari [bold]Nordmann[/] «Test»", "situation": Situation.AKUTT, "since": long_ago},
        {"name": "Jonas Dalsrud", "situation": Situation.KRIM, "since": long_ago,
             "release": today + timedelta(days=20), "consent": long_ago},
        {"name": "Per Bakkevik", "situation": Situation.KRISE, "since": long_ago, "consent": long_ago},
    ]
    ids = [add_person(reg, registered=p["since"], **p) for p in people]
    heavy, twin, alias, hostile, released, quiet = ids
    set_plan(reg, heavy, route=Situation.KOMMUNAL, target=today - timedelta(days=30),
             responsible="Boligkontoret i Nordre Eksempelvik")
    set_plan(reg, twin, route=Situation.PRIVAT, target=today + timedelta(days=60))
    set_plan(reg, alias, route=Situation.OMSORG, target=today - timedelta(days=2))
    set_plan(reg, quiet, route=Situation.EID, target=today + timedelta(days=90))
    add_step(reg, heavy, "Søke om kommunal utleiebolig med tilrettelegging for rullestol og "
             "avklare depositumsgaranti med NAV", owner="Vedtakskontoret i Nordre Eksempelvik",
             due=today - timedelta(days=40), created=long_ago)
    add_step(reg, alias, "Følge på visning", owner="NAV", due=today - timedelta(days=1), created=long_ago)
    add_step(reg, twin, "Gå gjennom boligheftet", owner="NAV", due=today + timedelta(days=7),
             created=long_ago)
    for kind in (ApplicationKind.KOMMUNAL, ApplicationKind.DEPOSITUM, ApplicationKind.BOSTOTTE):
        app = add_application(reg, heavy, kind, long_ago + timedelta(days=10))
        if kind == ApplicationKind.KOMMUNAL:
            decide_application(reg, app, Decision.GRANTED, long_ago + timedelta(days=40))
    for person, days_ago in ((heavy, 20), (alias, 30), (alias, 3), (hostile, 30), (hostile, 5),
                             (quiet, 10), (twin, 70),  # K60
                             (released, 100)):  # K90: out of contact, but on the list for release
        add_contact(reg, person, today - timedelta(days=days_ago), kind=ContactKind.MET)
    add_stay(reg, quiet, Situation.MIDL, today - timedelta(days=95), place="Sentrum hospits")  # M3
    start_meeting(reg, weeks, "NAV, boligkontoret, vedtakskontoret")
    add_action(reg, twin, "Ringe utleier om visning", "NAV", weeks + timedelta(days=7))
    add_action(reg, alias, "Avklare plass i omsorgsbolig", "Vedtakskontoret", today + timedelta(days=7))
    close_meeting(reg)
    add_person(reg, name="Nyregistrert Nordmann", situation=Situation.UTE,  # NY
               since=today - timedelta(days=1), registered=today - timedelta(days=1))
    reg.close()
    conn = sqlite3.connect(path)  # entry refuses an escape (issue 15): one edited in by hand
    conn.execute("UPDATE person SET name = ? WHERE id = ?", ("Kari [bold]Nordmann[/] \x1b[2J«Test»", hostile))
    conn.commit()
    conn.close()
    return path


def blocks(text: str) -> dict[str, str]:
    """Each person's lines in the status table (from the line that starts with the id to the
    next person's), joined into one text."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    table = text.split("─", 1)[1].split(t("col_flags") + ":", 1)[0]
    for line in table.splitlines():
        match = ID.match(line)
        if match:
            current = found.setdefault(match.group(0), [])
        elif line and not line.startswith(" "):
            current = None  # a repeated header, or the end of the table
        if current is not None:
            current.append(line)
    return {pid: "\n".join(lines) for pid, lines in found.items()}


def check_status_screen(screen: str, status_json: str, width: int) -> None:
    """What a person reading the list must be able to rely on: every person, every flag and
    every overdue mark of the JSON output is on the screen, and no line is wider than it."""
    from boligreg.cli.text_table import width_of

    too_wide = [line for line in screen.splitlines() if width_of(line.rstrip()) > width]
    assert not too_wide, too_wide
    report = json.loads(status_json)
    shown = blocks(screen)
    assert sorted(shown) == sorted(row["id"] for row in report["rows"])
    for row in report["rows"]:
        block = shown[row["id"]]
        words = set(block.split())
        for flag in row["flags"]:
            assert t("flag_" + Flag(flag).value) in words, (row["id"], flag, block)
        overdue = int(row["target_overdue"]) + int(bool(row["next_due"] and row["next_due"] < report["day"]))
        assert len(OVERDUE_MARK.findall(block)) == overdue, (row["id"], block)
    for release in report["releases"]:
        assert release["id"] in screen
