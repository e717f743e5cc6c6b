"""The workbooks as the person who sends them to Husbanken and SSB opens and prints them (the
user test of issue 20): a definition is one wrapped cell, a column of counts holds counts, the
title block says true things, a sheet of persons is marked confidential, and the print is A4 at
a readable size."""

import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import TODAY, assert_one_line_error, file_hash, require_tool

KOSTRA_YEAR = "2015"
WEEK = "2016-W20"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """The demo register (dwellings, Housing First, 45 persons) made once per module."""
    from typer.testing import CliRunner

    from boligreg.cli import app

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(app, ["--db", str(path), "demo"], env={
        "BOLIGREG_TODAY": TODAY.isoformat(), "BOLIGREG_USER": "testbruker", "BOLIGREG_LANG": "nb"})
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def demo(db, demo_file) -> Path:
    shutil.copyfile(demo_file, db)
    db.chmod(0o600)
    return db


def table_rows(sheet) -> tuple[int, list[tuple]]:
    """The header row's number and the rows of the table under it (to the first empty row)."""
    header = int(sheet.freeze_panes[1:]) - 1
    rows = []
    for row in sheet.iter_rows(min_row=header + 1):
        if all(c.value is None for c in row):
            break
        rows.append(row)
    return header, rows


def title_lines(sheet, header: int) -> list[str]:
    return [str(sheet.cell(row=r, column=1).value) for r in range(2, header - 1)]


def test_kostra_definitions_are_one_cell_each_and_the_count_column_holds_counts(cli, demo, tmp_path):
    path = tmp_path / "k.xlsx"
    assert cli("report", "kostra", "--year", KOSTRA_YEAR, "--xlsx", str(path)).code == 0
    sheet = load_workbook(path)["KOSTRA skjema 13"]
    header, rows = table_rows(sheet)
    assert [c.value for c in sheet[header]] == ["Tall", "Antall", "Hva tallet teller"]
    for label, count, definition in ((r[0], r[1], r[2]) for r in rows):
        assert label.value, "a definition split over a row of its own"
        assert count.value is None or isinstance(count.value, int) or count.value == "x", count.value
        assert isinstance(definition.value, str) and len(definition.value) > 20
        assert definition.alignment.wrap_text and definition.alignment.horizontal == "left"
        lines = -(-len(definition.value) // 120)
        assert lines == 1 or sheet.row_dimensions[definition.row].height >= 15 * lines
    labels = [r[0].value for r in rows]
    assert "x" in labels and "Flere rapporter sammen" in labels
    stock = next(r for r in rows if r[0].value == "Kommunalt disponerte boliger (i registeret)")
    assert stock[1].value == 30
    lines = title_lines(sheet, header)
    assert not any("arket Definisjoner" in line for line in lines)
    assert any("raden «x»" in line for line in lines)
    assert sheet.page_setup.orientation == "landscape"
    missing = [r[0].value for r in table_rows(load_workbook(path)["Ikke i registeret"])[1]]
    assert "Kommunalt disponerte boliger (antall)" not in missing
    assert "Boliger etter eierform (eid, innleid)" in missing


def test_kostra_counts_the_dwelling_stock_and_keeps_not_in_register_without_dwellings(cli, demo):
    import json

    from boligreg.domain.housing import Dwelling, DwellingKind
    from boligreg.reports.figures import Tally
    from boligreg.reports.kostra import count_dwelling_stock, kostra_figures

    out = json.loads(cli("report", "kostra", "--year", KOSTRA_YEAR, "--format", "json").out)
    assert out["dwelling_stock"] == {"dwellings": 30, "wheelchair_accessible": 6}
    assert "dwelling_stock" not in out["not_in_register"]
    assert count_dwelling_stock([]) is None
    bare = kostra_figures(Tally(), 2015, stock=None)
    assert bare.dwelling_stock is None and "dwelling_stock" in bare.not_in_register
    two = [Dwelling("D0001", "Storgata 5", 2, DwellingKind.KOMMUNAL, date(2015, 1, 1), accessible=True),
           Dwelling("D0002", "Storgata 7", 1, DwellingKind.OMSORG, date(2016, 1, 1))]
    assert count_dwelling_stock(two).model_dump() == {"dwellings": 2, "wheelchair_accessible": 1}


@pytest.mark.parametrize("dedup", [False, True])
def test_survey_forms_sheet_is_marked_confidential_with_the_full_title_block(cli, demo, tmp_path, dedup):
    path = tmp_path / "s.xlsx"
    assert cli("report", "survey", "--week", WEEK, "--xlsx", str(path),
               *(["--dedup-fields"] if dedup else [])).code == 0
    book = load_workbook(path)
    forms = book["Skjema"]
    assert "Taushetsbelagt — unntatt offentlighet" in forms.oddHeader.center.text
    for sheet in book.worksheets:
        assert "aggregerte" not in (sheet.oddFooter.left.text or "")
        header, _ = table_rows(sheet)
        lines = title_lines(sheet, header)
        assert "Periode: 16.05.2016–22.05.2016" in lines, lines  # the week, Monday to Sunday
        assert any(line.startswith("Rapporterende enhet:") for line in lines)
        assert any(line.startswith("Kontakt:") for line in lines)
        assert not any("skjult" in line for line in lines)
    assert (forms.page_setup.orientation, forms.page_setup.fitToWidth, forms.print_title_cols) == \
        ("landscape", 2, "$A:$A")
    header, rows = table_rows(forms)
    headers = [c.value for c in forms[header]]
    if dedup:
        year = rows[0][headers.index("Fødselsår")]
        assert isinstance(year.value, int) and year.number_format == "0"  # 2002, not 2 002
    else:
        assert "Fødselsår" not in headers
    words = {r[0].value: r[1].value for r in table_rows(book["Definisjoner"])[1]}
    assert not any("«<5»" in text for text in words.values())


def test_husbanken_definitions_cover_the_housing_sheets_and_print_wide(cli, demo, tmp_path):
    path = tmp_path / "h.xlsx"
    assert cli("report", "--from", "2016-01-01", "--to", "2016-05-31", "--xlsx", str(path)).code == 0
    book = load_workbook(path)
    sheet = book["Definisjoner"]
    _, rows = table_rows(sheet)
    defined = {r[0].value for r in rows}
    for name in ("Ledige boliger og tildeling", "Housing First oppfølging"):
        figures = [r[0].value for r in table_rows(book[name])[1]]
        heads = [f for f in figures if not f.startswith((" ", "…"))]
        uncovered = [f for f in heads if f not in defined and f.replace(", gjennomsnitt", ", median")
                     not in defined and not any(f.split(" i perioden")[0] in d for d in defined)
                     and f not in ("Takket ja i perioden", "Takket nei i perioden",
                                   "Tilbud godtatt", "Tilbud avslått",
                                   "Leieforhold avsluttet (andel: omløp)")]
        assert not uncovered, uncovered
    assert "Flere rapporter sammen" in defined
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["B"].width >= 80
    assert all(r[1].alignment.wrap_text for r in rows)


def test_a_statistic_of_nothing_is_written_as_the_terminal_writes_it(tmp_path):
    from boligreg.reports.tables import Row, Section
    from boligreg.reports.xlsx import Page, report_workbook

    path = tmp_path / "w.xlsx"
    section = Section("dwellings", "Ledige", ["Kategori", "Antall", "Andel"],
                      [Row("Dager ledig, median", [None, None], "days"), Row("Tilbud", [0, None])])
    report_workbook([section], path, title="t", author="a", force=False,
                    page=Page(title_lines=("Kommune: X",), header="h", footer_left="f"))
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[5]] == ["Dager ledig, median", "–", "–"]
    assert [c.value for c in sheet[6]] == ["Tilbud", 0, None]


@pytest.mark.parametrize("value", ["0000", "0300", "5633", "9999", "1100", "301", "11O6"])
def test_a_kommunenummer_that_is_no_municipality_is_refused(cli, register, db, value):
    before = file_hash(db)
    outcome = cli("config", "set", "kommunenummer", value)
    assert_one_line_error(outcome)
    assert "0301" in outcome.err and file_hash(db) == before


@pytest.mark.parametrize("value", ["0301", "1106", "5632"])
def test_a_municipality_number_is_accepted(cli, register, value):
    assert cli("config", "set", "kommunenummer", value).code == 0


def word_heights(pdf: Path, page: int) -> list[float]:
    """The heights of the words on a page of the PDF (pdftotext -bbox): the type size printed."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [float(b) - float(a) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', out)]


def to_pdf(path: Path, out: Path) -> Path:
    soffice = require_tool("soffice")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), str(path)],
                       capture_output=True, timeout=180, check=True)
    return out / (path.stem + ".pdf")


def page_texts(pdf: Path) -> list[str]:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")


@pytest.mark.slow
def test_every_workbook_prints_readable_type_on_a4(cli, demo, tmp_path):
    require_tool("pdftotext")
    made = {
        "k": ("report", "kostra", "--year", KOSTRA_YEAR),
        "s": ("report", "survey", "--week", WEEK, "--dedup-fields"),
        "h": ("report", "--from", "2016-01-01", "--to", "2016-05-31"),
        "liste": ("export",),
    }
    for name, args in made.items():
        path = tmp_path / f"{name}.xlsx"
        assert cli(*args, "--xlsx", str(path)).code == 0
        pdf = to_pdf(path, tmp_path)
        pages = [p for p in page_texts(pdf) if p.strip()]
        for number in range(1, len(pages) + 1):
            heights = sorted(word_heights(pdf, number))
            assert heights and heights[len(heights) // 2] >= 8, (name, number, heights[:5])  # no 6 pt shrink
        if name == "k":
            assert "Kommunalt disponerte boliger" in pages[0] and "arket Definisjoner" not in pages[0]
        if name == "s":
            forms = [p for p in pages if "Skjema" in p and "Nr." in p]
            assert len(forms) == 2 and all("Taushetsbelagt" in p for p in forms)
            assert all("aggregerte" not in p for p in pages)
            assert re.search(r"\b(19|20)\d\d\b", forms[1]) and not re.search(r"\b(1|2) \d{3}\b", forms[1])
        if name == "liste":
            assert len(pages) == 2 and all("Id" in p and "Navn" in p and "Taushetsbelagt" in p
                                           for p in pages)
