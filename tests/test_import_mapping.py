"""The mapping file: written, corrected by the user in Excel or an editor, read back, used."""

import csv
import io
import stat
from datetime import date

import pytest

from boligreg.domain.codes import Situation
from boligreg.errors import InvalidInput
from boligreg.i18n import Phrase
from boligreg.importing import (
    ColumnRule,
    Mapping,
    Reason,
    ValueRule,
    mapping_for,
    plan_import,
    read_map,
    read_sheet,
    write_map,
)
from tests.import_sheets import AS_OF, write_csv, write_xlsx

SHEET = [["Oversikt"], [],
         ["Navn", "Bosted nå", "Fra dato", "Kjønn", "Ønsker bolig", "Vedtak", "Barn", "Rom"],
         ["Kari Nordmann", "Hospits", "01.03.2016", "K", "ja", None, "1", "12"],
         ["Ola Nordmann", "hos søster", "01.03.2016", "M", "Ja", None, "ja", "14"],
         ["Per Pedersen", "HOSPITS", "01.03.2016", "mann", None, None, None, None],
         ["Åse Ødegård", "sofa hos kjente", "01.03.2016", "?", None, None, None, None]]

WRITTEN = (
    "kind;column;value;target\r\n"
    "column;Navn;;name\r\n"
    "column;Bosted nå;;\r\n"
    "column;Fra dato;;since\r\n"
    "column;Kjønn;;gender\r\n"
    "value;Kjønn;K;F\r\n"
    "value;Kjønn;M;M\r\n"
    "value;Kjønn;mann;M\r\n"
    "value;Kjønn;?;\r\n"
    "column;Ønsker bolig;;wants_housing\r\n"
    "value;Ønsker bolig;ja;yes\r\n"
    "column;Vedtak;;decision\r\n"
    "column;Barn;;children\r\n"
    "column;Rom;;\r\n"
)


def text_of(path) -> str:
    """The file's text with its line ends as written (CRLF, as Excel writes CSV)."""
    return path.read_bytes().decode("utf-8-sig")


@pytest.fixture
def sheet(tmp_path):
    return read_sheet(write_xlsx(tmp_path / "liste.xlsx", SHEET))


def test_the_proposed_mapping_file_row_by_row(sheet, tmp_path):
    path = tmp_path / "kart.csv"
    write_map(path, mapping_for(sheet))
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads æøå right only with the mark
    assert data.decode("utf-8-sig") == WRITTEN
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_mapping_is_not_written_over_an_existing_file_without_force(sheet, tmp_path):
    path = tmp_path / "kart.csv"
    path.write_text("mitt")
    with pytest.raises(InvalidInput) as caught:
        write_map(path, mapping_for(sheet))
    assert caught.value.key == "err_file_exists"
    write_map(path, mapping_for(sheet), force=True)
    assert text_of(path) == WRITTEN


def test_what_is_written_reads_back_the_same(sheet, tmp_path):
    path = tmp_path / "kart.csv"
    mapping = mapping_for(sheet)
    write_map(path, mapping)
    assert read_map(path) == mapping


def test_without_a_mapping_unknown_columns_and_words_are_not_guessed(sheet):
    """No column gives the situation: every row would be rejected for want of it, so the sheet
    is refused as a whole, naming the columns the user can choose from in a mapping file."""
    with pytest.raises(InvalidInput) as caught:
        plan_import(sheet, as_of=AS_OF)
    assert (caught.value.key, caught.value.args_) == (
        "import_no_column", {"field": "situation", "unused": "«Bosted nå», «Rom»",
                             "about": Phrase("import_field_situation")})


def _edit(path, changes: dict[tuple[str, str, str], str], add: list[list[str]] = (),
          delimiter: str = ";", encoding: str = "utf-8-sig") -> None:
    """Change targets as a user does in Excel, and save in Excel's way."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    for row in rows:
        key = (row[0], row[1], row[2])
        if key in changes:
            row[3] = changes[key]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([*rows, *add])
    path.write_bytes(buffer.getvalue().encode(encoding))


@pytest.mark.parametrize("delimiter, encoding", [(";", "cp1252"), (";", "utf-8-sig"),
                                                 (",", "utf-8-sig"), (",", "utf-8")])
def test_a_corrected_mapping_is_used(sheet, tmp_path, delimiter, encoding):
    path = tmp_path / "kart.csv"
    write_map(path, mapping_for(sheet))
    _edit(path, {("column", "Bosted nå", ""): "situation", ("value", "Kjønn", "?"): "X"},
          add=[["value", "Bosted nå", "hos søster", "VENN"], ["value", "Barn", "ja", "1"]],
          delimiter=delimiter, encoding=encoding)
    mapping = read_map(path)
    plan = plan_import(sheet, as_of=AS_OF, mapping=mapping)
    assert [(p.name, p.situation, p.gender, p.wants_housing, p.children) for p in plan.persons] \
        == [("Kari Nordmann", Situation.MIDL, "F", True, 1),
            ("Ola Nordmann", Situation.VENN, "M", True, 1),
            ("Per Pedersen", Situation.MIDL, "M", None, 0),
            ("Åse Ødegård", Situation.VENN, "X", None, 0)]
    assert plan.rejects == []
    assert plan.ignored_columns == ["Rom"]
    # the plan's mapping is the whole mapping used: every word now has its code
    written = tmp_path / "igjen.csv"
    write_map(written, plan.mapping)
    text = text_of(written)
    assert "value;Bosted nå;Hospits;MIDL\r\n" in text
    assert "value;Bosted nå;hos søster;VENN\r\n" in text
    assert "value;Bosted nå;sofa hos kjente;VENN\r\n" in text
    assert "value;Barn;ja;1\r\n" in text


def test_the_mapping_overrides_recognition_blanks_included(tmp_path):
    sheet = read_sheet(write_csv(tmp_path / "l.csv", [
        ["Navn", "Bosituasjon", "Fra dato", "Merknad"],
        ["Kari Nordmann", "hospits", "01.03.2016", "hemmelig"],
        ["Ola Nordmann", "ute", "01.03.2016", None]]))
    mapping = Mapping(columns=(ColumnRule("merknad", None),),
                      values=(ValueRule("BOSITUASJON", "Hospits!", "KRISE"),
                              ValueRule("Bosituasjon", "ute", None)))
    plan = plan_import(sheet, as_of=AS_OF, mapping=mapping)
    assert [(p.name, p.situation, p.note) for p in plan.persons] == [
        ("Kari Nordmann", Situation.KRISE, None)]
    assert plan.rejects[0].reasons == (Reason("import_reject_unmapped",
                                              {"column": "Bosituasjon", "value": "ute"}),)
    assert plan.ignored_columns == ["Merknad"]


def test_a_mapping_names_the_columns_of_a_sheet_the_vocabulary_does_not_know(tmp_path):
    sheet = read_sheet(write_csv(tmp_path / "l.csv", [
        ["Liste over klienter"], ["Klient", "Sted", "Start"],
        ["Kari Nordmann", "Hospits", "01.03.2016"]]))
    mapping = Mapping(columns=(ColumnRule("Klient", "name"), ColumnRule("Sted", "situation"),
                               ColumnRule("Start", "since")))
    plan = plan_import(sheet, as_of=AS_OF, mapping=mapping)
    assert plan.header_row == 2
    assert [(p.name, p.situation, p.since) for p in plan.persons] == [
        ("Kari Nordmann", Situation.MIDL, date(2016, 3, 1))]


def test_two_columns_for_one_field_are_written_for_the_user_to_choose(tmp_path):
    sheet = read_sheet(write_csv(tmp_path / "l.csv", [
        ["Navn", "Telefon", "Mobil", "Bosituasjon", "Fra dato"],
        ["Kari Nordmann", "22 33 44 55", "912 34 567", "ute", "01.03.2016"]]))
    path = tmp_path / "kart.csv"
    write_map(path, mapping_for(sheet))
    assert "column;Telefon;;phone\r\ncolumn;Mobil;;phone\r\n" in text_of(path)
    _edit(path, {("column", "Telefon", ""): ""})
    plan = plan_import(sheet, as_of=AS_OF, mapping=read_map(path))
    assert plan.persons[0].phone == "912 34 567"


def test_text_that_starts_like_a_formula_is_written_as_text(tmp_path):
    sheet = read_sheet(write_csv(tmp_path / "l.csv", [
        ["Navn", "Bosituasjon", "Fra dato", "=Kjønn"],
        ["Kari Nordmann", "=HYPERLINK(\"http://x\")", "01.03.2016", "-"],
        ["Ola Nordmann", "@ute", "01.03.2016", "+M"]]))
    path = tmp_path / "kart.csv"
    mapping = mapping_for(sheet, mapping=Mapping(columns=(ColumnRule("=Kjønn", "gender"),)))
    write_map(path, mapping)
    text = text_of(path)
    assert "value;Bosituasjon;\"'=HYPERLINK(\"\"http://x\"\")\";\r\n" in text
    assert "value;Bosituasjon;'@ute;UTE\r\n" in text  # punctuation is ignored: «@ute» is ute
    assert "column;'=Kjønn;;gender\r\n" in text
    assert "value;'=Kjønn;'+M;M\r\n" in text
    assert read_map(path) == mapping


def _map_file(tmp_path, *lines: str, name: str = "kart.csv"):
    path = tmp_path / name
    path.write_text("\n".join(["kind;column;value;target", *lines]) + "\n")
    return path


def bad_map(path) -> tuple[str, dict]:
    with pytest.raises(InvalidInput) as caught:
        read_map(path)
    return caught.value.key, caught.value.args_


def test_targets_are_read_in_any_case(tmp_path):
    path = _map_file(tmp_path, "column;Sted;;Situation", "value;Sted;Hospits;midl",
                     "value;Kjønn;kv;f", "value;Vedtak;ok;Granted", "value;Ønsker bolig;jepp;YES",
                     "", ";;;")
    assert read_map(path) == Mapping(
        columns=(ColumnRule("Sted", "situation"),),
        values=(ValueRule("Sted", "Hospits", "MIDL"), ValueRule("Kjønn", "kv", "F"),
                ValueRule("Vedtak", "ok", "granted"), ValueRule("Ønsker bolig", "jepp", "yes")))


@pytest.mark.parametrize("lines, key, args", [
    (["column;Navn;;navn"], "import_map_unknown_field", {
        "line": 2, "target": "navn",
        "valid": "name, first_name, last_name, alias, fnr, born, gender, situation, since, "
                 "release, applied, decision, decided, wants_housing, caseworker, last_contact, "
                 "children, phone, note"}),
    (["column;Sted;;situation", "value;Sted;Hospits;HOSPITS"], "import_map_unknown_code", {
        "line": 3, "column": "Sted", "value": "Hospits", "target": "HOSPITS",
        "valid": "UTE, AKUTT, MIDL, KRISE, VENN, INST, KRIM, PRIVAT, KOMMUNAL, EID, OMSORG, "
                 "FAMILIE"}),
    (["value;Kjønn;kv;W"], "import_map_unknown_code", {
        "line": 2, "column": "Kjønn", "value": "kv", "target": "W", "valid": "F, M, X"}),
    (["value;Barn;ja;mange"], "import_map_unknown_code", {
        "line": 2, "column": "Barn", "value": "ja", "target": "mange", "valid": "0–30"}),
    (["value;Barn;ja;31"], "import_map_unknown_code", {
        "line": 2, "column": "Barn", "value": "ja", "target": "31", "valid": "0–30"}),
    (["value;Merknad;x;MIDL"], "import_map_no_field", {"line": 2, "column": "Merknad"}),
    (["value;Rom;x;MIDL"], "import_map_no_field", {"line": 2, "column": "Rom"}),
    (["kolonne;Navn;;name"], "import_map_bad_kind", {"line": 2, "kind": "kolonne"}),
    (["column;Navn;;name", "column;Klient;;name"], "import_map_field_twice", {
        "field": "name", "columns": "«Navn», «Klient»"}),
    (["column;Navn;;name", "column;NAVN;;alias"], "import_map_contradiction", {
        "line": 3, "column": "NAVN", "value": ""}),
    (["value;Kjønn;K;F", "value;Kjønn;k.;M"], "import_map_contradiction", {
        "line": 3, "column": "Kjønn", "value": "«k.»"}),
])
def test_a_bad_mapping_file_is_bad_input(tmp_path, lines, key, args):
    assert bad_map(_map_file(tmp_path, *lines)) == (key, args)


def test_first_and_last_name_are_two_fields_not_a_clash(tmp_path):
    path = _map_file(tmp_path, "column;Fornavn;;first_name", "column;Etternavn;;last_name")
    assert [rule.field for rule in read_map(path).columns] == ["first_name", "last_name"]


def test_a_mapping_file_without_its_header(tmp_path):
    path = tmp_path / "kart.csv"
    path.write_text("column;Navn;;name\n")
    assert bad_map(path) == ("import_map_bad_header", {"path": str(path)})
    path.write_text("")
    assert bad_map(path)[0] == "import_map_bad_header"


def test_a_missing_mapping_file(tmp_path):
    assert bad_map(tmp_path / "borte.csv") == ("import_no_file",
                                                {"path": str(tmp_path / "borte.csv")})


def test_the_columns_of_the_mapping_file_may_come_in_any_order(tmp_path):
    path = tmp_path / "kart.csv"
    path.write_text("Target,Kind,Column,Value,Kommentar\nsituation,column,Sted,,min egen\n")
    assert read_map(path) == Mapping(columns=(ColumnRule("Sted", "situation"),))


def test_a_mapping_file_may_name_a_woman_k_as_person_add_does(tmp_path):
    """`person add --gender K`: the mapping file's target K is the code F too."""
    from boligreg.importing.vocabulary import normal_code

    assert normal_code("gender", "K") == normal_code("gender", "f") == "F"
    assert normal_code("gender", "W") is None
