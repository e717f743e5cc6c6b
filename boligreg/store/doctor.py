"""`doctor`: every check of a register file, each reported. It changes nothing in the register;
the one thing it repairs is outside it: temporary files that killed commands left behind."""

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from boligreg.files import sweep_temp_files
from boligreg.posix import mode_of, others_may_replace
from boligreg.store.audit import chain_report
from boligreg.store.connection import connect
from boligreg.store.location import is_network, location_kind

OUTPUT_ACTIONS = ("backup", "export", "read")
"""Events that may name a file the tool wrote (a backup, an export, a printout): its folder may
hold a killed writer's temporary file."""


@dataclass
class Finding:
    """One check the doctor ran: its catalog key, whether it passed, and what it saw."""

    check: str
    ok: bool
    detail: dict = field(default_factory=dict)


def file_mode_findings(path: Path) -> list[Finding]:
    """The register and its journal must be closed to group and others; its folder must not
    let others replace or delete it. Not checked where the system has no POSIX modes."""
    findings = []
    for item in (path, Path(f"{path}-journal"), Path(f"{path}-wal")):
        mode = mode_of(item) if item.exists() else None
        if mode is not None:
            findings.append(Finding("check_mode", mode & 0o077 == 0,
                                    {"path": str(item), "mode": f"{mode:04o}"}))
    mode = mode_of(path.parent)
    if mode is not None:
        findings.append(Finding("check_folder", not others_may_replace(mode),
                                {"path": str(path.parent), "mode": f"{mode:04o}"}))
    return findings


def database_findings(conn: sqlite3.Connection) -> list[Finding]:
    """SQLite's own checks, then the event log's chain."""
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    findings = [Finding("check_integrity", integrity == ["ok"], {"detail": "; ".join(integrity[:3])})]
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    findings.append(Finding("check_foreign_keys", not broken, {"n": len(broken)}))
    findings += vacuum_findings(conn)
    report = chain_report(conn)
    if report.problem is None:
        findings.append(Finding("check_chain", True, {"n": report.rows, "head": report.head[:16]}))
    else:  # the same words as `log verify`: which event, and how
        findings.append(Finding(report.problem, False, {"id": report.bad_id, "n": report.rows}))
    findings.append(Finding("check_guards", not report.guards, {"names": ", ".join(report.guards) or "–"}))
    return findings


def vacuum_findings(conn: sqlite3.Connection) -> list[Finding]:
    """A purge that no VACUUM has followed (its VACUUM failed) may have left what it removed in
    freed parts of the file's pages."""
    last = dict(conn.execute("SELECT action, max(id) FROM event WHERE action IN ('anonymise', 'vacuum') "
                             "GROUP BY action").fetchall())
    if "anonymise" not in last:
        return []
    pages = conn.execute("PRAGMA freelist_count").fetchone()[0]
    return [Finding("check_vacuum", last.get("vacuum", 0) > last["anonymise"], {"pages": pages})]


def output_folders(conn: sqlite3.Connection) -> set[Path]:
    """The folders of the files the log says the tool wrote (backups, exports, printouts)."""
    folders = set()
    marks = ",".join("?" * len(OUTPUT_ACTIONS))
    for (new,) in conn.execute(f"SELECT new FROM event WHERE action IN ({marks}) AND new LIKE '%\"file\"%'",
                               OUTPUT_ACTIONS):
        try:
            name = json.loads(new).get("file")
        except (ValueError, AttributeError):
            continue
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


def doctor(path: Path) -> list[Finding]:
    """Every check, each reported; a file SQLite cannot read is itself the finding. Through a
    symlink, the real file and its real folder are checked (and the link's folder too)."""
    real = Path(os.path.realpath(path))
    kind = location_kind(real)
    findings = [Finding("check_location", not is_network(kind), {"kind": kind or "?"})]
    findings += file_mode_findings(real)
    if path.absolute().parent != real.parent:
        mode = mode_of(path.absolute().parent)
        if mode is not None:
            findings.append(Finding("check_folder", not others_may_replace(mode),
                                    {"path": str(path.absolute().parent), "mode": f"{mode:04o}"}))
    try:
        conn = connect(real, readonly=True)
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
