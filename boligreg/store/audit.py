"""The event log's hash chain: how a row is sealed, and how the whole log is checked.

Each row's hash covers the previous row's hash and the row's fields. The personal content of a
row (its `old` and `new` values) enters the chain as a SHA-256 digest, so retention can remove
the content (`purge`) and keep the digest: the chain still proves that nothing else changed.

The chain is unkeyed. It shows any edit made with an SQLite tool, and any deleted, swapped or
inserted row; someone who recomputes every hash after an edit, and the head row too, is caught
only by comparing with a backup or a head hash written down elsewhere (`log verify` prints it).
"""

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64
SEALED_FIELDS = ("at", "user", "command", "action", "record", "person_id")


def sha256(text: str) -> str:
    """hashlib is imported on the first write: reads (status) need no OpenSSL (bench/PROFILE.md)."""
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def digest(content: str | None) -> str | None:
    return None if content is None else sha256(content)


def event_hash(previous: str, row: dict) -> str:
    """SHA-256 over the previous hash, the row's fields and the digests of its content."""
    fields = [row[k] for k in SEALED_FIELDS]
    fields.append(row.get("old_digest") or digest(row.get("old")))
    fields.append(row.get("new_digest") or digest(row.get("new")))
    payload = previous + json.dumps(fields, ensure_ascii=False)
    return sha256(payload)


def legacy_event_hash(previous: str, row: dict) -> str:
    """The first register version's chain (content hashed inline); only the migration uses it."""
    fields = [row[k] for k in (*SEALED_FIELDS, "old", "new")]
    payload = previous + json.dumps(fields, ensure_ascii=False)
    return sha256(payload)


@dataclass(frozen=True)
class ChainReport:
    """What `log verify` found: rows checked, the last good hash, and the first bad row."""

    rows: int
    head: str
    bad_id: int | None = None
    problem: str | None = None  # catalog key: chain_changed, chain_gap, chain_head, ...

    @property
    def intact(self) -> bool:
        return self.problem is None


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
    """Check the event log of an open register file, reading the rows as a stream."""
    conn_factory = conn.row_factory
    conn.row_factory = sqlite3.Row
    try:
        head = conn.execute("SELECT last_id, hash FROM log_head WHERE id = 1").fetchone()
        rows = (dict(r) for r in conn.execute("SELECT * FROM event ORDER BY id"))
        return verify_chain(rows, tuple(head) if head else None)
    finally:
        conn.row_factory = conn_factory
