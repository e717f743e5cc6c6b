"""The rejects workbook, opened again with openpyxl and read cell by cell."""

import stat
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from boligreg.errors import InvalidInput
from boligreg.importing import plan_import, read_sheet, write_rejects
from tests.import_sheets import AS_OF, write_csv, write_xlsx

HEADERS = ["Navn", "Bosituasjon", "Fra dato", "Født", "Merknad"]


@pytest.fixture
def plan(tmp_path):
    rows = [["Oversikt"], HEADERS,
            ["Kari Nordmann", "hospits", datetime(2016, 3, 1), date(1986, 2, 5), "ok"],
            ["Ola Nordmann", "hos søster", datetime(2016, 3, 1), None, "=SUM(A1:A2)"],
            ["Per Pedersen", "ute", "31.02.2016", 31446, "-ikke ring"],
            [None, "ute", "01.03.2016", None, "@spør Siv"],
            ["Åse Ødegård", "ute", "01.03.2016", None, "+47 912 34 567\nny linje"]]
    sheet = read_sheet(write_xlsx(tmp_path / "liste.xlsx", rows))
    return plan_import(sheet, as_of=AS_OF)


def rows_of(path):
    sheet = load_workbook(path).active
    return sheet, [[cell for cell in row] for row in sheet.iter_rows()]


def test_the_rejects_cell_by_cell_in_bokmal(plan, tmp_path):
    path = tmp_path / "avviste.xlsx"
    write_rejects(path, plan, plan.headers, "nb")
    sheet, rows = rows_of(path)
    assert sheet.title == "Avviste rader"
    assert sheet.freeze_panes == "A2"
    values = [[cell.value for cell in row] for row in rows]
    assert values == [
        ["Rad i arket", "Årsak", *HEADERS],
        [4, ("«hos søster» i kolonnen «Bosituasjon» er ikke et kjent ord; oversett det i "
            "kolonnefilen (--write-map, så --map)"),
         "Ola Nordmann", "hos søster", datetime(2016, 3, 1), None, None],
        [5, "«31.02.2016» i kolonnen «Fra dato» er ikke en gyldig dato",
         "Per Pedersen", "ute", "31.02.2016", 31446, "-ikke ring"],
        [6, "verken navn eller alias", None, "ute", "01.03.2016", None, "@spør Siv"],
    ]
    assert all(cell.font.bold for cell in rows[0])
    assert rows[1][4].number_format == "dd.mm.yyyy"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_formula_like_text_is_stored_as_text(tmp_path):
    rows = [["Navn", "Bosituasjon", "Fra dato", "Merknad"],
            ["=cmd|' /C calc'!A0", "ute", "31.02.2016", "=SUM(A1:A2)"],
            ["+47 912", "-", "01.03.2016", "@spør"]]
    plan = plan_import(read_sheet(write_csv(tmp_path / "l.csv", rows)), as_of=AS_OF)
    path = tmp_path / "avviste.xlsx"
    write_rejects(path, plan, plan.headers, "en")
    _, cells = rows_of(path)
    formulas = [cells[1][2], cells[1][5], cells[2][2], cells[2][5]]
    assert [c.value for c in formulas] == ["=cmd|' /C calc'!A0", "=SUM(A1:A2)", "+47 912",
                                          "@spør"]
    for cell in formulas:
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert not cells[1][3].quotePrefix  # «ute» is plain text


def test_the_reasons_in_english_and_every_reason_of_a_row(tmp_path):
    rows = [["Navn", "Bosituasjon", "Fra dato"], ["Kari Nordmann", "hos søster", "31.02.2016"]]
    plan = plan_import(read_sheet(write_csv(tmp_path / "l.csv", rows)), as_of=AS_OF)
    path = tmp_path / "rejects.xlsx"
    write_rejects(path, plan, plan.headers, "en")
    sheet, cells = rows_of(path)
    assert sheet.title == "Rejected rows"
    assert [c.value for c in cells[0][:2]] == ["Sheet row", "Reason"]
    assert cells[1][1].value == (
        "“hos søster” in the column “Bosituasjon” is not a known word; translate it in the "
        "mapping file (--write-map, then --map); “31.02.2016” in the column “Fra dato” is not a "
        "valid date")


def test_control_characters_are_shown_not_written(tmp_path):
    rows = [["Navn", "Bosituasjon", "Fra dato"], ["Kari\x07Nordmann", "ute", "01.03.2016"]]
    plan = plan_import(read_sheet(write_csv(tmp_path / "l.csv", rows)), as_of=AS_OF)
    path = tmp_path / "avviste.xlsx"
    write_rejects(path, plan, plan.headers, "nb")
    _, cells = rows_of(path)
    assert cells[1][2].value == "Kari\ufffdNordmann"


def test_the_rejects_workbook_imports_again_once_corrected(plan, tmp_path):
    path = tmp_path / "avviste.xlsx"
    write_rejects(path, plan, plan.headers, "nb")
    book = load_workbook(path)
    sheet = book.active
    sheet["D2"] = "hos venner"
    sheet["E3"] = "28.02.2016"
    sheet["C4"] = "Liv Lund"
    book.save(path)
    again = plan_import(read_sheet(path), as_of=AS_OF)
    assert again.header_row == 1
    assert again.ignored_columns == ["Rad i arket", "Årsak"]
    assert [p.name for p in again.persons] == ["Ola Nordmann", "Per Pedersen", "Liv Lund"]
    assert again.rejects == []


def test_an_existing_file_is_kept_without_force(plan, tmp_path):
    path = tmp_path / "avviste.xlsx"
    path.write_bytes(b"mine")
    with pytest.raises(InvalidInput) as caught:
        write_rejects(path, plan, plan.headers, "nb")
    assert caught.value.key == "err_file_exists"
    assert path.read_bytes() == b"mine"
    write_rejects(path, plan, plan.headers, "nb", force=True)
    assert load_workbook(path).active.max_row == 4


def test_the_rejects_print_as_the_by_name_export_marked_confidential(plan, tmp_path):
    """It holds names and fødselsnummer: A4 landscape, at most two pages wide, the header row
    and the sheet's row number on every page, «Taushetsbelagt …» on every page."""
    path = tmp_path / "avviste.xlsx"
    write_rejects(path, plan, plan.headers, "nb")
    sheet = load_workbook(path).active
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 2 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$1" and sheet.print_title_cols == "$A:$A"
    assert sheet.oddHeader.center.text.startswith("Taushetsbelagt — unntatt offentlighet")
    assert sheet.oddFooter.left.text == "Avviste rader"
    assert sheet.oddFooter.right.text == "Side &P av &N"
    assert sheet.column_dimensions["C"].width >= len("Ola Nordmann")
    english = tmp_path / "rejects.xlsx"
    write_rejects(english, plan, plan.headers, "en")
    assert "Side" not in load_workbook(english).active.oddFooter.right.text


@pytest.mark.slow
def test_the_rejects_print_on_a4_landscape_with_every_column(plan, tmp_path):
    from tests.test_workbook_print import page_texts, to_pdf

    path = tmp_path / "avviste.xlsx"
    write_rejects(path, plan, plan.headers, "nb")
    pages = [p for p in page_texts(to_pdf(path, tmp_path)) if p.strip()]
    assert 1 <= len(pages) <= 2  # was 4 A4 portrait pages, «Rad i arket» on the first only
    assert all("Rad i arket" in page and "Taushetsbelagt" in page for page in pages)
    assert "Merknad" in "".join(pages) and "Ola Nordmann" in "".join(pages)
