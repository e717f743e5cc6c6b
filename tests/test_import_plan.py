"""A messy by-name list, as municipalities keep them, read into a plan and checked cell by cell."""

import string
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boligreg.domain.codes import Decision, Gender, Situation
from boligreg.errors import InvalidInput
from boligreg.i18n import Phrase
from boligreg.importing import (
    Duplicate,
    ImportedPerson,
    ImportWarning,
    RawSheet,
    Reason,
    plan_import,
    read_sheet,
)
from tests.import_sheets import AS_OF, synthetic_fnr, write_csv, write_xlsx
from tests.test_catalog import CATALOGS

KARI = synthetic_fnr(date(1986, 2, 5))  # starts with 0: Excel drops it from a number cell
PER = synthetic_fnr(date(1979, 11, 23))
ANNE = synthetic_fnr(date(1990, 7, 14))
BAD = PER[:10] + str((int(PER[10]) + 1) % 10)  # wrong second check digit

HEADERS = ["Navn", "Fødselsnummer", "Kjønn", "Bosituasjon", "Bostedsløs siden", "Løslates",
           "Søkt kommunal bolig", "Vedtak", "Vedtaksdato", "Ønsker bolig", "Saksbehandler",
           "Siste kontakt", "Barn", "Tlf", "Merknad", "Intern nr"]
ROWS: list[list[object]] = [
    ["Løpende oversikt med navn, oppholdssted og søknadsstatus"],               # 1 title, merged
    ["Eksempelvik kommune, boligkontoret"],                                      # 2
    [],                                                                          # 3
    HEADERS,                                                                     # 4
    ["Nordmann,  Kari ", int(KARI), "K", "Hospits", datetime(2015, 3, 5), None, "05.01.2016",
     "innvilget", date(2016, 2, 1), "ja", "Siv Sakse", "mars 2016", 2, 91234567,
     "Sofa hos bror\nfør jul", 17],                                              # 5
    [],                                                                          # 6 blank
    ["Per Pedersen", PER, "M", "fengsel", 42064, "15.08.2016", None, None, None, "x",
     "Siv Sakse", None, "0", None, None, 18],                                    # 7
    ["Lise Lund", None, "kvinne", "hos søster", "01.02.2016"],                   # 8 unmapped
    ["Tor Tveit", None, "M", "ute", "31.02.2015"],                               # 9 impossible
    ["Bjørn Berg", BAD, "M", "ute", "01.01.2016"],                               # 10 check digit
    ["Anne Aas", f"{ANNE[:6]} {ANNE[6:]}", None, "natthjem", "mars 2015", None, None, None,
     None, "nei"],                                                               # 11 month only
    ["Kari Nordmann", KARI, "K", "natthjem", "2016-04-20", None, None, None, None, None, None,
     "01.05.2016"],                                                              # 12 duplicate
    ["Totalt: 5"],                                                               # 13 total
    ["Merknad: listen føres av boligkontoret"],                                  # 14 note
    ["Eva Ek", None, "K", "rusbehandling", "01.03.2016"],                        # 15 no release
    [None, None, "M", "ute", "01.03.2016", None, None, None, None, None, None, None, None, None,
     "bare merknad"],                                                            # 16 no name
    ["Geir Gran", None, "M", "hospits", "01.03.2016", None, "01.03.2016", "avslag",
     "15.02.2016"],                                                              # 17 decided before
    ["Hans Holm", None, "M", "ute", "02.06.2016"],                               # 18 after as-of
    ["Ida Ilstad", None, "ukjent", "bil", "1.2.16", None, None, None, None, None, None, None,
     "ja"],                                                                      # 19 children «ja»
]


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    path = write_xlsx(tmp_path_factory.mktemp("plan") / "liste.xlsx", ROWS, merge=["A1:P1"])
    return plan_import(read_sheet(path), as_of=AS_OF, allow_synthetic=True)


def test_the_header_row_is_found_below_the_title(plan):
    assert plan.header_row == 4
    assert plan.headers == HEADERS
    assert plan.sheet_name == "Liste"
    assert plan.ignored_columns == ["Intern nr"]


def test_persons_cell_by_cell(plan):
    assert plan.persons == [
        ImportedPerson(
            rows=(5, 12), name="Kari Nordmann", alias=None, situation=Situation.AKUTT,
            since=date(2016, 4, 20), fnr=KARI, born=date(1986, 2, 5), gender=Gender.F,
            release=None, applied=date(2016, 1, 5), decision=Decision.GRANTED,
            decided=date(2016, 2, 1), wants_housing=True,  # the application of row 5, whole
            caseworker="Siv Sakse", last_contact=date(2016, 5, 1), children=0,
            phone="91234567", note="Sofa hos bror før jul"),
        ImportedPerson(
            rows=(7,), name="Per Pedersen", alias=None, situation=Situation.KRIM,
            since=date(2015, 3, 1), fnr=PER, born=date(1979, 11, 23), gender=Gender.M,
            release=date(2016, 8, 15), wants_housing=True, caseworker="Siv Sakse", children=0),
        ImportedPerson(
            rows=(11,), name="Anne Aas", alias=None, situation=Situation.AKUTT,
            since=date(2015, 3, 1), fnr=ANNE, born=date(1990, 7, 14), wants_housing=False),
    ]


def test_rejects_with_every_reason(plan):
    reasons = {reject.row: list(reject.reasons) for reject in plan.rejects}
    assert reasons == {
        8: [Reason("import_reject_unmapped", {"column": "Bosituasjon", "value": "hos søster"})],
        9: [Reason("import_reject_bad_date", {"value": "31.02.2015",
                                              "column": "Bostedsløs siden"})],
        10: [Reason("import_reject_bad_fnr", {"value": f"{PER[:6]} *****",
                                              "column": "Fødselsnummer"})],
        15: [Reason("import_reject_release_needed", {"code": "INST"})],
        16: [Reason("import_reject_no_name")],
        17: [Reason("import_reject_decided_before_applied",
                    {"decided": "15.02.2016", "applied": "01.03.2016"})],
        18: [Reason("import_reject_since_future", {"value": "02.06.2016", "as_of": "01.06.2016"})],
        19: [Reason("import_reject_children", {"value": "ja", "limit": 30, "column": "Barn"})],
    }


def test_a_reject_keeps_the_cells_as_read(plan):
    by_row = {reject.row: reject for reject in plan.rejects}
    assert by_row[9].cells == ("Tor Tveit", None, "M", "ute", "31.02.2015")
    assert by_row[10].cells[1] == BAD
    assert by_row[16].cells[0] is None


def test_rows_that_are_no_persons_are_skipped_and_said_so(plan):
    assert [(s.row, s.reason) for s in plan.skipped] == [
        (6, Reason("import_skip_blank")),
        (13, Reason("import_skip_total", {"text": "Totalt: 5"})),
        (14, Reason("import_skip_note", {"text": "Merknad: listen føres av boligkontoret"})),
    ]
    assert plan.skipped[1].cells == ("Totalt: 5",)


def test_a_month_alone_is_read_as_its_first_day_with_a_warning(plan):
    assert plan.warnings == [
        ImportWarning(5, "Siste kontakt", "mars 2016", Reason(
            "import_warn_month_only",
            {"column": "Siste kontakt", "value": "mars 2016", "date": "01.03.2016"})),
        ImportWarning(11, "Bostedsløs siden", "mars 2015", Reason(
            "import_warn_month_only",
            {"column": "Bostedsløs siden", "value": "mars 2015", "date": "01.03.2015"})),
    ]


def test_the_same_person_twice_is_one_person_from_the_later_row(plan):
    assert plan.duplicates == [Duplicate(
        rows=(5, 12), kept=12,
        differing=("name", "situation", "since", "applied", "decision", "decided",
                   "wants_housing", "caseworker", "last_contact", "children", "phone", "note"))]
    assert plan.duplicates[0].reason.text("en") == "rows 5, 12 are the same person; row 12 is used"


def test_an_application_comes_whole_from_another_row_when_the_kept_one_has_none(tmp_path):
    rows = [["Navn", "Født", "Bosituasjon", "Fra dato", "Søkt dato", "Vedtak", "Vedtaksdato",
             "Siste kontakt"],
            ["Kari Nordmann", "05.02.1986", "hospits", "01.02.2016", "05.02.2016", "innvilget",
             "01.03.2016", "20.05.2016"],
            ["Kari Nordmann", "05.02.1986", "hospits", "01.02.2016", None, None, None,
             "28.05.2016"],
            ["Ola Nordmann", "06.02.1986", "ute", "01.02.2016", "05.02.2016", "avslag",
             "01.03.2016", "20.05.2016"],
            ["Ola Nordmann", "06.02.1986", "ute", "01.02.2016", "10.04.2016", None, None,
             "28.05.2016"]]
    plan = plan_of(tmp_path, rows)
    assert [(p.rows, p.applied, p.decision, p.decided, p.last_contact) for p in plan.persons] == [
        ((2, 3), date(2016, 2, 5), Decision.GRANTED, date(2016, 3, 1), date(2016, 5, 28)),
        ((4, 5), date(2016, 4, 10), None, None, date(2016, 5, 28))]  # its own: a new one


def test_the_first_row_is_kept_when_it_is_as_recent(tmp_path):
    rows = [["Navn", "Født", "Bosituasjon", "Fra dato", "Tlf"],
            ["Kari Nordmann", "05.02.1986", "hospits", "01.03.2016", "1111"],
            ["KARI  NORDMANN", "5.2.1986", "ute", "01.03.2016", None],
            ["Kari Nordmann", "06.02.1986", "ute", "01.04.2016", None]]  # another birth date
    plan = plan_import(read_sheet(write_csv(tmp_path / "l.csv", rows)), as_of=AS_OF)
    assert [(p.rows, p.situation, p.phone) for p in plan.persons] == [
        ((2, 3), Situation.MIDL, "1111"), ((4,), Situation.UTE, None)]
    assert plan.duplicates[0].kept == 2


def test_two_numbers_are_two_people_even_with_one_name_and_day(tmp_path):
    day = date(1986, 2, 5)
    rows = [["Navn", "Fnr", "Bosituasjon", "Fra dato"],
            ["Kari Nordmann", synthetic_fnr(day, 100), "hospits", "01.03.2016"],
            ["Kari Nordmann", synthetic_fnr(day, 200), "hospits", "01.03.2016"]]
    plan = plan_import(read_sheet(write_csv(tmp_path / "l.csv", rows)), as_of=AS_OF,
                       allow_synthetic=True)
    assert len(plan.persons) == 2
    assert plan.duplicates == []


def test_a_real_register_rejects_synthetic_numbers(tmp_path):
    rows = [["Navn", "Fnr", "Bosituasjon", "Fra dato"], ["Kari Nordmann", KARI, "ute", "1.3.16"]]
    plan = plan_import(read_sheet(write_csv(tmp_path / "l.csv", rows)), as_of=AS_OF,
                       allow_synthetic=False)
    assert plan.persons == []
    assert plan.rejects[0].reasons == (Reason("import_reject_synthetic_fnr", {
        "value": f"{KARI[:6]} *****", "column": "Fnr"}),)


FIRST_LAST = [["Oversikt bostedsløse"], [], ["Fornavn", "Etternavn", "Kallenavn", "Oppholdssted",
                                             "Fra dato", "Fødd", "Merknad"],
              ["Åse", "Ødegård", None, "krisesenter", "01.03.2016", "14.07.1990", "ønsker Bø"],
              [None, None, "Gamlingen", "ute", "1/3/2016"],
              ["Ærlig", None, None, "camping", "2016-03-01"],
              ["Kari", "Nordmann", None, "ute", "01.03.2016", None, "a\x07b"]]
FIRST_LAST_PERSONS = [
    ImportedPerson(rows=(4,), name="Åse Ødegård", alias=None, situation=Situation.KRISE,
                   since=date(2016, 3, 1), born=date(1990, 7, 14), note="ønsker Bø"),
    ImportedPerson(rows=(5,), name=None, alias="Gamlingen", situation=Situation.UTE,
                   since=date(2016, 3, 1)),
    ImportedPerson(rows=(6,), name="Ærlig", alias=None, situation=Situation.MIDL,
                   since=date(2016, 3, 1)),
]


@pytest.mark.parametrize("encoding, delimiter", [("cp1252", ";"), ("utf-8-sig", ","),
                                                 ("utf-8", "\t")])
def test_first_and_last_name_columns_join_in_every_csv(tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "liste.csv", FIRST_LAST, delimiter=delimiter, encoding=encoding)
    plan = plan_import(read_sheet(path), as_of=AS_OF)
    assert plan.header_row == 3
    assert plan.persons == FIRST_LAST_PERSONS
    assert [(r.row, r.reasons) for r in plan.rejects] == [
        (7, (Reason("import_reject_control_chars", {"column": "Merknad"}),))]
    assert plan.skipped == []


def test_the_same_sheet_as_a_workbook(tmp_path):
    path = write_xlsx(tmp_path / "liste.xlsx", FIRST_LAST[:-1])
    assert plan_import(read_sheet(path), as_of=AS_OF).persons == FIRST_LAST_PERSONS


def test_tabs_and_line_breaks_inside_a_cell_are_spaces(tmp_path):
    rows = [["Navn", "Bosituasjon", "Fra dato", "Merknad"],
            ["Kari\tNordmann", "ute", "01.03.2016", "linje 1\r\nlinje 2\n\nlinje 3"]]
    person = plan_import(read_sheet(write_csv(tmp_path / "l.csv", rows)), as_of=AS_OF).persons[0]
    assert (person.name, person.note) == ("Kari Nordmann", "linje 1 linje 2 linje 3")


def test_a_row_lists_all_its_problems_at_once_in_the_order_of_its_columns(tmp_path):
    rows = [["Navn", "Kjønn", "Bosituasjon", "Fra dato", "Født", "Barn", "Tlf"],
            ["x" * 201, "hen", "hos søster", "31.02.2016", "1.1.1899", "mange", "1\x01"]]
    plan = plan_import(read_sheet(write_csv(tmp_path / "l.csv", rows)), as_of=AS_OF)
    assert plan.rejects[0].reasons == (
        Reason("import_reject_too_long", {"length": 201, "limit": 200, "column": "Navn"}),
        Reason("import_reject_unmapped", {"column": "Kjønn", "value": "hen"}),
        Reason("import_reject_unmapped", {"column": "Bosituasjon", "value": "hos søster"}),
        Reason("import_reject_bad_date", {"value": "31.02.2016", "column": "Fra dato"}),
        Reason("import_reject_date_range", {"value": "01.01.1899", "earliest": "01.01.1900",
                                            "latest": "01.06.2026", "column": "Født"}),
        Reason("import_reject_children", {"value": "mange", "limit": 30, "column": "Barn"}),
        Reason("import_reject_control_chars", {"column": "Tlf"}),
    )


def plan_of(tmp_path, rows, **options):
    return plan_import(read_sheet(write_csv(tmp_path / "l.csv", rows)), as_of=AS_OF, **options)


@pytest.mark.parametrize("cells, reason", [
    (["ute", "01.03.2016", "01.08.2016"], Reason("import_reject_release_only", {"code": "UTE"})),
    (["fengsel", "01.03.2016", "01.02.2016"], Reason("import_reject_release_before_since", {
        "release": "01.02.2016", "since": "01.03.2016"})),
    (["ute", "01.03.2016", None, None, "innvilget"], Reason(
        "import_reject_decision_without_applied", {"decision": Phrase("decision_granted")})),
    (["ute", "01.03.2016", None, "01.03.2016", None, "05.03.2016"], Reason(
        "import_reject_decided_without_decision", {"decided": "05.03.2016"})),
    (["ute", "01.03.2016", None, "01.03.2016", "under behandling", "05.03.2016"], Reason(
        "import_reject_decided_without_decision", {"decided": "05.03.2016"})),
    ([None, "01.03.2016"], Reason("import_reject_missing_situation")),
    (["ute", None], Reason("import_reject_missing_since")),
    (["ute", "01.03.2016", None, None, None, None, "07.06.2016"], Reason(
        "import_reject_born_future", {"value": "07.06.2016", "as_of": "01.06.2016"})),
    (["ute", "5.3.17", None, None, None, None, "14.07.1990"], Reason(
        "import_reject_since_before_born", {"since": "05.03.1917", "born": "14.07.1990"})),
])
def test_fields_that_do_not_fit_together_reject(tmp_path, cells, reason):
    headers = ["Navn", "Bosituasjon", "Fra dato", "Løslatelsesdato", "Søkt dato", "Vedtak",
               "Vedtaksdato", "Født"]
    plan = plan_of(tmp_path, [headers, ["Kari Nordmann", *cells]])
    assert [r.reasons for r in plan.rejects] == [(reason,)]


@pytest.mark.parametrize("column, cell", [
    ("Søkt dato", "02.06.2016"), ("Vedtaksdato", "03.06.2016"), ("Siste kontakt", "2.6.2016")])
def test_an_application_decision_or_contact_after_the_sheets_date_rejects(tmp_path, column, cell):
    """The sheet cannot know of them, and the register refuses a contact or decision ahead."""
    headers = ["Navn", "Bosituasjon", "Fra dato", "Søkt dato", "Vedtak", "Vedtaksdato",
               "Siste kontakt"]
    row = ["Kari Nordmann", "ute", "01.03.2016", "01.03.2016", "innvilget", "05.03.2016",
           "10.03.2016"]
    row[headers.index(column)] = cell
    if column == "Søkt dato":  # else the decision is also dated before the application
        row[4:6] = [None, None]
    plan = plan_of(tmp_path, [headers, row])
    shown = cell if len(cell) == 10 else "02.06.2016"
    assert [r.reasons for r in plan.rejects] == [(Reason("import_reject_after_as_of", {
        "column": column, "value": shown, "as_of": "01.06.2016"}),)]


def test_a_decision_without_its_date_and_a_note_without_a_contact_are_warned_of(tmp_path):
    rows = [["Navn", "Bosituasjon", "Fra dato", "Søkt dato", "Vedtak", "Merknad",
             "Siste kontakt"],
            ["Kari Nordmann", "ute", "01.03.2016", "02.03.2016", "Innvilget", "Har hund", None],
            ["Ola Nordmann", "ute", "01.03.2016", None, None, "Har katt", "04.03.2016"]]
    plan = plan_of(tmp_path, rows)
    assert len(plan.persons) == 2 and plan.persons[0].decided is None
    assert plan.warnings == [
        ImportWarning(2, "Vedtak", "Innvilget", Reason("import_warn_decided_as_of", {
            "decision": Phrase("decision_granted"), "date": "01.06.2016"})),
        ImportWarning(2, "Merknad", "Har hund", Reason("import_warn_note_without_contact",
                                                       {"column": "Merknad"})),
    ]
    assert "innvilget" in plan.warnings[0].reason.text("nb")


def test_a_masked_number_as_boligreg_lists_it_is_no_number(tmp_path):
    rows = [["Navn", "Fødselsnr.", "Bosituasjon", "Fra dato"],
            ["Kari Nordmann", f"{KARI[:6]} *****", "ute", "01.03.2016"],
            ["Ola Nordmann", f"{KARI[:6]}*****", "ute", "01.03.2016"],
            ["Per Nordmann", f"{KARI[:6]} ****", "ute", "01.03.2016"]]
    plan = plan_of(tmp_path, rows, allow_synthetic=True)
    assert [(p.name, p.fnr, p.born) for p in plan.persons] == [
        ("Kari Nordmann", None, None), ("Ola Nordmann", None, None)]
    assert [r.reasons[0].key for r in plan.rejects] == ["import_reject_bad_fnr"]


def test_an_application_that_fits(tmp_path):
    rows = [["Navn", "Bosituasjon", "Fra dato", "Søkt kommunal bolig", "Vedtak", "Vedtaksdato"],
            ["Kari Nordmann", "ute", "01.03.2016", "02.03.2016", "Avslått", "2.3.2016"],
            ["Ola Nordmann", "ute", "01.03.2016", "02.03.2016", "under behandling"],
            ["Per Nordmann", "ute", "01.03.2016", "02.03.2016", "trukket", "10.03.2016"]]
    plan = plan_of(tmp_path, rows)
    assert [(p.applied, p.decision, p.decided) for p in plan.persons] == [
        (date(2016, 3, 2), Decision.REFUSED, date(2016, 3, 2)),
        (date(2016, 3, 2), None, None),
        (date(2016, 3, 2), Decision.WITHDRAWN, date(2016, 3, 10))]


def test_a_birth_date_comes_from_the_number_and_must_agree_with_it(tmp_path):
    rows = [["Navn", "Fnr", "Født", "Bosituasjon", "Fra dato"],
            ["Kari Nordmann", KARI, None, "ute", "01.03.2016"],
            ["Per Pedersen", PER, "23.11.1979", "ute", "01.03.2016"],
            ["Anne Aas", ANNE, "15.07.1990", "ute", "01.03.2016"]]
    plan = plan_of(tmp_path, rows, allow_synthetic=True)
    assert [p.born for p in plan.persons] == [date(1986, 2, 5), date(1979, 11, 23)]
    assert plan.rejects[0].reasons == (Reason("import_reject_born_mismatch", {
        "born": "15.07.1990", "from_fnr": "14.07.1990"}),)


def test_a_stray_nul_far_into_a_csv_rejects_its_row_only(tmp_path):
    rows = [["Navn", "Bosituasjon", "Fra dato", "Merknad"],
            *[[f"Person {n}", "ute", "01.03.2016", "x" * 50] for n in range(30)],
            ["Kari Nordmann", "ute", "01.03.2016", "a\x00b"]]
    plan = plan_of(tmp_path, rows)
    assert len(plan.persons) == 30
    assert plan.rejects[0].reasons == (Reason("import_reject_control_chars",
                                              {"column": "Merknad"}),)


def test_a_nul_in_a_csv_row_near_the_top_rejects_that_row_only(tmp_path):
    """As in an xlsx cell: the row with the NUL is rejected, with its number, and the rest come
    in (it once refused the whole file as no text)."""
    rows = [["Navn", "Bosituasjon", "Fra dato", "Merknad"],
            ["Kari Nordmann", "ute", "01.03.2016", "a\x00b"],
            ["Ola Nordmann", "ute", "01.03.2016", "ok"]]
    plan = plan_of(tmp_path, rows)
    assert [p.name for p in plan.persons] == ["Ola Nordmann"]
    assert [(r.row, r.reasons) for r in plan.rejects] == [
        (2, (Reason("import_reject_control_chars", {"column": "Merknad"}),))]


def test_the_header_row_repeated_on_a_new_page_is_skipped(tmp_path):
    rows = [["Navn", "Bosituasjon", "Fra dato"], ["Kari Nordmann", "ute", "01.03.2016"],
            [], ["Navn", "Bosituasjon", "Fra dato"], ["Ola Nordmann", "ute", "01.03.2016"]]
    plan = plan_of(tmp_path, rows)
    assert [p.name for p in plan.persons] == ["Kari Nordmann", "Ola Nordmann"]
    assert [(s.row, s.reason.key) for s in plan.skipped] == [
        (3, "import_skip_blank"), (4, "import_skip_header_again")]


def test_a_given_header_row(tmp_path):
    rows = [["Navn", "Bosituasjon"], ["Dette er en tittel"],
            ["Klient", "Bosituasjon", "Fra dato", "Navn"],
            ["A", "ute", "01.03.2016", "Kari Nordmann"]]
    plan = plan_of(tmp_path, rows, header_row=3)
    assert plan.header_row == 3
    assert plan.persons[0].name == "Kari Nordmann"
    assert plan.ignored_columns == ["Klient"]


@pytest.mark.parametrize("row, key", [(2, "import_header_row_unknown"),
                                      (3, "import_header_row_blank"),
                                      (99, "import_header_row_blank")])
def test_a_given_header_row_that_is_none(tmp_path, row, key):
    rows = [["Navn", "Bosituasjon"], ["Kari", "ute"], []]
    with pytest.raises(InvalidInput) as caught:
        plan_of(tmp_path, [*rows, ["Ola", "ute"]], header_row=row)
    assert (caught.value.key, caught.value.args_) == (key, {"row": row})


def test_no_header_row(tmp_path):
    rows = [["Oversikt"], ["Kari", "hospits", "01.03.2016"], ["Ola", "ute", "01.03.2016"]]
    with pytest.raises(InvalidInput) as caught:
        plan_of(tmp_path, rows)
    assert (caught.value.key, caught.value.args_) == ("import_no_header", {"rows": 50})


def test_two_columns_for_one_field_are_refused(tmp_path):
    rows = [["Navn", "Telefon", "Mobil", "Bosituasjon"], ["Kari", "1", "2", "ute"]]
    with pytest.raises(InvalidInput) as caught:
        plan_of(tmp_path, rows)
    assert (caught.value.key, caught.value.args_) == ("import_field_twice", {
        "field": "phone", "columns": "«Telefon», «Mobil»"})


def test_a_sheet_without_a_name_column_is_refused(tmp_path):
    rows = [["Klient", "Bosituasjon", "Fra dato"], ["Kari", "ute", "01.03.2016"]]
    with pytest.raises(InvalidInput) as caught:
        plan_of(tmp_path, rows)
    assert caught.value.key == "import_no_name_column"


def test_columns_with_data_and_no_header_are_listed(tmp_path):
    rows = [["Navn", "Bosituasjon", "Fra dato", None, "Ukjent"],
            ["Kari", "ute", "01.03.2016", "noe", None]]
    assert plan_of(tmp_path, rows).ignored_columns == ["Ukjent", "(D)"]


def test_every_reason_carries_exactly_the_arguments_its_message_shows(plan):
    reasons = [r for reject in plan.rejects for r in reject.reasons]
    reasons += [s.reason for s in plan.skipped] + [w.reason for w in plan.warnings]
    reasons += [d.reason for d in plan.duplicates]
    for reason in reasons:
        texts = [CATALOGS[language][reason.key][0] for language in ("nb", "nn", "en")]
        assert all(set(reason.args) == _placeholders(text) for text in texts), reason
        assert reason.text("nb") and reason.text("nn") and reason.text("en")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


CELL = st.one_of(
    st.none(), st.text(max_size=12), st.integers(-10, 10**11), st.floats(allow_nan=True),
    st.dates(min_value=date(1800, 1, 1)), st.datetimes(min_value=datetime(1800, 1, 1)),
    st.booleans(),
    st.sampled_from(["hospits", "ute", "fengsel", "ja", "K", "innvilget", "31.02.2015",
                     "mars 2015", "5.3.15", "42064", "Totalt", "Merknad: x", "-", "=1+1",
                     KARI, str(int(KARI)), "\x07", "\u202e", "２０１５", "x" * 201]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(CELL, max_size=len(HEADERS) + 2), max_size=12))
def test_every_row_is_a_person_a_reject_or_skipped_whatever_its_cells(rows):
    sheet = RawSheet(Path("liste.xlsx"), "Liste", ("Liste",), [tuple(HEADERS), *map(tuple, rows)],
                     datetime(1899, 12, 30))
    plan = plan_import(sheet, as_of=AS_OF, allow_synthetic=True)
    placed = [n for p in plan.persons for n in p.rows] + [r.row for r in plan.rejects] + [
        s.row for s in plan.skipped]
    assert sorted(placed) == list(range(2, len(sheet.rows) + 1))
    for reject in plan.rejects:
        assert reject.reasons
        for reason in reject.reasons:
            assert reason.text("nb") and reason.text("en")
