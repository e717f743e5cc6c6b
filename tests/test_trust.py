"""Trust: the log chain shows tampering, doctor finds damage, backups restore, purge forgets."""

import json
import os
import sqlite3
import stat

import pytest

from boligreg.store import open_register
from boligreg.store.audit import event_hash, verify_chain
from boligreg.store.location import filesystem_of, is_network
from tests.conftest import TODAY, assert_one_line_error, file_hash
from tests.test_cli_register import fnr

FNR = fnr(1980, 12, 15, synthetic=True)


def _add_person(cli, *extra):
    out = cli("person", "add", "--name", "Kari Testesen", "--situation", "VENN", "--since", "2015-01-10",
              "--fnr", FNR, "--phone", "99887766", *extra)
    assert out.code == 0, out
    return out.out.split()[-1]


def _untrigger(path):
    """What someone editing the file with an SQLite tool would do first."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER event_only_redact")
    conn.execute("DROP TRIGGER event_no_delete")
    conn.commit()
    return conn


# --- the chain ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def long_log(tmp_path_factory) -> list[dict]:
    """A real register's log of 100 rows, written through the store: every single-row tampering
    below is tried at every row, and each try verifies the whole chain (quadratic in the rows)."""
    path = tmp_path_factory.mktemp("log") / "register.db"
    reg = open_register(path, create=True, demo=True, today=TODAY, user="testbruker")
    with reg.write("test"):
        for i in range(99):
            reg.log("update", f"config:k{i}", f"P{i % 40:04d}" if i % 3 else None,
                    old={"value": i}, new={"value": i + 1})
    rows = reg.rows("SELECT * FROM event ORDER BY id")
    head = reg.conn.execute("SELECT last_id, hash FROM log_head").fetchone()
    reg.close()
    assert len(rows) == 100 and verify_chain(rows, head).intact
    return rows


def _renumber(rows):
    return [dict(r, id=i + 1) for i, r in enumerate(rows)]


def test_every_single_row_tampering_in_a_100_row_log_is_detected(long_log):
    head = (long_log[-1]["id"], long_log[-1]["hash"])
    fields = ["at", "user", "command", "action", "record", "person_id", "old", "new", "hash"]
    tried = 0
    for k, row in enumerate(long_log):
        changed = list(long_log)
        name = fields[k % len(fields)]
        changed[k] = dict(row, **{name: (row[name] or "") + "x"})
        assert not verify_chain(changed, head).intact, ("change", k, name)
        deleted = long_log[:k] + long_log[k + 1:]
        assert not verify_chain(deleted, head).intact, ("delete", k)
        assert not verify_chain(_renumber(deleted), head).intact, ("delete+renumber", k)
        if k + 1 < len(long_log):
            swapped = list(long_log)
            swapped[k], swapped[k + 1] = long_log[k + 1], row
            assert not verify_chain(swapped, head).intact, ("swap", k)
            assert not verify_chain(_renumber(swapped), head).intact, ("swap+renumber", k)
        # an inserted row sealed correctly for its place still breaks the row after it
        previous = long_log[k - 1]["hash"] if k else "0" * 64
        forged = dict(row, record="person:P9999", new='{"name": "Forfalsket"}')
        forged["hash"] = event_hash(previous, forged)
        inserted = _renumber(long_log[:k] + [forged] + long_log[k:])
        report = verify_chain(inserted, head)
        assert not report.intact and report.bad_id in (k + 2, inserted[-1]["id"]), ("insert", k)
        tried += 6
    assert tried == 600
    assert verify_chain(long_log, head).intact  # and the untouched log still passes


def test_the_first_bad_row_is_named(long_log):
    head = (long_log[-1]["id"], long_log[-1]["hash"])
    changed = [dict(r) for r in long_log]
    changed[40]["user"] = "someone"
    changed[70]["user"] = "someone"
    report = verify_chain(changed, head)
    assert (report.bad_id, report.problem, report.rows) == (41, "chain_changed", 40)
    report = verify_chain(long_log[:90], head)
    assert report.problem == "chain_head"


def test_log_verify_on_a_tampered_file_names_the_row(cli, register):
    person = _add_person(cli)
    assert cli("plan", "set", person, "--target", "2016-12-01").code == 0
    ok = cli("log", "verify")
    assert ok.code == 0 and "hel" in ok.out
    conn = _untrigger(register)
    conn.execute("UPDATE event SET user = 'ukjent' WHERE id = 2")
    conn.commit()
    out = cli("log", "verify")
    assert_one_line_error(out, 1)
    assert "hendelse 2 " in out.err
    doctor = cli("doctor")
    assert doctor.code == 1 and "FEIL" in doctor.out


def test_deleting_the_newest_events_is_detected(cli, register):
    _add_person(cli)
    conn = _untrigger(register)
    conn.execute("DELETE FROM event WHERE id = (SELECT max(id) FROM event)")
    conn.commit()
    out = cli("log", "verify")
    assert_one_line_error(out, 1)
    assert "slutten" in out.err


def test_log_tables_refuse_edits_but_allow_redaction_only(register):
    conn = sqlite3.connect(register)
    for sql in ("UPDATE event SET user = 'x' WHERE id = 1", "DELETE FROM event",
                "UPDATE event SET new = NULL, new_digest = 'x', hash = 'y' WHERE id = 1"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(sql)


def test_a_first_version_log_is_resealed_once_on_upgrade(tmp_path):
    from sqlite_utils import Database

    from boligreg.store.audit import GENESIS, legacy_event_hash
    from boligreg.store.migrations import migration_set

    path = tmp_path / "v1.db"
    db = Database(path)
    migration_set().apply(db, stop_before="m002_redactable_log")
    db["config"].insert_all([{"key": "demo", "value": "1"}, {"key": "created", "value": "2015-01-01"}])
    previous = GENESIS
    for i in range(5):
        row = {"at": f"2015-01-0{i + 1}T10:00:00+00:00", "user": "u", "command": "c", "action": "create",
               "record": f"x:{i}", "person_id": None, "old": None, "new": json.dumps({"i": i})}
        previous = row["hash"] = legacy_event_hash(previous, row)
        db["event"].insert(row)
    db.close()
    reg = open_register(path, today=TODAY)
    from boligreg.store.audit import chain_report

    assert chain_report(reg.conn).intact and chain_report(reg.conn).rows == 5
    assert reg.config()["register-id"]
    reg.close()


def test_a_broken_first_version_log_stops_the_upgrade(tmp_path, cli, db):
    from sqlite_utils import Database

    from boligreg.store.migrations import migration_set

    db_ = Database(db)
    migration_set().apply(db_, stop_before="m002_redactable_log")
    db_["event"].insert({"at": "x", "user": "u", "command": "c", "action": "create", "record": "r",
                         "hash": "not-a-hash"})
    db_.close()
    before = file_hash(db)
    out = cli("status")
    assert_one_line_error(out, 6)
    assert file_hash(db) == before


# --- location ----------------------------------------------------------------------------------


def test_filesystem_of_takes_the_longest_mount_and_unescapes_spaces():
    mounts = ("/dev/vda / ext4 rw 0 0\n"
              "server:/share /mnt/felles\\040disk nfs4 rw 0 0\n"
              "sshfs#me@host: /home/me/remote fuse.sshfs rw 0 0\n")
    assert filesystem_of("/mnt/felles disk/register.db", mounts) == "nfs4"
    assert filesystem_of("/mnt/felles/register.db", mounts) == "ext4"
    assert filesystem_of("/home/me/remote/r.db", mounts) == "fuse.sshfs"
    assert is_network("nfs4") and is_network("fuse.sshfs") and is_network("cifs")
    assert not is_network("ext4") and not is_network("tmpfs") and not is_network(None)


@pytest.mark.parametrize("kind", ["nfs4", "cifs", "fuse.sshfs", "smb3"])
def test_a_register_on_a_network_filesystem_is_refused(cli, db, tmp_path, monkeypatch, kind):
    from boligreg import posix

    assert cli("init", "--demo").code == 0
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\nserver:/x {tmp_path} {kind} rw 0 0\n")
    monkeypatch.setattr(posix, "MOUNTS", mounts)
    before = file_hash(db)
    out = cli("status")
    assert_one_line_error(out, 9)
    assert kind in out.err and "lokal disk" in out.err
    assert file_hash(db) == before
    from tests.conftest import without_training_variables

    without_training_variables(monkeypatch)
    assert cli("--db", str(tmp_path / "ny.db"), "init").code == 9


# --- doctor, backup, restore -------------------------------------------------------------------


def test_doctor_passes_a_sound_register_and_finds_loose_modes(cli, register):
    ok = cli("doctor")
    assert ok.code == 0, ok
    assert "integrity_check: ok" in ok.out and "Ingen funn" in ok.out
    os.chmod(register, 0o644)
    loose = cli("doctor")
    assert loose.code == 1 and "0644" in loose.out
    assert len(loose.err.strip().splitlines()) == 1


def test_doctor_on_a_damaged_file(cli, register):
    data = bytearray(register.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a page of garbage
    register.write_bytes(bytes(data))
    out = cli("doctor")
    assert out.code != 0 and "Traceback" not in out.err + out.out


def test_backup_is_private_verified_and_logged(cli, register, tmp_path):
    os.umask(0o022)
    person = _add_person(cli)
    target = tmp_path / "kopi.db"
    out = cli("backup", str(target))
    assert out.code == 0 and "kontrollert" in out.out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT name FROM person WHERE id = ?", (person,)).fetchone()[0] == "Kari Testesen"
    assert "sikkerhetskopiert" in cli("log").out
    again = cli("backup", str(target))
    assert_one_line_error(again, 2)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kopi")]  # no temp left


def test_restore_brings_back_the_copy_and_keeps_the_replaced_register(cli, register, tmp_path):
    first = _add_person(cli)
    backup = tmp_path / "kopi.db"
    assert cli("backup", str(backup)).code == 0
    assert cli("person", "add", "--name", "Ola Senere", "--situation", "UTE", "--since", "2016-05-01").code == 0
    out = cli("restore", str(backup))
    assert out.code == 0, out
    assert "Ola Senere" not in cli("person", "find", "Ola").out
    assert cli("person", "show", first).code == 0
    kept = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert len(kept) == 1 and stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    names = [r[0] for r in sqlite3.connect(kept[0]).execute("SELECT name FROM person")]
    assert "Ola Senere" in names
    assert cli("log", "verify").code == 0
    assert "gjenopprettet" in cli("log").out


def test_an_id_handed_out_after_the_backup_is_not_handed_out_again_after_a_restore(cli, register, tmp_path):
    """P0002 added and deleted after the backup: the log and any minutes name P0002, so the
    restored register does not give that id to someone else."""
    _add_person(cli)
    backup = tmp_path / "kopi.db"
    assert cli("backup", str(backup)).code == 0
    added = cli("person", "add", "--name", "Ola Senere", "--situation", "UTE", "--since", "2016-05-01")
    assert "P0002" in added.out
    assert cli("person", "delete", "P0002", "--reason", "feil", "--yes").code == 0
    assert cli("restore", str(backup)).code == 0
    again = cli("person", "add", "--name", "Eva Etter", "--situation", "UTE", "--since", "2016-05-02")
    assert "P0003" in again.out, again
    assert cli("log", "verify").code == 0


def test_restore_refuses_damaged_foreign_and_other_files(cli, register, tmp_path):
    before = file_hash(register)
    garbage = tmp_path / "tull.db"
    garbage.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    foreign = tmp_path / "fremmed.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)")
    other = tmp_path / "annet.db"
    assert cli("--db", str(other), "init", "--demo").code == 0
    for source, code, words in ((garbage, 6, "skadet"), (foreign, 6, "ikke et boligreg"),
                                (other, 2, "annet register"), (tmp_path / "borte.db", 2, "finner ikke")):
        out = cli("restore", str(source))
        assert_one_line_error(out, code)
        assert words in out.err
        assert file_hash(register) == before
    assert not [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert cli("restore", str(other), "--other-register").code == 0


def test_restore_replaces_a_damaged_register(cli, register, tmp_path):
    person = _add_person(cli)
    backup = tmp_path / "kopi.db"
    assert cli("backup", str(backup)).code == 0
    register.write_bytes(b"not a database at all" * 100)
    assert_one_line_error(cli("status"), 6)
    assert cli("restore", str(backup)).code == 0
    assert cli("person", "show", person).code == 0
    kept = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert kept[0].read_bytes().startswith(b"not a database")


# --- purge -------------------------------------------------------------------------------------


@pytest.fixture
def housed_and_homeless(cli, register):
    """One person housed in 2015 with notes everywhere, one still homeless."""
    housed = _add_person(cli, "--alias", "Kaia")
    assert cli("stay", "add", housed, "MIDL", "--from", "2015-02-01", "--place", "Hospitset Strandgata 9").code == 0
    assert cli("plan", "set", housed, "--wishes", "nær søsteren på Eiganes").code == 0
    assert cli("contact", housed, "snakket om Eiganes", "--date", "2015-03-01").code == 0
    assert cli("stay", "add", housed, "PRIVAT", "--from", "2015-04-01").code == 0
    homeless = cli("person", "add", "--name", "Per Fortsatt", "--situation", "UTE",
                   "--since", "2015-01-01").out.split()[-1]
    assert cli("contact", homeless, "--date", "2016-05-20").code == 0
    return housed, homeless


def _persons_data(path) -> list:
    conn = sqlite3.connect(path)
    try:
        return [conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
                for table in ("person", "stay", "contact", "plan", "step")]
    finally:
        conn.close()


def test_purge_dry_run_lists_and_changes_nothing(cli, register, housed_and_homeless):
    housed, homeless = housed_and_homeless
    before = _persons_data(register)
    out = cli("purge", "--housed-before", "2016-01-01", "--dry-run")
    assert out.code == 0 and housed in out.out and homeless not in out.out
    assert _persons_data(register) == before  # only the reading of the names is logged
    assert "purge --dry-run" in cli("log", "--reads").out


def test_purge_removes_identity_keeps_figures_and_the_chain(cli, register, housed_and_homeless):
    housed, _ = housed_and_homeless
    figures_before = json.loads(cli("report", "--from", "2015-01-01", "--to", "2015-12-31",
                                    "--format", "json").out)
    out = cli("purge", "--housed-before", "2016-01-01")
    assert out.code == 0, out
    raw = register.read_bytes()
    for secret in (b"Kari Testesen", b"Kaia", FNR.encode(), b"99887766", b"Strandgata",
                   b"Eiganes", b"1980-12-15"):
        assert secret not in raw, secret
    assert b"Per Fortsatt" in raw  # the person still on the list is untouched
    figures_after = json.loads(cli("report", "--from", "2015-01-01", "--to", "2015-12-31",
                                   "--format", "json").out)
    assert figures_after == figures_before
    assert cli("log", "verify").code == 0
    card = cli("person", "show", housed).out
    assert "Anonymisert" in card and "Kari" not in card
    assert_one_line_error(cli("contact", housed), 2)
    assert cli("purge", "--housed-before", "2016-01-01", "--dry-run").out.count("P0") == 0


def test_purge_default_uses_the_retention_period_and_refuses_the_future(cli, register, housed_and_homeless):
    housed, _ = housed_and_homeless
    assert housed not in cli("purge", "--dry-run").out  # 5 years have not passed since 2015
    assert cli("config", "set", "retention-years", "1").code == 0
    assert housed in cli("purge", "--dry-run").out
    assert_one_line_error(cli("purge", "--housed-before", "2030-01-01"), 2)
    assert_one_line_error(cli("config", "set", "retention-years", "null"), 2)


# --- issue 15: paths that look like URIs, symlinks, a backup onto the register -------------------


@pytest.mark.parametrize("folder", ["pct%41dir", "bk#1", "spørsmål?x", "a b%20c"])
def test_paths_with_uri_characters_are_the_paths_they_name(cli, tmp_path, monkeypatch, folder):
    """Issue 15, failure 11: a folder named `pct%41dir` made doctor check `pctAdir` ("no
    findings" on a tampered register) and create stray empty files; restore refused a valid
    backup under `bk#1/`. Every path is the file it names."""
    place = tmp_path / folder
    place.mkdir(mode=0o700)
    path = place / "register.db"
    monkeypatch.setenv("BOLIGREG_DB", str(path))
    assert cli("init", "--demo").code == 0
    _add_person(cli)
    assert cli("doctor").code == 0
    backup = place / "kopi.db"
    assert cli("backup", str(backup)).code == 0
    listing = sorted(p.name for p in tmp_path.iterdir())
    out = cli("restore", str(backup))
    assert out.code == 0, out
    conn = _untrigger(path)
    conn.execute("UPDATE event SET user = 'ukjent' WHERE id = 2")
    conn.commit()
    conn.close()
    doctor = cli("doctor")
    assert doctor.code == 1 and "hendelse 2 " in doctor.out, doctor
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no stray files beside it


def test_doctor_follows_a_symlinked_register_to_its_real_folder(cli, tmp_path, monkeypatch):
    """Issue 15, failure 15: through a symlinked register path, doctor checked the link's
    folder and missed a 0777 real folder."""
    real = tmp_path / "ekte"
    real.mkdir()
    links = tmp_path / "lenker"
    links.mkdir(mode=0o700)
    monkeypatch.setenv("BOLIGREG_DB", str(real / "register.db"))
    assert cli("init", "--demo").code == 0
    (links / "register.db").symlink_to(real / "register.db")
    os.chmod(real, 0o777)
    monkeypatch.setenv("BOLIGREG_DB", str(links / "register.db"))
    out = cli("doctor")
    assert out.code == 1 and "0777" in out.out and str(real) in out.out, out


def test_backup_onto_the_live_register_is_refused(cli, register, tmp_path):
    """Issue 15, failure 15: `backup <the live register> --force` replaced the live file and then
    reported it read-only."""
    _add_person(cli)
    before = file_hash(register)
    link = tmp_path / "lenke.db"
    link.symlink_to(register)
    for target in (register, link):
        out = cli("backup", str(target), "--force")
        assert_one_line_error(out, 2)
    assert file_hash(register) == before
    assert cli("contact", "P0001").code == 0  # still the same, writable register


# --- issue 15: tampering the verifier missed, and anchors outside the file ------------------------

GUARD_NAMES = ("event_no_delete", "event_only_redact", "event_head", "log_head_no_delete",
               "log_head_forward", "log_head_once")


def _head(path) -> tuple[int, str]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT last_id, hash FROM log_head").fetchone()
    finally:
        conn.close()


def test_cutting_the_log_and_rewriting_its_head_is_caught(cli, register):
    """Issue 15, failure 5: cutting the last rows and rewriting log_head to match with plain SQL
    passed `log verify` (the head row had no guard). The head row now refuses to move back, so
    the cut needs its guards dropped, which log verify and doctor report; and a head noted on an
    earlier printout (`log verify --head`) is no longer in the chain even if the guards are put
    back exactly as they were."""
    person = _add_person(cli)
    for day in ("2016-01-05", "2016-02-05", "2016-03-05"):
        assert cli("contact", person, "--date", day).code == 0
    last_id, last_hash = _head(register)
    noted = f"{last_id}:{last_hash[:16]}"
    assert cli("log", "verify", "--head", noted).code == 0
    conn = sqlite3.connect(register)
    conn.execute("DROP TRIGGER event_no_delete")
    conn.execute("DELETE FROM event WHERE id > ?", (last_id - 2,))
    keep = conn.execute("SELECT id, hash FROM event ORDER BY id DESC LIMIT 1").fetchone()
    with pytest.raises(sqlite3.DatabaseError):  # the head row's guard
        conn.execute("UPDATE log_head SET last_id = ?, hash = ?", keep)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("DELETE FROM log_head")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("INSERT OR REPLACE INTO log_head (id, last_id, hash) VALUES (1, ?, ?)", keep)
    conn.execute("DROP TRIGGER log_head_forward")
    conn.execute("UPDATE log_head SET last_id = ?, hash = ?", keep)
    conn.commit()
    out = cli("log", "verify")
    assert_one_line_error(out, 1)
    assert "log_head_forward" in out.err and "event_no_delete" in out.err
    doctor = cli("doctor")
    assert doctor.code == 1 and "log_head_forward" in doctor.out
    from boligreg.store.migrations import GUARDS

    for name in ("event_no_delete", "log_head_forward"):  # put back exactly as created
        conn.execute(GUARDS[name])
    conn.commit()
    conn.close()
    assert cli("log", "verify").code == 0  # the chain itself is consistent again ...
    out = cli("log", "verify", "--head", noted)  # ... but the printed anchor is gone from it
    assert_one_line_error(out, 1)
    assert str(last_id) in out.err


def test_redaction_is_allowed_only_for_persons_purge_anonymised(cli, register):
    """Issue 15, failure 5: the redaction UPDATE that purge needs was allowed on any person's
    events. Only the events of a person whose anonymisation is in the log may be redacted."""
    person = _add_person(cli)
    conn = sqlite3.connect(register)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE event SET new = NULL, new_digest = 'x' WHERE person_id = ?", (person,))
    conn.execute("UPDATE person SET anonymised = '2016-06-01' WHERE id = ?", (person,))
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):  # no anonymisation in the log
        conn.execute("UPDATE event SET new = NULL, new_digest = 'x' WHERE person_id = ?", (person,))
    conn.close()


def test_doctor_reports_every_missing_or_changed_guard(cli, register):
    """Issue 15, failure 5: dropping every trigger was not reported by doctor."""
    assert cli("doctor").code == 0
    conn = sqlite3.connect(register)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    assert set(GUARD_NAMES) <= set(names)
    for name in names:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("CREATE TRIGGER event_no_delete BEFORE DELETE ON event BEGIN SELECT 1; END")  # a decoy
    conn.commit()
    conn.close()
    out = cli("doctor")
    assert out.code == 1
    for name in GUARD_NAMES:
        assert name in out.out, name


def test_the_printout_and_the_report_carry_the_logs_head(cli, register, tmp_path):
    """Issue 15, failure 5: the chain is anchored outside the file. The status printout and the
    report workbook carry the log's head (id and 16 hex digits), which `log verify --head`
    confirms later."""
    from openpyxl import load_workbook

    _add_person(cli)
    page = tmp_path / "status.html"
    assert cli("status", "--print", str(page)).code == 0
    import re

    anchor = re.search(r"\b(\d+):([0-9a-f]{16})\b", page.read_text())
    assert anchor, "no log head on the printout"
    assert cli("log", "verify", "--head", anchor.group(0)).code == 0
    book = tmp_path / "rapport.xlsx"
    assert cli("report", "--from", "2015-01-01", "--to", "2015-12-31", "--xlsx", str(book)).code == 0
    cells = [str(c.value) for row in load_workbook(book).worksheets[0].iter_rows() for c in row if c.value]
    found = [c for c in cells if re.fullmatch(r"\d+:[0-9a-f]{16}", c)]
    assert found and cli("log", "verify", "--head", found[0]).code == 0
    assert_one_line_error(cli("log", "verify", "--head", "9999:0123456789abcdef"), 1)
    assert_one_line_error(cli("log", "verify", "--head", "nonsense"), 2)


# --- issue 15: the log view masks, and is itself a logged read ------------------------------------


def _event_rows(path, action=None):
    conn = sqlite3.connect(path)
    try:
        sql = "SELECT command, action, record, person_id, new FROM event"
        return conn.execute(sql + (" WHERE action = ?" if action else ""), (action,) if action else ()).fetchall()
    finally:
        conn.close()


def test_the_log_view_masks_as_every_listing_does_and_is_logged(cli, register):
    """Issue 15, failure 4: `log --person P0001` printed the needs ("need_psykisk": "yes"), the
    birth date and most of the fødselsnummer, and added no read event. The log view masks as the
    card does, shows sensitive values only with --sensitive (a sensitive read), and is itself a
    logged read."""
    out = cli("person", "add", "--name", "Kari Testesen", "--situation", "KRIM", "--since", "2016-01-10",
              "--release", "2016-07-01", "--place", "Bergen fengsel", "--fnr", FNR, "--needs", "psykisk")
    assert out.code == 0, out
    assert cli("person", "update", "P0001", "--needs", "rus,psykisk").code == 0
    reads_before = len(_event_rows(register, "read"))
    shown = cli("log", "--person", "P0001")
    assert shown.code == 0, shown
    for secret in ("psykisk", "1980-12-15", "15.12.1980", FNR, FNR[:8], "Bergen fengsel"):
        assert secret not in shown.out, secret
    assert FNR[:6] + " *****" in shown.out and "Kari Testesen" in shown.out
    reads = _event_rows(register, "read")
    assert len(reads) == reads_before + 1 and reads[-1][:4] == ("log", "read", "log", "P0001")
    sensitive = cli("log", "--person", "P0001", "--sensitive")
    assert sensitive.code == 0 and "psykisk" in sensitive.out and "Bergen fengsel" in sensitive.out
    assert FNR not in sensitive.out  # the number stays masked, as on the card
    assert _event_rows(register, "read-sensitive")[-1][:4] == ("log", "read-sensitive", "log", "P0001")


def test_log_reads_lists_who_read_what(cli, register, tmp_path):
    """The by-name list's reads (status, status --print, person list, find, meeting show, export,
    log) are logged — what was shown, never the content — and `log --reads` lists them."""
    _add_person(cli)
    assert cli("meeting", "start", "--date", "2016-05-30").code == 0
    for command in (["status"], ["status", "--format", "csv"], ["person", "list"], ["person", "find", "Kari"],
                    ["person", "show", "P0001"], ["meeting", "show"], ["export", "--xlsx", str(tmp_path / "l.xlsx")],
                    ["status", "--print", str(tmp_path / "s.html")], ["log", "--limit", "5"]):
        assert cli(*command).code == 0, command
    changes = cli("log").out
    assert "(status" not in changes and "(person show)" not in changes  # reads are not changes
    reads = cli("log", "--reads", "--limit", "100").out
    for command in ("status", "status --print", "person list", "person find", "person show", "meeting show",
                    "export", "log"):
        assert command in reads, command
    assert "person add" not in reads
    shown = [json.loads(new) for _, action, _, _, new in _event_rows(register, "read") if new]
    assert {"persons": 1, "date": "2016-06-01", "format": "csv"} in shown
    assert not [s for s in shown if "Kari" in json.dumps(s)]  # what was shown, never the content


def test_doctor_finds_roles_changed_outside_the_tool(cli, register):
    """The roles live in the register; a role changed with an SQLite tool no longer matches what
    the log says `user add` and `user remove` did."""
    assert cli("user", "add", "testbruker", "--role", "coordinator").code == 0
    assert cli("user", "add", "kari", "--role", "reader").code == 0
    assert cli("doctor").code == 0
    conn = sqlite3.connect(register)
    conn.execute("UPDATE user SET role = 'coordinator' WHERE name = 'kari'")
    conn.commit()
    conn.close()
    out = cli("doctor")
    assert out.code == 1 and "kari" in out.out




# --- fix 15: the tester's second attack -----------------------------------------------------------


def test_no_write_while_the_logs_guards_are_missing(cli, register):
    """Fix 15, finding 7: with the log's guard triggers dropped, `person add` still wrote, and
    extended a log nothing protected. Every write (a read's event too) is refused with one line
    (exit 6) and changes nothing until the guards are back; doctor and log verify still report."""
    _add_person(cli)
    conn = _untrigger(register)
    conn.close()
    before = file_hash(register)
    for command in (["person", "add", "--name", "Ny Person", "--situation", "UTE", "--since", "2016-05-01"],
                    ["contact", "P0001"], ["status"]):
        out = cli(*command)
        assert_one_line_error(out, 6)
        assert "event_no_delete" in out.err and "vakter" in out.err
    assert file_hash(register) == before
    doctor = cli("doctor")
    assert doctor.code == 1 and "event_only_redact" in doctor.out
    assert_one_line_error(cli("log", "verify"), 1)
    assert file_hash(register) == before
    from boligreg.store.migrations import GUARDS

    conn = sqlite3.connect(register)
    for name in ("event_no_delete", "event_only_redact"):
        conn.execute(GUARDS[name])
    conn.commit()
    conn.close()
    assert cli("contact", "P0001").code == 0


@pytest.mark.parametrize("mode", [0o1777, 0o1770, 0o777])
def test_doctor_flags_a_folder_others_may_write_in_sticky_or_not(cli, register, mode):
    """Fix 15, finding 9: doctor accepted a world-writable sticky folder (1777) for the
    register's folder. The sticky bit keeps others from replacing the register, not from
    putting a journal beside it, which SQLite would roll into the register."""
    assert cli("doctor").code == 0
    os.chmod(register.parent, mode)
    try:
        out = cli("doctor")
    finally:
        os.chmod(register.parent, 0o700)
    assert out.code == 1 and f"{mode:04o}" in out.out and "FEIL" in out.out, out


def test_person_duplicates_is_a_logged_read(cli, register):
    """Fix 15, finding 12: `person duplicates` lists names and was not logged as a read. It is
    a read of the person list, logged with its count before anything is shown."""
    for _ in range(2):
        assert cli("person", "add", "--name", "Kari Testesen", "--situation", "UTE", "--since", "2016-05-01",
                   "--new-person").code == 0
    out = cli("person", "duplicates")
    assert out.code == 0 and "Kari Testesen" in out.out
    reads = [r for r in _event_rows(register, "read") if r[0] == "person duplicates"]
    assert len(reads) == 1 and reads[0][2] == "person-list" and json.loads(reads[0][4]) == {"persons": 2}
    assert "person duplicates" in cli("log", "--reads").out


def test_doctor_after_a_deletion_and_its_failing_lines_say_what_is_wrong(cli, register):
    """Fix 15, finding 14: after every `person delete` (which VACUUMs) doctor failed with
    'FEIL filen er ryddet med VACUUM … (0 ledige sider)', and a changed role read 'FEIL brukere
    og roller stemmer med loggen …: mona'. A deletion logs its VACUUM, and a failing line says
    what is wrong."""
    person = _add_person(cli)
    assert cli("person", "delete", person, "--reason", "registrert ved en feil", "--yes").code == 0
    out = cli("doctor")
    assert out.code == 0 and "ryddet med VACUUM etter siste" in out.out, out
    assert cli("user", "add", "testbruker", "--role", "coordinator").code == 0
    assert cli("user", "add", "mona", "--role", "reader").code == 0
    conn = _untrigger(register)
    from boligreg.store.migrations import GUARDS

    for name in ("event_no_delete", "event_only_redact"):
        conn.execute(GUARDS[name])
    conn.execute("UPDATE user SET role = 'coordinator' WHERE name = 'mona'")
    conn.execute("INSERT INTO event (at, user, command, action, record, person_id, hash) "
                 "SELECT at, user, command, 'anonymise', 'person:X', 'X', 'x' FROM event WHERE id = 1")
    conn.commit()
    conn.close()
    lines = [line for line in cli("doctor").out.splitlines() if line.startswith("FEIL")]
    users = next(line for line in lines if "mona" in line)
    assert "stemmer ikke" in users and "SQLite-verktøy" in users, users
    vacuum = next(line for line in lines if "VACUUM" in line)
    assert "ikke ryddet" in vacuum and "purge --vacuum" in vacuum and "ledige sider" not in vacuum, vacuum


def test_a_head_that_was_never_in_the_log_is_said_to_be_so(cli, register):
    """Fix 15, finding 14: `log verify --head 9999:…` with an id the log never reached said
    events were deleted from its end."""
    _add_person(cli)
    out = cli("log", "verify", "--head", "9999:0123456789abcdef")
    assert_one_line_error(out, 1)
    assert "ikke i loggen" in out.err and "finnes ikke her" in out.err, out.err
    assert "Se etter at hodet er skrevet av riktig" in out.err
