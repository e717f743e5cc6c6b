"""KOSTRA skjema 13: each figure on scripted households, a property test against a day-by-day
recount, and the command as a user runs it (terminal, JSON, the workbook, bad input)."""

import csv
import json
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from boligreg.domain.codes import ApplicationKind, Decision, ExitReason, Situation
from boligreg.domain.dates import add_months
from boligreg.domain.models import Application, History
from boligreg.reports.figures import Tally, period_figures
from boligreg.reports.kostra import kostra_tally, kostra_year
from tests.conftest import TODAY, assert_one_line_error, file_hash, require_tool
from tests.histories import (
    BASE,
    application,
    contact_set,
    days,
    gone_on,
    history,
    households,
    raw_code,
)

Y = 2015


def person(i: int, *stays, **fields) -> History:
    h = history(*stays, **fields)
    pid = f"P{i:04d}"
    return replace(h, person=replace(h.person, id=pid),
                   stays=tuple(replace(s, person_id=pid) for s in h.stays))


def kommunal(i: int, received: date, decision: Decision | None = None, decided: date | None = None,
             withdrawn: date | None = None) -> Application:
    return application(f"A{i:04d}", "P0001", ApplicationKind.KOMMUNAL, received, decision, decided,
                       withdrawn)


def test_households_in_temporary_accommodation_each_once_long_short_and_with_children():
    # in and out of MIDL twice in the year, with children: once; the first stay began in
    # October before and ran past three months
    family = person(1, ("MIDL", date(2014, 10, 1)), ("VENN", date(2015, 2, 15)),
                    ("MIDL", date(2015, 6, 1)), ("PRIVAT", date(2015, 6, 10)), children=2)
    fortnight = person(2, ("MIDL", date(2015, 3, 1)), ("VENN", date(2015, 3, 15)))  # 14 nights
    fifteen = person(3, ("MIDL", date(2015, 3, 1)), ("VENN", date(2015, 3, 16)))
    hostels = person(4, ("MIDL", date(2015, 1, 10)), ("MIDL", date(2015, 3, 1)),  # one run
                     ("PRIVAT", date(2015, 4, 11)))
    new_years_eve = person(5, ("MIDL", date(2015, 12, 20)))  # 12 days in the year, still there
    elsewhere = person(6, ("VENN", date(2015, 3, 1)))
    died = person(7, ("MIDL", date(2014, 1, 1)), exits=((ExitReason.DECEASED, date(2014, 6, 1)),))
    same_day = person(8, ("UTE", date(2015, 4, 1)), ("MIDL", date(2015, 5, 1)),
                      ("VENN", date(2015, 5, 1)))  # a MIDL stay superseded the day it began
    f = kostra_year([family, fortnight, fifteen, hostels, new_years_eve, elsewhere, died, same_day], Y)
    m = f.temporary
    assert m.households == 5
    assert m.over_3_months == 2  # the family (Oct–Feb) and the hostels (10.01–11.04)
    assert m.up_to_14_days == 2  # the fortnight and the stay from 20 December
    assert (m.with_children, m.with_children_over_3_months) == (1, 1)


def test_a_stay_in_temporary_accommodation_ends_with_death_or_a_move_away():
    """The stays say MIDL until a new stay is recorded, which after a death or a move away
    never comes: those days are not in MIDL, in KOSTRA and the Husbanken report alike."""
    died = person(1, ("MIDL", date(2014, 1, 1)), exits=((ExitReason.DECEASED, date(2014, 6, 1)),))
    moved = person(2, ("MIDL", date(2015, 1, 1)), ("MIDL", date(2015, 9, 1)),
                   exits=((ExitReason.MOVED, date(2015, 2, 1)),))  # away, and back in September
    set_inactive = person(3, ("MIDL", date(2014, 1, 1)), contacts=(date(2015, 3, 1),),
                          exits=((ExitReason.INACTIVE, date(2014, 12, 1)),))  # back on 01.03
    f = kostra_year([died, moved, set_inactive], Y).temporary
    assert (f.households, f.over_3_months, f.up_to_14_days) == (2, 2, 0)
    period = period_figures([died, moved, set_inactive], date(2015, 1, 1), date(2015, 12, 31),
                            inactive_after_days=90).temporary
    assert (period.households, period.over_3_months) == (2, 2)


def test_three_months_is_counted_to_the_day():
    exactly = person(1, ("MIDL", date(2015, 1, 10)), ("PRIVAT", date(2015, 4, 10)))
    one_more = person(2, ("MIDL", date(2015, 1, 10)), ("PRIVAT", date(2015, 4, 11)))
    assert kostra_year([exactly], Y).temporary.over_3_months == 0
    assert kostra_year([one_more], Y).temporary.over_3_months == 1


def test_night_shelter_is_counted_apart():
    sheltered = person(1, ("AKUTT", date(2015, 2, 1)), ("UTE", date(2015, 2, 3)),
                       ("AKUTT", date(2015, 8, 1)), children=1)
    both = person(2, ("AKUTT", date(2015, 2, 1)), ("MIDL", date(2015, 2, 2)))
    f = kostra_year([sheltered, both], Y)
    assert (f.night_shelter.households, f.night_shelter.with_children) == (2, 1)
    assert f.temporary.households == 1


def test_municipal_applications_new_tenants_and_the_waiting_list():
    def applied(i, *stays, apps):
        return replace(person(i, *stays), applications=tuple(replace(a, person_id=f"P{i:04d}") for a in apps))

    new = applied(1, ("VENN", date(2014, 11, 1)), ("KOMMUNAL", date(2015, 4, 1)),
                  apps=[kommunal(1, date(2015, 1, 5), Decision.GRANTED, date(2015, 2, 1))])
    swap = applied(2, ("KOMMUNAL", date(2013, 1, 1)), ("KOMMUNAL", date(2015, 5, 1)),
                   apps=[kommunal(2, date(2015, 1, 5), Decision.GRANTED, date(2015, 2, 1))])
    renewal = applied(3, ("UTE", date(2014, 1, 1)), ("KOMMUNAL", date(2014, 3, 1)),
                      ("KOMMUNAL", date(2015, 3, 1)),  # a new lease, no new application
                      apps=[kommunal(3, date(2014, 1, 10), Decision.GRANTED, date(2014, 2, 1))])
    applied_homeless = applied(4, ("KOMMUNAL", date(2013, 1, 1)), ("UTE", date(2014, 12, 1)),
                               ("KOMMUNAL", date(2015, 6, 1)),
                               apps=[kommunal(4, date(2014, 12, 10), Decision.GRANTED, date(2015, 1, 10))])
    waiting_twice = applied(5, ("VENN", date(2014, 1, 1)),
                            apps=[kommunal(5, date(2015, 3, 1), Decision.GRANTED, date(2015, 4, 1)),
                                  kommunal(6, date(2015, 5, 1), Decision.GRANTED, date(2015, 6, 1))])
    refused = applied(6, ("VENN", date(2014, 1, 1)),
                      apps=[kommunal(7, date(2015, 3, 1), Decision.REFUSED, date(2015, 4, 1)),
                            kommunal(8, date(2015, 12, 1))])
    withdrawn = applied(7, ("VENN", date(2014, 1, 1)),
                        apps=[kommunal(9, date(2015, 3, 1), Decision.GRANTED, date(2015, 4, 1),
                                       withdrawn=date(2015, 10, 1))])
    last_year = applied(8, ("VENN", date(2014, 1, 1)), ("KOMMUNAL", date(2014, 12, 1)),
                        apps=[kommunal(10, date(2014, 1, 5), Decision.GRANTED, date(2014, 2, 1))])
    k = kostra_year([new, swap, renewal, applied_homeless, waiting_twice, refused, withdrawn,
                     last_year], Y).municipal
    assert k.applications_received == 7  # 1, 2, 5, 6, 7, 8, 9 (4 and 10 came the year before)
    assert k.applications_granted == 6 and k.applications_refused == 1
    assert k.newly_moved_in == 2  # new, and applied_homeless (homeless when they applied)
    assert k.waiting_list_end == 1  # waiting_twice, once as a household


def test_a_register_counted_in_parts_gives_the_figures_of_one_count():
    people = [person(i, ("MIDL", date(2015, 1, i)), ("KOMMUNAL", date(2015, 2, i)), children=i % 2)
              for i in range(1, 8)]
    parts = sum((kostra_tally(people[a:a + 3], Y) for a in range(0, 7, 3)), Tally())
    assert kostra_tally(people, Y) == parts


# --- property test: every figure against a day-by-day recount --------------------------------


def recount(people: list[History], year: int) -> dict[str, int]:
    """The KOSTRA figures read one day at a time from DESIGN.md, with no rule of boligreg's."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    counts: Counter = Counter()
    for h in people:
        contacts = contact_set(h)
        children = h.person.children > 0
        for code, group in ((Situation.MIDL, "temporary"), (Situation.AKUTT, "night_shelter")):
            there = [d for d in days(BASE - timedelta(days=1), last)
                     if raw_code(h, d) == code and not gone_on(h, d, contacts)]
            streaks: list[list[date]] = []
            for d in there:
                if streaks and streaks[-1][-1] == d - timedelta(days=1):
                    streaks[-1].append(d)
                else:
                    streaks.append([d])
            streaks = [s for s in streaks if s[-1] >= first]
            if not streaks:
                continue
            counts[group, "households"] += 1
            counts[group, "with_children"] += children
            if code == Situation.MIDL:
                long = any(add_months(s[0], 3) <= s[-1] for s in streaks)
                counts[group, "over_3_months"] += long
                counts[group, "with_children_over_3_months"] += long and children
                counts[group, "up_to_14_days"] += sum(d >= first for d in there) <= 14
        apps = [a for a in h.applications if a.kind == ApplicationKind.KOMMUNAL]
        counts["received"] += sum(first <= a.received <= last for a in apps)
        for a in apps:  # decided in the year: the last decision made in it (an appeal's counts)
            made = [r.decision for r in a.rulings if first <= r.date <= last and r.decision != Decision.WITHDRAWN]
            counts["granted"] += bool(made) and made[-1] == Decision.GRANTED
            counts["refused"] += bool(made) and made[-1] == Decision.REFUSED
        # walk the days: applications wait until a KOMMUNAL stay begins; a stay that begins
        # answers the waiting ones, and is new unless the person lived in KOMMUNAL when the
        # latest of them came in (or, with none waiting, just before)
        waiting: list[Application] = []
        new = False
        for d in days(min([a.received for a in apps] + [s.start for s in h.stays]), last):
            waiting += [a for a in apps if a.received == d]
            for index, stay in enumerate(h.stays):
                if stay.start != d or stay.code != Situation.KOMMUNAL:
                    continue
                if waiting:
                    latest = max(waiting, key=lambda a: (a.received, a.id))
                    before = [s for s in h.stays[:index] if s.start <= latest.received]
                    was = before[-1].code if before else None
                else:
                    was = h.stays[index - 1].code if index else None
                new = new or (first <= d and was != Situation.KOMMUNAL)
                waiting = []
        counts["newly_moved_in"] += new
        def in_force(a: Application) -> Decision | None:
            by_then = [r.decision for r in a.rulings if r.date <= last]
            return by_then[-1] if by_then else None

        counts["waiting"] += any(
            in_force(a) == Decision.GRANTED
            and not any(s.code == Situation.KOMMUNAL and a.received <= s.start <= last for s in h.stays)
            for a in apps)
    return counts


def check_against_recount(people: list[History], year: int) -> None:
    people = [replace(p, person=replace(p.person, id=f"P{i:04d}")) for i, p in enumerate(people)]
    f = kostra_year(people, year)
    expected = recount(people, year)
    m, n, k = f.temporary, f.night_shelter, f.municipal
    assert m.model_dump() == {key: expected["temporary", key] for key in m.model_dump()}
    assert n.model_dump() == {key: expected["night_shelter", key] for key in n.model_dump()}
    assert (k.applications_received, k.applications_granted, k.applications_refused) == (
        expected["received"], expected["granted"], expected["refused"])
    assert (k.newly_moved_in, k.waiting_list_end) == (expected["newly_moved_in"], expected["waiting"])
    # the Husbanken report's MIDL figures for the same year are the same households
    period = period_figures(people, date(year, 1, 1), date(year, 12, 31), inactive_after_days=90)
    assert (period.temporary.households, period.temporary.over_3_months,
            period.temporary.with_children) == (m.households, m.over_3_months, m.with_children)


PEOPLE = st.lists(households(), min_size=1, max_size=4)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=PEOPLE, year=st.integers(2014, 2016))
def test_every_kostra_figure_equals_a_day_by_day_recount(people, year):
    check_against_recount(people, year)


@pytest.mark.slow
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=PEOPLE, year=st.integers(2014, 2016))
def test_every_kostra_figure_equals_a_day_by_day_recount_many_households(people, year):
    check_against_recount(people, year)


# --- the command ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kostra_file(tmp_path_factory) -> Path:
    """Households through the CLI, once per module: a family in and out of MIDL, a night
    shelter, a new tenant and one on the waiting list, in 2015 (the working day is 01.06.2016)."""
    from typer.testing import CliRunner

    from boligreg.cli import app

    path = tmp_path_factory.mktemp("kostra") / "register.db"
    runner = CliRunner()

    def ok(*args):
        out = runner.invoke(app, ["--db", str(path), *args], env={
            "BOLIGREG_TODAY": TODAY.isoformat(), "BOLIGREG_USER": "testbruker", "BOLIGREG_LANG": "nb"})
        assert out.exit_code == 0, out.output
    ok("init", "--demo")
    ok("config", "set", "municipality", "Eksempelvik kommune")
    ok("person", "add", "--name", "Kari Nordmann", "--situation", "MIDL", "--since", "2014-10-01",
       "--children", "2", "--phone", "4799999999")
    ok("stay", "add", "P0001", "VENN", "--from", "2015-02-15")
    ok("stay", "add", "P0001", "MIDL", "--from", "2015-06-01", "--place", "Hemmelig hospits")
    ok("person", "add", "--name", "Ola Nordmann", "--situation", "AKUTT", "--since", "2015-03-01")
    ok("application", "add", "P0002", "KOMMUNAL", "--date", "2015-03-10")
    ok("application", "decide", "A0001", "--granted", "--date", "2015-04-01")
    ok("stay", "add", "P0002", "KOMMUNAL", "--from", "2015-05-01")
    ok("person", "add", "--name", "Per Fjellstad", "--situation", "VENN", "--since", "2015-01-01")
    ok("application", "add", "P0003", "KOMMUNAL", "--date", "2015-06-01")
    ok("application", "decide", "A0002", "--granted", "--date", "2015-07-01")
    # set inactive by hand in February, back with a contact in June, in MIDL all along
    ok("person", "add", "--name", "Anne Lysaker", "--situation", "MIDL", "--since", "2015-01-01")
    ok("person", "exit", "P0004", "--reason", "inaktiv", "--date", "2015-02-01")
    ok("contact", "P0004", "--date", "2015-06-01")
    return path


@pytest.fixture
def kostra_register(db, kostra_file) -> Path:
    shutil.copyfile(kostra_file, db)
    db.chmod(0o600)
    return db


def test_terminal_json_and_english(cli, kostra_register):
    out = cli("report", "kostra", "--year", "2015")
    assert out.code == 0, out
    assert "KOSTRA skjema 13" in out.out and "Husstander i midlertidig botilbud" in out.out
    assert "ikke i registeret" in out.out and "én husstand" in out.out
    figures = json.loads(cli("report", "kostra", "--year", "2015", "--format", "json").out)
    assert set(figures) == {"year", "period_from", "period_to", "municipality", "counting_unit", "dwelling_stock",
                            "temporary", "night_shelter", "municipal", "not_in_register"}
    assert figures["temporary"] == {"households": 2, "over_3_months": 2, "up_to_14_days": 0,
                                    "with_children": 1, "with_children_over_3_months": 1}
    assert figures["night_shelter"] == {"households": 1, "with_children": 0}
    assert figures["municipal"] == {"applications_received": 2, "applications_granted": 2,
                                    "applications_refused": 0, "newly_moved_in": 1,
                                    "waiting_list_end": 1}
    assert figures["counting_unit"] == "household" and figures["period_to"] == "2015-12-31"
    english = cli("--lang", "en", "report", "kostra", "--year", "2015").out
    assert "Households in temporary accommodation" in english and "not in the register" in english
    nynorsk = cli("--lang", "nn", "report", "kostra", "--year", "2015").out
    assert "Hushald i mellombels butilbod" in nynorsk


def test_workbook_is_typed_suppressed_private_and_holds_the_definitions(cli, kostra_register, tmp_path):
    path = tmp_path / "kostra-2015.xlsx"
    out = cli("report", "kostra", "--year", "2015", "--xlsx", str(path))
    assert out.code == 0, out
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    book = load_workbook(path)
    assert book.sheetnames == ["KOSTRA skjema 13", "Ikke i registeret"]
    sheet = book["KOSTRA skjema 13"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2) if r[0].value}
    assert rows["Husstander i midlertidig botilbud"][1].value == "x"  # 2 is hidden
    definition = rows["Husstander i midlertidig botilbud"][2].value
    assert definition.startswith("Husstander som bodde i midlertidig botilbud")
    assert definition.endswith("teller ikke før personen er tilbake.")  # one cell, wrapped
    assert rows["Husstander i midlertidig botilbud"][2].alignment.wrap_text
    lines = list(book["Ikke i registeret"].iter_rows())
    header = next(i for i, r in enumerate(lines) if r[1].value == "Verdi")  # below the title block
    missing = [r[1].value for r in lines[header + 1:]]
    assert missing and set(missing) == {"ikke i registeret"}
    secrets = ("nordmann", "fjellstad", "lysaker", "4799999999", "hemmelig", "p0001", "a0001")
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not any(s in str(cell.value).lower() for s in secrets), cell.value
    exact = tmp_path / "kostra-exact.xlsx"
    assert cli("report", "kostra", "--year", "2015", "--xlsx", str(exact), "--no-suppress").code == 0
    rows = {r[0].value: r for r in load_workbook(exact).active.iter_rows(min_row=2) if r[0].value}
    assert rows["Husstander i midlertidig botilbud"][1].value == 2
    assert rows["Husstander i midlertidig botilbud"][1].data_type == "n"


@pytest.mark.slow
def test_kostra_workbook_opens_in_libreoffice_with_the_same_figures(cli, kostra_register, tmp_path):
    soffice = require_tool("soffice")
    path = tmp_path / "kostra.xlsx"
    assert cli("report", "kostra", "--year", "2015", "--xlsx", str(path), "--no-suppress").code == 0
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                        "--outdir", str(tmp_path), str(path)],
                       capture_output=True, timeout=180, check=True)
    sheets = {p.stem: list(csv.reader(p.open(encoding="utf-8"))) for p in tmp_path.glob("*.csv")}
    main = next(rows for name, rows in sheets.items() if "KOSTRA" in name)
    values = {row[0]: row[1] for row in main[1:] if row[0]}
    assert values["Husstander i midlertidig botilbud"] == "2"
    assert values["Husstander nye i kommunal bolig"] == "1"
    assert values["Husstander på venteliste ved årets slutt"] == "1"


@pytest.mark.parametrize("args", [
    ("report", "kostra", "--year", "2016"),  # not over on 01.06.2016
    ("report", "kostra", "--year", "2031"),
    ("report", "kostra", "--year", "2001"),  # before the register's history
    ("report", "kostra", "--year", "20x5"),
    ("report", "kostra", "--year", "２０１５"),
    ("report", "kostra"),
    ("report", "kostra", "--year", "2015", "--format", "csv"),
    ("report", "kostra", "--year", "2015", "--xlsx", "/no/such/dir/k.xlsx"),
    ("report", "--from", "2015-01-01", "kostra", "--year", "2015"),
])
def test_bad_kostra_input_is_one_line_and_writes_nothing(cli, kostra_register, db, args):
    before = file_hash(db)
    assert_one_line_error(cli(*args))
    assert file_hash(db) == before


def test_an_existing_workbook_needs_force(cli, kostra_register, tmp_path):
    path = tmp_path / "k.xlsx"
    path.write_bytes(b"old")
    assert_one_line_error(cli("report", "kostra", "--year", "2015", "--xlsx", str(path)), 2)
    assert path.read_bytes() == b"old"


def test_the_period_report_keeps_its_old_call(cli, kostra_register):
    """Scripts call `report --from … --to …`; it is the same command under the group."""
    out = cli("report", "--from", "2015-01-01", "--to", "2015-12-31", "--format", "json")
    assert out.code == 0 and json.loads(out.out)["temporary"]["households"] == 2
    missing = cli("report", "--to", "2015-12-31")
    assert_one_line_error(missing, 2)
    assert "--from" in missing.err
    assert "kostra" in cli("report", "--help").out and "survey" in cli("report", "--help").out
