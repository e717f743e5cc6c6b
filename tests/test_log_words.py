"""The log view and undo's preview in words: whose record (the person id and name), the
record's number on the card and its date, every field and code in the reader's language."""

import re
import sqlite3

import pytest

from tests.conftest import assert_one_line_error, file_hash


def run_ok(cli, *args, input=None):
    outcome = cli(*args, input=input)
    assert outcome.code == 0, (args, outcome)
    return outcome


def _kari(cli):
    run_ok(cli, "person", "add", "--name", "Åse Ødegård", "--situation", "UTE", "--since", "2016-01-10")
    run_ok(cli, "stay", "add", "P0001", "MIDL", "--from", "2016-02-01", "--place", "Hospits A")
    run_ok(cli, "contact", "P0001", "Første", "--date", "2016-03-01")


def test_undo_previews_whose_contact_with_its_number_on_the_card(cli, register):
    _kari(cli)
    run_ok(cli, "person", "add", "--name", "Per Bakkevik", "--situation", "UTE", "--since", "2016-05-01")
    run_ok(cli, "contact", "P0001", "Andre")  # contact row 2, the card's contact 2 of P0001
    run_ok(cli, "contact", "P0002", "Tredje")  # P0002's contact 1, though row 3
    out = cli("undo").out
    assert "P0002 Per Bakkevik: kontakt 1 (01.06.2016)" in out
    assert "kontakt 3" not in out and "(contact)" in out


def test_a_stay_edited_is_named_by_its_number_on_the_card_not_its_row(cli, register):
    _kari(cli)
    for name in ("A", "B", "C"):  # rows 3-5 are theirs
        run_ok(cli, "person", "add", "--name", f"Annen {name}", "--situation", "UTE", "--since", "2016-01-10",
               "--new-person")
    run_ok(cli, "stay", "edit", "P0001", "2", "--place", "Hospits B", "--reason", "feil sted")
    out = cli("undo").out
    assert "endret P0001 Åse Ødegård: opphold 2 (01.02.2016)" in out
    assert "sted: Hospits A → Hospits B" in out and "begrunnelse: feil sted" in out
    assert "–" not in out.split("begrunnelse")[1].split("\n")[0]  # the reason is no change from –


def test_a_deleted_contact_is_logged_with_its_number_and_what_it_held(cli, register):
    _kari(cli)
    run_ok(cli, "person", "add", "--name", "Per Bakkevik", "--situation", "UTE", "--since", "2016-05-01")
    run_ok(cli, "contact", "P0002", "Feil person")
    run_ok(cli, "contact", "P0002", "Riktig")
    run_ok(cli, "contact", "delete", "P0002", "1", "--reason", "feil person")  # row 2
    out = run_ok(cli, "log", "--limit", "1").out
    assert "slettet P0002 Per Bakkevik: kontakt 1 (01.06.2016)" in out
    assert "notat: Feil person" in out and "begrunnelse: feil person" in out
    assert "kontakt 2" not in out


def test_a_decision_names_its_application(cli, register):
    _kari(cli)
    run_ok(cli, "application", "add", "P0001", "KOMMUNAL", "--date", "2016-01-20")
    run_ok(cli, "application", "decide", "A0001", "--granted", "--date", "2016-02-01")
    out = run_ok(cli, "log", "--limit", "1").out
    assert "P0001 Åse Ødegård: vedtak om søknad A0001 (01.02.2016)" in out
    assert "vedtak 1" not in out


def test_undo_refused_names_the_record_in_words(cli, register, monkeypatch):
    _kari(cli)
    monkeypatch.setenv("BOLIGREG_USER", "annen")
    run_ok(cli, "contact", "edit", "P0001", "1", "--note", "Møtt på NAV", "--reason", "mer presist")
    monkeypatch.setenv("BOLIGREG_USER", "testbruker")
    before = file_hash(register)
    out = cli("undo", "--yes")
    assert_one_line_error(out, 2)
    assert "P0001 Åse Ødegård: kontakt 1 (01.03.2016) er endret senere" in out.err
    assert "contact:" not in out.err
    assert file_hash(register) == before


def every_logging_command(cli, register, tmp_path, monkeypatch):
    """Every use case that calls reg.log(...), in a register of its own: persons, stays, contacts,
    plans, applications, meetings, corrections, merge, delete, the housing side, users,
    settings, export, backup, restore, import, purge, undo."""
    monkeypatch.setattr("boligreg.cli.output.interactive", lambda: False)
    steps = [
        ("person", "add", "--name", "Åse Ødegård", "--situation", "MIDL", "--since", "2016-01-10",
         "--place", "Hospits A", "--born", "1980-02-03", "--gender", "K", "--needs", "rus"),
        ("person", "add", "--name", "Per Bakkevik", "--situation", "KRIM", "--since", "2016-01-10",
         "--release", "2016-07-01", "--place", "Bergen fengsel", "--new-person"),
        ("person", "add", "--name", "Per Bakkevik", "--situation", "UTE", "--since", "2016-01-10",
         "--new-person"),
        ("person", "add", "--alias", "Feil", "--situation", "UTE", "--since", "2016-01-10", "--new-person"),
        ("person", "update", "P0001", "--phone", "12345678", "--known-since", "2016-01-05",
         "--income", "arbeid", "--born-abroad"),
        ("stay", "add", "P0001", "VENN", "--from", "2016-03-01"),
        ("stay", "edit", "P0001", "2", "--place", "Hos søster", "--reason", "sted"),
        ("contact", "P0001", "Møtt", "--date", "2016-03-02"),
        ("contact", "edit", "P0001", "1", "--note", "Ringt", "--reason", "feil"),
        ("contact", "P0001", "Feil", "--date", "2016-03-03"),
        ("contact", "delete", "P0001", "2", "--reason", "feil person"),
        ("plan", "set", "P0001", "--route", "KOMMUNAL", "--target", "2016-09-01"),
        ("plan", "step", "P0001", "Søke bostøtte", "--owner", "NAV", "--due", "2016-06-15"),
        ("plan", "step", "P0001", "Tredje"),
        ("plan", "done", "P0001", "1"),
        ("plan", "undone", "P0001", "1", "--reason", "ikke ferdig"),
        ("plan", "step", "edit", "P0001", "1", "--owner", "Boligkontoret", "--reason", "ny eier"),
        ("plan", "step", "delete", "P0001", "2", "--reason", "feil"),
        ("application", "add", "P0001", "KOMMUNAL", "--date", "2016-01-20"),
        ("application", "decide", "A0001", "--refused", "--date", "2016-02-01"),
        ("application", "decide", "A0001", "--granted", "--change", "--reason", "klage",
         "--date", "2016-03-01"),
        ("application", "edit", "A0001", "--date", "2016-01-21", "--reason", "feil dato"),
        ("meeting", "start"),
        ("meeting", "action", "P0001", "Ringe utleier", "--owner", "NAV", "--due", "2016-06-15"),
        ("meeting", "action", "edit", "P0001", "3", "--owner", "Boligkontoret", "--reason", "ny eier"),
        ("meeting", "close"),
        ("person", "merge", "P0003", "--into", "P0002", "--reason", "samme", "--yes"),
        ("person", "delete", "P0004", "--reason", "test", "--force", "--yes"),
        ("dwelling", "add", "--address", "Storgata 1", "--rooms", "2", "--kind", "KOMMUNAL", "--vacant-from", "2016-05-01"),
        ("dwelling", "update", "D0001", "--rooms", "3"),
        ("dwelling", "let", "D0001", "--from", "2016-05-10"),
        ("dwelling", "vacant", "D0001", "--from", "2016-05-20"),
        ("dwelling", "offer", "D0001", "P0001", "--date", "2016-05-25"),
        ("offer", "decline", "O0001", "--reason", "ikke_klar", "--date", "2016-05-26"),
        ("dwelling", "offer", "D0001", "P0001", "--date", "2016-05-27"),
        ("offer", "accept", "O0002", "--date", "2016-05-28"),
        ("rental", "add", "--address", "Kirkegata 2", "--rent", "8000", "--rooms", "2", "--available", "2016-05-01",
         "--bostotte", "--deposit-guarantee"),
        ("rental", "update", "R0001", "--until", "2016-06-30"),
        ("housing-first", "invite", "P0002", "--date", "2016-05-01"),
        ("housing-first", "accept", "P0002", "--date", "2016-05-02"),
        ("housing-first", "end", "P0002", "--reason", "flyttet", "--date", "2016-05-20"),
        ("person", "exit", "P0002", "--reason", "moved", "--date", "2016-05-21"),
        ("user", "add", "testbruker", "--role", "coordinator"),
        ("user", "add", "kari", "--role", "caseworker"),
        ("user", "add", "kari", "--role", "reader"),
        ("user", "remove", "kari"),
        ("config", "set", "inactive-after-days", "120"),
        ("config", "set", "zero-vision-date", "2017-06-01"),
        ("export", "--xlsx", str(tmp_path / "e.xlsx"), "--all"),
        ("backup", str(tmp_path / "b.db")),
        ("report", "survey", "--week", "2016-W20", "--xlsx", str(tmp_path / "s.xlsx")),
        ("restore", str(tmp_path / "b.db")),
        ("import", str(tmp_path / "liste.csv"), "--rejects", str(tmp_path / "r.xlsx")),
        ("contact", "P0001", "Angres", "--date", "2016-05-30"),
        ("undo", "--yes"),
        ("status",),
        ("person", "list"),
        ("person", "show", "P0001", "--sensitive"),
        ("purge", "--housed-before", "2016-05-25"),
    ]
    (tmp_path / "liste.csv").write_text("Navn;Fødselsdato;Situasjon;Fra\nImport Person;01.01.1980;UTE;01.05.2016\n",
                                         encoding="utf-8")
    failed = []
    for args in steps:
        outcome = cli(*args)
        if outcome.code != 0:
            failed.append((args, outcome.err.strip()[:200]))
    return failed


ENGLISH = re.compile(r"\b(into|moved|renumbered|stay_ids|twice|deleted|force|records|anonymised|"
                     r"application_id|meeting_id|dwelling_id|stay_id|no|undo|kept|birth_year|invited|"
                     r"answer|answered|end_reason|outcome|address|bostotte|deposit_guarantee|rent|"
                     r"vacant|declined|accepted|moved|not_ready|housing_first|offer|dwelling|"
                     r"rental|mark|import|person-list|created|income|born_abroad|role|coordinator|"
                     r"caseworker|reader|size|floor|rooms|landlord|until|available|ended|week|forms)\b")


@pytest.mark.slow
def test_every_logged_action_and_field_reads_in_norwegian(cli, register, tmp_path, monkeypatch):
    failed = every_logging_command(cli, register, tmp_path, monkeypatch)
    assert failed == [], "\n".join(map(str, failed))
    logged = {row[0] for row in sqlite3.connect(register).execute("SELECT DISTINCT command FROM event")}
    assert {"person merge", "person delete", "offer decline", "offer accept", "housing-first end",
            "dwelling let", "rental update", "restore", "import", "undo", "purge",
            "meeting action edit", "plan step delete"} <= logged
    for sensitive in ((), ("--sensitive",)):
        text = run_ok(cli, "--width", "400", "log", "--limit", "100000", *sensitive).out
        text += run_ok(cli, "--width", "400", "log", "--reads", "--limit", "100000").out
        for line in text.splitlines():
            what = line.split("(", 1)[0] if not line.startswith(" ") else line
            body = what if line.startswith(" ") else what.split("  ", 2)[-1]  # not the user's name
            body = re.sub(r"/\S+", "", body)  # file paths are as typed
            assert "{" not in body and "}" not in body, line
            assert not re.search(r"[A-Za-zæøå]_[A-Za-zæøå]", body), line
            assert not ENGLISH.search(body), line
        assert text.count("Registeret ble opprettet:") == 1  # the register's; a step is «lagt til»
        assert "lagt til: 01.06.2016 · frist: 15.06.2016" in text
        assert "slo sammen person P0003" in text  # its content purged with P0002's since
        assert "slettet med personen: 1 opphold" in text  # a deletion's counts, in words


def test_person_delete_prints_its_lines_without_escapes_in_every_language(cli, register, monkeypatch):
    _kari(cli)
    run_ok(cli, "meeting", "start")
    run_ok(cli, "meeting", "close")  # the meeting listed P0001: --force, and a line of its own
    monkeypatch.setattr("boligreg.cli.output.interactive", lambda: True)
    for language in ("nb", "nn", "en"):
        out = cli("--lang", language, "person", "delete", "P0001", "--reason", "test", "--force", input="n\n")
        assert "\\x0a" not in out.err and "\\x" not in out.err, out.err
        assert len([line for line in out.err.splitlines() if line.strip()]) >= 3, out.err


def test_log_words_past_tense_one_required_and_no_empty_deadline(cli, register):
    _kari(cli)
    out = run_ok(cli, "plan", "step", "P0001", "Tredje").out
    assert "steg 1 lagt til" in out and "(frist" not in out and "()" not in out
    out = run_ok(cli, "person", "update", "P0001", "--known-since", "2016-01-05").out
    assert out.strip() == "P0001 er oppdatert: kjent siden"
    help_text = run_ok(cli, "stay", "edit", "--help").out
    assert help_text.count("påkrevd") == 3  # ID, NR and --reason, each once
    run_ok(cli, "person", "add", "--name", "Åse Ødegård", "--situation", "UTE", "--since", "2016-01-10",
           "--new-person")
    run_ok(cli, "person", "merge", "P0002", "--into", "P0001", "--reason", "samme", "--yes")
    run_ok(cli, "person", "show", "P0001")
    out = run_ok(cli, "log", "--person", "P0001", "--limit", "100").out
    assert "slo sammen person P0002" in out and "leste person P0001" in out
    assert "slått sammen person" not in out and "lest person" not in out
