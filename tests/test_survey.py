"""The national homelessness survey: ISO weeks, each answer on scripted persons, a property test
against a day-by-day recount, the survey's person fields, and the command as a user runs it."""

import csv
import json
import shutil
import subprocess
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from boligreg.domain.codes import Income, NeedValue
from boligreg.domain.dates import add_months, parse_week
from boligreg.domain.models import History
from boligreg.errors import InvalidInput
from boligreg.reports.survey import ANSWER_KEYS, survey_figures
from boligreg.settings import DEFAULT_INACTIVE_AFTER_DAYS as DAYS
from tests.conftest import TODAY, assert_one_line_error, file_hash, require_tool
from tests.histories import BASE, days, history, households, raw_code
from tests.test_figures import recount

MONDAY, SUNDAY = date(2015, 11, 23), date(2015, 11, 29)  # 2015-W48


def test_iso_weeks_as_typed():
    assert parse_week("2024-W48") == (date(2024, 11, 25), date(2024, 12, 1))
    assert parse_week("2020-W48") == (date(2020, 11, 23), date(2020, 11, 29))
    assert parse_week(" 2020w53 ") == (date(2020, 12, 28), date(2021, 1, 3))
    for bad in ("2024-48", "2024-W00", "2024-W54", "2021-W53", "W48", "２０２４-W48", "2024-W4８", ""):
        with pytest.raises(InvalidInput):
            parse_week(bad)


def person(i: int, *stays, **fields) -> History:
    h = history(*stays, **fields)
    return replace(h, person=replace(h.person, id=f"P{i:04d}"))


def forms(*people: History, dedup: bool = False):
    return survey_figures(people, MONDAY, SUNDAY, inactive_after_days=DAYS, dedup=dedup).rows


def only(*people: History, dedup: bool = False):
    rows = forms(*people, dedup=dedup)
    assert len(rows) == 1, rows
    return rows[0]


def test_who_is_homeless_in_the_week():
    arrives_wednesday = person(1, ("UTE", date(2015, 11, 25)))
    housed_tuesday = person(2, ("MIDL", date(2015, 10, 1)), ("PRIVAT", date(2015, 11, 24)))
    housed_monday = person(3, ("VENN", date(2015, 9, 1)), ("KOMMUNAL", date(2015, 11, 23)))
    arrives_sunday = person(4, ("AKUTT", date(2015, 11, 29)))
    release_soon = person(5, ("INST", date(2015, 6, 1), {"release": date(2016, 1, 10)}))
    release_later = person(6, ("INST", date(2015, 6, 1), {"release": date(2016, 3, 1)}))
    inactive = person(7, ("UTE", date(2015, 6, 1)))  # no contact for 90 days: off the list
    assert [f.situation for f in forms(arrives_wednesday, housed_tuesday, housed_monday,
                                       arrives_sunday, release_soon, release_later,
                                       inactive)] == ["UTE", "AKUTT", "MIDL", "INST"]
    assert only(housed_tuesday).situation == "MIDL"  # its last homeless day, Monday


def test_situation_on_the_last_homeless_day_duration_and_repeatedly():
    moved_in_week = person(1, ("VENN", date(2015, 7, 1)), ("MIDL", date(2015, 11, 26)),
                           contacts=(date(2015, 9, 1), date(2015, 11, 1)))
    row = only(moved_in_week)
    assert (row.situation, row.homeless_for, row.repeatedly) == ("MIDL", "3_6_months", False)
    back = person(2, ("UTE", date(2014, 1, 1)), ("PRIVAT", date(2014, 3, 1)), ("UTE", date(2015, 3, 1)),
                  contacts=tuple(date(2015, m, 1) for m in (4, 6, 8, 10)))
    row = only(back)
    assert (row.homeless_for, row.repeatedly) == ("over_6_months", True)
    assert only(person(3, ("UTE", date(2015, 11, 25)))).homeless_for == "under_3_months"
    exactly_three = person(4, ("UTE", date(2015, 8, 29)), contacts=(date(2015, 10, 15),))
    assert only(exactly_three).homeless_for == "3_6_months"  # 29.08 + 3 months = the Sunday
    keep_in_touch = (date(2015, 7, 1), date(2015, 9, 1), date(2015, 11, 1))
    exactly_six = person(5, ("UTE", date(2015, 5, 29)), contacts=keep_in_touch)
    assert only(exactly_six).homeless_for == "3_6_months"
    a_day_more = person(6, ("UTE", date(2015, 5, 28)), contacts=keep_in_touch)
    assert only(a_day_more).homeless_for == "over_6_months"


def test_the_persons_answers_unknown_included():
    known = person(1, ("UTE", date(2015, 11, 1)), gender="F", birth_year=1990, children=2,
                   children_living_with=False, born_abroad=True, income=Income.BENEFITS,
                   evicted=date(2015, 6, 1), need_rus=NeedValue.YES, need_psykisk=NeedValue.NO)
    row = only(known)
    assert (row.gender, row.age, row.age_band, row.born, row.children, row.children_living_with) == (
        "F", 25, "25_34", "abroad", 2, "no")
    assert (row.income, row.evicted_last_6_months, row.substance_dependence, row.mental_illness) == (
        "benefits", "yes", "yes", "no")
    unknown = only(person(2, ("UTE", date(2015, 11, 1))))
    assert (unknown.gender, unknown.age, unknown.age_band, unknown.born, unknown.income,
            unknown.evicted_last_6_months, unknown.substance_dependence, unknown.children_living_with) == (
        "unknown", None, "unknown", "unknown", "unknown", "unknown", "unknown", None)
    assert only(person(3, ("UTE", date(2015, 11, 1)), evicted=date(2015, 5, 28))).evicted_last_6_months == "no"
    assert only(person(3, ("UTE", date(2015, 11, 1)), evicted=date(2015, 5, 29))).evicted_last_6_months == "yes"
    assert only(person(4, ("UTE", date(2015, 11, 1)), evicted=date(2015, 12, 10))).evicted_last_6_months == "unknown"
    assert only(person(5, ("UTE", date(2015, 11, 1)), children=1)).children_living_with == "unknown"


def test_forms_carry_no_identity_unless_the_dedup_fields_are_asked_for():
    kari = person(1, ("UTE", date(2015, 11, 1)), birth_year=1990, fnr="15029012345",
                  phone="4799999999")
    alias = replace(person(2, ("UTE", date(2015, 11, 1))), person=replace(
        kari.person, id="P0002", name=None, alias="Kråka", birth_year=None))
    plain = forms(kari, alias)
    text = json.dumps([r.model_dump(mode="json") for r in plain])
    for secret in ("P0001", "Test", "Testesen", "15029012345", "4799999999", "Kråka"):
        assert secret not in text
    assert {(r.birth_year, r.initials) for r in plain} == {(None, None)}
    dedup = forms(kari, alias, dedup=True)
    assert {(r.birth_year, r.initials) for r in dedup} == {(1990, "TT"), (None, None)}


def test_the_summary_counts_every_form_once():
    people = [person(1, ("UTE", date(2015, 11, 1)), gender="F", birth_year=1990),
              person(2, ("MIDL", date(2015, 11, 1)), gender="M"),
              person(3, ("MIDL", date(2015, 11, 1)), children=1)]
    f = survey_figures(people, MONDAY, SUNDAY, inactive_after_days=DAYS)
    assert f.total == 3 and f.week == "2015-W48"
    assert f.by_situation["MIDL"].total == 2 and f.by_situation["MIDL"].by_gender == {
        "F": 0, "M": 1, "X": 0, "unknown": 1}
    assert f.by_situation["UTE"].by_age_band["25_34"] == 1
    for variable, keys in ANSWER_KEYS.items():
        assert list(f.answers[variable]) == list(keys)
        counted = sum(f.answers[variable].values())
        assert counted == (1 if variable == "children_living_with" else 3), variable


# --- property test: the forms against a day-by-day recount ------------------------------------


def expected_form(h: History, inactive_days: int, monday: date, sunday: date) -> tuple | None:
    """A person's form read one day at a time from DESIGN.md (tests/test_figures.recount), with
    no rule of boligreg's: homeless on any day of the week, the code on the last such day, the
    streak it belongs to, how many times the person became homeless by the Sunday (moment by
    moment: homeless in the morning of a day and housed or gone by its evening is a time too)."""
    active, changes = recount(h, inactive_days, BASE - timedelta(days=1), sunday)
    homeless = [d for d in days(monday, sunday) if active.get(d)]
    if not homeless:
        return None
    last = homeless[-1]
    # the streak began at the latest moment the person became homeless (a home held for part
    # of a day ends a streak, as it ends an episode)
    first = max(day for day, joined, _ in changes if joined and day <= last)
    streaks = sum(1 for day, joined, _ in changes if joined and day <= sunday)
    if sunday < add_months(first, 3):
        duration = "under_3_months"
    elif sunday <= add_months(first, 6):
        duration = "3_6_months"
    else:
        duration = "over_6_months"
    p = h.person
    evicted = ("unknown" if p.evicted is None or p.evicted > sunday
               else "yes" if p.evicted >= add_months(sunday, -6) else "no")
    return (raw_code(h, last).value, duration, streaks > 1,
            p.gender.value if p.gender else "unknown",
            sunday.year - p.birth_year if p.birth_year else None,
            {None: "unknown", True: "abroad", False: "norway"}[p.born_abroad],
            p.income.value if p.income else "unknown", evicted,
            ({None: "unknown", True: "yes", False: "no"}[p.children_living_with]
             if p.children else None), p.need_rus.value, p.need_psykisk.value)


def form_key(row) -> tuple:
    return (row.situation, row.homeless_for, row.repeatedly, row.gender, row.age, row.born,
            row.income, row.evicted_last_6_months, row.children_living_with,
            row.substance_dependence, row.mental_illness)


def check_against_recount(people, week, inactive_days) -> None:
    people = [replace(p, person=replace(p.person, id=f"P{i:04d}")) for i, p in enumerate(people)]
    monday, sunday = parse_week(week)
    f = survey_figures(people, monday, sunday, inactive_after_days=inactive_days)
    expected = [e for h in people if (e := expected_form(h, inactive_days, monday, sunday))]
    assert sorted(map(form_key, f.rows), key=repr) == sorted(expected, key=repr)
    assert f.total == len(expected) == sum(s.total for s in f.by_situation.values())


WEEKS = st.builds(lambda year, week: f"{year}-W{week:02d}", st.integers(2014, 2015), st.integers(1, 52))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(households(), min_size=1, max_size=4), week=WEEKS,
       inactive_days=st.sampled_from([30, 90]))
def test_every_form_equals_a_day_by_day_recount(people, week, inactive_days):
    check_against_recount(people, week, inactive_days)


@pytest.mark.slow
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(households(), min_size=1, max_size=4), week=WEEKS,
       inactive_days=st.sampled_from([30, 90]))
def test_every_form_equals_a_day_by_day_recount_many_persons(people, week, inactive_days):
    check_against_recount(people, week, inactive_days)


# --- the survey's person fields, through the CLI ---------------------------------------------


def test_survey_fields_are_entered_shown_changed_and_set_back_to_unknown(cli, register, db):
    assert cli("person", "add", "--name", "Kari Nordmann", "--situation", "UTE", "--since",
               "2015-11-01", "--children", "2", "--children-living-apart", "--born-abroad",
               "--income", "Trygd", "--evicted", "01.07.2015").code == 0
    card = cli("person", "show", "P0001").out
    for text in ("Fødeland       utlandet", "Barna bor hos personen  nei", "trygd eller pensjon",
                 "01.07.2015"):
        assert " ".join(text.split()) in " ".join(card.split()), text
    out = cli("person", "update", "P0001", "--income", "sosialhjelp", "--born-in-norway")
    assert out.code == 0 and "hovedinntekt" in out.out.lower()
    assert "økonomisk sosialhjelp" in cli("person", "show", "P0001").out
    assert "Norge" in cli("--lang", "nn", "person", "show", "P0001").out.replace("Noreg", "Norge")
    assert cli("--lang", "en", "person", "update", "P0001", "--income", "work").code == 0
    assert cli("person", "update", "P0001", "--unknown", "income,evicted").code == 0
    card = cli("person", "show", "P0001").out
    assert "Hovedinntekt" not in card and "Siste utkastelse" not in card and "Fødeland" in card
    log = cli("log", "--person", "P0001").out
    assert "person update" in log
    from boligreg.store import open_register

    person = open_register(db).person("P0001")
    assert (person.income, person.evicted, person.born_abroad) == (None, None, False)


@pytest.mark.parametrize("args", [
    ("person", "update", "P0001", "--income", "lotto"),
    ("person", "update", "P0001", "--evicted", "2030-01-01"),
    ("person", "update", "P0001", "--evicted", "31.02.2015"),
    ("person", "update", "P0001", "--unknown", "name"),
    ("person", "update", "P0001", "--unknown", "income", "--income", "arbeid"),
    ("person", "add", "--name", "Ny", "--situation", "UTE", "--since", "2015-01-01", "--income", "x"),
])
def test_bad_survey_fields_are_one_line_and_change_nothing(cli, register, db, args):
    assert cli("person", "add", "--name", "Kari Nordmann", "--situation", "UTE",
               "--since", "2015-11-01").code == 0
    before = file_hash(db)
    assert_one_line_error(cli(*args), 2)
    assert file_hash(db) == before


def test_a_register_from_before_the_survey_fields_opens_with_them_unknown(tmp_path):
    from sqlite_utils import Database

    from boligreg.store import open_register
    from boligreg.store.migrations import STEPS, migration_set

    path = tmp_path / "old.db"
    db = Database(path)
    migration_set().apply(db, stop_before="m005_survey_fields")
    db.execute("INSERT INTO config (key, value) VALUES ('inactive-after-days', '90')")
    db.execute("INSERT INTO person (id, name, registered) VALUES ('P0001', 'Kari', '2015-01-01')")
    db.conn.commit()
    db.close()
    assert "m005_survey_fields" in [step.__name__ for step in STEPS]  # it, and those after, still to run
    reg = open_register(path, today=TODAY)
    person = reg.person("P0001")
    assert (person.name, person.born_abroad, person.income, person.evicted,
            person.children_living_with) == ("Kari", None, None, None, None)


# --- the command ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def survey_file(tmp_path_factory) -> Path:
    from typer.testing import CliRunner

    from boligreg.cli import app

    path = tmp_path_factory.mktemp("survey") / "register.db"
    runner = CliRunner()

    def ok(*args):
        out = runner.invoke(app, ["--db", str(path), *args], env={
            "BOLIGREG_TODAY": TODAY.isoformat(), "BOLIGREG_USER": "testbruker", "BOLIGREG_LANG": "nb"})
        assert out.exit_code == 0, out.output
    ok("init", "--demo")
    ok("config", "set", "municipality", "Eksempelvik kommune")
    ok("person", "add", "--name", "Kari Nordmann", "--situation", "UTE", "--since", "2015-11-25",
       "--born", "1990-03-01", "--gender", "K", "--children", "2", "--children-living-apart",
       "--born-abroad", "--income", "trygd", "--evicted", "2015-07-01", "--needs", "rus",
       "--phone", "4799999999", "--place", "Hemmelig gate 1")
    ok("person", "add", "--alias", "Kråka", "--situation", "MIDL", "--since", "2015-10-01",
       "--born-in-norway", "--income", "sosialhjelp")
    ok("stay", "add", "P0002", "PRIVAT", "--from", "2015-11-24")
    ok("person", "add", "--name", "Per Fjellstad", "--situation", "VENN", "--since", "2015-09-01")
    ok("stay", "add", "P0003", "KOMMUNAL", "--from", "2015-11-23")  # housed on the Monday
    ok("contact", "P0001", "Hemmelig notat", "--date", "2015-11-26")
    return path


@pytest.fixture
def survey_register(db, survey_file) -> Path:
    shutil.copyfile(survey_file, db)
    db.chmod(0o600)
    return db


def test_json_forms_and_summary(cli, survey_register):
    events = cli("log").out.count("\n")
    out = cli("report", "survey", "--week", "2015-W48", "--format", "json")
    assert out.code == 0, out
    f = json.loads(out.out)
    assert set(f) == {"week", "first_day", "last_day", "municipality", "counting_unit",
                      "dedup_fields", "total", "by_situation", "answers", "rows"}
    assert (f["week"], f["first_day"], f["last_day"], f["total"]) == ("2015-W48", "2015-11-23",
                                                                     "2015-11-29", 2)
    assert [r["situation"] for r in f["rows"]] == ["UTE", "MIDL"]
    kari = f["rows"][0]
    assert kari == {"municipality": "Eksempelvik kommune", "gender": "F", "age": 25,
                    "age_band": "25_34", "born": "abroad", "children": 2,
                    "children_living_with": "no", "situation": "UTE",
                    "homeless_for": "under_3_months", "repeatedly": False,
                    "substance_dependence": "yes", "mental_illness": "no", "income": "benefits",
                    "evicted_last_6_months": "yes", "birth_year": None, "initials": None}
    for secret in ("Nordmann", "Kråka", "4799999999", "Hemmelig", "P0001", "1990-03-01"):
        assert secret not in out.out
    assert cli("log").out.count("\n") == events  # nothing leaves with a name: nothing logged


def test_dedup_fields_are_asked_for_and_logged(cli, survey_register):
    f = json.loads(cli("report", "survey", "--week", "2015-W48", "--format", "json",
                       "--dedup-fields").out)
    assert f["dedup_fields"] is True
    assert {(r["birth_year"], r["initials"]) for r in f["rows"]} == {(1990, "KN"), (None, None)}
    assert "eksportert kartleggingsskjemaer (report survey)" in cli("log").out


def test_terminal_in_three_languages(cli, survey_register):
    out = cli("report", "survey", "--week", "2015-W48")
    assert out.code == 0 and "Etter situasjon og kjønn" in out.out and "2 skjemaer" in out.out
    assert "Kari" not in out.out
    assert "Etter situasjon og kjønn" in cli("--lang", "nn", "report", "survey", "--week", "2015-W48").out
    assert "By situation and gender" in cli("--lang", "en", "report", "survey", "--week", "2015-W48").out


FIRST_FORM_ROW = 9
"""The sheet's title, the title block's five lines (municipality, period, unit, contact, made),
a blank row, the header, then the forms."""


def test_workbook_of_forms(cli, survey_register, tmp_path):
    path = tmp_path / "kartlegging.xlsx"
    out = cli("report", "survey", "--week", "2015-W48", "--xlsx", str(path))
    assert out.code == 0 and "2 skjemaer" in out.out
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    book = load_workbook(path)
    assert book.sheetnames == ["Sammendrag", "Skjema", "Svarfordeling", "Definisjoner"]
    summary = {r[0].value: [c.value for c in r[1:]] for r in book["Sammendrag"].iter_rows(min_row=2)}
    assert summary["I alt"][:3] == [2, 1, 0]  # exact: every count follows from the forms anyway
    forms_sheet = list(book["Skjema"].iter_rows(values_only=True))
    assert forms_sheet[1][0].startswith("Kommune: Eksempelvik kommune")  # the title block on every sheet
    forms = forms_sheet[FIRST_FORM_ROW - 1:]
    assert len(forms) == 2 and forms[0][:5] == ("1", "Eksempelvik kommune", "kvinne", 25, "utlandet")
    assert all(ws.page_setup.paperSize == 9 for ws in book.worksheets)  # A4
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not any(s in str(cell.value) for s in ("Nordmann", "Kråka", "4799", "Hemmelig", "P000"))


@pytest.mark.slow
def test_survey_workbook_opens_in_libreoffice(cli, survey_register, tmp_path):
    soffice = require_tool("soffice")
    path = tmp_path / "kartlegging.xlsx"
    assert cli("report", "survey", "--week", "2015-W48", "--xlsx", str(path)).code == 0
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                        "--outdir", str(tmp_path), str(path)],
                       capture_output=True, timeout=180, check=True)
    sheets = {p.stem: list(csv.reader(p.open(encoding="utf-8"))) for p in tmp_path.glob("*.csv")}
    forms_sheet = next(rows for name, rows in sheets.items() if name.endswith("Skjema"))
    assert forms_sheet[FIRST_FORM_ROW - 1][:5] == ["1", "Eksempelvik kommune", "kvinne", "25", "utlandet"]
    assert forms_sheet[FIRST_FORM_ROW][7] == "MIDL midlertidig botilbud"


@pytest.mark.parametrize("args", [
    ("report", "survey", "--week", "2015-48"),
    ("report", "survey", "--week", "2015-W54"),
    ("report", "survey", "--week", "2021-W53"),
    ("report", "survey", "--week", "2016-W30"),  # not over on 01.06.2016
    ("report", "survey", "--week", "2001-W48"),  # before the register's history
    ("report", "survey"),
    ("report", "survey", "--week", "2015-W48", "--format", "csv"),
    ("report", "survey", "--week", "2015-W48", "--xlsx", "/no/such/dir/s.xlsx"),
    ("report", "survey", "--week", "2015-W48", "--xlsx", "/no/such/dir/s.xlsx", "--dedup-fields"),
])
def test_bad_survey_input_is_one_line_and_writes_nothing(cli, survey_register, db, args):
    before = file_hash(db)
    assert_one_line_error(cli(*args))
    assert file_hash(db) == before


def test_reading_the_weeks_candidates_gives_what_reading_everyone_gives(tmp_path):
    """The command reads only persons with a listable stay in the week; any week of the demo
    must give the forms that reading the whole register gives."""
    from boligreg.demo import write_demo

    reg = write_demo(tmp_path / "demo.db", persons=40, today=TODAY)
    everyone = reg.histories(steps=False)
    for week in ("2015-W10", "2015-W48", "2016-W05", "2016-W21"):
        monday, sunday = parse_week(week)
        candidates = reg.histories(reg.listable_between(monday, sunday), steps=False)
        assert survey_figures(candidates, monday, sunday, inactive_after_days=DAYS) == \
            survey_figures(everyone, monday, sunday, inactive_after_days=DAYS)
    reg.close()


@pytest.mark.slow
def test_both_reports_counted_in_parts_on_two_cores_equal_one_count(survey_register, db):
    """A large register is counted a part of the persons at a time by worker processes: the
    forms and the KOSTRA figures must be those of one pass over everyone."""
    from boligreg.reports.counting import count_in_parts
    from boligreg.reports.kostra import kostra_tally, kostra_year
    from boligreg.reports.survey import survey_rows, survey_summary
    from boligreg.store import open_register

    reg = open_register(db, today=TODAY)
    everyone = reg.histories(steps=False)
    ids = reg.listable_between(MONDAY, SUNDAY)
    for workers in (1, 2):
        rows = count_in_parts(reg, survey_rows, (MONDAY, SUNDAY, DAYS, "", False), start=[],
                              ids=ids, part_size=1, workers=workers)
        assert survey_summary(rows, MONDAY, SUNDAY) == survey_figures(
            everyone, MONDAY, SUNDAY, inactive_after_days=DAYS)
        counted = count_in_parts(reg, kostra_tally, (2015,), part_size=1, workers=workers,
                                 load={"contacts_of": reg.set_inactive_by_hand()})
        assert counted == kostra_tally(everyone, 2015)
    assert kostra_year(everyone, 2015).temporary.households == 1
    reg.close()
