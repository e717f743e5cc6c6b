"""`backup` and `restore`: whole, verified copies of a register file, in and out.

Both go through SQLite's backup API (never a byte copy of a live file, which could catch a
half-written page), into a private temporary file beside the target that is checked with
integrity_check and fsynced before it is renamed into place: a copy reported made is whole, and
a failed one leaves nothing behind.
"""

import os
import sqlite3
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from boligreg.errors import InvalidInput, RegisterDamaged, RegisterLocked
from boligreg.files import check_target, put_in_place, temp_beside
from boligreg.store.audit import chain_report
from boligreg.store.connection import busy_timeout, connect, translate_sqlite_error
from boligreg.store.location import check_location
from boligreg.store.register import Register, open_register

_WAITING = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _copy_database(source: sqlite3.Connection, target: sqlite3.Connection, where: Path) -> None:
    """SQLite's backup API, within the busy timeout. Python's backup() retries a busy step for
    ever; its progress callback is called after every step, so it is where the wait ends."""
    deadline = time.monotonic() + busy_timeout()

    def progress(status: int, remaining: int, total: int) -> None:
        if status in _WAITING and time.monotonic() >= deadline:
            raise RegisterLocked("err_locked", path=str(where))

    source.backup(target, progress=progress, sleep=0.05)


def _copy_verified(source: sqlite3.Connection, target: Path,
                   record: Callable[[], None] | None = None) -> None:
    """Copy a whole database into `target` (see the module's docstring); `record` runs once the
    empty temporary file exists and before the first page is copied into it, so a copy killed
    half-way lies in a folder the log names, where doctor and purge look (files.write_private)."""
    with temp_beside(target) as (_, tmp):
        if record is not None:
            record()
        try:
            copy = connect(tmp)
            try:
                _copy_database(source, copy, target)
                if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise RegisterDamaged("err_backup_check", path=str(target))
            finally:
                copy.close()
        except sqlite3.Error as error:
            raise translate_sqlite_error(error, target) from None
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        put_in_place(tmp, target)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def backup(reg: Register, target: Path, force: bool = False) -> None:
    """A consistent copy of the open register (others may keep writing while it is taken). The
    backup event is committed before the first page is copied: a copy, whole or half-made,
    exists only if the log says who took it and where."""
    if _same_file(target, reg.path):
        raise InvalidInput("err_backup_onto_register", path=str(target))
    check_target(target, force)

    def record() -> None:
        with reg.write("backup"):
            reg.log("backup", "register", new={"file": os.path.abspath(target)})

    _copy_verified(reg.conn, target, record)


def check_backup(source: Path, register_id: str | None) -> None:
    """A file restore may use: readable, whole, a boligreg register, its log intact, and (unless
    the caller allows it) a copy of this same register rather than another one."""
    if not source.is_file():
        raise InvalidInput("err_no_file", path=str(source))
    try:
        conn = connect(source, readonly=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise RegisterDamaged("err_restore_damaged", path=str(source))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"_sqlite_migrations", "config", "event", "person"} <= tables:
                raise RegisterDamaged("err_restore_foreign", path=str(source))
            # the chain must check; the guards may be an older version's, which opening upgrades
            if "log_head" in tables and chain_report(conn).problem is not None:
                raise RegisterDamaged("err_restore_chain", path=str(source))
            their_id = conn.execute("SELECT value FROM config WHERE key = 'register-id'").fetchone()
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        raise RegisterDamaged("err_restore_damaged", path=str(source)) from None
    if register_id and their_id and their_id[0] != register_id:
        raise InvalidInput("err_restore_other", path=str(source))


def _health(path: Path) -> tuple[bool, str | None]:
    """Whether the register at `path` reads cleanly, and its register id."""
    try:
        conn = connect(path, readonly=True)
        try:
            healthy = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            row = conn.execute("SELECT value FROM config WHERE key = 'register-id'").fetchone()
            return healthy, row[0] if row else None
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError):  # the latter: SQLite quoting a damaged schema
        return False, None


def replace_register(path: Path, source: Path, allow_other: bool = False) -> Path | None:
    """Replace the register at `path` with the backup `source`; the replaced register is first
    kept beside it as `<name>.before-restore-<time>` (returned). A damaged register is kept
    byte for byte; a healthy one through the backup API, so no half-written page is kept. When
    the restore fails (locked past the busy timeout, say), nothing was replaced, and the kept
    copy goes too."""
    if _same_file(source, path):
        raise InvalidInput("err_restore_self", path=str(source))
    healthy, current_id = _health(path) if path.exists() else (False, None)
    check_backup(source, None if allow_other else current_id)
    kept = None
    try:
        if path.exists():
            kept = path.with_name(f"{path.name}.before-restore-{datetime.now():%Y%m%dT%H%M%S}")
            if healthy:
                live = connect(path)
                try:
                    _copy_verified(live, kept)
                finally:
                    live.close()
            else:
                _copy_bytes(path, kept)
        src = connect(source, readonly=True)
        try:
            if healthy:  # into the live file under SQLite's own lock and journal
                live = connect(path)
                try:
                    _copy_database(src, live, path)
                finally:
                    live.close()
            else:
                _copy_verified(src, path)  # its own verified temporary file, renamed over the damaged one
                Path(f"{path}-journal").unlink(missing_ok=True)
        finally:
            src.close()
    except sqlite3.Error as error:
        if kept:
            kept.unlink(missing_ok=True)
        raise translate_sqlite_error(error, path) from None
    except BaseException:
        if kept:
            kept.unlink(missing_ok=True)
        raise
    return kept


def restore(path: Path, source: Path, allow_other: bool = False, user: str | None = None,
            today: date | None = None) -> Path | None:
    """`boligreg restore`: replace the register, then record in the restored register's own log
    that it was restored (by `user`), from which file, and where the replaced one was kept."""
    check_location(path)
    kept = replace_register(path, source, allow_other)
    reg = open_register(path, user=user, today=today)
    try:
        with reg.write("restore"):
            carried = _carry_issued(reg, kept)
            reg.log("restore", "register", new={"file": str(source), "kept": str(kept) if kept else None,
                                                "issued": carried or None})
    finally:
        reg.close()
    return kept


def _carry_issued(reg: Register, kept: Path | None) -> int:
    """The ids and card numbers the replaced register had handed out (table `issued`) stay
    handed out: a person added and deleted after the backup was taken keeps their id to
    themselves, as the log and the old minutes name it. The number of kinds carried."""
    if kept is None:
        return 0
    try:
        old = connect(kept, readonly=True)
        try:
            rows = old.execute("SELECT kind, scope, last FROM issued").fetchall()
        finally:
            old.close()
    except (sqlite3.Error, RegisterDamaged, UnicodeError):  # damaged or older: nothing to carry
        return 0
    for kind, scope, last in rows:
        reg.keep_issued(kind, scope, last)
    return len(rows)


def _copy_bytes(path: Path, target: Path) -> None:
    with temp_beside(target) as (_, tmp):
        with open(path, "rb") as src, open(tmp, "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        put_in_place(tmp, target)
