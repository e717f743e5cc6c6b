"""`doctor`: every check of a register file, each reported. It changes nothing in the register;
the one thing it repairs is outside it: temporary files that killed commands left behind."""

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from boligreg.files import sweep_temp_files
from boligreg.i18n import Phrase
from boligreg.posix import (
    PRIVATE_FILE,
    SHARED_FILE,
    SHARED_FOLDER,
    gid_of,
    group_id,
    group_name,
    mode_of,
    others_may_replace,
    others_may_write,
)
from boligreg.store.audit import chain_report
from boligreg.store.connection import STORED_TEXT, connect
from boligreg.store.location import is_network, location_kind

OUTPUT_ACTIONS = ("backup", "export", "read", "import")
"""Events that may name a file the tool wrote (a backup, an export, a printout, an import's
rejects workbook): its folder may hold a killed writer's temporary file."""


@dataclass
class Finding:
    """One check the doctor ran: its catalog key, whether it passed, and what it saw."""

    check: str
    ok: bool
    detail: dict = field(default_factory=dict)


def file_mode_findings(path: Path, group: str = "") -> list[Finding]:
    """Without a shared group: the register and its journal closed to group and others, and a
    folder no one else may write in (a sticky 1777 folder still lets others add a journal).
    With one (`init --group`): exactly the shared set-up, the files 0660 (or 0600) and the
    folder setgid 2770, all of that group, and nothing for others; any other widening is a
    finding. Not checked without POSIX modes."""
    gid = group_id(group) if group else None
    findings = []
    for item in (path, Path(f"{path}-journal"), Path(f"{path}-wal")):
        mode = mode_of(item) if item.exists() else None
        if mode is None:
            continue
        if not group:
            findings.append(Finding("check_mode", mode & 0o077 == 0,
                                    {"path": str(item), "mode": f"{mode:04o}"}))
            continue
        ok = gid is not None and gid_of(item) == gid and mode in (PRIVATE_FILE, SHARED_FILE)
        findings.append(Finding("check_mode_group", ok, {"path": str(item), "mode": f"{mode:04o}",
                                                         "group": group_name(gid_of(item) or 0), "expected": group}))
    mode = mode_of(path.parent)
    if mode is not None and not group:
        findings.append(Finding("check_register_folder", not others_may_write(mode),
                                {"path": str(path.parent), "mode": f"{mode:04o}"}))
    elif mode is not None:
        folder_gid = gid_of(path.parent) or 0
        ok = gid is not None and folder_gid == gid and mode == SHARED_FOLDER
        findings.append(Finding("check_folder_group", ok, {"path": str(path.parent), "mode": f"{mode:04o}",
                                                           "group": group_name(folder_gid), "expected": group}))
    return findings


def users_findings(conn: sqlite3.Connection) -> list[Finding]:
    """The users table as the log's user events leave it: a role changed with an SQLite tool is
    a finding (the roles bind the tool; the log shows who changed them through it)."""
    from boligreg.store.users import users_by_log

    table = dict(conn.execute("SELECT name, role FROM user").fetchall())
    if not table and not conn.execute("SELECT 1 FROM event WHERE record LIKE 'user:%' LIMIT 1").fetchone():
        return []
    expected = users_by_log(conn)
    wrong = sorted(n for n in set(table) | set(expected) if table.get(n) != expected.get(n))
    if not wrong:
        return [Finding("check_users", True)]
    return [Finding("check_users_bad", False, {"names": ", ".join(wrong), "n": len(wrong)})]


def training_findings(conn: sqlite3.Connection) -> list[Finding]:
    """The config's demo flag against the log's creation event: a real register whose flag was
    set with an SQLite tool (to make BOLIGREG_USER and BOLIGREG_TODAY act) is a finding."""
    from boligreg.store.audit import created_as_training

    row = conn.execute("SELECT value FROM config WHERE key = 'demo'").fetchone()
    flagged = bool(row) and row[0] == "1"
    made = created_as_training(conn)
    if flagged == bool(made):
        return [Finding("check_training", True, {"state": Phrase("yes" if flagged else "no")})]
    return [Finding("check_training_bad", False, {"flag": Phrase("yes" if flagged else "no"),
                                                  "made": Phrase("yes" if made else "no")})]


def text_findings(conn: sqlite3.Connection, shown_rows: int = 10) -> list[Finding]:
    """Stored text that is no UTF-8 (edited outside boligreg): every output shows such a byte
    escaped (\\xb6), and doctor names the rows, by table and id, never their content."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    queries = []
    for table in tables:
        info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        texts = [row[1] for row in info if str(row[2]).upper() == "TEXT"]
        if texts:
            key = "id" if any(row[1] == "id" for row in info) else "rowid"
            columns = ", ".join(f'"{name}"' for name in texts)
            queries.append((table, texts, f'SELECT {key}, {columns} FROM "{table}"'))
    bad: list[str] = []
    factory = conn.text_factory
    conn.text_factory = bytes  # the stored bytes themselves, to test each one
    try:
        for table, texts, query in queries:
            for row in conn.execute(query):
                wrong = [name for name, value in zip(texts, row[1:]) if not _utf8(value)]
                if wrong:
                    ident = row[0].decode("utf-8", "replace") if isinstance(row[0], bytes) else row[0]
                    bad.append(f"{table} {ident} ({', '.join(wrong)})" if _utf8(row[0])
                               else f"{table} ({', '.join(wrong)})")
    finally:
        conn.text_factory = factory
    if not bad:
        return [Finding("check_text", True)]
    more = len(bad) - shown_rows
    listed = ", ".join(bad[:shown_rows]) + (f" … (+{more})" if more > 0 else "")
    return [Finding("check_text_bad", False, {"n": len(bad), "rows": listed})]


def _utf8(value: object) -> bool:
    if not isinstance(value, bytes):
        return True
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def database_findings(conn: sqlite3.Connection) -> list[Finding]:
    """SQLite's own checks, then the event log's chain."""
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    findings = [Finding("check_integrity", integrity == ["ok"], {"detail": "; ".join(integrity[:3])})]
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    findings.append(Finding("check_foreign_keys", not broken, {"n": len(broken)}))
    findings += vacuum_findings(conn)
    findings += users_findings(conn)
    findings += training_findings(conn)
    findings += text_findings(conn)
    report = chain_report(conn)
    if report.problem is None:
        findings.append(Finding("check_chain", True, {"n": report.rows, "head": report.head[:16]}))
    else:  # the same words as `log verify`: which event, and how
        findings.append(Finding(report.problem, False, {"id": report.bad_id, "n": report.rows}))
    if report.guards:
        findings.append(Finding("chain_guards", False, {"names": ", ".join(report.guards)}))
    else:
        findings.append(Finding("check_guards", True))
    return findings


def vacuum_findings(conn: sqlite3.Connection) -> list[Finding]:
    """An anonymisation (a purge, a deleted person) that no logged VACUUM has followed (its
    VACUUM failed) may have left what it removed in freed parts of the file's pages."""
    last = dict(conn.execute("SELECT action, max(id) FROM event WHERE action IN ('anonymise', 'vacuum') "
                             "GROUP BY action").fetchall())
    if "anonymise" not in last:
        return []
    if last.get("vacuum", 0) > last["anonymise"]:
        return [Finding("check_vacuum", True)]
    return [Finding("check_vacuum_bad", False)]


def output_folders(conn: sqlite3.Connection) -> set[Path]:
    """The folders of the files the log says the tool wrote (backups, exports, printouts)."""
    folders = set()
    marks = ",".join("?" * len(OUTPUT_ACTIONS))
    for (new,) in conn.execute(f"SELECT new FROM event WHERE action IN ({marks}) AND new LIKE '%\"file\"%'",
                               OUTPUT_ACTIONS):
        try:
            content = json.loads(new)
            names = [content.get("file"), content.get("rejects")]
        except (ValueError, AttributeError):
            continue
        for name in names:
            if isinstance(name, str) and name:
                folders.add(Path(name).absolute().parent)
    return folders


def sweep_leftovers(path: Path, conn: sqlite3.Connection | None) -> list[Path]:
    """Remove what killed writers left beside the register and beside the files it wrote."""
    folders = {Path(os.path.realpath(path)).parent, path.absolute().parent}
    if conn is not None:
        try:
            folders |= output_folders(conn)
        except (sqlite3.DatabaseError, UnicodeDecodeError):
            pass  # a damaged log: the register's own folder is still swept
    return sweep_temp_files(folders)


def shared_group_of(path: Path) -> str:
    """The group the register says it is shared with ('' if none, or unreadable)."""
    try:
        conn = connect(path, readonly=True)
        try:
            row = conn.execute("SELECT value FROM config WHERE key = 'group'").fetchone()
            return row[0] if row else ""
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        return ""


def doctor(path: Path) -> list[Finding]:
    """Every check, each reported; a file SQLite cannot read is itself the finding. Through a
    symlink, the real file and its real folder are checked (and the link's folder too)."""
    real = Path(os.path.realpath(path))
    kind = location_kind(real)
    findings = [Finding("check_location", not is_network(kind), {"kind": kind or "?"})]
    findings += file_mode_findings(real, shared_group_of(real))
    if path.absolute().parent != real.parent:
        mode = mode_of(path.absolute().parent)
        if mode is not None:
            findings.append(Finding("check_folder", not others_may_replace(mode),
                                    {"path": str(path.absolute().parent), "mode": f"{mode:04o}"}))
    try:
        conn = connect(real, readonly=True)
        conn.text_factory = STORED_TEXT  # every text read, whatever bytes it holds
        try:
            findings += database_findings(conn)
            removed = sweep_leftovers(path, conn)
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        findings.append(Finding("check_integrity", False, {"detail": str(error)}))
        removed = sweep_leftovers(path, None)
    if removed:
        findings.append(Finding("check_temp_removed", True,
                                {"n": len(removed), "names": ", ".join(p.name for p in removed)}))
    return findings
