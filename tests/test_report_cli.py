"""The report and export commands: terminal, JSON, the Husbanken workbook and the by-name list."""

import csv
import datetime
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import TODAY, assert_one_line_error, file_hash, require_tool

NAMES = ["Kari Nordmann", "Ola Nordmann", "=HYPERLINK(\"x\")", "Per Fjellstad",
         "Anne Lysaker", "Tone Myrvang", "Jon Bakkevik"]


@pytest.fixture(scope="module")
def populated_file(tmp_path_factory) -> Path:
    """A small register with names and free text that must never reach Husbanken, typed in
    once per module through the CLI; each test gets its own copy (see `populated`)."""
    from typer.testing import CliRunner

    from boligreg.cli import app

    path = tmp_path_factory.mktemp("populated") / "register.db"
    runner = CliRunner()

    def cli(*args: str) -> int:
        return runner.invoke(app, ["--db", str(path), *args], env={
            "BOLIGREG_TODAY": TODAY.isoformat(), "BOLIGREG_USER": "testbruker",
            "BOLIGREG_LANG": "nb"}).exit_code

    assert cli("init", "--demo") == 0
    assert cli("config", "set", "municipality", "Eksempelvik kommune") == 0
    for index, name in enumerate(NAMES):
        start = f"2015-0{1 + index % 6}-1{index}"
        assert cli("person", "add", "--name", name, "--situation", "VENN", "--since", start,
                   "--born", f"19{70 + index}-03-0{1 + index}", "--phone", "4799999999") == 0
        pid = f"P{index + 1:04d}"
        assert cli("contact", pid, "Hemmelig notat om helse", "--date", "2015-06-20") == 0
        if index < 5:
            assert cli("stay", "add", pid, "PRIVAT" if index < 3 else "KOMMUNAL",
                       "--from", f"2015-07-0{1 + index}") == 0
    assert cli("application", "add", "P0006", "KOMMUNAL", "--date", "2015-03-01") == 0
    assert cli("application", "decide", "A0001", "--granted", "--date", "2015-04-01") == 0
    return path


@pytest.fixture
def populated(db, populated_file) -> list[str]:
    shutil.copyfile(populated_file, db)
    db.chmod(0o600)
    return NAMES


def test_terminal_and_json_report(cli, populated):
    out = cli("report", "--from", "2015-01-01", "--to", "2015-12-31")
    assert out.code == 0 and "Sammendrag" in out.out and "Tilgang og avgang" in out.out
    figures = json.loads(cli("report", "--from", "2015-01-01", "--to", "2015-12-31",
                             "--format", "json").out)
    assert figures["flows"]["housed_by_dwelling"] == {"PRIVAT": 3, "KOMMUNAL": 2, "EID": 0,
                                                      "OMSORG": 0, "FAMILIE": 0}
    assert figures["municipal"]["waiting_list_end"] == 1
    assert figures["flows"]["identity_holds"] is True
    english = cli("--lang", "en", "report", "--from", "2015-01-01", "--to", "2015-12-31").out
    assert "Inflow and outflow" in english


def _cells(path: Path):
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield sheet, cell


def _sheet_values(sheet) -> dict:
    """label → value cell of a report sheet, read below its title block (the frozen header row)."""
    first = int(sheet.freeze_panes[1:])
    return {row[0].value: row[1] for row in sheet.iter_rows(min_row=first) if len(row) > 1}


def test_workbook_is_typed_aggregate_only_and_private(cli, populated, tmp_path, db):
    assert cli("config", "set", "kommunenummer", "1106").code == 0
    assert cli("config", "set", "reporting-unit", "Boligkontoret").code == 0
    path = tmp_path / "rapport-2015.xlsx"
    out = cli("report", "--from", "2015-01-01", "--to", "2015-12-31", "--xlsx", str(path))
    assert out.code == 0, out
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    book = load_workbook(path)
    assert book.sheetnames[0] == "Sammendrag" and book.sheetnames[-1] == "Definisjoner"
    assert len(book.sheetnames) == 13  # with the dwellings' and Housing First's sheets
    assert book.properties.title.startswith("Rapport til Husbanken") and book.properties.creator
    summary = book["Sammendrag"]
    block = [summary.cell(row=r, column=1).value for r in range(1, 7)]
    assert block[0] == "Sammendrag" and summary["A1"].font.bold
    assert block[1] == "Kommune: Eksempelvik kommune (kommunenummer 1106)"
    assert block[2] == "Periode: 01.01.2015–31.12.2015"
    assert block[3] == "Rapporterende enhet: Boligkontoret"
    assert block[4] == "Kontakt: ikke oppgitt"
    assert block[5].startswith("Laget 01.06.2016")
    for sheet in book.worksheets:  # A4, one page wide, the table's header on every page
        assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.fitToWidth == 1  # 9: A4
        assert sheet.print_title_rows == "$8:$8" and sheet.freeze_panes == "A9"
        assert "Eksempelvik kommune" in sheet.oddHeader.center.text
        assert sheet.oddFooter.right.text == "Side &P av &N"
        assert sheet["A8"].font.bold and sheet.column_dimensions["A"].width > 20
    values = _sheet_values(summary)
    assert values["Periode fra"].value == datetime.datetime(2015, 1, 1)
    assert values["Periode fra"].number_format == "dd.mm.yyyy"
    assert values["Bosatt i perioden"].value == 5 and values["Bosatt i perioden"].data_type == "n"
    assert values["Bosatt i perioden"].number_format == "#,##0"
    assert values["  privat leid bolig"].value == "x"  # 3 is hidden, and so is what gives it away
    assert values["  kommunal utleiebolig"].value == "x"
    secrets = [n.lower() for n in populated] + ["nordmann", "4799999999", "hemmelig", "1970-03-01"]
    for sheet, cell in _cells(path):
        assert cell.data_type != "f", (sheet.title, cell.coordinate)
        text = str(cell.value).lower()
        assert not any(s in text for s in secrets), (sheet.title, cell.coordinate, cell.value)
        assert "<5" not in text  # a hidden count says nothing of its size
    events = cli("log").out
    assert "person show" not in events  # a report reads no person's card

    plain = tmp_path / "ikke-skjult.xlsx"
    assert cli("report", "--from", "2015-01-01", "--to", "2015-12-31", "--xlsx", str(plain),
               "--no-suppress").code == 0
    plain_summary = load_workbook(plain)["Sammendrag"]
    assert plain_summary["A2"].value.startswith("IKKE TIL HUSBANKEN")
    assert plain_summary.oddHeader.center.text.startswith("IKKE TIL HUSBANKEN")
    values = {k: v.value for k, v in _sheet_values(plain_summary).items()}
    assert values["  privat leid bolig"] == 3


def test_no_hidden_count_in_the_workbook_can_be_worked_back(cli, populated, tmp_path):
    """The workbook as written, read back: every count the figures hold either shows its value
    or is "x", and the audit (suppression.exposed) finds no "x" a reader could work out."""
    pytest.importorskip("scipy")
    from boligreg.reports.figures import PeriodFigures
    from boligreg.reports.housing import extend_report_model
    from boligreg.reports.husbanken import masked
    from boligreg.reports.suppression import exposed, report_model, suppress
    from boligreg.reports.tables import sections

    figures = PeriodFigures.model_validate_json(
        cli("report", "--from", "2015-01-01", "--to", "2015-12-31", "--format", "json").out)
    model = report_model(figures)
    extend_report_model(model, figures)  # the dwellings' and Housing First's sheets
    hidden = suppress(model, tell_small=False)
    assert hidden.hidden and exposed(model, hidden) == []
    written = masked(sections(figures, TODAY), model, hidden)
    path = tmp_path / "r.xlsx"
    assert cli("report", "--from", "2015-01-01", "--to", "2015-12-31", "--xlsx", str(path)).code == 0
    book = load_workbook(path)
    for section in written:
        sheet = book.worksheets[[s.key for s in written].index(section.key)]
        first = int(sheet.freeze_panes[1:])
        for offset, row in enumerate(section.rows):
            cells = [c.value for c in sheet[first + offset][1:1 + len(row.values)]]
            expected = [v.replace(tzinfo=None) if hasattr(v, "tzinfo") else v for v in row.values]
            if row.kind == "days":  # a statistic of nothing: "–", as the terminal shows it
                expected = ["–" if v is None else v for v in expected]
            assert [c.date() if isinstance(c, datetime.datetime) else c for c in cells] == expected


@pytest.mark.slow
def test_workbook_prints_on_a4_with_the_title_block_and_header_on_every_page(cli, populated, tmp_path):
    soffice, pdftotext, pdfinfo = require_tool("soffice"), require_tool("pdftotext"), require_tool("pdfinfo")
    path = tmp_path / "rapport.xlsx"
    assert cli("report", "--from", "2015-01-01", "--to", "2015-12-31", "--xlsx", str(path)).code == 0
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                       capture_output=True, timeout=180, check=True)
    pdf = tmp_path / "rapport.pdf"
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info and re.search(r"Pages:\s+15\b", info), info
    pages = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")[:15]
    for number, page in enumerate(pages, start=1):
        assert "Eksempelvik kommune — rapport til Husbanken 01.01.2015–31.12.2015" in page
        assert f"Side {number} av 15" in page
        # the title block tops each sheet; a sheet's next page repeats its table's header row
        assert "Periode: 01.01.2015–31.12.2015" in page or "Definisjon" in page
    assert "Definisjoner" in pages[-3] and "x: tallet er skjult" in "".join(pages[-3:])
    assert "Flere rapporter sammen" in "".join(pages[-3:])


@pytest.mark.slow
def test_workbook_opens_in_libreoffice_with_the_same_figures(cli, populated, tmp_path):
    soffice = require_tool("soffice")
    path = tmp_path / "rapport.xlsx"
    assert cli("report", "--from", "2015-01-01", "--to", "2015-12-31", "--xlsx", str(path),
               "--no-suppress").code == 0
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                        "--outdir", str(tmp_path), str(path)],
                       capture_output=True, timeout=180, check=True)
    sheets = {p.stem: list(csv.reader(p.open(encoding="utf-8"))) for p in tmp_path.glob("*.csv")}
    summary = next(rows for name, rows in sheets.items() if "Sammendrag" in name)
    values = {row[0]: row[1] for row in summary[8:] if len(row) > 1}
    assert values["Bosatt i perioden"] == "5"
    assert values["  privat leid bolig"] == "3"
    # a date cell, shown day first; LibreOffice headless swaps in its locale's separator
    assert values["Periode fra"].replace("/", ".") == "01.01.2015"
    assert values["Kontroll: start + tilgang − avgang = slutt"] == "ja"


@pytest.mark.slow
def test_the_by_name_export_prints_landscape_with_id_and_name_on_every_page(cli, populated, tmp_path):
    soffice, pdftotext, pdfinfo = require_tool("soffice"), require_tool("pdftotext"), require_tool("pdfinfo")
    for n in range(60):  # enough persons for several pages
        assert cli("person", "add", "--name", f"Fiktiv Person {n}", "--situation", "UTE",
                   "--since", "2016-05-01").code == 0
    path = tmp_path / "liste.xlsx"
    assert cli("export", "--xlsx", str(path), "--all").code == 0
    sheet = load_workbook(path).active
    assert (sheet.freeze_panes, sheet.print_title_cols, sheet.page_setup.orientation) == \
        ("C2", "$A:$B", "landscape")
    assert sheet["L1"].value == "Neste steg"  # the step alone: its owner and due have columns
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                       capture_output=True, timeout=180, check=True)
    pdf = tmp_path / "liste.pdf"
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.3" in info and "(A4)" in info  # landscape
    pages = [p for p in subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                                       text=True, check=True).stdout.split("\f") if p.strip()]
    for page in pages:
        assert "Taushetsbelagt — unntatt offentlighet" in page and "Navneliste per 01.06.2016" in page


def test_export_by_name_is_masked_and_logged(cli, populated, tmp_path):
    path = tmp_path / "liste.xlsx"
    assert cli("export", "--xlsx", str(path)).code == 0
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == "Id" and {r[0] for r in rows[1:]} == {"P0006", "P0007"}
    homeless = {row[0]: row for row in rows[1:]}
    assert homeless["P0006"][10] == "kommunal innv."  # in the reader's words, not code values
    everyone = tmp_path / "alle.xlsx"
    assert cli("export", "--xlsx", str(everyone), "--all").code == 0
    all_rows = list(load_workbook(everyone).active.iter_rows(values_only=True))
    assert len(all_rows) == 8
    # the homeless read as on their own list (their plans and applications too); everyone else has
    # a state and an age, as in person list, and no days, plan, applications, next step, contact
    # days or flags
    for row in all_rows[1:]:
        if row[0] in homeless:
            assert row == homeless[row[0]]
        else:
            assert row[4] == "bosatt" and row[3] > 30 and set(row[7:16]) == {None}
    formula_like = [c for _, c in _cells(everyone) if str(c.value).startswith("=")]
    assert formula_like and all(c.data_type == "s" for c in formula_like)
    assert "export" in cli("log").out


@pytest.mark.parametrize("args", [
    ("report", "--from", "2015-12-31", "--to", "2015-01-01"),
    ("report", "--from", "2015-01-01", "--to", "2030-01-01"),
    ("report", "--from", "2001-01-01", "--to", "2001-12-31"),
    ("report", "--from", "2015-01-01", "--to", "2015-13-01"),
    ("report", "--from", "2015-01-01", "--to", "2015-12-31", "--xlsx", "/no/such/dir/r.xlsx"),
])
def test_bad_report_input(cli, populated, db, args):
    before = file_hash(db)
    assert_one_line_error(cli(*args))
    assert file_hash(db) == before


def test_existing_file_needs_force_and_is_not_touched(cli, populated, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"old")
    assert_one_line_error(cli("report", "--from", "2015-01-01", "--to", "2015-12-31",
                              "--xlsx", str(path)), 2)
    assert path.read_bytes() == b"old"
    assert_one_line_error(cli("export", "--xlsx", str(path)), 2)
    assert path.read_bytes() == b"old"
    assert cli("report", "--from", "2015-01-01", "--to", "2015-12-31", "--xlsx", str(path),
               "--force").code == 0
    assert path.read_bytes()[:2] == b"PK"
    assert not list(tmp_path.glob(".r.xlsx.*"))  # no temporary file left behind


def test_the_report_counted_in_parts_on_two_cores_equals_one_count(populated, db):
    """A large register's report is counted a part of the persons at a time by worker
    processes; the figures must be those of one count over everyone."""
    from boligreg.reports.counting import count_period
    from boligreg.reports.figures import figures_from, period_figures
    from boligreg.store.register import open_register

    reg = open_register(db)
    start, end = datetime.date(2015, 1, 1), datetime.date(2015, 12, 31)
    expected = period_figures(reg.histories(steps=False), start, end,
                              inactive_after_days=reg.settings.inactive_after_days)
    assert [len(ids) for ids in reg.id_parts(3)] == [3, 3, 1]
    for workers in (1, 2):
        counted = count_period(reg, start, end, part_size=3, workers=workers)
        assert figures_from(counted, start, end) == expected
    assert expected.flows.outflow_total == 5
    reg.close()


def test_a_write_waits_while_the_report_reads(cli, populated, db, monkeypatch):
    """The report's parts must all see one state of the register: a contact typed in meanwhile
    is refused with the register reported locked, and lands once the report is done."""
    from boligreg.store.register import open_register

    reg = open_register(db)
    monkeypatch.setenv("BOLIGREG_BUSY_TIMEOUT", "0.2")
    with reg.reading():
        reg.histories(["P0001"])
        before = file_hash(db)
        assert_one_line_error(cli("contact", "P0001"), 5)
        assert file_hash(db) == before
    assert cli("contact", "P0001").code == 0
    reg.close()
