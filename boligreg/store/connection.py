"""The one way to open an SQLite connection, and SQLite's errors as the register's own.

Everything that touches a register file — the register itself, doctor, backup, restore, the
report's workers — connects through `connect()`, so the pragmas, the busy timeout and the
read-only URI are the same everywhere. A read-only connection is opened by URI with the path
percent-escaped: a folder named `bk#1` or `pct%41` is that folder, not a URI fragment or an
escape for another name.
"""

import os
import sqlite3
from operator import methodcaller
from pathlib import Path

from boligreg.errors import (
    BoligregError,
    DiskFull,
    InvalidInput,
    ReadOnly,
    RegisterDamaged,
    RegisterLocked,
)
from boligreg.settings import BUSY_TIMEOUT_SECONDS


def busy_timeout() -> float:
    """BOLIGREG_BUSY_TIMEOUT seconds (else the default) to wait for another writer."""
    text = os.environ.get("BOLIGREG_BUSY_TIMEOUT")
    if text is None:
        return BUSY_TIMEOUT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        raise InvalidInput("err_busy_timeout", value=text[:40]) from None
    if not 0 <= seconds <= 3600:
        raise InvalidInput("err_busy_timeout", value=text[:40])
    return seconds


STORED_TEXT = methodcaller("decode", "utf-8", "surrogateescape")
"""How a connection reads text once it has met a stored byte that is no UTF-8 (a file edited
outside boligreg): such a byte becomes a lone surrogate, which every output shows as a visible
escape (domain.text.shown: \\xb6) instead of SQLite's 'Could not decode to UTF-8 column …',
which stopped every read and quoted part of the text. Not the default: a text factory of our
own makes every read of a report or the status list more than half as slow again, so the
register's loaders switch to it only when a read meets such a byte (Register._read), and
doctor and the log's check read with it from the start."""


def undecodable(error: Exception) -> bool:
    """SQLite's text that Python could not decode as UTF-8 (the default text factory)."""
    return isinstance(error, sqlite3.OperationalError) and "could not decode" in str(error).lower()


def connect(path: Path, *, readonly: bool = False, timeout: float | None = None) -> sqlite3.Connection:
    """A connection with foreign keys on and synchronous=FULL (durability over raw speed);
    readonly=True never writes, never creates the file and takes no write lock."""
    wait = busy_timeout() if timeout is None else timeout
    if readonly:
        uri = Path(path).absolute().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=wait)
    else:
        conn = sqlite3.connect(path, timeout=wait)
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA synchronous = FULL")
    return conn


def translate_sqlite_error(error: sqlite3.Error, path: Path | None = None) -> BoligregError:
    """SQLite's errors as the register's own, so the CLI can say one clear line."""
    text = str(error).lower()
    where = str(path or "")
    if undecodable(error):  # a read the loaders do not retry escaped: never SQLite's words
        return RegisterDamaged("err_stored_text_read", path=where)
    if "locked" in text or "busy" in text:
        return RegisterLocked("err_locked", path=where)
    if "readonly" in text or "read-only" in text:
        return ReadOnly("err_read_only", path=where)
    if "full" in text:
        return DiskFull("err_disk_full", path=where)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return RegisterDamaged("err_damaged", path=where)
    if "disk i/o" in text:
        return DiskFull("err_disk_io", path=where)
    return RegisterDamaged("err_sqlite", path=where)  # SQLite's own words are English
