"""The status meeting: changes between meetings, past dates, machine output, the printout
rendered by headless Chromium, and status read from only who can appear (flags: test_flags.py)."""

import csv
import io
import json
import subprocess
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boligreg.domain.codes import LISTED_CODES
from boligreg.domain.models import as_json
from boligreg.domain.timeline import episode_on, episodes, state_on
from boligreg.reports.status import build_status, load_status
from boligreg.store import open_register
from boligreg.store.meetings import close_meeting, last_closed, start_meeting
from tests.conftest import TODAY, assert_one_line_error, file_hash, require_tool
from tests.histories import histories


def _session(cli):
    assert cli("config", "set", "zero-vision-date", "31.05.2016").code == 0
    assert cli("person", "add", "--name", "Anne Fjellstad", "--situation", "MIDL", "--since",
               "2016-01-10", "--consent", "2016-01-10").code == 0
    assert cli("person", "add", "--name", "Per Bakkevik", "--situation", "UTE", "--since",
               "2016-02-01").code == 0
    assert cli("person", "add", "--name", "Lars Solvik", "--situation", "VENN", "--since",
               "2016-02-01", "--no-wants-housing").code == 0
    for pid in ("P0001", "P0002", "P0003"):
        assert cli("contact", pid, "--date", "2016-05-01").code == 0


def test_changes_since_last_meeting_across_two_closed_meetings(cli, register):
    _session(cli)
    assert cli("meeting", "start", "--date", "2016-05-04", "--attendees", "NAV").code == 0
    assert cli("meeting", "action", "P0002", "Ringe utleier", "--owner", "NAV",
               "--due", "2016-05-10").code == 0
    assert cli("meeting", "close").code == 0
    assert cli("stay", "add", "P0001", "KOMMUNAL", "--from", "2016-05-10").code == 0
    assert cli("person", "add", "--name", "Nora Myrvang", "--situation", "KRISE", "--since",
               "2016-05-12").code == 0
    assert cli("meeting", "start", "--date", "2016-05-18").code == 0
    assert cli("meeting", "close").code == 0
    assert cli("person", "exit", "P0003", "--reason", "moved", "--date", "2016-05-20").code == 0
    assert cli("person", "add", "--name", "Tor Haugsbø", "--situation", "UTE", "--since",
               "2016-05-25").code == 0

    status = json.loads(cli("status", "--format", "json").out)
    assert status["changes"]["since"] == "2016-05-18" and status["changes"]["meeting"]
    assert status["changes"]["joined"]["new"] == 1  # Tor
    assert status["changes"]["left"]["moved"] == 1  # Lars
    assert status["changes"]["left"]["housed"] == 0  # Anne was housed before the 2nd meeting
    assert {r["id"] for r in status["rows"]} == {"P0002", "P0004", "P0005"}
    assert status["zero_vision_days_left"] == (date(2016, 5, 31) - TODAY).days

    earlier = json.loads(cli("status", "--date", "2016-05-17", "--format", "json").out)
    assert earlier["changes"]["since"] == "2016-05-04"
    assert earlier["changes"]["left"]["housed"] == 1 and earlier["changes"]["joined"]["new"] == 1
    assert [h["id"] for h in earlier["housed"]] == ["P0001"]

    row = next(r for r in status["rows"] if r["id"] == "P0002")
    assert row["next_step"] == "Ringe utleier" and row["next_owner"] == "NAV"
    shown = cli("meeting", "show", "2016-05-04").out
    assert "Ringe utleier" in shown and "P0002" in shown
    assert "Ringe utleier" in cli("person", "show", "P0002").out


def test_status_on_a_past_date_is_the_list_as_it_stood(cli, register):
    _session(cli)
    before = json.loads(cli("status", "--date", "2016-03-01", "--format", "json").out)
    assert cli("stay", "add", "P0002", "PRIVAT", "--from", "2016-05-15").code == 0
    assert cli("person", "exit", "P0003", "--reason", "deceased", "--date", "2016-05-20").code == 0
    after = json.loads(cli("status", "--date", "2016-03-01", "--format", "json").out)
    assert before["rows"] == after["rows"] and before["homeless"] == 3
    today = json.loads(cli("status", "--format", "json").out)
    assert [r["id"] for r in today["rows"]] == ["P0001"]


def test_csv_opens_as_columns_in_norwegian_excel(cli, register):
    """Norwegian Excel splits on semicolons and expects a byte order mark for UTF-8; what a
    person reads is in their words: headers, yes/no, dd.mm.yyyy, flag abbreviations."""
    _session(cli)
    out = cli("status", "--format", "csv").out
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out[1:]), delimiter=";"))
    assert {r["Id"] for r in rows} == {"P0001", "P0002", "P0003"}
    anne = next(r for r in rows if r["Navn"] == "Anne Fjellstad")
    assert (anne["Siden"], anne["Ønsker bolig"], anne["Situasjon"]) == ("10.01.2016", "ja", "MIDL")
    assert all(r["Flagg"] for r in rows) and "UPLAN" in anne["Flagg"]
    english = cli("--lang", "en", "status", "--format", "csv").out
    rows = list(csv.DictReader(io.StringIO(english[1:])))
    anne = next(r for r in rows if r["Name"] == "Anne Fjellstad")
    assert (anne["Since"], anne["Wants housing"]) == ("2016-01-10", "yes") and "NOPLAN" in anne["Flags"]


def test_csv_cells_that_look_like_formulas_stay_text(cli, register):
    for name in ("=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"):
        assert cli("person", "add", "--name", name, "--situation", "UTE", "--since", "2016-05-01").code == 0
    out = cli("person", "list", "--format", "csv").out
    names = [row["Navn"] for row in csv.DictReader(io.StringIO(out[1:]), delimiter=";")]
    assert names == ["'=HYPERLINK(\"http://x\")", "'+cmd|' /C calc'!A0", "'@SUM(1)", "'-2+3"]


def test_terminal_table_shows_summary_and_rows(cli, register):
    _session(cli)
    out = cli("status").out
    assert "Bostedsløse nå: 3 (herav 2 som ønsker bolig)" in out
    assert "Anne Fjellstad" in out and "Per Bakkevik" in out
    assert "31.05.2016" in out


def test_bad_status_and_meeting_input(cli, register):
    _session(cli)
    before = file_hash(register)
    assert_one_line_error(cli("meeting", "close"), 2)  # no meeting open
    assert_one_line_error(cli("meeting", "action", "P0001", "x"), 2)
    assert_one_line_error(cli("status", "--date", "2010-01-01"), 2)  # before the register began
    assert_one_line_error(cli("meeting", "show", "2016-01-01"), 3)
    assert file_hash(register) == before
    assert cli("meeting", "start").code == 0
    before = file_hash(register)
    assert_one_line_error(cli("meeting", "action", "P0404", "x"), 3)
    assert_one_line_error(cli("meeting", "start"), 2)  # one is already open
    assert file_hash(register) == before


def print_to_pdf(chromium: str, html: Path) -> Path:
    """The page as headless Chromium prints it, as a coordinator would from a browser."""
    pdf = html.with_suffix(".pdf")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}", html.as_uri()],
            capture_output=True, timeout=120, check=True,
        )
    return pdf


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout.replace("\u00a0", " ")


def page_size(pdf: Path) -> tuple[float, float]:
    """Width and height in points; an A4 page, or the test fails."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    assert "A4" in size, size
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split(" x "))
    return width, height


@pytest.mark.slow
def test_printout_renders_to_pdf_with_names_figures_and_marking(cli, register, tmp_path):
    chromium = require_tool("chromium")
    require_tool("pdftotext")
    assert cli("config", "set", "municipality", "Eksempelvik kommune").code == 0
    _session(cli)
    html = tmp_path / "status.html"
    assert cli("status", "--print", str(html)).code == 0
    assert oct(html.stat().st_mode & 0o777) == "0o600"
    assert_one_line_error(cli("status", "--print", str(html)), 2)  # exists, no --force
    pdf = print_to_pdf(chromium, html)
    text = pdf_text(pdf)
    for expected in ("Anne Fjellstad", "Per Bakkevik", "Lars Solvik", "Taushetsbelagt",
                     "Bostedsløse nå: 3", "Eksempelvik kommune", "Side 1 av 1"):
        assert expected in text, expected
    width, height = page_size(pdf)
    assert width > height  # A4 landscape


def test_a_person_on_the_frozen_list_whose_stay_was_corrected_counts_as_left(cli, register):
    assert cli("person", "add", "--name", "Eva Strand", "--situation", "VENN", "--since",
               "2015-06-01").code == 0
    assert cli("stay", "add", "P0001", "PRIVAT", "--from", "2015-09-01").code == 0
    assert cli("stay", "add", "P0001", "UTE", "--from", "2016-04-20").code == 0
    assert cli("meeting", "start", "--date", "2016-05-04").code == 0
    assert cli("meeting", "close").code == 0
    assert cli("stay", "undo", "P0001").code == 0  # the UTE stay was a mistake: housed all along
    status = json.loads(cli("status", "--format", "json").out)
    assert status["homeless"] == 0
    assert sum(status["changes"]["left"].values()) == 1  # the meeting listed her; now she is not


# --- status reads only who can appear ---------------------------------------------------------

def _store(reg, people: list) -> None:
    """Write drawn histories into a register, each under its own id."""
    with reg.write("test"):
        for index, history in enumerate(people, start=1):
            pid = f"P{index:04d}"
            reg.db["person"].insert(dict(as_json(history.person), id=pid))
            for table, records in (("stay", history.stays), ("contact", history.contacts),
                                   ("person_exit", history.exits)):
                reg.db[table].insert_all(
                    {**{k: v for k, v in as_json(r).items() if k != "id"}, "person_id": pid}
                    for r in records)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(histories(), min_size=1, max_size=8), meeting_index=st.integers(0, 100))
def test_status_from_only_who_can_appear_equals_status_from_everyone(people, meeting_index):
    """status and the meeting's frozen list load only the persons who can show up (listed on
    the day or when changes are counted from, or moved since); the result must be exactly
    what the whole register gives. Checked on the days around every move, exit and end of 90
    days without contact, before and after a closed meeting, where persons join, leave and
    are housed. The same for where everyone stands, read as the export of everyone reads it."""
    first = min(s.start for h in people for s in h.stays)
    turns = {*(s.start for h in people for s in h.stays), *(e.date for h in people for e in h.exits),
             *(c.date + timedelta(days=90) for h in people for c in h.contacts)}
    days = sorted({t + timedelta(days=k) for t in turns for k in (0, 1, 13, 14, 15, 40)
                   if t + timedelta(days=k) >= first})
    held = days[meeting_index % len(days)]
    with tempfile.TemporaryDirectory() as folder:
        reg = open_register(Path(folder) / "r.db", create=True, today=days[-1])
        _store(reg, people)
        inactive = reg.settings.inactive_after_days
        everyone = reg.histories()
        start_meeting(reg, held, None)
        close_meeting(reg)
        frozen = {pid for pid, in reg.conn.execute("SELECT person_id FROM meeting_person")}
        assert frozen == {h.person.id for h in everyone if episode_on(episodes(h, inactive), held)}
        for day in days:  # up to `held` changes are counted over 14 days, after it from the meeting
            full = build_status(everyone, day, inactive_after_days=inactive,
                                last_meeting=last_closed(reg, day))
            assert load_status(reg, day) == full, day
            assert {r.id for r in full.rows} <= reg.persons_in(LISTED_CODES, day)  # export relies on it
            # the export and person list of everyone read the unlisted persons' stays and exits
            # alone: where each one stands must come out as from the whole history
            light = reg.listable_histories(day, everyone=True, steps=False)
            assert [state_on(h, day, inactive) for h in light] == \
                [state_on(h, day, inactive) for h in everyone], day
        reg.close()


# --- the meeting flow --------------------------------------------------------------------------

def test_right_after_the_meeting_closes_status_counts_from_it(cli, register):
    """The meeting held today is closed: today's list compares with it (not the one before),
    a person added after it is new (named, NY), one housed after it has left and is housed."""
    _session(cli)
    assert cli("meeting", "start", "--date", "2016-05-18").code == 0
    assert cli("meeting", "close").code == 0
    assert cli("meeting", "start").code == 0  # today, 01.06.2016
    assert cli("meeting", "action", "P0001", "Søke bostøtte", "--owner", "NAV").code == 0
    assert cli("meeting", "close").code == 0
    status = json.loads(cli("status", "--format", "json").out)
    assert status["changes"]["since"] == TODAY.isoformat() and status["changes"]["meeting"]
    assert sum(status["changes"]["joined"].values()) == 0 and not any(
        "new" in row["flags"] for row in status["rows"])
    assert "ingen endringer" in cli("status").out

    assert cli("person", "add", "--name", "Tor Haugsbø", "--situation", "UTE", "--since",
               "i dag").code == 0
    assert cli("stay", "add", "P0002", "KOMMUNAL", "--from", "i dag").code == 0
    status = json.loads(cli("status", "--format", "json").out)
    assert status["changes"]["joined"]["new"] == 1 and status["changes"]["left"]["housed"] == 1
    assert [h["id"] for h in status["housed"]] == ["P0002"]
    assert next(r for r in status["rows"] if r["id"] == "P0004")["flags"][-1] == "new"
    out = cli("status").out
    assert "Nye på listen: P0004 Tor Haugsbø" in out
    assert "Siden statusmøtet 01.06.2016: +1 nyregistrert, −1 bosatt" in out
    assert "P0002  Per Bakkevik  KOMMUNAL  01.06.2016" in out  # under "Bosatt siden 01.06.2016"


def test_a_meeting_still_open_today_leaves_the_last_closed_one_in_force(cli, register):
    _session(cli)
    assert cli("meeting", "start", "--date", "2016-05-18").code == 0
    assert cli("meeting", "close").code == 0
    assert cli("meeting", "start").code == 0  # today, not closed yet
    status = json.loads(cli("status", "--format", "json").out)
    assert status["changes"]["since"] == "2016-05-18"


def test_meeting_items_are_agreed_actions_not_decisions(cli, register):
    _session(cli)
    assert cli("meeting", "start").code == 0
    done = cli("meeting", "action", "P0001", "Søke bostøtte", "--owner", "NAV", "--due", "i dag")
    assert done.out.strip() == "Avtalt tiltak registrert for P0001 (steg 1)"
    assert "[avtalt tiltak]" in cli("person", "show", "P0001").out
    shown = cli("meeting", "show").out
    assert "Avtalt tiltak" in shown and "vedtak" not in shown.lower().replace("vedtakskontoret", "")
    assert "avtalte tiltak" in cli("meeting", "--help").out


def test_an_attempt_says_it_does_not_count_as_contact(cli, register, monkeypatch):
    monkeypatch.setenv("BOLIGREG_TODAY", "2016-04-01")  # registered then, met on 20.04
    assert cli("person", "add", "--name", "Anne Fjellstad", "--situation", "MIDL", "--since",
               "2016-01-10").code == 0
    monkeypatch.setenv("BOLIGREG_TODAY", TODAY.isoformat())
    assert cli("contact", "P0001", "--date", "2016-04-20").code == 0
    out = cli("contact", "P0001", "--kind", "attempt")
    assert out.code == 0
    assert "teller ikke som kontakt" in out.out and "fra 20.04.2016" in out.out
    status = json.loads(cli("status", "--format", "json").out)
    assert status["rows"][0]["days_since_contact"] == (TODAY - date(2016, 4, 20)).days
    assert "Kontakt med P0001" in cli("contact", "P0001", "--kind", "phone").out
    assert "teller ikke som kontakt" in cli("contact", "--help").out


@pytest.mark.slow
def test_the_printouts_first_page_has_the_legend_a_notes_column_and_an_attendees_line(cli, register,
                                                                                     tmp_path):
    """What the meeting writes on, on page 1: the legend there, a notes column, a line for who
    attends; masked numbers whole on one line; a row that fits on one line takes one line."""
    from tests.terminal_registers import long_register

    chromium = require_tool("chromium")
    require_tool("pdftotext")
    path = long_register(tmp_path / "long.db", TODAY)
    html = tmp_path / "status.html"
    assert cli("--db", str(path), "status", "--print", str(html)).code == 0
    page = pdf_text(print_to_pdf(chromium, html), 1)
    for expected in ("Flagg: LØS", "Til stede:", "Notat", "Taushetsbelagt"):
        assert expected in page, expected
    rows = json.loads(cli("--db", str(path), "status", "--format", "json").out)["rows"]
    masked = [row["fnr"] for row in rows if row["fnr"]]
    assert masked and all(f"({fnr})" in page for fnr in masked)  # never split across lines
    line = next(line for line in page.splitlines() if line.lstrip().startswith("P0007"))
    assert all(part in line for part in ("Nyregistrert Nordmann", "UTE 31.05.2016", "UPLAN USAMT NY"))


@pytest.mark.slow
def test_one_persons_card_prints_as_an_a4_page(cli, register, tmp_path):
    chromium = require_tool("chromium")
    require_tool("pdftotext")
    from tests.test_cli_register import fnr

    number = fnr(synthetic=True)
    assert cli("person", "add", "--name", "Kari Nordmann", "--situation", "MIDL", "--since",
               "2016-01-10", "--fnr", number, "--needs", "rus").code == 0
    assert cli("plan", "set", "P0001", "--target", "2016-05-01", "--route", "KOMMUNAL").code == 0
    assert cli("plan", "step", "P0001", "Søke kommunal bolig", "--owner", "NAV", "--due",
               "2016-05-15").code == 0
    assert cli("contact", "P0001", "<b>Møtt</b> på NAV", "--date", "2016-05-20").code == 0
    html = tmp_path / "P0001.html"
    assert cli("person", "show", "P0001", "--print", str(html)).code == 0
    assert oct(html.stat().st_mode & 0o777) == "0o600"
    assert_one_line_error(cli("person", "show", "P0001", "--print", str(html)), 2)
    assert cli("person", "show", "P0001", "--print", str(html), "--force").code == 0
    pdf = print_to_pdf(chromium, html)
    width, height = page_size(pdf)
    assert height > width  # portrait
    text = pdf_text(pdf)
    for expected in ("Taushetsbelagt", "Personkort P0001 — Kari Nordmann", f"{number[:6]} *****",
                     "MIDL midlertidig botilbud", "Søke kommunal bolig", "15.05.2016 !",
                     "01.05.2016 (forfalt)", "<b>Møtt</b> på NAV",
                     "registrert (se --sensitive)"):
        assert expected in text, expected
    assert number not in text and "rus" not in text.split("Behov")[1].splitlines()[0]
    assert "person show" in cli("log", "--person", "P0001").out  # the printed card was a read
