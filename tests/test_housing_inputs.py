"""The housing side's inputs as a coordinator types them (issue 21, second round): a negative
number refused as out of range, kroner with the thousands' space, months and lease ends within
the windows every date keeps, printouts named .html."""

import json

from tests.conftest import assert_one_line_error, file_hash


def ok(cli, *args):
    out = cli(*args)
    assert out.code == 0, (args, out)
    return out.out


def test_a_negative_setting_is_refused_as_a_number_out_of_range(cli, register):
    before = file_hash(register)
    out = cli("config", "set", "lease-reminder-days", "-5")
    assert_one_line_error(out, 2)
    assert "fra 1 til 730" in out.err and "-5" in out.err and "ukjent valg" not in out.err
    assert file_hash(register) == before


def test_kroner_typed_with_the_thousands_space_in_a_rent_and_a_limit(cli, register):
    ok(cli, "rental", "add", "--address", "Leiegata 1", "--rent", "9 800", "--rooms", "2")
    ok(cli, "rental", "update", "R0001", "--rent", "10\u00a0200")
    ok(cli, "config", "set", "nav-limit.1", "9 000")
    rentals = json.loads(ok(cli, "rental", "list", "--format", "json"))
    assert rentals[0]["rent"] == 10200
    assert "9 000 kr" in ok(cli, "config", "show").replace("\u00a0", " ")
    before = file_hash(register)
    for args in (["rental", "update", "R0001", "--rent", "98 00"],
                 ["config", "set", "nav-limit.1", "90 00"]):  # no amount as Norwegian writes it
        assert_one_line_error(cli(*args), 2)
        assert file_hash(register) == before, args


def test_the_bolighefte_month_within_ten_years_and_printed_only_to_html(cli, register, tmp_path):
    assert_one_line_error(cli("bolighefte", "--month", "9999-12"), 2)
    assert cli("bolighefte", "--month", "2026-05").code == 0  # ten years ahead of 01.06.2016
    assert_one_line_error(cli("bolighefte", "--month", "2026-07"), 2)
    ok(cli, "person", "add", "--name", "Utskrift Prøve", "--situation", "UTE", "--since", "2016-01-01")
    for command in (["bolighefte"], ["status"], ["person", "show", "P0001"]):
        target = tmp_path / "hefte.txt"
        out = cli(*command, "--print", str(target))
        assert_one_line_error(out, 2)
        assert ".html" in out.err and not target.exists(), command


def test_leases_ending_before_a_date_as_far_ahead_as_a_lease_end(cli, register):
    assert "0 " in ok(cli, "dwelling", "leases", "--ending-before", "31.12.2045")
    assert_one_line_error(cli("dwelling", "leases", "--ending-before", "31.12.2099"), 2)


def test_the_rentals_and_the_leases_fit_80_columns_as_tables(cli, register):
    for address, rent, rooms, landlord in (("Skolebakken 20", "7800", "1", "Eksempel Eiendom AS"),
                                           ("Løkkeveien 29", "10300", "3", "Fjordgløtt Boligutleie")):
        ok(cli, "rental", "add", "--address", address, "--rent", rent, "--rooms", rooms,
           "--deposit-guarantee", "--bostotte", "--available", "2016-06-14", "--until",
           "2016-12-28", "--landlord", landlord)
    ok(cli, "dwelling", "add", "--address", "Skolebakken 4, H0401", "--rooms", "3")
    ok(cli, "person", "add", "--name", "Marit Haugsbø", "--situation", "MIDL", "--since", "2016-01-01")
    ok(cli, "stay", "add", "P0001", "KOMMUNAL", "--from", "2016-03-01", "--dwelling", "D0001",
       "--lease", "fixed", "--lease-end", "2016-06-20")
    rentals = ok(cli, "--width", "80", "rental", "list")
    leases = ok(cli, "--width", "80", "dwelling", "leases")
    for text in (rentals, leases):
        lines = text.splitlines()
        assert lines[0].startswith(("Id ", "Bolig ")) and "─────  " in text, text  # a table, not blocks
        assert not any(line.lstrip().startswith(("Rom:", "Person:")) for line in lines), text
        assert max(len(line) for line in lines) <= 80, text
    rows = [line for line in rentals.splitlines() if line.startswith("R000")]
    assert rows[0].index(" kr") == rows[1].index(" kr")  # rents right-aligned: 7 800 under 10 300
    assert rows[0].index(" 1  ") == rows[1].index(" 3  ")  # and the rooms
    assert "P0001" in leases and "20.06.2016" in leases


def test_texts_say_each_fact_once(cli, register):
    ok(cli, "dwelling", "add", "--address", "Storgata 9", "--rooms", "1", "--vacant-from", "2016-01-01")
    ok(cli, "person", "add", "--name", "Stor Familie", "--situation", "UTE", "--since", "2016-01-01",
       "--children", "4")
    app = ok(cli, "application", "add", "P0001", "KOMMUNAL", "--date", "2016-01-02").split()[1]
    ok(cli, "application", "decide", app, "--granted", "--date", "2016-01-10")
    text = " ".join(ok(cli, "dwelling", "suggest", "D0001").split())
    assert "Ingen på ventelisten (1 person) passer denne boligen" in text and "til på ventelisten" not in text
    out = cli("dwelling", "show", " ")
    assert_one_line_error(out, 2)
    assert "id er tom" in out.err
