"""Reading files: workbooks and CSV in the encodings and delimiters Excel writes, and every
kind of bad file as one InvalidInput with a key and its arguments."""

import zipfile
from datetime import datetime

import pytest
from openpyxl import Workbook

from boligreg.errors import InvalidInput
from boligreg.importing import read_sheet
from boligreg.importing.readers import detect_delimiter
from tests.import_sheets import write_csv, write_xlsx

ROWS = [["Navn", "Bosituasjon", "Merknad"], ["Kari Nordmann", "hospits", "bor på Ørneredet"],
        ["Åse Ødegård", "hos venner", "«sofa», ikke fast"]]


def bad(path, sheet=None) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        read_sheet(path, sheet)
    return caught.value


def test_a_workbook_is_read_row_by_row_from_row_1(tmp_path):
    path = write_xlsx(tmp_path / "liste.xlsx", [["Tittel"], [], *ROWS, [None, None, None]],
                      more_sheets=["Arkiv"])
    sheet = read_sheet(path)
    assert sheet.name == "Liste"
    assert sheet.sheet_names == ("Liste", "Arkiv")
    assert sheet.row(1) == ("Tittel",)
    assert sheet.row(2) == ()
    assert sheet.row(3) == ("Navn", "Bosituasjon", "Merknad")
    assert sheet.row(5) == ("Åse Ødegård", "hos venner", "«sofa», ikke fast")
    assert len(sheet.rows) == 5  # the formatted but empty row at the end is not a row
    assert sheet.epoch == datetime(1899, 12, 30)


def test_a_named_sheet_and_a_missing_one(tmp_path):
    path = write_xlsx(tmp_path / "liste.xlsx", ROWS, more_sheets=["2016", "Arkiv"])
    assert read_sheet(path, "2016").name == "2016"
    assert read_sheet(path, "arkiv").name == "Arkiv"  # case does not matter
    error = bad(path, "2017")
    assert (error.key, error.args_) == ("import_no_such_sheet",
                                        {"sheet": "2017", "sheets": "Liste, 2016, Arkiv"})


def test_without_a_name_the_first_visible_worksheet(tmp_path):
    path = tmp_path / "liste.xlsx"
    book = Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.title = "Valg"
    hidden.sheet_state = "hidden"
    book.create_sheet("Liste").append(["Navn"])
    book.save(path)
    assert read_sheet(path).name == "Liste"
    assert read_sheet(path, "Valg").name == "Valg"


def test_a_formula_gives_its_computed_value_never_the_formula(tmp_path):
    path = write_xlsx(tmp_path / "liste.xlsx", [["Navn", "Merknad"], ["Kari", "=1+1"]])
    assert read_sheet(path).row(2) == ("Kari",)  # openpyxl stores no computed value


@pytest.mark.parametrize("encoding, delimiter", [
    ("cp1252", ";"), ("utf-8-sig", ","), ("utf-8", "\t"), ("utf-8", ";"), ("utf-16", "\t"),
])
def test_csv_in_the_encodings_and_delimiters_excel_writes(tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "liste.csv", [["Oversikt"], *ROWS], delimiter=delimiter,
                     encoding=encoding)
    sheet = read_sheet(path)
    assert sheet.name is None
    assert sheet.row(1) == ("Oversikt",)
    assert sheet.row(2) == ("Navn", "Bosituasjon", "Merknad")
    assert sheet.row(3) == ("Kari Nordmann", "hospits", "bor på Ørneredet")
    assert sheet.row(4) == ("Åse Ødegård", "hos venner", "«sofa», ikke fast")


def test_a_quoted_cell_over_two_lines_is_one_row(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text('Navn;Merknad\r\nKari;"første linje\nandre linje"\r\nOla;\r\n')
    sheet = read_sheet(path)
    assert sheet.row(2) == ("Kari", "første linje\nandre linje")
    assert sheet.row(3) == ("Ola",)


def test_the_delimiter_is_the_one_that_splits_lines_alike():
    assert detect_delimiter("Navn;Merknad;Fnr\nKari;a, b, c, d, e;1\nOla;;\n") == ";"
    assert detect_delimiter("Navn,Merknad,Fnr\nKari,a; b,1\nOla,,\n") == ","
    assert detect_delimiter("Navn\tMerknad\nKari\ta, b; c\n") == "\t"
    assert detect_delimiter("Navn\nKari\n") == ";"


def test_a_csv_has_no_sheets(tmp_path):
    path = write_csv(tmp_path / "liste.csv", ROWS)
    assert bad(path, "Ark1").key == "import_sheet_in_csv"


def test_no_such_file(tmp_path):
    error = bad(tmp_path / "borte.xlsx")
    assert (error.key, error.args_) == ("import_no_file", {"path": str(tmp_path / "borte.xlsx")})


def test_a_directory(tmp_path):
    (tmp_path / "mappe.csv").mkdir()
    assert bad(tmp_path / "mappe.csv").key == "import_cannot_read"


@pytest.mark.parametrize("name", ["liste.ods", "liste.pdf", "liste", "liste.xlsx.bak"])
def test_an_unknown_extension(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"Navn;Bosituasjon\n")
    error = bad(path)
    assert error.key == "import_unknown_extension"
    assert error.args_["path"] == str(path)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"


def test_a_picture_or_text_named_xlsx_is_not_a_workbook(tmp_path):
    picture = tmp_path / "bilde.xlsx"
    picture.write_bytes(PNG)
    text = tmp_path / "tekst.xlsx"
    text.write_text("Navn;Bosituasjon\nKari;hospits\n")
    empty = tmp_path / "tom.xlsx"
    empty.write_bytes(b"")
    for path in (picture, text, empty):
        assert bad(path).key == "import_not_workbook"


def test_a_zip_that_is_no_workbook(tmp_path):
    path = tmp_path / "arkiv.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hei.txt", "hei")
    assert bad(path).key == "import_not_workbook"


def test_a_picture_named_csv_is_not_text(tmp_path):
    path = tmp_path / "bilde.csv"
    path.write_bytes(PNG)
    assert bad(path).key == "import_not_text"


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",                     # a PDF (signature)
    bytes(range(256)) * 4,                                          # a program: control bytes
    b"Navn\x00;\x00B\x00o\x00s\x00i\x00t\x00u\x00a\x00s\x00j\x00o\x00n\x00",  # UTF-16, no BOM
])
def test_a_binary_file_named_csv_is_refused_whole(tmp_path, data):
    path = tmp_path / "data.csv"
    path.write_bytes(data)
    assert bad(path).key == "import_not_text"


def test_a_file_neither_utf8_nor_windows_1252(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(b"Navn;Merknad\nKari;\x81\x8d\n")  # bytes Windows-1252 leaves undefined
    assert bad(path).key == "import_bad_encoding"


def _big_workbook(path):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Navn", "Bosituasjon", "Merknad"])
    for number in range(3000):
        sheet.append([f"Person {number}", "hospits", "en lang merknad " * 5])
    book.save(path)
    return path.read_bytes()


def test_a_truncated_workbook_is_damaged(tmp_path):
    data = _big_workbook(tmp_path / "hel.xlsx")
    for cut in (len(data) // 2, len(data) - 10, 100):
        path = tmp_path / "kuttet.xlsx"
        path.write_bytes(data[:cut])
        error = bad(path)
        assert (error.key, error.args_) == ("import_damaged_workbook", {"path": str(path)})


def test_a_workbook_with_a_garbled_sheet_is_damaged(tmp_path):
    data = bytearray(_big_workbook(tmp_path / "hel.xlsx"))
    with zipfile.ZipFile(tmp_path / "hel.xlsx") as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + 200
    for at in range(start, start + 64):
        data[at] ^= 0xFF
    path = tmp_path / "skadet.xlsx"
    path.write_bytes(bytes(data))
    assert bad(path).key == "import_damaged_workbook"


def _ole2(path, *streams: str) -> None:
    """The start of an OLE2 (Compound File) container naming the given streams."""
    body = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in streams)
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + body)


def test_a_password_protected_workbook(tmp_path):
    path = tmp_path / "hemmelig.xlsx"
    _ole2(path, "EncryptionInfo", "EncryptedPackage")
    error = bad(path)
    assert (error.key, error.args_) == ("import_encrypted", {"path": str(path)})


def test_an_old_xls_workbook(tmp_path):
    for name in ("gammel.xls", "gammel.xlsx"):
        path = tmp_path / name
        _ole2(path, "Workbook", "SummaryInformation")
        assert bad(path).key == "import_old_xls"
    renamed = write_xlsx(tmp_path / "ny.xls", ROWS)  # an .xlsx saved under the old name
    assert bad(renamed).key == "import_old_xls"
