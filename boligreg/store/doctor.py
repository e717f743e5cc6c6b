"""`doctor`: every check of a register file, each reported, none changing anything."""

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from boligreg.posix import mode_of, others_may_replace
from boligreg.store.audit import chain_report
from boligreg.store.connection import connect
from boligreg.store.location import is_network, location_kind


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
    report = chain_report(conn)
    findings.append(Finding("check_chain", report.intact,
                            {"n": report.rows, "id": report.bad_id, "head": report.head[:16]}))
    return findings


def doctor(path: Path) -> list[Finding]:
    """Every check, each reported; a file SQLite cannot read is itself the finding."""
    kind = location_kind(path)
    findings = [Finding("check_location", not is_network(kind), {"kind": kind or "?"})]
    findings += file_mode_findings(path)
    try:
        conn = connect(path, readonly=True)
        try:
            findings += database_findings(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        findings.append(Finding("check_integrity", False, {"detail": str(error)}))
    return findings
