"""`boligreg import` end to end, as a coordinator runs it: messy sheets built in code, the
register and the rejects workbook checked cell by cell, bad input, a dry run, twice the same
sheet, the inactive on arrival, Ctrl-C, the log. Fictitious people, synthetic numbers only."""

import json
import re
import sqlite3
import stat
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import assert_one_line_error, file_hash
from tests.import_sheets import AS_OF, synthetic_fnr, write_csv, write_xlsx

KARI = synthetic_fnr(date(1986, 2, 5))  # starts with 0: Excel drops it from a number cell
PER = synthetic_fnr(date(1979, 11, 23))
ANNE = synthetic_fnr(date(1990, 7, 14))
assert KARI.startswith("0") and AS_OF == date(2016, 6, 1)

HEADERS = ["Navn", "Fødselsnummer", "Kjønn", "Bosituasjon", "Bostedsløs siden", "Løslates",
           "Søkt kommunal bolig", "Vedtak", "Vedtaksdato", "Ønsker bolig", "Saksbehandler",
           "Siste kontakt", "Barn", "Tlf", "Merknad", "Intern nr"]
MESSY = [
    ["Løpende oversikt med navn, oppholdssted og søknadsstatus"],               # 1 title, merged
    ["Eksempelvik kommune, boligkontoret"],                                      # 2
    [],                                                                          # 3
    HEADERS,                                                                     # 4
    ["Nordmann, Kari", int(KARI), "K", "Hospits", datetime(2015, 3, 5), None, "05.01.2016",
     "innvilget", 42401, "ja", "Siv Sakse", "20.05.2016", 2, 91234567, "Venter på visning",
     17],                                                                        # 5
    [],                                                                          # 6 blank
    ["Per Pedersen", PER, "M", "fengsel", 42064, "15.07.2016", None, None, None, "x",
     "Siv Sakse", "mars 2016", "0", None, None, 18],                             # 7
    ["Lise Lund", None, "kvinne", "hos søster", "01.02.2016"],                   # 8 unmapped
    ["Tor Tveit", None, "M", "ute", "31.02.2015"],                               # 9 impossible
    ["Ola Lund", None, "mann", "sofa hos kjente", "2015-11-20", None, None, None, None, "nei",
     "Ola Olsen", date(2016, 1, 3), None, None, "Har hund"],                     # 10 inactive
    ["Kari Nordmann", KARI, "K", "natthjem", "2016-04-20", None, None, None, None, None, None,
     "28.05.2016"],                                                              # 11 duplicate
    ["Totalt: 5"],                                                               # 12 total
]


@pytest.fixture
def here(tmp_path, monkeypatch):
    """The current folder, where the rejects workbook goes by default."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rows_of(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def messy(cli, register, here):
    write_xlsx(here / "liste.xlsx", MESSY, merge=["A1:F1"])
    return cli("import", "liste.xlsx")


def test_a_messy_sheet_gives_each_person_their_history(messy, register):
    assert messy.code == 1  # two rows rejected
    assert rows_of(register, "SELECT id, name, fnr, born, gender, children, caseworker, phone, "
                             "wants_housing, registered, known_since FROM person ORDER BY id") == [
        # Kari: rows 5 and 11 are one person; row 11 (the later contact) gives the situation,
        # row 5 the application, the phone and the note; known since the application
        ("P0001", "Kari Nordmann", KARI, "1986-02-05", "F", 0, "Siv Sakse", "91234567", 1,
         "2016-06-01", "2016-01-05"),
        ("P0002", "Per Pedersen", PER, "1979-11-23", "M", 0, "Siv Sakse", None, 1,
         "2016-06-01", "2015-03-01"),
        ("P0003", "Ola Lund", None, None, "M", 0, "Ola Olsen", None, 0, "2016-06-01",
         "2015-11-20")]
    assert rows_of(register, "SELECT person_id, code, start, release, noted FROM stay "
                             "ORDER BY id") == [
        ("P0001", "AKUTT", "2016-04-20", None, None),
        ("P0002", "KRIM", "2015-03-01", "2016-07-15", "2016-06-01"),  # serial 42064; noted as of
        ("P0003", "VENN", "2015-11-20", None, None)]
    assert rows_of(register, "SELECT id, person_id, kind, received FROM application") == [
        ("A0001", "P0001", "KOMMUNAL", "2016-01-05")]
    assert rows_of(register, "SELECT application_id, decision, date FROM "
                             "application_decision") == [("A0001", "granted", "2016-02-01")]
    assert rows_of(register, "SELECT person_id, date, kind, by, note FROM contact "
                             "ORDER BY id") == [
        ("P0001", "2016-05-28", "met", "Siv Sakse", "Venter på visning"),
        ("P0002", "2016-03-01", "met", "Siv Sakse", None),  # «mars 2016», warned of
        ("P0003", "2016-01-03", "met", "Ola Olsen", "Har hund")]


def test_the_summary_says_what_happened_row_by_row(messy):
    out = messy.out
    assert "Import av liste.xlsx (ark «Liste», overskrifter i rad 4), per 01.06.2016" in out
    assert "rad 5, 11 er samme person; rad 11 er brukt" in out
    assert "rad 12: sumrad («Totalt: 5»)" in out
    assert "rad 7: «mars 2016» i kolonnen «Siste kontakt» er bare en måned" in out
    assert "rad 8: «hos søster» i kolonnen «Bosituasjon» er ikke et kjent ord" in out
    assert "rad 9: «31.02.2015» i kolonnen «Bostedsløs siden» er ikke en gyldig dato" in out
    for line in ("3 nye personer registrert (P0001–P0003)",
                 "2 av dem er på listen over bostedsløse i dag",
                 "1 av dem er inaktiv ved import: ingen kontakt på 90 dager",
                 "1 person sto flere ganger i arket og er tatt med én gang",
                 "2 rader avvist, skrevet til liste-avvist.xlsx",
                 "1 rad hoppet over (ikke en person)",
                 "kolonner som ikke er brukt: «Intern nr»"):
        assert line in out, line
    assert_one_line_error(messy, 1)
    assert "2 rader ble avvist" in messy.err and "liste-avvist.xlsx" in messy.err


def test_the_rejects_workbook_holds_each_rejected_row_as_read(messy, here):
    path = here / "liste-avvist.xlsx"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0] == ("Rad i arket", "Årsak", *HEADERS)
    assert rows[1] == (8, ("«hos søster» i kolonnen «Bosituasjon» er ikke et kjent ord; oversett "
                          "det i kolonnefilen (--write-map, så --map)"),
                       "Lise Lund", None, "kvinne", "hos søster", "01.02.2016",
                       *[None] * 11)
    assert rows[2] == (9, "«31.02.2015» i kolonnen «Bostedsløs siden» er ikke en gyldig dato",
                       "Tor Tveit", None, "M", "ute", "31.02.2015", *[None] * 11)
    assert len(rows) == 3


def test_the_corrected_rejects_workbook_imports(cli, messy, register, here):
    path = here / "liste-avvist.xlsx"
    book = load_workbook(path)
    sheet = book.active
    sheet["F2"] = "VENN"  # hos søster: staying with family for now
    sheet["G3"] = date(2015, 2, 28)
    book.save(path)
    out = cli("import", str(path))
    assert out.code == 0, out
    assert "2 nye personer registrert (P0004–P0005)" in out.out
    assert "«Rad i arket», «Årsak»" in out.out  # the workbook's own columns are no fields
    assert rows_of(register, "SELECT person_id, code, start FROM stay WHERE person_id > 'P0003'"
                   ) == [("P0004", "VENN", "2016-02-01"), ("P0005", "UTE", "2015-02-28")]


def test_the_status_list_right_after_the_import(cli, messy):
    status = json.loads(cli("status", "--format", "json").out)
    rows = {row["id"]: row for row in status["rows"]}
    assert set(rows) == {"P0001", "P0002"}  # Ola Lund has had no contact for five months
    assert rows["P0001"]["situation"] == "AKUTT" and rows["P0001"]["days_since_contact"] == 4
    assert rows["P0001"]["applications"] == ["KOMMUNAL:granted"]
    assert "release_soon" in rows["P0002"]["flags"]
    assert "P0003" in cli("person", "list", "--inactive").out


def test_one_import_event_and_one_event_per_person_created(messy, register, here):
    events = rows_of(register, "SELECT action, record, person_id, new FROM event "
                               "WHERE command = 'import' ORDER BY id")
    assert [(a, r, p) for a, r, p, _ in events] == [
        ("create", "person:P0001", "P0001"), ("create", "person:P0002", "P0002"),
        ("create", "person:P0003", "P0003"), ("import", "person-list", None)]
    kari = json.loads(events[0][3])
    assert (kari["code"], kari["start"], kari["received"], kari["decision"], kari["decided"],
            kari["last_contact"], kari["sheet_rows"]) == (
        "AKUTT", "2016-04-20", "2016-01-05", "granted", "2016-02-01", "2016-05-28", "5, 11")
    summary = json.loads(events[3][3])
    assert summary == {"file": str(here / "liste.xlsx"), "sheet": "Liste", "header_row": 4,
                       "rows": 7, "rejected": 2, "rejects": str(here / "liste-avvist.xlsx"),
                       "skipped": 1,
                       "duplicates": 1, "as_of": "2016-06-01", "persons": 3,
                       "first": "P0001", "last": "P0003"}


def test_the_events_logged_together_keep_the_chain_whole(cli, messy):
    out = cli("log", "verify")
    assert out.code == 0 and "hel" in out.out, out


def test_the_log_view_shows_the_import_in_words(cli, messy):
    out = cli("log", "--limit", "2").out
    assert "importert navneliste (import)" in out
    assert re.search(r"opprettet person P0003 [^\n(]+ \(import\)", out), out  # with the name
    words = " ".join(out.split())  # the view folds long lines
    assert "siste kontakt: 03.01.2016" in words and "rad i arket: 10" in words
    assert "personer: 3" in words and "avvist: 2" in words


def test_importing_the_same_sheet_twice_adds_nobody(cli, register, here):
    path = write_csv(here / "liste.csv", [
        ["Navn", "Fødselsnummer", "Bosituasjon", "Fra dato", "Siste kontakt"],
        ["Kari Nordmann", KARI, "hospits", "01.03.2016", "20.05.2016"],
        ["Ola Lund", None, "ute", "01.04.2016", "25.05.2016"]])
    first = cli("import", str(path))
    assert first.code == 0 and "2 nye personer registrert (P0001–P0002)" in first.out, first
    before = rows_of(register, "SELECT count(*) FROM person")
    again = cli("import", str(path))
    assert again.code == 0, again
    assert "ingen nye personer registrert" in again.out
    assert "rad 2: P0001 (samme fødselsnummer)" in again.out
    assert "rad 3: P0002 (samme navn)" in again.out
    assert "2 allerede registrert, ikke lagt til på nytt" in again.out
    assert rows_of(register, "SELECT count(*) FROM person") == before
    assert rows_of(register, "SELECT count(*) FROM stay") == [(2,)]
    last = rows_of(register, "SELECT new FROM event WHERE action = 'import' ORDER BY id")[-1]
    assert json.loads(last[0])["already"] == "P0001, P0002"
    assert not list(here.glob("*avvist*"))  # nothing rejected: no rejects file


def test_a_person_already_registered_by_hand_is_not_added_and_named(cli, register, here):
    assert cli("person", "add", "--name", "Kari Nordmann", "--situation", "UTE", "--since",
               "01.05.2016").code == 0
    path = write_csv(here / "liste.csv", [
        ["Navn", "Født", "Bosituasjon", "Fra dato"],
        ["KARI NORDMANN", "05.02.1986", "hospits", "01.03.2016"],  # the same folded name
        ["Ola Lund", "06.02.1986", "ute", "01.04.2016"],
        ["Ola Lund", "07.07.1970", "ute", "02.04.2016"]])  # not one by the sheet's rule
    out = cli("import", str(path))
    assert out.code == 0, out
    assert "rad 2: P0001 (samme navn)" in out.out
    assert "rad 4: trolig samme som P0002, nettopp importert fra rad 3 (samme navn)" in out.out
    assert rows_of(register, "SELECT id, name FROM person ORDER BY id") == [
        ("P0001", "Kari Nordmann"), ("P0002", "Ola Lund")]


def test_a_windows_1252_csv_as_norwegian_excel_saves_it(cli, register, here):
    path = write_csv(here / "liste.csv", [
        ["Navn", "Fødselsnr", "Kjønn", "Oppholdssted", "Bostedsløs fra", "Søkt kommunal bolig",
         "Vedtak", "Siste kontakt"],
        ["Åse Ødegård", f"{ANNE[:6]} {ANNE[6:]}", "kvinne", "Krisesenteret", "5.3.16",
         "01.04.2016", "Avslått", "30.05.2016"],
        ["Bjørn Ærø", str(int(KARI)), "mann", "på gata", "01.05.2016"]],
        encoding="cp1252")
    assert path.read_bytes().count("Ø".encode("cp1252")) == 1  # Windows-1252, not UTF-8
    assert "Ø".encode() not in path.read_bytes()
    out = cli("import", str(path))
    assert out.code == 0, out
    assert rows_of(register, "SELECT id, name, fnr, gender FROM person ORDER BY id") == [
        ("P0001", "Åse Ødegård", ANNE, "F"), ("P0002", "Bjørn Ærø", KARI, "M")]
    assert rows_of(register, "SELECT code, start FROM stay ORDER BY id") == [
        ("KRISE", "2016-03-05"), ("UTE", "2016-05-01")]
    # refused, with no date: recorded on the sheet's date, and said so
    assert rows_of(register, "SELECT decision, date FROM application_decision") == [
        ("refused", "2016-06-01")]
    assert "vedtaket (avslått) har ingen vedtaksdato; registrert på arkets dato 01.06.2016" \
        in out.out


def test_inactive_on_arrival_as_if_typed_day_by_day(cli, register, db, here, tmp_path):
    """A last contact five months before the sheet's date: inactive right after the import,
    and the figures for the past equal those of the same history typed on its days."""
    path = write_csv(here / "liste.csv", [
        ["Navn", "Bosituasjon", "Bostedsløs siden", "Siste kontakt"],
        ["Kari Nordmann", "hospits", "01.10.2015", "01.01.2016"],
        ["Ola Lund", "ute", "01.12.2015", "25.05.2016"]])
    out = cli("import", str(path))
    assert out.code == 0, out
    assert "1 av dem er inaktiv ved import" in out.out
    assert "1 av dem er på listen over bostedsløse i dag" in out.out
    status = json.loads(cli("status", "--format", "json").out)
    assert [row["id"] for row in status["rows"]] == ["P0002"]
    typed = tmp_path / "typed.db"
    steps = [["init", "--demo"],
             ["person", "add", "--name", "Kari Nordmann", "--situation", "MIDL", "--since",
              "01.10.2015", "--known-since", "01.10.2015"],
             ["contact", "P0001", "--date", "01.01.2016"],
             ["person", "add", "--name", "Ola Lund", "--situation", "UTE", "--since",
              "01.12.2015", "--known-since", "01.12.2015"],
             ["contact", "P0002", "--date", "25.05.2016"]]
    for step in steps:
        assert cli("--db", str(typed), *step).code == 0, step
    for period in (("01.10.2015", "31.12.2015"), ("01.01.2016", "01.06.2016")):
        args = ["report", "--from", period[0], "--to", period[1], "--format", "json"]
        imported = json.loads(cli(*args).out)
        by_hand = json.loads(cli("--db", str(typed), *args).out)
        assert imported == by_hand, period
    for day in ("15.12.2015", "15.04.2016", "01.06.2016"):
        imported = json.loads(cli("status", "--date", day, "--format", "json").out)
        by_hand = json.loads(cli("--db", str(typed), "status", "--date", day, "--format",
                                 "json").out)
        assert imported["rows"] == by_hand["rows"] and \
            imported["changes"] == by_hand["changes"], day


def test_a_dry_run_writes_nothing(cli, register, here):
    path = write_xlsx(here / "liste.xlsx", MESSY, merge=["A1:F1"])
    before = file_hash(register)
    out = cli("import", "liste.xlsx", "--dry-run")
    assert out.code == 1  # rows would be rejected
    assert "Prøveimport av liste.xlsx" in out.out and "ingenting er lagret" in out.out
    assert "3 nye personer ville blitt registrert (P0001–P0003)" in out.out  # what it would do
    assert "2 rader avvist, ingen avvisningsfil" in out.out
    assert "2 rader ville blitt avvist" in out.err
    assert file_hash(register) == before
    assert sorted(p.name for p in here.iterdir()) == ["liste.xlsx", "register.db"]
    out = cli("import", str(path), "--dry-run", "--rejects", "sjekk.xlsx")
    assert file_hash(register) == before
    assert len(list(load_workbook(here / "sjekk.xlsx").active.iter_rows())) == 3


def test_write_map_then_map(cli, register, here):
    rows = [["Navn", "Bor nå", "Fra dato"], ["Kari Nordmann", "hos søster", "01.03.2016"],
            ["Ola Lund", "hospits", "01.04.2016"]]
    path = write_csv(here / "liste.csv", rows)
    before = file_hash(register)
    assert_one_line_error(cli("import", str(path)), 2)  # no column gives the situation
    out = cli("import", str(path), "--write-map", "kart.csv")
    assert out.code == 0 and "Kolonnefilen er skrevet til kart.csv" in out.out
    assert stat.S_IMODE((here / "kart.csv").stat().st_mode) == 0o600
    assert file_hash(register) == before and not list(here.glob("*avvist*"))
    text = (here / "kart.csv").read_text(encoding="utf-8-sig")
    (here / "kart.csv").write_text(text.replace("column;Bor nå;;", "column;Bor nå;;situation"),
                                   encoding="utf-8-sig")
    out = cli("import", str(path), "--map", "kart.csv", "--write-map", "kart.csv", "--force")
    assert out.code == 0 and "«Bor nå»: «hos søster»" in out.out
    text = (here / "kart.csv").read_text(encoding="utf-8-sig")
    assert "value;Bor nå;hospits;MIDL" in text
    (here / "kart.csv").write_text(text.replace("value;Bor nå;hos søster;",
                                                "value;Bor nå;hos søster;VENN"),
                                   encoding="utf-8-sig")
    out = cli("import", str(path), "--map", "kart.csv")
    assert out.code == 0, out
    assert rows_of(register, "SELECT code FROM stay ORDER BY id") == [("VENN",), ("MIDL",)]


def _damaged(path: Path) -> None:
    write_xlsx(path, MESSY)
    path.write_bytes(path.read_bytes()[:900])


def _bad_map(target: str):
    def write(here: Path) -> list[str]:
        (here / "kart.csv").write_text(
            f"kind;column;value;target\ncolumn;Bosituasjon;;situation\n"
            f"value;Bosituasjon;Hospits;{target}\n" if target != "bosted" else
            "kind;column;value;target\ncolumn;Navn;;bosted\n", encoding="utf-8")
        return ["--map", "kart.csv"]
    return write


BAD = {
    "not a workbook": (lambda p: p.write_text("Navn;Bosituasjon\nKari;ute\n"), [], "ikke en Excel"),
    "damaged": (_damaged, [], "skadet"),
    "old xls": (lambda p: p.with_suffix(".xls").write_bytes(b"x"), [], None),
    "no such file": (lambda p: None, [], "finner ikke filen"),
    "unknown sheet": (lambda p: write_xlsx(p, MESSY, more_sheets=["2015"]), ["--sheet", "2017"],
                      "arkene er: Liste, 2015"),
    "no header": (lambda p: write_xlsx(p, [["Hei"], ["på"], ["deg", 1, 2]]), [],
                  "overskriftsrad"),
    "header row blank": (lambda p: write_xlsx(p, MESSY), ["--header-row", "3"], "rad 3 er tom"),
    "a field twice": (lambda p: write_xlsx(p, [["Navn", "Fullt navn", "Bosituasjon", "Fra"],
                                                ["Kari", "Kari N", "ute", "01.03.2016"]]), [],
                      "«Navn», «Fullt navn»"),
    "map: unknown field": (lambda p: write_xlsx(p, MESSY), "bosted", "ukjent felt «bosted»"),
    "map: unknown code": (lambda p: write_xlsx(p, MESSY), "HOSPITS",
                          "«HOSPITS» er ikke en gyldig kode"),
    "as of ahead": (lambda p: write_xlsx(p, MESSY), ["--as-of", "02.06.2016"], "fram i tid"),
    "rejects not a workbook name": (lambda p: write_xlsx(p, MESSY), ["--rejects", "avvist.csv"],
                                    ".xlsx"),
    "rejects file exists": (lambda p: (write_xlsx(p, MESSY),
                                       p.with_name("liste-avvist.xlsx").write_text("mine")), [],
                            "finnes allerede"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_is_one_line_and_leaves_the_register_unchanged(cli, register, here, case):
    make, extra, words = BAD[case]
    assert cli("person", "add", "--name", "Eva Ek", "--situation", "UTE", "--since",
               "01.05.2016").code == 0
    path = here / "liste.xlsx"
    make(path)
    if callable(extra) or isinstance(extra, str):
        extra = _bad_map(extra)(here)
    if case == "old xls":
        path = path.with_suffix(".xls")
    before = file_hash(register)
    files = sorted(p.name for p in here.iterdir())
    out = cli("import", str(path), *extra)
    assert_one_line_error(out, 2)
    if words:
        assert words in out.err, out.err
    assert file_hash(register) == before
    assert sorted(p.name for p in here.iterdir()) == files
    if case == "rejects file exists":
        assert (here / "liste-avvist.xlsx").read_text() == "mine"


def test_ctrl_c_during_the_import_leaves_nothing(cli, register, here, monkeypatch):
    from boligreg.store import imports

    path = write_xlsx(here / "liste.xlsx", MESSY, merge=["A1:F1"])
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    real = imports.stay_row
    monkeypatch.setattr(imports, "stay_row", interrupted)
    before = file_hash(register)
    out = cli("import", str(path))
    assert_one_line_error(out, 130)
    assert file_hash(register) == before
    assert sorted(p.name for p in here.iterdir()) == ["liste.xlsx", "register.db"]
    assert rows_of(register, "SELECT count(*) FROM person") == [(0,)]


def test_a_crash_after_the_writes_leaves_nothing_either(cli, register, here, monkeypatch):
    """Everything, the last event and the states read back included, is one transaction."""
    from boligreg.store import imports

    path = write_xlsx(here / "liste.xlsx", MESSY, merge=["A1:F1"])

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(imports, "_states", broken)
    before = file_hash(register)
    assert_one_line_error(cli("import", str(path)), 70)
    assert file_hash(register) == before
    assert not (here / "liste-avvist.xlsx").exists()


def test_a_real_register_refuses_a_synthetic_number(cli, db, here, monkeypatch):
    from tests.conftest import without_training_variables

    without_training_variables(monkeypatch)
    assert cli("init").code == 0
    path = write_csv(here / "liste.csv", [["Navn", "Fnr", "Bosituasjon", "Fra dato"],
                                          ["Kari Nordmann", KARI, "ute", "01.03.2016"]])
    out = cli("import", str(path))
    assert out.code == 1 and "syntetisk testnummer" in out.out


def test_in_english_and_nynorsk(cli, register, here):
    path = write_xlsx(here / "liste.xlsx", MESSY, merge=["A1:F1"])
    out = cli("--lang", "en", "import", str(path), "--dry-run")
    assert "3 new persons would be registered (P0001–P0003)" in out.out
    assert "row 9: “31.02.2015” in the column “Bostedsløs siden” is not a valid date" in out.out
    assert "2 rows would be rejected" in out.err
    out = cli("--lang", "nn", "import", str(path), "--dry-run")
    assert "3 nye personar ville blitt registrerte (P0001–P0003)" in out.out
    out = cli("--lang", "en", "import", str(path))
    assert (here / "liste-rejected.xlsx").exists()
    rows = list(load_workbook(here / "liste-rejected.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Sheet row", "Reason")


def test_help_lists_every_field_and_code(cli):
    from boligreg.domain.codes import Situation
    from boligreg.importing.vocabulary import CODES, FIELDS

    out = cli("import", "--help")
    assert out.code == 0
    for name in FIELDS:
        assert f"\n    {name} " in out.out, name
    for code in [*Situation, *CODES["decision"], *CODES["gender"], *CODES["wants_housing"]]:
        assert f" {code}" in out.out, code
    assert "--dry-run" in out.out and "--write-map" in out.out and "completion" not in out.out
    assert max(map(len, out.out.splitlines())) <= 80


def test_nothing_shows_a_progress_bar_outside_a_terminal(cli, register, here):
    from bench.import_parse import sheet_rows

    path = write_xlsx(here / "stor.xlsx", sheet_rows(400))
    out = cli("import", str(path))
    assert out.code == 0, out
    assert out.err == ""  # not a terminal: no bar, no control codes
    assert "400 nye personer registrert (P0001–P0400)" in out.out


@pytest.mark.slow
def test_a_large_sheet_shows_a_progress_bar_in_a_terminal(cli, register, here):
    """On stderr, only when it is a terminal: the bar names the step it is at."""
    import os
    import pty
    import subprocess
    import sys

    from bench.import_parse import sheet_rows

    write_xlsx(here / "stor.xlsx", sheet_rows(3000))
    leader, follower = pty.openpty()
    env = dict(os.environ, TERM="xterm", COLUMNS="80", BOLIGREG_DB=str(register))
    done = subprocess.run([sys.executable, "-m", "boligreg.cli", "import", "stor.xlsx"],
                          stdout=subprocess.PIPE, stderr=follower, env=env, cwd=here,
                          timeout=120, check=False)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 0, shown
    assert "3\u00a0000 nye personer registrert" in done.stdout.decode()  # 3 000
    assert b"Registrerer" in shown and "3\u00a0000/3\u00a0000".encode() in shown


def test_a_plan_made_for_a_training_register_cannot_bring_a_synthetic_number_into_a_real_one(
        db, here, monkeypatch):
    from boligreg.errors import InvalidInput
    from boligreg.importing import plan_import, read_sheet
    from boligreg.store.imports import import_persons
    from boligreg.store.register import open_register
    from tests.conftest import without_training_variables

    without_training_variables(monkeypatch)
    path = write_csv(here / "liste.csv", [["Navn", "Fnr", "Bosituasjon", "Fra dato"],
                                          ["Kari Nordmann", KARI, "ute", "01.03.2016"]])
    plan = plan_import(read_sheet(path), as_of=AS_OF, allow_synthetic=True)
    reg = open_register(db, create=True)
    before = file_hash(db)
    with pytest.raises(InvalidInput) as caught:
        import_persons(reg, plan.persons, as_of=AS_OF, source={})
    assert caught.value.key == "err_synthetic_fnr"
    reg.close()
    assert file_hash(db) == before


def test_imported_records_are_numbered_on_the_card_and_their_ids_never_come_back(cli, register, here):
    """An imported person's stay and contact are no. 1 on the card, as if typed by hand: a stay
    added after is no. 2, and deleting the imported one leaves that number unused; the rows'
    ids come from the same never-reused series as the use cases' (Register.issue)."""
    path = write_csv(here / "liste.csv", [
        ["Navn", "Bosituasjon", "Fra dato", "Siste kontakt"],
        ["Kari Nordmann", "hospits", "01.03.2016", "20.05.2016"],
        ["Ola Lund", "ute", "01.04.2016", "25.05.2016"]])
    assert cli("import", str(path)).code == 0
    assert rows_of(register, "SELECT person_id, no FROM stay ORDER BY person_id") == [("P0001", 1), ("P0002", 1)]
    assert rows_of(register, "SELECT person_id, no FROM contact ORDER BY person_id") == [("P0001", 1), ("P0002", 1)]
    stay_ids = [i for (i,) in rows_of(register, "SELECT id FROM stay")]
    assert rows_of(register, "SELECT last FROM issued WHERE kind = 'id:stay'") == [(max(stay_ids),)]
    assert cli("stay", "add", "P0001", "MIDL", "--from", "2016-05-21").code == 0
    assert rows_of(register, "SELECT no FROM stay WHERE person_id = 'P0001' ORDER BY no") == [(1,), (2,)]
    assert max(i for (i,) in rows_of(register, "SELECT id FROM stay")) == max(stay_ids) + 1


def test_a_name_written_surname_first_further_down_is_the_same_person(cli, register, here):
    path = write_csv(here / "liste.csv", [
        ["Navn", "Bosituasjon", "Fra dato", "Siste kontakt"],
        ["Kari Nordmann", "hospits", "01.03.2016", "20.05.2016"],
        ["Nordmann, Kari", "hospits", "01.03.2016", "21.05.2016"]])
    out = cli("import", str(path))
    assert out.code == 0 and "1 ny person registrert (P0001)" in out.out, out
    assert "rad 3: trolig samme som P0001, nettopp importert fra rad 2 (samme navn)" in out.out
    assert rows_of(register, "SELECT count(*) FROM person") == [(1,)]


def test_an_old_rejects_file_is_in_the_way_only_of_an_import_that_rejects_rows(cli, register, here):
    """The default rejects workbook is named after the sheet given, and an import with no
    rejected row never asks for --force because of another import's rejects."""
    (here / "liste-avvist.xlsx").write_text("rettes")
    path = write_csv(here / "liste.csv", [["Navn", "Bosituasjon", "Fra dato"],
                                         ["Kari Nordmann", "hospits", "01.03.2016"]])
    assert cli("import", str(path)).code == 0
    assert (here / "liste-avvist.xlsx").read_text() == "rettes"
    write_xlsx(here / "bok.xlsx", MESSY)
    out = cli("import", str(here / "bok.xlsx"), "--sheet", "Liste")
    assert out.code == 1 and (here / "bok-Liste-avvist.xlsx").exists(), out


def test_a_number_already_registered_under_another_name_is_named_for_checking(cli, register, here):
    assert cli("person", "add", "--name", "Bjørn Østby", "--fnr", KARI, "--situation", "UTE",
               "--since", "01.05.2016").code == 0
    path = write_csv(here / "liste.csv", [["Navn", "Fødselsnummer", "Bosituasjon", "Fra dato"],
                                         ["Per Hansen", KARI, "ute", "01.04.2016"]])
    out = cli("import", str(path))
    assert out.code == 0 and "ingen nye personer registrert" in out.out, out
    line = next(line for line in out.out.splitlines() if "rad 2" in line)
    assert "P0001 (samme fødselsnummer), men registeret har navnet «Bjørn Østby»" in line
    assert "sjekk fødselsnummeret" in line


def test_a_mapping_file_column_the_sheet_does_not_have_is_warned_of(cli, register, here):
    rows = [["Navn", "Bosituasjon", "Fra dato"], ["Kari Nordmann", "hospits", "01.03.2016"]]
    path = write_csv(here / "liste.csv", rows)
    (here / "kart.csv").write_text("kind;column;value;target\ncolumn;Finnes ikke;;name\n"
                                   "column;Bosituasjon;;situation\n", encoding="utf-8-sig")
    out = cli("import", str(path), "--map", "kart.csv", "--dry-run")
    assert out.code == 0, out
    assert "kolonnefilen nevner «Finnes ikke», som arket ikke har" in out.out


def test_every_line_of_a_long_list_in_a_pipe_and_where_to_see_them_in_a_terminal(
        cli, register, here, monkeypatch):
    rows = [["Navn", "Bosituasjon", "Fra dato"],
            *[[f"Person {n}", "hos tante", "01.03.2016"] for n in range(36)]]
    path = write_csv(here / "liste.csv", rows)
    out = cli("import", str(path), "--dry-run")
    assert out.code == 1
    assert all(f"rad {n}:" in out.out for n in range(2, 38)) and "… og" not in out.out
    from boligreg.cli import imports

    monkeypatch.setattr(imports, "_in_terminal", lambda: True)
    out = cli("import", str(path), "--dry-run", "--rejects", "sjekk.xlsx")
    assert "rad 37:" not in out.out and "… og 26 til (alle i sjekk.xlsx)" in out.out
    out = cli("import", str(path), "--dry-run")
    assert ("… og 26 til (alle: boligreg import " + str(path) + " --dry-run | less)") in out.out
