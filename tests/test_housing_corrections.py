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


# --- 2. undo takes back the housing commands -------------------------------------------------

HOUSING_TABLES = ("dwelling", "dwelling_mark", "offer", "rental", "housing_first", "stay",
                  "application")


def rows(register):
    """The housing side's records as stored (the log and the change table apart)."""
    import sqlite3

    with sqlite3.connect(register) as conn:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in HOUSING_TABLES}


def undone(cli, register, *args):
    """Run a housing command, undo it, and find the records as they were; then run it again."""
    before = rows(register)
    ok(cli, *args)
    assert rows(register) != before, args
    out = ok(cli, "undo", "--yes")
    assert args[0] in out
    assert rows(register) == before, args
    ok(cli, *args)


def waiting(cli, name):
    pid = tenant(cli, name, "2016-01-10")
    app = ok(cli, "application", "add", pid, "KOMMUNAL", "--date", "2016-01-10").split()[1]
    ok(cli, "application", "decide", app, "--granted", "--date", "2016-02-10")
    return pid


def test_undo_takes_back_every_housing_command(cli, register):
    eli, lise = waiting(cli, "Eli Tidlig"), waiting(cli, "Lise Sen")
    undone(cli, register, "dwelling", "add", "--address", "Prøvegata 5", "--rooms", "2",
           "--vacant-from", "2016-04-01")
    undone(cli, register, "dwelling", "update", "D0002", "--rooms", "3", "--note", "Nytt bad")
    undone(cli, register, "dwelling", "add", "--address", "Prøvegata 6", "--rooms", "1")
    undone(cli, register, "dwelling", "vacant", "D0004", "--from", "2016-01-01")
    undone(cli, register, "dwelling", "let", "D0004", "--from", "2016-03-01")
    undone(cli, register, "dwelling", "offer", "D0002", eli, "--date", "2016-05-02")
    undone(cli, register, "offer", "decline", "O0002", "--reason", "beliggenhet", "--date",
           "2016-05-04")
    undone(cli, register, "dwelling", "offer", "D0002", lise, "--date", "2016-05-06")
    undone(cli, register, "offer", "accept", "O0004", "--date", "2016-05-10", "--from", "2016-05-15")
    undone(cli, register, "rental", "add", "--address", "Privatveien 1", "--rent", "9800",
           "--rooms", "2")
    undone(cli, register, "rental", "update", "R0002", "--rent", "9500")
    undone(cli, register, "housing-first", "invite", eli, "--date", "2016-05-01")
    undone(cli, register, "housing-first", "accept", eli, "--date", "2016-05-03")
    undone(cli, register, "housing-first", "end", eli, "--reason", "other", "--date", "2016-05-20")
    ok(cli, "housing-first", "invite", lise, "--date", "2016-05-01")
    undone(cli, register, "housing-first", "decline", lise, "--date", "2016-05-03")


def test_a_mistyped_vacancy_is_undone(cli, register):
    ok(cli, "dwelling", "add", "--address", "Prøvegata 10", "--rooms", "3")
    ok(cli, "dwelling", "vacant", "D0001", "--from", "2016-05-20")
    ok(cli, "undo", "--yes")
    assert "utleid utenfor registeret" in ok(cli, "dwelling", "list")
    ok(cli, "dwelling", "vacant", "D0001", "--from", "2016-05-02")
    assert "ledig fra 02.05.2016" in ok(cli, "dwelling", "list")


def test_undo_refuses_what_was_built_on_since_naming_what_to_do(cli, register, monkeypatch):
    eli, lise = waiting(cli, "Eli Tidlig"), waiting(cli, "Lise Sen")
    ok(cli, "dwelling", "add", "--address", "Prøvegata 5", "--rooms", "2", "--vacant-from",
       "2016-04-01")
    ok(cli, "dwelling", "offer", "D0001", eli, "--date", "2016-05-02")
    ok(cli, "offer", "accept", "O0001", "--date", "2016-05-10")
    monkeypatch.setenv("BOLIGREG_USER", "annen")  # a colleague corrects the tenancy since
    ok(cli, "stay", "edit", eli, "2", "--lease-end", "2019-05-09", "--reason", "tidsbestemt")
    monkeypatch.setenv("BOLIGREG_USER", "testbruker")
    err = refused(cli, register, "undo", "--yes")
    assert f"stay edit {eli} 2" in err and f"stay delete {eli} 2" in err
    # deleting the stay, as the refusal says, opens the offer again
    ok(cli, "stay", "delete", eli, "2", "--reason", "tilbudet ble ikke tatt imot likevel")
    assert "åpen" in ok(cli, "offer", "list", "--open")

    # a vacancy an open offer stands on is not undone before the offer is answered
    ok(cli, "dwelling", "add", "--address", "Prøvegata 6", "--rooms", "2")
    ok(cli, "dwelling", "vacant", "D0002", "--from", "2016-05-01")
    monkeypatch.setenv("BOLIGREG_USER", "annen")
    ok(cli, "dwelling", "offer", "D0002", lise, "--date", "2016-05-03")
    monkeypatch.setenv("BOLIGREG_USER", "testbruker")
    err = refused(cli, register, "undo", "--yes")
    assert "O0002" in err and "offer decline" in err
    # a dwelling named by an offer since is not removed by undoing its add
    ok(cli, "dwelling", "add", "--address", "Prøvegata 7", "--rooms", "2", "--vacant-from",
       "2016-05-01")
    monkeypatch.setenv("BOLIGREG_USER", "annen")
    ok(cli, "offer", "decline", "O0002", "--reason", "annet", "--date", "2016-05-04")
    ok(cli, "dwelling", "offer", "D0003", lise, "--date", "2016-05-05")
    monkeypatch.setenv("BOLIGREG_USER", "testbruker")
    assert "D0003" in refused(cli, register, "undo", "--yes")


# --- 3. the housing sheet's figures agree with each other -------------------------------------


def report(cli, start="2016-01-01", end="2016-05-31"):
    return json.loads(ok(cli, "report", "--from", start, "--to", end, "--format", "json"))


def test_tenancies_at_the_start_and_the_end_are_counted_alike(cli, register):
    ok(cli, "dwelling", "add", "--address", "Utenfor 1", "--rooms", "2")  # let outside throughout
    ok(cli, "dwelling", "add", "--address", "Prøvegata 1", "--rooms", "2", "--vacant-from",
       "2015-01-01")
    pid = tenant(cli)
    ok(cli, "stay", "add", pid, "KOMMUNAL", "--from", "2015-02-01", "--dwelling", "D0002")
    d = report(cli)["dwellings"]
    # both ends count lettings in the register and outside it; those in the register apart
    assert (d["tenancies_start"], d["tenancies_end"], d["leases_end"]) == (2, 2, 1)
    text = ok(cli, "report", "--from", "2016-01-01", "--to", "2016-05-31")
    assert "Leieforhold ved periodens start (i og utenfor registeret)" in text
    assert "Leieforhold ved periodens slutt (i og utenfor registeret)" in text
    assert "… herav leieforhold i registeret" in text


def test_a_homeless_person_housed_in_a_dwelling_without_records_is_an_allocation(cli, register):
    ok(cli, "dwelling", "add", "--address", "Prøvegata 1", "--rooms", "2")  # no record before
    homeless = tenant(cli, "Ola Uten", "2015-10-01")
    ok(cli, "stay", "add", homeless, "KOMMUNAL", "--from", "2016-02-01", "--dwelling", "D0001")
    other = tenant(cli, "Kari Annen", "2015-10-01")
    ok(cli, "stay", "add", other, "KOMMUNAL", "--from", "2016-03-01")  # no dwelling named
    figures = report(cli)
    d = figures["dwellings"]
    assert (d["allocations"], d["allocations_homeless"]) == (1, 1)
    assert figures["flows"]["housed_by_dwelling"]["KOMMUNAL"] == 2
    # the sheet says its count is of the placements that name a dwelling
    assert "bosatt i boligene (bosettinger med --dwelling)" in ok(
        cli, "report", "--from", "2016-01-01", "--to", "2016-05-31")


def test_housing_first_placements_and_participants_are_labelled_apart(cli, register):
    anne, bjorn = tenant(cli, "Anne Først", "2015-10-01"), tenant(cli, "Bjørn Venter", "2015-10-01")
    for pid in (anne, bjorn):
        ok(cli, "housing-first", "invite", pid, "--date", "2016-01-05")
        ok(cli, "housing-first", "accept", pid, "--date", "2016-01-10")
    ok(cli, "stay", "add", anne, "KOMMUNAL", "--from", "2016-02-01", "--housing-first")
    ok(cli, "stay", "add", anne, "PRIVAT", "--from", "2016-04-01", "--housing-first")  # re-housed
    figures = report(cli)
    main, follow = figures["housing_first"], figures["housing_first_follow_up"]
    # persons in a Housing First placement (Anne) and participants, housed or not (both)
    assert (main["participants"], follow["active_end"]) == (1, 2)
    # placements marked Housing First (Anne's two) and participants' first move-ins (hers)
    assert (main["housed"], follow["moved_in"]) == (2, 1)
    text = ok(cli, "report", "--from", "2016-01-01", "--to", "2016-05-31")
    for label in ("Personer i en Housing First-bosetting i perioden",
                  "Bosettinger merket Housing First i perioden (også ny bolig for samme person)",
                  "Deltakere ved periodens slutt (takket ja, ikke avsluttet; med eller uten bolig)",
                  "Deltakere som flyttet inn i perioden (første bolig etter invitasjonen)"):
        assert label in text


# --- 4. a lease renewed in the same dwelling --------------------------------------------------


def test_a_lease_renewed_in_the_same_dwelling_is_no_allocation_and_no_end(cli, register):
    ok(cli, "dwelling", "add", "--address", "Prøvegata 1", "--rooms", "2", "--vacant-from",
       "2015-01-01")
    pid = tenant(cli)
    ok(cli, "stay", "add", pid, "KOMMUNAL", "--from", "2015-02-01", "--dwelling", "D0001",
       "--lease", "fixed", "--lease-end", "2016-02-01")
    ok(cli, "stay", "add", pid, "KOMMUNAL", "--from", "2016-02-01", "--dwelling", "D0001",
       "--lease", "fixed", "--lease-end", "2019-02-01")
    d = report(cli)["dwellings"]
    assert (d["allocations"], d["tenancies_ended"], d["turnover"]) == (0, 0, 0.0)
    assert (d["tenancies_start"], d["tenancies_end"], d["leases_fixed_end"]) == (1, 1, 1)
    assert "tidsb. 01.02.2019" in ok(cli, "dwelling", "list")


# --- 5. an offer that does not fit, a lease end for an open lease -----------------------------


def test_an_offer_the_suggestion_would_not_make_warns_in_one_line(cli, register):
    ok(cli, "dwelling", "add", "--address", "Storgata 4", "--rooms", "4", "--vacant-from",
       "2016-04-01")
    ok(cli, "dwelling", "add", "--address", "Storgata 1", "--rooms", "1", "--vacant-from",
       "2016-04-01")
    single, other = waiting(cli, "Eli Alene"), waiting(cli, "Lise Sen")
    out = cli("dwelling", "offer", "D0001", single, "--date", "2016-05-02")
    assert out.code == 0 and "O0001" in out.out
    warning = out.err.strip().splitlines()
    assert len(warning) == 1 and "4 rom" in warning[0] and "1–2" in warning[0]
    fits = cli("dwelling", "offer", "D0002", other, "--date", "2016-05-02")
    assert fits.code == 0 and fits.err == ""


def test_an_open_lease_has_no_end_and_the_default_is_in_help(cli, register):
    ok(cli, "dwelling", "add", "--address", "Storgata 2", "--rooms", "1", "--vacant-from",
       "2016-04-01")
    pid = waiting(cli, "Eli Tidlig")
    ok(cli, "dwelling", "offer", "D0001", pid, "--date", "2016-05-02")
    err = refused(cli, register, "offer", "accept", "O0001", "--date", "2016-05-03", "--lease",
                  "tidsubestemt", "--lease-end", "2030-01-01")
    assert "tidsubestemt" in err and "--lease-end" in err
    refused(cli, register, "stay", "add", pid, "KOMMUNAL", "--from", "2016-05-03", "--lease",
            "open", "--lease-end", "2030-01-01")
    helped = " ".join(ok(cli, "offer", "accept", "--help").split())
    assert "standard: tidsubestemt; tidsbestemt når bare --lease-end er gitt" in helped


# --- 6. the printout's Housing First markers; what a suggestion says first --------------------


def test_the_status_printout_marks_housing_first_as_the_terminal_does(cli, register, tmp_path):
    active, invited = tenant(cli, "Anne Deltaker", "2016-05-01"), tenant(cli, "Bjørn Invitert",
                                                                         "2016-05-01")
    ok(cli, "housing-first", "invite", active, "--date", "2016-05-02")
    ok(cli, "housing-first", "accept", active, "--date", "2016-05-03")
    ok(cli, "housing-first", "invite", invited, "--date", "2016-05-02")
    terminal = ok(cli, "status")
    assert "[HF] Anne Deltaker" in terminal and "[HF inv.] Bjørn Invitert" in terminal
    page = tmp_path / "status.html"
    ok(cli, "status", "--print", str(page))
    html = page.read_text(encoding="utf-8")
    assert "[HF] Anne Deltaker" in html and "[HF inv.] Bjørn Invitert" in html


def test_a_suggestion_says_inactive_and_whether_the_dwelling_is_vacant(cli, register):
    ok(cli, "dwelling", "add", "--address", "Storgata 1", "--rooms", "1", "--vacant-from",
       "2016-04-01")
    ok(cli, "dwelling", "add", "--address", "Storgata 2", "--rooms", "1")  # let outside
    ok(cli, "person", "add", "--name", "Ola Stille", "--situation", "VENN", "--since",
       "2015-06-01", "--known-since", "2015-06-01")
    quiet = "P0001"  # no contact since 2015: inactive
    app = ok(cli, "application", "add", quiet, "KOMMUNAL", "--date", "2015-06-01").split()[1]
    ok(cli, "application", "decide", app, "--granted", "--date", "2015-07-01")
    text = " ".join(ok(cli, "dwelling", "suggest", "D0001").split())
    assert f"{quiet} Ola Stille inaktiv (VENN" in text and "ikke bostedsløs" not in text
    assert "Merk:" not in text
    first = ok(cli, "dwelling", "suggest", "D0002").splitlines()
    assert first[1].startswith("Merk: D0002 er ikke ledig")
    ok(cli, "dwelling", "offer", "D0001", quiet, "--date", "2016-05-02")
    first = ok(cli, "dwelling", "suggest", "D0001").splitlines()
    assert first[1] == f"Merk: D0001 er allerede tilbudt {quiet} (O0001); registrer svaret før et nytt tilbud."


# --- 7. the small ones ------------------------------------------------------------------------


def test_an_invitation_before_the_person_was_known_is_refused(cli, register):
    ok(cli, "person", "add", "--name", "Ny Person", "--situation", "UTE", "--since", "2016-05-01",
       "--known-since", "2016-05-01")
    err = refused(cli, register, "housing-first", "invite", "P0001", "--date", "2016-01-01")
    assert "01.05.2016" in err and "01.01.2016" in err
    ok(cli, "housing-first", "invite", "P0001", "--date", "2016-05-01")


def test_the_housing_first_list_counts_those_in_it_and_the_card_says_invited_once(cli, register):
    ids = [tenant(cli, name, "2016-01-01") for name in ("Anne A", "Bjørn B", "Cato C", "Dina D")]
    for pid in ids:
        ok(cli, "housing-first", "invite", pid, "--date", "2016-02-01")
    ok(cli, "housing-first", "accept", ids[0], "--date", "2016-02-02")
    ok(cli, "housing-first", "decline", ids[1], "--date", "2016-02-02")
    ok(cli, "housing-first", "accept", ids[2], "--date", "2016-02-02")
    ok(cli, "housing-first", "end", ids[2], "--reason", "other", "--date", "2016-03-01")
    listed = ok(cli, "housing-first", "list", "--all")
    assert "2 i Housing First 01.06.2016" in listed  # Anne active, Dina invited
    assert "og 2 som takket nei eller er avsluttet" in listed
    card = " ".join(ok(cli, "person", "show", ids[3]).split())
    assert "Housing First: invitert 01.02.2016" in card and "(invitert" not in card


def test_housing_texts_refuse_a_newline_and_name_the_field_as_help_does(cli, register):
    err = refused(cli, register, "dwelling", "add", "--address", "Prøvegata 1", "--rooms", "1",
                  "--note", "første linje\nandre linje")
    assert "Merknad" in err and "\\x0a" in err
    refused(cli, register, "dwelling", "add", "--address", "Prøvegata\t1", "--rooms", "1")
    refused(cli, register, "rental", "add", "--address", "Privat 1", "--rent", "9000", "--rooms",
            "1", "--landlord", "Ola\nNordmann")
    ok(cli, "dwelling", "add", "--address", "Prøvegata  1", "--rooms", "1")  # spaces collapse
    assert "Prøvegata 1 " in ok(cli, "dwelling", "list")


def test_a_dwelling_address_registered_twice_is_refused_naming_the_first(cli, register):
    ok(cli, "dwelling", "add", "--address", "Storgata 5, H0201", "--rooms", "2")
    err = refused(cli, register, "dwelling", "add", "--address", "storgata 5,  H0201", "--rooms", "2")
    assert "D0001" in err
    ok(cli, "dwelling", "add", "--address", "Storgata 5, H0202", "--rooms", "2")
    assert "D0001" in refused(cli, register, "dwelling", "update", "D0002", "--address",
                              "Storgata 5, H0201")


def test_offer_list_and_leases_name_their_columns(cli, register):
    ok(cli, "dwelling", "add", "--address", "Storgata 1", "--rooms", "1", "--vacant-from",
       "2016-04-01")
    pid = waiting(cli, "Eli Tidlig")
    ok(cli, "dwelling", "offer", "D0001", pid, "--date", "2016-05-02")
    ok(cli, "offer", "decline", "O0001", "--reason", "annet", "--date", "2016-05-03")
    header = ok(cli, "offer", "list").splitlines()[0].split()
    assert header == ["Tilbud", "Bolig", "Dato", "Person", "Navn", "Svar", "Besvart"]
    ok(cli, "dwelling", "offer", "D0001", pid, "--date", "2016-05-04")
    ok(cli, "offer", "accept", "O0002", "--date", "2016-05-05", "--lease-end", "2016-07-01")
    header = ok(cli, "dwelling", "leases").splitlines()[0].split()
    assert header[:4] == ["Bolig", "Adresse", "Person", "Navn"]


def test_undo_of_an_invitation_answered_since_is_refused(cli, register, monkeypatch):
    pid = tenant(cli, "Anne Invitert", "2016-01-01")
    ok(cli, "housing-first", "invite", pid, "--date", "2016-02-01")
    monkeypatch.setenv("BOLIGREG_USER", "annen")
    ok(cli, "housing-first", "accept", pid, "--date", "2016-02-03")
    monkeypatch.setenv("BOLIGREG_USER", "testbruker")
    assert "Housing First-deltakelse (01.02.2016) er endret senere" in refused(cli, register, "undo", "--yes")
