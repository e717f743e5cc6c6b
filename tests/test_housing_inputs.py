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
