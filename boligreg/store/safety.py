"""Keeping the register file safe: where it may live, its health check, backup and restore."""

import os
import sqlite3
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from boligreg.errors import InvalidInput, RegisterDamaged, UnsafeLocation
from boligreg.files import write_error

MOUNTS = Path("/proc/mounts")

# SQLite's locking relies on POSIX advisory locks that these filesystems do not honour reliably:
# two caseworkers on one network share can corrupt the file. https://sqlite.org/useovernet.html
NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "coda", "ceph", "glusterfs",
    "lustre", "gpfs", "davfs", "9p", "fuse", "fuseblk", "sshfs", "virtiofs", "gfs2", "ocfs2",
}


def _unescape(field_: str) -> str:
    """/proc/mounts writes a space in a mount point as \\040 (and tab, newline, backslash alike)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field_ = field_.replace(code, char)
    return field_


def filesystem_of(path: Path, mounts: str) -> str | None:
    """The type of the filesystem that holds `path`: the mount with the longest matching point."""
    target = str(path)
    best, kind = "", None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape(parts[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind


def is_network(kind: str | None) -> bool:
    return bool(kind) and (kind in NETWORK_FILESYSTEMS or kind.startswith("fuse."))


def location_kind(path: Path) -> str | None:
    """The filesystem type holding `path` (or its folder, before it exists); None where there
    is no /proc/mounts to read (not Linux): nothing to read, nothing to refuse."""
    try:
        mounts = MOUNTS.read_text()
    except OSError:
        return None
    return filesystem_of(Path(os.path.realpath(path if path.exists() else path.parent)), mounts)


def check_location(path: Path) -> None:
    """Refuse a register on a network or FUSE filesystem, before SQLite touches it."""
    kind = location_kind(path)
    if is_network(kind):
        raise UnsafeLocation("err_network_fs", path=str(path), kind=kind)


# --- doctor ---------------------------------------------------------------------------------


@dataclass
class Finding:
    """One check the doctor ran: its catalog key, whether it passed, and what it saw."""

    check: str
    ok: bool
    detail: dict = field(default_factory=dict)


def file_mode_findings(path: Path) -> list[Finding]:
    """The register and its journal must be closed to group and others; its folder must not
    let others replace or delete it (writable without the sticky bit, as /tmp has)."""
    findings = []
    for item in (path, Path(f"{path}-journal"), Path(f"{path}-wal")):
        if item.exists():
            mode = stat.S_IMODE(item.stat().st_mode)
            findings.append(Finding("check_mode", mode & 0o077 == 0, {"path": str(item), "mode": f"{mode:04o}"}))
    mode = stat.S_IMODE(path.parent.stat().st_mode)
    safe = not mode & 0o022 or bool(mode & stat.S_ISVTX)
    findings.append(Finding("check_folder", safe, {"path": str(path.parent), "mode": f"{mode:04o}"}))
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


def chain_report(conn: sqlite3.Connection):
    """Check the event log of an open register, reading the rows as a stream."""
    from boligreg.store.audit import verify_chain

    conn_factory = conn.row_factory
    conn.row_factory = sqlite3.Row
    try:
        head = conn.execute("SELECT last_id, hash FROM log_head WHERE id = 1").fetchone()
        rows = (dict(r) for r in conn.execute("SELECT * FROM event ORDER BY id"))
        return verify_chain(rows, tuple(head) if head else None)
    finally:
        conn.row_factory = conn_factory


def doctor(path: Path) -> list[Finding]:
    """Every check, each reported; a file SQLite cannot read is itself the finding."""
    kind = location_kind(path)
    findings = [Finding("check_location", not is_network(kind), {"kind": kind or "?"})]
    findings += file_mode_findings(path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            findings += database_findings(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        findings.append(Finding("check_integrity", False, {"detail": str(error)}))
    return findings


# --- backup and restore ---------------------------------------------------------------------


def _private_temp(beside: Path) -> Path:
    try:
        import tempfile  # here, not at the top: reads (status, person show) skip its 2 ms

        fd, name = tempfile.mkstemp(prefix=f".{beside.name}.", suffix=".tmp", dir=beside.parent)
    except OSError as error:
        raise write_error(beside, error) from None
    os.close(fd)
    os.chmod(name, 0o600)
    return Path(name)


def _copy_verified(source: sqlite3.Connection, target: Path) -> None:
    """Copy a whole database with SQLite's backup API into a 0600 temporary file beside
    `target`, check it with integrity_check, fsync it, then rename it into place: a backup that
    is reported made is whole, and a failed one leaves nothing behind."""
    tmp = _private_temp(target)
    try:
        copy = sqlite3.connect(tmp)
        try:
            source.backup(copy)
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise RegisterDamaged("err_backup_check", path=str(target))
        finally:
            copy.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except sqlite3.Error as error:
        from boligreg.store.register import translate_sqlite_error

        raise translate_sqlite_error(error, target) from None
    except OSError as error:
        raise write_error(target, error) from None
    finally:
        tmp.unlink(missing_ok=True)


def backup(reg, target: Path) -> None:
    """A consistent copy of the open register (others may keep writing while it is taken)."""
    _copy_verified(reg.conn, target)
    with reg.write("backup"):
        reg.log("backup", "register", new={"file": str(target)})


def check_backup(source: Path, register_id: str | None) -> None:
    """A file restore may use: readable, whole, a boligreg register, its log intact, and (unless
    the caller allows it) a copy of this same register rather than another one."""
    if not source.is_file():
        raise InvalidInput("err_no_file", path=str(source))
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise RegisterDamaged("err_restore_damaged", path=str(source))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"_sqlite_migrations", "config", "event", "person"} <= tables:
                raise RegisterDamaged("err_restore_foreign", path=str(source))
            if "log_head" in tables and not chain_report(conn).intact:
                raise RegisterDamaged("err_restore_chain", path=str(source))
            their_id = conn.execute("SELECT value FROM config WHERE key = 'register-id'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise RegisterDamaged("err_restore_damaged", path=str(source)) from None
    if register_id and their_id and their_id[0] != register_id:
        raise InvalidInput("err_restore_other", path=str(source))


def restore(path: Path, source: Path, allow_other: bool = False) -> Path | None:
    """Replace the register at `path` with the backup `source`; the replaced register is first
    kept beside it as `<name>.before-restore-<time>` (returned). A damaged register is kept
    byte for byte; a healthy one through the backup API, so no half-written page is kept."""
    current_id = None
    healthy = False
    if path.exists():
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                healthy = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                row = conn.execute("SELECT value FROM config WHERE key = 'register-id'").fetchone()
                current_id = row[0] if row else None
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            healthy = False
    check_backup(source, None if allow_other else current_id)
    kept = None
    if path.exists():
        kept = path.with_name(f"{path.name}.before-restore-{datetime.now():%Y%m%dT%H%M%S}")
        if healthy:
            live = sqlite3.connect(path)
            try:
                _copy_verified(live, kept)
            finally:
                live.close()
        else:
            _copy_bytes(path, kept)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if healthy:  # into the live file under SQLite's own lock and journal
                live = sqlite3.connect(path, timeout=float(os.environ.get("BOLIGREG_BUSY_TIMEOUT", "5")))
                try:
                    src.backup(live)
                finally:
                    live.close()
            else:
                _copy_verified(src, path)  # its own verified temporary file, renamed over the damaged one
                Path(f"{path}-journal").unlink(missing_ok=True)
        finally:
            src.close()
    except sqlite3.Error as error:
        from boligreg.store.register import translate_sqlite_error

        raise translate_sqlite_error(error, path) from None
    return kept


def _copy_bytes(path: Path, target: Path) -> None:
    tmp = _private_temp(target)
    try:
        with open(path, "rb") as src, open(tmp, "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, target)
    except OSError as error:
        raise write_error(target, error) from None
    finally:
        tmp.unlink(missing_ok=True)
