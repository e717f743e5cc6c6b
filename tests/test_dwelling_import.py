"""`boligreg dwelling import` end to end, as a caseworker runs it: the municipality's list of its
dwellings as it comes (titles above the header, its own column names and words), through the
person import's machinery (header row, mapping file, rejects workbook), each row checked as
`dwelling add` checks one, in one transaction. Fictitious addresses only."""

import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import assert_one_line_error, file_hash
from tests.import_sheets import write_csv, write_xlsx

HEADERS = ["Adresse", "Leilighet", "Antall rom", "Areal", "Type", "HC", "Etasje", "Merknad",
           "Ledig fra", "Intern nr"]
MESSY = [
    ["Kommunale utleieboliger, Eksempelvik kommune"],                               # 1 title
    ["Oppdatert 01.05.2016"],                                                        # 2
    [],                                                                              # 3
    HEADERS,                                                                         # 4
    ["Storgata 5", "H0201", 2, 48.5, "kommunal", "nei", 2, "Nyoppusset",
     datetime(2016, 3, 1), 17],                                                      # 5
    ["Storgata 5", "H0202", "3", "62 m²", "Kommunal", "ja", "2", None, None, 18],   # 6
    ["Lia 3", None, 1, 30, "omsorgsbolig", "x", 0, None, "15.04.2016"],             # 7
    ["Lia 4", None, "to", 30, "hybel", None, -1],                                   # 8 rejected
    ["storgata 5, h0201", None, 2],                                                  # 9 same as 5
    ["Bakken 2", None, None, 40],                                                    # 10 no rooms
    ["Totalt: 6"],                                                                   # 11 total
]


@pytest.fixture
def here(tmp_path, monkeypatch):
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
    write_xlsx(here / "boliger.xlsx", MESSY, merge=["A1:F1"])
    return cli("dwelling", "import", "boliger.xlsx")


def test_a_messy_list_gives_each_dwelling_as_dwelling_add_would(messy, register):
    assert messy.code == 1  # rows were rejected, the rest imported
    assert rows_of(register, "SELECT id, address, rooms, size, kind, accessible, floor, note "
                             "FROM dwelling ORDER BY id") == [
        ("D0001", "Storgata 5, H0201", 2, 49, "KOMMUNAL", 0, 2, "Nyoppusset"),
        ("D0002", "Storgata 5, H0202", 3, 62, "KOMMUNAL", 1, 2, None),
        ("D0003", "Lia 3", 1, 30, "OMSORG", 1, 0, None)]
    assert rows_of(register, "SELECT dwelling_id, date, kind FROM dwelling_mark ORDER BY id") == [
        ("D0001", "2016-03-01", "vacant"), ("D0003", "2016-04-15", "vacant")]


def test_the_summary_says_what_happened_row_by_row(messy):
    out = messy.out
    assert "Import av boliger.xlsx (ark «Liste», overskrifter i rad 4)" in out
    assert "rad 9: samme adresse som rad 5 (D0001)" in out
    assert "rad 11: sumrad («Totalt: 6»)" in out
    assert "rad 5: «48.5» i kolonnen «Areal» er rundet av til 49" in out
    assert "rad 8: «to» i kolonnen «Antall rom» er ikke et helt tall fra 1 til 20; «hybel» i " \
           "kolonnen «Type» er ikke et kjent ord" in out
    assert "«-1» i kolonnen «Etasje» er ikke et helt tall fra 0 til 99" in out
    assert "rad 10: kolonnen «Antall rom» er tom" in out
    assert "3 nye boliger registrert (D0001–D0003)" in out
    assert "2 av dem ledige fra datoen i arket" in out
    assert "1 uten ledig-dato: regnes som utleid utenfor registeret" in out
    assert "kolonner som ikke er brukt: «Intern nr»" in out
    assert messy.err.strip() == ("Feil: 2 rader ble avvist og er ikke importert; rett dem i "
                                 "boliger-avvist.xlsx og importer den filen.")


def test_the_rejects_workbook_holds_each_rejected_row_and_imports_once_corrected(
        cli, messy, register, here):
    rows = list(load_workbook(here / "boliger-avvist.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Rad i arket", "Årsak", "Adresse", "Leilighet")
    assert [row[0] for row in rows[1:]] == [8, 10]
    assert "«to» i kolonnen «Antall rom»" in rows[1][1]
    book = load_workbook(here / "boliger-avvist.xlsx")
    sheet = book.active
    sheet["E2"], sheet["G2"], sheet["I2"], sheet["E3"] = 2, "KOMMUNAL", 1, 3
    book.save(here / "rettet.xlsx")
    out = cli("dwelling", "import", "rettet.xlsx")
    assert out.code == 0, out
    assert rows_of(register, "SELECT id, address, rooms, floor FROM dwelling WHERE id > 'D0003'") \
        == [("D0004", "Lia 4", 2, 1), ("D0005", "Bakken 2", 3, None)]


def test_each_dwelling_is_logged_as_dwelling_add_logs_it_and_the_import_once(messy, register):
    events = rows_of(register, "SELECT action, record, new FROM event WHERE command = "
                               "'dwelling import' ORDER BY id")
    assert [(action, record) for action, record, _ in events] == [
        ("create", "dwelling:D0001"), ("create", "dwelling_mark:1"), ("create", "dwelling:D0002"),
        ("create", "dwelling:D0003"), ("create", "dwelling_mark:2"), ("import", "dwelling-list")]
    assert json.loads(events[0][2])["address"] == "Storgata 5, H0201"
    summary = json.loads(events[-1][2])
    assert summary["dwellings"] == 3 and summary["rejected"] == 2 and summary["already"] == "D0001"


def test_the_list_right_after_the_import(cli, messy):
    out = cli("--width", "80", "dwelling", "list")
    assert out.code == 0
    assert "Storgata 5, H0201" in out.out and "ledig fra 01.03.2016" in out.out
    assert "3 boliger" in out.out
    assert all(len(line) <= 80 for line in out.out.splitlines())


def test_an_address_registered_already_is_named_and_not_added_twice(cli, register, here):
    assert cli("dwelling", "add", "--address", "Storgata 5, H0201", "--rooms", "2").code == 0
    write_xlsx(here / "boliger.xlsx", MESSY, merge=["A1:F1"])
    out = cli("dwelling", "import", "boliger.xlsx")
    assert "rad 5: adressen er registrert fra før som D0001" in out.out
    assert "rad 9: adressen er registrert fra før som D0001" in out.out
    assert "2 adresser allerede registrert, ikke lagt til på nytt" in out.out
    assert rows_of(register, "SELECT count(*) FROM dwelling WHERE address LIKE 'Storgata 5, H0201'") \
        == [(1,)]
    out = cli("dwelling", "import", "boliger.xlsx", "--force")  # the same sheet again: nothing new
    assert "ingen nye boliger registrert" in out.out
    assert rows_of(register, "SELECT count(*) FROM dwelling") == [(3,)]


def test_a_dry_run_leaves_the_register_byte_identical(cli, register, here):
    write_xlsx(here / "boliger.xlsx", MESSY, merge=["A1:F1"])
    before = file_hash(register)
    out = cli("dwelling", "import", "boliger.xlsx", "--dry-run")
    assert out.code == 1
    assert "Prøveimport av boliger.xlsx" in out.out and "3 nye boliger registrert" in out.out
    assert "2 rader ville blitt avvist" in out.err
    assert file_hash(register) == before
    assert sorted(p.name for p in here.iterdir()) == ["boliger.xlsx", "register.db"]


def test_write_map_then_map(cli, register, here):
    rows = [["Bolig", "Rom", "Etasje", "Boform"], ["Storgata 7", "2", "1", "hybel"],
            ["Lia 9", "1", "0", "omsorg"]]
    path = write_csv(here / "boliger.csv", rows)
    before = file_hash(register)
    assert_one_line_error(cli("dwelling", "import", str(path)), 2)  # no column is the address
    out = cli("dwelling", "import", str(path), "--write-map", "kart.csv")
    assert out.code == 0 and "Kolonnefilen er skrevet til kart.csv" in out.out
    assert "boligreg dwelling import --help" in out.out
    assert file_hash(register) == before
    text = (here / "kart.csv").read_text(encoding="utf-8-sig")
    assert "column;Bolig;;\n" in text and "column;Rom;;rooms" in text
    text = text.replace("column;Bolig;;", "column;Bolig;;address").replace(
        "column;Boform;;", "column;Boform;;kind")
    (here / "kart.csv").write_text(text, encoding="utf-8-sig")
    out = cli("dwelling", "import", str(path), "--map", "kart.csv", "--write-map", "kart.csv",
              "--force")
    assert out.code == 0 and "«Boform»: «hybel»" in out.out
    text = (here / "kart.csv").read_text(encoding="utf-8-sig")
    assert "value;Boform;omsorg;OMSORG" in text
    (here / "kart.csv").write_text(text.replace("value;Boform;hybel;", "value;Boform;hybel;KOMMUNAL"),
                                   encoding="utf-8-sig")
    out = cli("dwelling", "import", str(path), "--map", "kart.csv")
    assert out.code == 0, out
    assert rows_of(register, "SELECT address, kind FROM dwelling ORDER BY id") == [
        ("Storgata 7", "KOMMUNAL"), ("Lia 9", "OMSORG")]


def test_a_person_map_is_no_dwelling_map(cli, register, here):
    path = write_csv(here / "boliger.csv", [["Adresse", "Rom"], ["Storgata 7", "2"]])
    (here / "kart.csv").write_text("kind;column;value;target\r\ncolumn;Adresse;;situation\r\n",
                                   encoding="utf-8-sig")
    before = file_hash(register)
    out = cli("dwelling", "import", str(path), "--map", "kart.csv")
    assert_one_line_error(out, 2)
    assert "address, unit, rooms" in out.err  # the dwellings' fields are the valid ones
    assert file_hash(register) == before


def test_hostile_cells_are_rejected_or_stored_as_inert_text(cli, register, here):
    csv_path = write_csv(here / "boliger.csv", [
        ["Adresse", "Antall rom", "Merknad"],
        ['=HYPERLINK("http://x","klikk")', "2", "@SUM(1)"],
        ["Bakken 1\x1b[31m", "2", None],
        ["Bakken 3", "2", "ok\u202egnp.exe"],
    ])
    out = cli("dwelling", "import", str(csv_path))
    assert out.code == 1
    assert "rad 3: kolonnen «Adresse» inneholder kontrolltegn" in out.out
    assert "rad 4: kolonnen «Merknad» inneholder kontrolltegn" in out.out
    assert "\x1b" not in out.out and "\u202e" not in out.out
    assert rows_of(register, "SELECT address, note FROM dwelling") == [
        ('=HYPERLINK("http://x","klikk")', "@SUM(1)")]
    listed = cli("dwelling", "list", "--format", "csv").out
    assert "'=HYPERLINK" in listed and "'@SUM" not in listed  # the note is no list column
    rejected = load_workbook(here / "boliger-avvist.xlsx").active
    assert rejected["C2"].value == "Bakken 1\ufffd[31m" and rejected["C2"].data_type == "s"
    # a formula cell of a workbook is read as the value Excel saved, never as its formula
    xlsx = write_xlsx(here / "formler.xlsx", [["Adresse", "Rom"], ["=A1&\"x\"", 2]])
    out = cli("dwelling", "import", str(xlsx), "--dry-run")
    assert "rad 2: kolonnen «Adresse» er tom" in out.out


def test_in_english_and_nynorsk(cli, register, here):
    path = write_xlsx(here / "boliger.xlsx", MESSY, merge=["A1:F1"])
    out = cli("--lang", "en", "dwelling", "import", str(path), "--dry-run")
    assert "3 new dwellings registered (D0001–D0003)" in out.out
    assert "row 9: the same address as row 5 (D0001)" in out.out
    assert "row 10: the column “Antall rom” is empty" in out.out
    assert "2 rows would be rejected" in out.err
    out = cli("--lang", "nn", "dwelling", "import", str(path), "--dry-run")
    assert "3 nye bustader registrerte (D0001–D0003)" in out.out
    assert "«to» i kolonnen «Antall rom» er ikkje eit heilt tal frå 1 til 20" in out.out
    out = cli("--lang", "en", "dwelling", "import", str(path))
    rows = list(load_workbook(here / "boliger-rejected.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Sheet row", "Reason") and "is empty" in rows[2][1]


def test_english_headers_are_recognised(cli, register, here):
    path = write_csv(here / "dwellings.csv", [
        ["Address", "Unit", "Rooms", "Size", "Type", "Accessible", "Floor", "Vacant from"],
        ["Harbour Road 1", "A", "2", "55", "supported housing", "yes", "1", "01.05.2016"]])
    assert cli("dwelling", "import", str(path)).code == 0
    assert rows_of(register, "SELECT address, rooms, size, kind, accessible, floor FROM dwelling") \
        == [("Harbour Road 1, A", 2, 55, "OMSORG", 1, 1)]


BAD = {
    "no file": ["ingen.xlsx"],
    "no header": ["tull.csv"],
    "unknown sheet": ["boliger.xlsx", "--sheet", "Finnes ikke"],
    "blank header row": ["boliger.xlsx", "--header-row", "3"],
    "missing map": ["boliger.xlsx", "--map", "ingen.csv"],
    "rejects over the sheet": ["boliger.xlsx", "--rejects", "boliger.xlsx"],
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_is_one_line_and_leaves_the_register_unchanged(cli, register, here, case):
    write_xlsx(here / "boliger.xlsx", MESSY, merge=["A1:F1"])
    write_csv(here / "tull.csv", [["Hva", "Hvor"], ["x", "y"]])
    before = file_hash(register)
    assert_one_line_error(cli("dwelling", "import", *BAD[case]), 2)
    assert file_hash(register) == before
    assert not list(here.glob("*avvist*"))


def test_help_lists_every_field_and_code(cli):
    from boligreg.importing.vocabulary import DWELLING

    out = cli("dwelling", "import", "--help")
    assert out.code == 0
    for field in DWELLING.fields:
        assert f"  {field} " in out.out, field
    for codes in DWELLING.codes.values():
        for code in codes:
            assert code in out.out
    assert "boligreg dwelling import boliger.xlsx --dry-run" in out.out
