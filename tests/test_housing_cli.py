"""The housing side as a coordinator uses it: dwellings and their tenancies, vacancies,
suggestions and offers, leases running out in status, the bolighefte, Housing First follow-up;
and bad input refused in one line with the register unchanged."""

import json
import re
import subprocess
import tempfile

import pytest

from tests.conftest import assert_one_line_error, file_hash, require_tool


def ok(cli, *args):
    out = cli(*args)
    assert out.code == 0, (args, out)
    return out.out


def waiting_person(cli, name, situation="MIDL", since="2016-01-10", children="0", granted="2016-02-10",
                   *extra):
    ok(cli, "person", "add", "--name", name, "--situation", situation, "--since", since,
       "--children", children)
    pid = ok(cli, "person", "list", "--all", "--format", "json")
    pid = json.loads(pid)[-1]["id"]
    app = ok(cli, "application", "add", pid, "KOMMUNAL", "--date", since, *extra).split()[1]
    ok(cli, "application", "decide", app, "--granted", "--date", granted)
    return pid


def test_a_vacancy_suggested_offered_declined_and_accepted(cli, register):
    ok(cli, "dwelling", "add", "--address", "Prøvegata 5, H0201", "--rooms", "2", "--vacant-from",
       "2016-04-01")
    housed = waiting_person(cli, "Hanne Bostad", "PRIVAT", "2015-06-01", "1", "2015-08-01")
    early = waiting_person(cli, "Eli Tidlig", "MIDL", "2016-01-10", "1", "2016-02-10")
    late = waiting_person(cli, "Lise Sen", "UTE", "2016-03-01", "0", "2016-04-10")
    big = waiting_person(cli, "Stor Familie", "VENN", "2015-06-01", "3", "2015-07-01")
    for pid in (housed, early, late, big):
        ok(cli, "contact", pid, "--date", "2016-05-20")
    text = ok(cli, "dwelling", "suggest", "D0001")
    order = re.findall(r"^ *\d+\. (P\d{4}) ", text, re.MULTILINE)
    # homeless first (Eli waited longer than Lise), the housed applicant after; the family of
    # five needs four rooms and is left out
    assert order == [early, late, housed]
    assert "bostedsløs (MIDL)" in text and "venter 112 dager siden vedtak 10.02.2016" in text
    assert "1 til på ventelisten passer ikke" in text

    assert "Tilbud O0001" in ok(cli, "dwelling", "offer", "D0001", early, "--date", "2016-05-02")
    before = file_hash(register)
    assert_one_line_error(cli("dwelling", "offer", "D0001", late), 2)  # already offered to Eli
    assert file_hash(register) == before
    ok(cli, "offer", "decline", "O0001", "--reason", "beliggenhet", "--date", "2016-05-04")
    again = ok(cli, "dwelling", "suggest", "D0001")
    assert "avslo D0001 04.05.2016 (beliggenhet)" in " ".join(again.split())  # the next suggestion says so

    ok(cli, "dwelling", "offer", "D0001", late, "--date", "2016-05-06")
    assert "P0003 flytter inn i D0001 15.05.2016" in ok(
        cli, "offer", "accept", "O0002", "--date", "2016-05-10", "--from", "2016-05-15",
        "--lease", "fixed", "--lease-end", "2016-08-01")
    # the accepted offer is the placement and fulfils the application: off the waiting list
    card = ok(cli, "person", "show", late)
    assert "KOMMUNAL" in card and "Bor i D0001 Prøvegata 5, H0201 fra 15.05.2016" in card
    figures = json.loads(ok(cli, "report", "--from", "2016-01-01", "--to", "2016-05-31",
                            "--format", "json"))
    assert figures["municipal"]["waiting_list_end"] == 3
    d = figures["dwellings"]
    assert (d["offers"], d["offers_accepted"], d["offers_declined"]) == (2, 1, 1)
    assert d["declined_by_reason"]["location"] == 1
    assert (d["vacancies_filled"], d["days_vacant_median"]) == (1, 44.0)
    assert (d["allocations"], d["allocations_homeless"]) == (1, 1)
    assert d["fixed_share"] == 1.0
    assert "D0001  Prøvegata 5, H0201" in ok(cli, "dwelling", "leases", "--ending-before", "2016-09-01")
    shown = ok(cli, "dwelling", "show", "D0001")
    assert "utleid til P0003 Lise Sen fra 15.05.2016" in shown and "avslått (beliggenhet)" in shown


def test_one_tenancy_at_a_time_and_vacant_when_the_tenant_moves_on(cli, register):
    ok(cli, "dwelling", "add", "--address", "Prøvegata 7", "--rooms", "1")
    ok(cli, "person", "add", "--name", "Anne Først", "--situation", "VENN", "--since", "2015-01-01")
    ok(cli, "person", "add", "--name", "Bjørn Neste", "--situation", "VENN", "--since", "2015-01-01")
    ok(cli, "stay", "add", "P0001", "KOMMUNAL", "--from", "2015-03-01", "--dwelling", "d0001")
    before = file_hash(register)
    refused = cli("stay", "add", "P0002", "KOMMUNAL", "--from", "2015-06-01", "--dwelling", "D0001")
    assert_one_line_error(refused, 2)
    assert "D0001" in refused.err and "P0001" in refused.err and "P0002" in refused.err
    assert_one_line_error(cli("dwelling", "vacant", "D0001", "--from", "2015-06-01"), 2)
    assert_one_line_error(cli("stay", "add", "P0002", "OMSORG", "--from", "2015-06-01",
                              "--dwelling", "D0001"), 2)  # a KOMMUNAL dwelling
    assert_one_line_error(cli("stay", "add", "P0002", "PRIVAT", "--from", "2015-06-01",
                              "--dwelling", "D0001"), 2)
    assert file_hash(register) == before
    ok(cli, "stay", "add", "P0001", "PRIVAT", "--from", "2016-01-10")  # the tenancy ends
    assert "ledig fra 10.01.2016" in ok(cli, "dwelling", "list", "--vacant")
    ok(cli, "dwelling", "vacant", "D0001", "--from", "2016-02-01")  # renovated until then
    rows = json.loads(ok(cli, "dwelling", "list", "--format", "json"))
    assert rows[0]["state"] == "vacant" and rows[0]["since"] == "2016-02-01"
    assert_one_line_error(cli("stay", "add", "P0002", "KOMMUNAL", "--from", "2016-01-20",
                              "--dwelling", "D0001"), 2)  # before it is ready
    ok(cli, "stay", "add", "P0002", "KOMMUNAL", "--from", "2016-02-15", "--dwelling", "D0001")
    # undoing P0001's move would let both live there at once: refused, nothing changed
    before = file_hash(register)
    refused = cli("stay", "undo", "P0001")
    assert_one_line_error(refused, 2)
    assert file_hash(register) == before
    figures = json.loads(ok(cli, "report", "--from", "2016-01-01", "--to", "2016-05-31",
                            "--format", "json"))["dwellings"]
    assert (figures["vacancies"], figures["days_vacant_median"]) == (1, 14.0)  # renovation apart
    assert figures["tenancies_ended"] == 1 and figures["turnover"] == 1.0


def test_bad_input_is_one_line_and_changes_nothing(cli, register):
    ok(cli, "dwelling", "add", "--address", "Prøvegata 9", "--rooms", "2", "--vacant-from", "2016-01-01")
    ok(cli, "dwelling", "add", "--address", "Omsorgsvegen 1", "--rooms", "1", "--kind", "OMSORG",
       "--vacant-from", "2016-01-01")
    ok(cli, "person", "add", "--name", "Ikke Søkt", "--situation", "UTE", "--since", "2016-01-01")
    waiting_person(cli, "Har Søkt", "UTE", "2016-01-01", "0", "2016-02-01")
    before = file_hash(register)
    cases = [
        (["dwelling", "show", "D0099"], 3),
        (["dwelling", "offer", "D0099", "P0002"], 3),
        (["stay", "add", "P0001", "KOMMUNAL", "--from", "2016-03-01", "--dwelling", "D0099"], 3),
        (["dwelling", "offer", "D0001", "P0001"], 2),  # not on the waiting list
        (["dwelling", "offer", "D0002", "P0002"], 2),  # an omsorgsbolig is not offered from the list
        (["dwelling", "offer", "D0001", "P0002", "--date", "2030-01-01"], 2),
        (["offer", "accept", "O0042"], 3),
        (["stay", "add", "P0002", "KOMMUNAL", "--from", "2016-03-01", "--dwelling", "D0001",
          "--lease", "fixed", "--lease-end", "2016-02-01"], 2),  # the lease ends before it starts
        (["rental", "add", "--address", "Leiegata 1", "--rent", "-9800", "--rooms", "2"], 2),
        (["rental", "add", "--address", "Leiegata 1", "--rent", "9800", "--rooms", "2",
          "--available", "2016-05-01", "--until", "2016-04-01"], 2),
        (["dwelling", "add", "--address", "Kontroll\x1b[2J", "--rooms", "2"], 2),
        (["dwelling", "add", "--address", "  ", "--rooms", "2"], 2),
        (["dwelling", "add", "--address", "Null rom", "--rooms", "0"], 2),
        (["dwelling", "update", "D0001"], 2),
        (["bolighefte", "--month", "2016-13"], 2),
        (["config", "set", "nav-limit.1", "ni tusen"], 2),
        (["config", "set", "priority-homeless", "kanskje"], 2),
        (["offer", "decline", "O0001", "--reason", "for_liten"], 3),
        (["housing-first", "accept", "P0001"], 2),  # never invited
        (["housing-first", "end", "P0001", "--reason", "moved"], 2),
        (["application", "add", "P0001", "STARTLAN", "--accessible"], 2),
    ]
    for args, code in cases:
        assert_one_line_error(cli(*args), code)
        assert file_hash(register) == before, args
    ok(cli, "dwelling", "offer", "D0001", "P0002", "--date", "2016-05-01")
    before = file_hash(register)
    for args in (["offer", "accept", "O0001", "--date", "2016-04-01"],  # before the offer
                 ["offer", "decline", "O0001", "--reason", "grunnløs"]):
        assert_one_line_error(cli(*args), 2)
    ok(cli, "offer", "decline", "O0001", "--reason", "ikke_svar", "--date", "2016-05-20")
    assert_one_line_error(cli("offer", "accept", "O0001"), 2)  # already answered


def test_status_lists_the_leases_running_out_and_its_json_only_gains_fields(cli, register):
    ok(cli, "dwelling", "add", "--address", "Prøvegata 11, H0102", "--rooms", "2")
    ok(cli, "person", "add", "--name", "Tor Leietaker", "--situation", "VENN", "--since", "2015-01-01")
    ok(cli, "stay", "add", "P0001", "KOMMUNAL", "--from", "2015-03-01", "--dwelling", "D0001",
       "--lease", "fixed", "--lease-end", "2016-07-15")
    ok(cli, "plan", "step", "P0001", "Vurdere fornyelse av kontrakten", "--owner", "Boligkontoret",
       "--due", "2016-06-20")
    ok(cli, "person", "add", "--name", "Una Privat", "--situation", "VENN", "--since", "2015-01-01")
    ok(cli, "stay", "add", "P0002", "PRIVAT", "--from", "2015-02-01", "--lease-end", "2016-05-01")
    ok(cli, "person", "add", "--name", "Ved Lang", "--situation", "VENN", "--since", "2015-01-01")
    ok(cli, "stay", "add", "P0003", "PRIVAT", "--from", "2015-02-01", "--lease-end", "2017-05-01")
    text = ok(cli, "status")
    section = text.split("Kontrakter som løper ut (innen 90 dager)")[1]
    lines = [" ".join(line.split()) for line in section.strip().splitlines()]  # columns aligned
    assert lines[:4] == [
        "P0002 Una Privat PRIVAT 01.05.2016 (løpt ut for 31 dager siden)",
        "ingen neste steg i boligplanen",
        "P0001 Tor Leietaker D0001 Prøvegata 11, H0102 15.07.2016 (om 44 dager)",
        "Vurdere fornyelse av kontrakten (Boligkontoret, 20.06.2016)"]
    assert "Ved Lang" not in section
    status = json.loads(ok(cli, "status", "--format", "json"))
    keys = list(status)
    assert keys[-2:] == ["leases_ending", "housing_first"]
    assert keys[:-2] == ["day", "municipality", "homeless", "wants_housing", "by_situation",
                         "changes", "zero_vision_date", "zero_vision_days_left", "rows",
                         "releases", "housed"]
    assert status["leases_ending"]["within_days"] == 90
    assert [lease["id"] for lease in status["leases_ending"]["leases"]] == ["P0002", "P0001"]
    ok(cli, "config", "set", "lease-reminder-days", "30")
    assert "Tor Leietaker" not in ok(cli, "status").split("Kontrakter som løper ut")[1]


def test_housing_first_invited_accepted_housed_and_followed(cli, register):
    ok(cli, "person", "add", "--name", "Frida Først", "--situation", "UTE", "--since", "2014-10-01",
       "--gender", "K")
    ok(cli, "person", "add", "--name", "Gunnar Nei", "--situation", "UTE", "--since", "2014-10-01",
       "--gender", "M")
    ok(cli, "housing-first", "invite", "P0001", "--date", "2014-11-01")
    ok(cli, "housing-first", "invite", "P0002", "--date", "2014-11-01")
    assert "[HF inv.] Frida Først" in ok(cli, "status", "--date", "2014-11-15")
    ok(cli, "housing-first", "accept", "P0001", "--date", "2014-11-10")
    ok(cli, "housing-first", "decline", "P0002", "--date", "2014-11-12")
    assert_one_line_error(cli("housing-first", "invite", "P0001"), 2)  # already taking part
    ok(cli, "stay", "add", "P0001", "KOMMUNAL", "--from", "2015-01-05", "--housing-first")
    for day in ("2015-04-01", "2015-08-01", "2015-12-01"):
        ok(cli, "contact", "P0001", "--date", day)
    card = ok(cli, "person", "show", "P0001")
    assert "Housing First: deltaker (invitert 01.11.2014) · takket ja 10.11.2014" in card
    assert "flyttet inn 05.01.2015 (KOMMUNAL)" in card
    assert "[HF]" not in ok(cli, "status")  # housed: not on the list
    listed = ok(cli, "housing-first", "list")
    assert "Frida Først" in listed and "Gunnar Nei" not in listed
    assert "Gunnar Nei" in ok(cli, "housing-first", "list", "--all")
    f = json.loads(ok(cli, "report", "--from", "2014-11-01", "--to", "2015-12-31", "--format",
                      "json"))["housing_first_follow_up"]
    assert (f["invited"], f["accepted"], f["declined"], f["active_end"]) == (2, 1, 1, 1)
    assert f["active_by_gender"]["F"] == 1 and f["moved_in"] == 1
    assert (f["reached"], f["still_housed"], f["returned"]) == (0, 0, 0)  # not 12 months yet
    later = json.loads(ok(cli, "report", "--from", "2016-01-01", "--to", "2016-05-31", "--format",
                          "json"))["housing_first_follow_up"]
    assert (later["reached"], later["still_housed"], later["returned"]) == (1, 1, 0)
    ok(cli, "housing-first", "end", "P0001", "--reason", "flyttet", "--date", "2016-05-01")
    ended = json.loads(ok(cli, "report", "--from", "2016-01-01", "--to", "2016-05-31", "--format",
                          "json"))["housing_first_follow_up"]
    assert ended["ended_by_reason"]["moved"] == 1 and ended["active_end"] == 0


def test_codes_in_the_users_words_and_settings_in_words(cli, register):
    ok(cli, "config", "set", "nav-limit.2", "9 500")
    ok(cli, "config", "set", "priority-homeless", "nei")
    shown = ok(cli, "config", "show")
    assert "NAVs husleiegrense, husstand på 2 personer" in shown and "9 500 kr" in shown.replace("\u00a0", " ")
    assert "Bostedsløse først i forslag til ledige boliger" in shown
    ok(cli, "dwelling", "add", "--address", "Prøvegata 1", "--rooms", "1", "--vacant-from", "2016-01-01")
    pid = waiting_person(cli, "Nils Nynorsk", "UTE", "2016-01-01", "0", "2016-02-01")
    ok(cli, "dwelling", "offer", "D0001", pid)
    out = cli("--lang", "nn", "offer", "decline", "O0001", "--reason", "ikkje_klar")
    assert out.code == 0 and "ikkje klar" in out.out
    assert "ingen forrang for bostedsløse" in ok(cli, "dwelling", "suggest", "D0001")
    english = cli("--lang", "en", "offer", "decline", "O0001", "--reason", "nonsense")
    assert english.code == 2 and "too_small, location, not_ready, no_answer or other" in english.err


def test_the_bolighefte_groups_the_months_listings_within_navs_limits(cli, register, tmp_path):
    for n, limit in ((1, "8000"), (2, "9500"), (3, "11000")):
        ok(cli, "config", "set", f"nav-limit.{n}", limit)
    ok(cli, "rental", "add", "--address", "Hybelveien 1", "--rent", "7800", "--rooms", "1",
       "--deposit-guarantee", "--bostotte", "--available", "2016-05-20", "--landlord",
       "<b>Utleier</b> & sønn")
    ok(cli, "rental", "add", "--address", "Toromsgata 2", "--rent", "9400", "--rooms", "2",
       "--available", "2016-06-01")
    ok(cli, "rental", "add", "--address", "Dyrveien 3", "--rent", "12000", "--rooms", "3")
    ok(cli, "rental", "add", "--address", "Utløpt 4", "--rent", "7000", "--rooms", "2",
       "--available", "2016-04-01", "--until", "2016-05-31")
    text = ok(cli, "bolighefte", "--month", "2016-06")
    groups = text.split("Husstand på ")[1:]
    assert "Hybelveien 1" in groups[0] and "Toromsgata 2" not in groups[0]  # over 8 000 kr
    assert "Hybelveien 1" not in groups[1] and "Toromsgata 2" in groups[1]  # one room is too few
    assert "Dyrveien" not in text and "Utløpt" not in text  # over every limit; expired
    assert "depositumsgaranti, bostøtte" in groups[0]
    assert "Utløpt 4" in ok(cli, "bolighefte", "--month", "05.2016")
    assert "Utløpt 4" not in ok(cli, "rental", "list") and "Utløpt 4" in ok(cli, "rental", "list", "--all")
    page = tmp_path / "hefte.html"
    out = cli("bolighefte", "--month", "2016-06", "--print", str(page))
    assert out.code == 0 and "nav-limit.4, nav-limit.5, nav-limit.6" in out.err
    assert oct(page.stat().st_mode & 0o777) == "0o600"
    html = page.read_text(encoding="utf-8")
    assert "&lt;b&gt;Utleier&lt;/b&gt; &amp; sønn" in html and "<b>Utleier" not in html
    assert_one_line_error(cli("bolighefte", "--print", str(page)), 2)  # exists, no --force


@pytest.mark.slow
def test_the_bolighefte_prints_on_a4_portrait(cli, register, tmp_path):
    chromium = require_tool("chromium")
    require_tool("pdftotext")
    ok(cli, "config", "set", "municipality", "Eksempelvik kommune")
    ok(cli, "config", "set", "nav-limit.1", "8000")
    for number in range(40):  # enough listings for more than one page
        ok(cli, "rental", "add", "--address", f"Prøvegata {number}", "--rent", str(6000 + number * 40),
           "--rooms", "1", "--deposit-guarantee", "--available", "2016-05-01")
    page = tmp_path / "hefte.html"
    ok(cli, "bolighefte", "--month", "2016-06", "--print", str(page))
    pdf = tmp_path / "hefte.pdf"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
             page.as_uri()], capture_output=True, timeout=120, check=True)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) == 2
    for number, printed in enumerate(pages, start=1):
        assert "Eksempelvik kommune — Bolighefte juni 2016" in printed
        assert f"Side {number} av 2" in printed
    assert "Husstand på 1 person — husleie inntil 8 000 kr, minst 1 rom" in pages[0]
    assert "Prøvegata 39" in pages[1] and "7 560 kr" in pages[1]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split(" x "))
    assert "A4" in size and height > width  # portrait


HOUSING_HELP = """
import sys
from typer.main import get_command
from typer.testing import CliRunner
from boligreg.cli import app

root = get_command(app)
ctx = root.make_context("boligreg", ["status"])
HOUSING = ("dwelling", "offer", "rental", "bolighefte", "housing-first")
pages, todo = [], [([name], root.get_command(ctx, name)) for name in HOUSING]
while todo:
    prefix, command = todo.pop()
    assert command.help, prefix
    result = CliRunner().invoke(app, [*prefix, "--help"])
    pages.append(f"=== {' '.join(prefix)} exit {result.exit_code}\\n{result.stdout}")
    todo += [([*prefix, name], sub) for name, sub in getattr(command, "commands", {}).items()]
sys.stdout.write("\\n".join(pages))
"""


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_housing_commands_have_help_in_the_language_chosen(language):
    """The housing nouns' help, every page, in each language: Norwegian words only, Typer's
    framing in the language chosen."""
    import os
    import sys

    from tests.test_catalog import BOKMAL_ONLY, NORWEGIAN_ONLY, leaks
    from tests.test_cli_register import ENGLISH_FRAMING

    done = subprocess.run([sys.executable, "-c", HOUSING_HELP], capture_output=True, text=True,
                          env=dict(os.environ, BOLIGREG_LANG=language), check=True)
    pages = done.stdout.split("=== ")[1:]
    assert len(pages) == 26  # four nouns, the bolighefte command and the nouns' twenty-one commands
    words = {"nb": [], "nn": BOKMAL_ONLY, "en": NORWEGIAN_ONLY}[language]
    for page in pages:
        head, _, text = page.partition("\n")
        assert head.endswith("exit 0"), page
        assert text.startswith({"en": "Usage: ", "nb": "Bruk: ", "nn": "Bruk: "}[language]), head
        if language != "en":
            assert not [w for w in ENGLISH_FRAMING if w in text], (head, text)
        assert not leaks(text, words), (head, leaks(text, words))
