"""The event log's hash chain: how a row is sealed, and how the whole log is checked.

Each row's hash covers the previous row's hash and the row's fields. The personal content of a
row (its `old` and `new` values) enters the chain as a SHA-256 digest, so retention can remove
the content (`purge`) and keep the digest: the chain still proves that nothing else changed.

The chain is unkeyed. It shows any edit made with an SQLite tool, and any deleted, swapped or
inserted row; triggers (migrations.GUARDS) refuse such edits and the head row's rewriting, so
an editor must drop them first, which `guard_problems` sees. Someone who drops them, recomputes
every hash and puts them back exactly as they were is caught only by an anchor outside the
file: the head (id and hash) that every status printout and report workbook carries, which
`log verify --head ID:HASH` looks up in the chain (`anchor_problem`).
"""

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64
SEALED_FIELDS = ("at", "user", "command", "action", "record", "person_id")


def sha256(text: str | bytes) -> str:
    """hashlib is imported on the first write: reads (status) need no OpenSSL (bench/PROFILE.md).
    Bytes are what a damaged file gives for a text that is no UTF-8: hashed as they are, they
    fail the chain's check instead of crashing it."""
    import hashlib

    return hashlib.sha256(text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape")).hexdigest()


def _damaged_text(value: object) -> str:
    """json.dumps's fallback for a field a damaged file gives as bytes."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    raise TypeError(type(value).__name__)


def digest(content: str | bytes | None) -> str | None:
    return None if content is None else sha256(content)


def event_hash(previous: str, row: dict) -> str:
    """SHA-256 over the previous hash, the row's fields and the digests of its content."""
    fields = [row[k] for k in SEALED_FIELDS]
    fields.append(row.get("old_digest") or digest(row.get("old")))
    fields.append(row.get("new_digest") or digest(row.get("new")))
    payload = previous + json.dumps(fields, ensure_ascii=False, default=_damaged_text)
    return sha256(payload)


def legacy_event_hash(previous: str, row: dict) -> str:
    """The first register version's chain (content hashed inline); only the migration uses it."""
    fields = [row[k] for k in (*SEALED_FIELDS, "old", "new")]
    payload = previous + json.dumps(fields, ensure_ascii=False)
    return sha256(payload)


@dataclass(frozen=True)
class ChainReport:
    """What `log verify` found: rows checked, the last good hash, the first bad row, and the
    guards that are missing or not as created."""

    rows: int
    head: str
    bad_id: int | None = None
    problem: str | None = None  # catalog key: chain_changed, chain_gap, chain_head, ...
    guards: tuple[str, ...] = ()

    @property
    def intact(self) -> bool:
        return self.problem is None and not self.guards


ANCHOR_DIGITS = 16
"""A printed anchor carries the head's id and this many hex digits of its hash."""


def anchor_text(last_id: int, head_hash: str) -> str:
    """The log's head as printouts and workbooks carry it: '1234:0123456789abcdef'."""
    return f"{last_id}:{head_hash[:ANCHOR_DIGITS]}"


def _normal(sql: str | None) -> str | None:
    return None if sql is None else " ".join(sql.split())


def guard_problems(conn: sqlite3.Connection) -> tuple[str, ...]:
    """The log's guards (migrations.GUARDS) that are missing or not as created, and triggers
    nobody created (one could rewrite each new event as it is inserted)."""
    from boligreg.store.migrations import GUARDS

    found = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    bad = [name for name, sql in GUARDS.items() if _normal(found.get(name)) != _normal(sql)]
    return tuple(bad + sorted(name for name in found if name not in GUARDS))


def created_as_training(conn: sqlite3.Connection) -> bool | None:
    """Whether the log's first event, the register's creation, says it was made a training
    register (`init --demo`, `demo`): True or False, None when there is no such event or its
    seal does not hold. The config's demo flag is one SQL edit away; this event is sealed
    first in the chain, so changing it breaks the chain that doctor and `log verify` check."""
    conn_factory = conn.row_factory
    conn.row_factory = sqlite3.Row
    try:
        row = conn.execute("SELECT * FROM event WHERE id = 1").fetchone()
    finally:
        conn.row_factory = conn_factory
    if row is None:
        return None
    row = dict(row)
    if (row["action"], row["record"]) != ("create", "register") or row["hash"] != event_hash(GENESIS, row):
        return None
    try:
        made = json.loads(row["new"] or "{}")
    except ValueError:
        return None
    return isinstance(made, dict) and made.get("demo") == "1"


def anchor_problem(conn: sqlite3.Connection, last_id: int, prefix: str) -> str | None:
    """Whether the head noted on an earlier printout is still in the chain: None if event
    `last_id` is there with a hash that starts with `prefix`, else the catalog key of why not."""
    row = conn.execute("SELECT hash FROM event WHERE id = ?", (last_id,)).fetchone()
    if row is None:  # beyond the log's end: a head never written here, or a cut end rewritten
        last = conn.execute("SELECT max(id) FROM event").fetchone()[0] or 0
        return "anchor_unknown" if last_id > last else "anchor_missing"
    if not row[0].startswith(prefix.lower()):
        return "anchor_changed"
    return None


def verify_chain(rows: Iterable[dict], head: tuple[int, str] | None, hasher=event_hash) -> ChainReport:
    """Walk the log in id order. A changed, swapped or inserted row breaks its own hash; a
    deleted row leaves a gap in the ids or breaks the next row's hash; a row deleted at the end
    no longer matches the head (last id and hash) that a trigger keeps beside the log."""
    previous, expected_id, count = GENESIS, 1, 0
    for row in rows:
        if row["id"] != expected_id:
            return ChainReport(count, previous, row["id"], "chain_gap")
        if row["hash"] != hasher(previous, row):
            return ChainReport(count, previous, row["id"], "chain_changed")
        previous, expected_id, count = row["hash"], expected_id + 1, count + 1
    last_id = expected_id - 1
    if head is not None and (head[0], head[1]) != (last_id, previous if count else GENESIS):
        return ChainReport(count, previous, head[0], "chain_head")
    if head is None and count:
        return ChainReport(count, previous, last_id, "chain_head")
    return ChainReport(count, previous)


def chain_report(conn: sqlite3.Connection) -> ChainReport:
    """Check the event log of an open register file, reading the rows as a stream (every text
    as stored, a byte that is no UTF-8 escaped: it then fails its row's hash, as any edit does)."""
    from boligreg.store.connection import STORED_TEXT

    conn_factory, text_factory = conn.row_factory, conn.text_factory
    conn.row_factory, conn.text_factory = sqlite3.Row, STORED_TEXT
    try:
        head = conn.execute("SELECT last_id, hash FROM log_head WHERE id = 1").fetchone()
        rows = (dict(r) for r in conn.execute("SELECT * FROM event ORDER BY id"))
        report = verify_chain(rows, tuple(head) if head else None)
        guards = guard_problems(conn)
        if guards:
            from dataclasses import replace

            report = replace(report, guards=guards)
        return report
    finally:
        conn.row_factory, conn.text_factory = conn_factory, text_factory
