"""The housing side corrected: a tenancy edited keeps the rules a tenancy added keeps, the
housing commands undone with `undo`, a lease renewed in the same dwelling, and the words of
the housing views (a coordinator's test of issue 21)."""

import json

from tests.conftest import assert_one_line_error, file_hash


def ok(cli, *args):
    out = cli(*args)
    assert out.code == 0, (args, out)
    return out.out


def refused(cli, register, *args, code=2):
    """Bad input: one line, the exit code, the register byte-identical; the line."""
    before = file_hash(register)
    outcome = cli(*args)
    assert_one_line_error(outcome, code)
    assert file_hash(register) == before
    return outcome.err


def tenant(cli, name="Anne Leier", since="2015-01-01"):
    ok(cli, "person", "add", "--name", name, "--situation", "VENN", "--since", since)
    return json.loads(ok(cli, "person", "list", "--all", "--format", "json"))[-1]["id"]


# --- 1. stay edit keeps the rules of stay add ------------------------------------------------


def test_a_tenancy_edited_keeps_the_dwellings_rules(cli, register):
    ok(cli, "dwelling", "add", "--address", "Prøvegata 1", "--rooms", "2", "--vacant-from",
       "2015-11-20")
    pid = tenant(cli)
    ok(cli, "stay", "add", pid, "KOMMUNAL", "--from", "2015-11-25", "--dwelling", "D0001")
    # a tenancy is KOMMUNAL (the dwelling's kind): not MIDL, not OMSORG
    err = refused(cli, register, "stay", "edit", pid, "2", "--code", "MIDL", "--reason", "test")
    assert "D0001" in err and "KOMMUNAL" in err and "stay add" in err
    refused(cli, register, "stay", "edit", pid, "2", "--code", "OMSORG", "--reason", "test")
    # not before the dwelling's vacancy of 20.11.2015, as stay add refuses it
    err = refused(cli, register, "stay", "edit", pid, "2", "--from", "2015-11-15", "--reason", "x")
    assert "20.11.2015" in err and "15.11.2015" in err
    assert "P0001" in ok(cli, "dwelling", "list")
    ok(cli, "stay", "edit", pid, "2", "--from", "2015-11-21", "--reason", "typo")


def test_an_edit_that_makes_two_tenancies_at_once_is_refused(cli, register):
    ok(cli, "dwelling", "add", "--address", "Prøvegata 2", "--rooms", "1", "--vacant-from",
       "2015-02-01")
    first, second = tenant(cli, "Anne Først"), tenant(cli, "Bjørn Neste")
    ok(cli, "stay", "add", first, "KOMMUNAL", "--from", "2015-03-01", "--dwelling", "D0001")
    ok(cli, "stay", "add", first, "PRIVAT", "--from", "2015-09-01")
    ok(cli, "stay", "add", second, "KOMMUNAL", "--from", "2015-10-01", "--dwelling", "D0001")
    # the first tenant's move out later than the second's move in: two at once
    err = refused(cli, register, "stay", "edit", first, "3", "--from", "2015-11-01", "--reason", "x")
    assert first in err and second in err
    # deleting the move out makes the first tenancy run on into the second
    refused(cli, register, "stay", "delete", first, "3", "--reason", "x")
