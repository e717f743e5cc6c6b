"""Open the register file, take one transaction per use case, log every change, load histories.

`Register` is the one door to the database: every use case in store/ writes inside
`Register.write` (one transaction, every change logged), and reads go through its loaders.
"""

import json
import os
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from datetime import UTC, date, datetime
from enum import Enum
from functools import cache, cached_property, lru_cache
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any, get_args, get_type_hints

from boligreg.domain.codes import LISTED_CODES, ContactKind
from boligreg.domain.dates import show_date
from boligreg.domain.models import (
    Application,
    Contact,
    Exit,
    History,
    Person,
    Plan,
    Ruling,
    Stay,
    Step,
)
from boligreg.domain.roles import OWNER_MAY, PERMISSION_WORDS, Role, allows, needed, typed_command
from boligreg.errors import (
    BoligregError,
    InvalidInput,
    NotAllowed,
    NotFound,
    ReadOnly,
    RegisterDamaged,
    RegisterMissing,
)
from boligreg.files import protect
from boligreg.i18n import Phrase
from boligreg.posix import account_name, group_id, owner_name, use_group
from boligreg.settings import DEFAULT_CONFIG, REPORT_PART_SIZE, Settings
from boligreg.store.audit import (
    GENESIS,
    ChainReport,
    anchor_problem,
    anchor_text,
    chain_report,
    created_as_training,
    event_hash,
    guard_problems,
)
from boligreg.store.connection import STORED_TEXT, connect, translate_sqlite_error, undecodable
from boligreg.store.location import check_location
from boligreg.store.migrations import ID_TABLES, applied_names, migration_set, pending_names

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.db import Table


def default_path() -> Path:
    """The register's home: BOLIGREG_DB, else a file in the user's data directory."""
    if os.environ.get("BOLIGREG_DB"):
        return Path(os.environ["BOLIGREG_DB"])
    from platformdirs import user_data_path

    return user_data_path("boligreg") / "register.db"


def demo_path() -> Path:
    """The demo's own file beside the real register, so a demo never touches real data."""
    return default_path().with_name("demo.db")


def open_register(
    path: Path | str | None = None,
    *,
    create: bool = False,
    demo: bool = False,
    user: str | None = None,
    today: date | None = None,
) -> "Register":
    """Open (or with create=True make) a register, applying pending migrations."""
    default = not path and not os.environ.get("BOLIGREG_DB")
    path = Path(path) if path else default_path()
    try:
        path.exists()
    except PermissionError:  # a shared folder of a group this account is not in
        raise NotAllowed("err_no_access", path=str(path)) from None
    check_location(path)
    protect(path)  # no file this process writes may replace the register or its side files
    if create:
        if path.exists():
            raise InvalidInput("err_register_exists", path=str(path))
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except OSError as error:
            raise ReadOnly("err_cannot_write", path=str(path), detail=error.strerror) from None
    elif not path.exists():
        if default and demo_path().exists():  # `boligreg demo` was run: say how to open it
            raise RegisterMissing("err_no_register_demo", path=str(path), demo=str(demo_path()))
        raise RegisterMissing("err_no_register", path=str(path))
    elif not os.access(path, os.R_OK):
        raise NotAllowed("err_no_access", path=str(path))
    try:
        conn = connect(path)
        if not create and not applied_names(conn):
            conn.close()
            raise RegisterDamaged("err_not_register", path=str(path))
        register = Register(conn, path, user=user, today=today)
        if pending_names(conn):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("COMMIT")  # wait for writers to finish before migrating
            migration_set().apply(register.db)
        if create:
            with register.write("init"):
                config = dict(DEFAULT_CONFIG, created=register.today.isoformat())
                config["demo"] = "1" if demo else "0"
                for key, value in config.items():
                    register.table("config").insert({"key": key, "value": value})
                register.log("create", "register", new=config)
    except sqlite3.Error as error:
        raise translate_sqlite_error(error, path) from None
    except UnicodeDecodeError:  # SQLite's message quoting a corrupted schema text
        raise RegisterDamaged("err_damaged", path=str(path)) from None
    group = register.settings.group
    use_group(group_id(group) if group else None)  # what this process writes: owner, or the group
    return register


_day = lru_cache(maxsize=None)(date.fromisoformat)  # a register holds a few thousand distinct days


def _among(ids: list[str], column: str = "person_id") -> tuple[str, tuple[str]]:
    """A WHERE clause for rows of these persons: any number of ids, in one parameter."""
    return f"WHERE {column} IN (SELECT value FROM json_each(?))", (json.dumps(ids),)


@cache
def _row_reader(model: type) -> tuple[str, Callable[[tuple], object]]:
    """The column list and a function that builds a `model` record from one row.

    Rows are trusted: they were validated on the way in and the tables are STRICT with checks,
    so reading needs only ISO text → date (one shared object per day) and value → code. The
    builder is compiled once per model, one expression per column: a report reads a million
    rows, and a generic per-column loop costs a second more there."""
    hints = get_type_hints(model)
    derived = getattr(model, "DERIVED", ())  # fields the loaders fill from other tables
    names: list[str] = []
    parts: list[str] = []
    namespace: dict[str, Any] = {"model": model}
    converter: Callable[[Any], Any] | None
    for index, item in enumerate(f for f in fields(model) if f.name not in derived):
        kind = hints[item.name]
        if isinstance(kind, UnionType):
            kind = next(a for a in get_args(kind) if a is not type(None))
        if kind is date:
            converter = _day
        elif isinstance(kind, type) and issubclass(kind, Enum):
            converter = kind._value2member_map_.__getitem__  # a dict lookup, not Enum.__call__
        elif kind is bool:
            converter = bool
        else:
            converter = None
        names.append(f'"{item.name}"')
        if converter is None:
            parts.append(f"row[{index}]")
        else:
            namespace[f"convert{index}"] = converter
            parts.append(f"(None if row[{index}] is None else convert{index}(row[{index}]))")
    build = eval(f"lambda row: model({', '.join(parts)})", namespace)  # our own names only
    return ", ".join(names), build


ISSUED_IDS = frozenset(ID_TABLES.values())
"""The tables with integer ids that the log names (`stay:12`): each id is handed out once."""
LIVE = "merged_into IS NULL AND deleted IS NULL"
"""The persons the lists, figures and loaders read: not a merged pointer, not deleted."""
EVENT_COLUMNS = ("at", "user", "command", "action", "record", "person_id", "old", "new", "hash")
"""An event's columns as `log` writes them, in the order its row is built (and hashed)."""
NOT_CHANGES = frozenset({"read", "read-sensitive", "export", "backup"})
"""Logged actions that change nothing in the register: `undo` never offers them."""


def _dump(value: object) -> str | None:
    """An event's content as JSON text; a stored byte that is no UTF-8 (read as a lone
    surrogate, connection.STORED_TEXT) is written as its \\udcXX escape, the same JSON value."""
    if value is None:
        return None
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


class Register:
    """One open register: the database, who is acting, and what day it is."""

    def __init__(self, conn: sqlite3.Connection, path: Path, user: str | None = None,
                 today: date | None = None):
        self.conn = conn
        self.path = path
        self.user = user or account_name()  # the process's account (cli/session: training registers)
        self.today = today or date.today()
        self._command: str | None = None
        self._events: list[int] = []  # this transaction's events
        self._changed = False  # whether one of them changed the register
        self._undoes: int | None = None  # the change this transaction reverses (undo)

    @cached_property
    def db(self) -> "Database":
        """sqlite-utils over the same connection, for the use cases that write rows. Built on
        first use: reads go straight to `conn`, so showing a card never loads sqlite-utils."""
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False)

    def table(self, name: str) -> "Table":
        """One of the register's tables, for a use case's inserts and updates."""
        return self.db.table(name)

    def insert(self, name: str, row: dict[str, Any]) -> int:
        """Insert one row; its rowid (the id of a table with an integer key). A new row of a
        table in ISSUED_IDS gets an id never handed out before, and a stay or a contact the next
        number on the person's card (`next_no`), unless the row names them (undo puts a deleted
        row back as it was)."""
        if name in ISSUED_IDS and "id" not in row:
            row = dict(row, id=self.issue(f"id:{name}", floor=self.conn.execute(
                f"SELECT coalesce(max(id), 0) FROM {name}").fetchone()[0]))
        if name in ("stay", "contact") and not row.get("no"):
            row = dict(row, no=self.next_no(name, row["person_id"]))
        rowid = self.table(name).insert(row).last_rowid
        assert rowid is not None  # sqlite-utils sets it after every insert
        return rowid

    def insert_many(self, name: str, rows: list[dict[str, Any]]) -> None:
        """Insert rows that all have the same columns, in one statement run for each: bulk work
        (an import) inside a write. sqlite-utils' insert_all builds its statements in Python,
        which costs an import of 10,000 persons seconds. Table and column names are ours (the
        use case's), never typed by a user."""
        if not rows:
            return
        if name in ISSUED_IDS and "id" not in rows[0]:  # a block of ids never handed out before
            last = self.issue(f"id:{name}", floor=self.conn.execute(
                f"SELECT coalesce(max(id), 0) FROM {name}").fetchone()[0], count=len(rows))
            rows = [dict(row, id=last - len(rows) + n) for n, row in enumerate(rows, start=1)]
        columns = list(rows[0])
        assert name not in ("stay", "contact") or "no" in columns  # the caller numbers the card
        assert all(column.isidentifier() for column in [name, *columns])
        self.conn.executemany(
            f'INSERT INTO {name} ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})',
            [tuple(row[column] for column in columns) for row in rows])

    def issue(self, kind: str, scope: str = "", floor: int = 0, count: int = 1) -> int:
        """The next of a kind of id or number, never one handed out before (table `issued`
        keeps the last of each): after `floor` too, the highest the table holds, so rows
        written in bulk (the benchmark's register) are passed over as well. `count` > 1
        hands out a block (an import's rows) and gives its last."""
        return self.conn.execute(
            "INSERT INTO issued (kind, scope, last) VALUES (?, ?, ? + ?) ON CONFLICT (kind, scope) "
            "DO UPDATE SET last = max(last + ?, excluded.last) RETURNING last",
            (kind, scope, floor, count, count)).fetchone()[0]

    def keep_issued(self, kind: str, scope: str, last: int) -> None:
        """Count `last` as handed out: a restore keeps what the replaced register gave."""
        self.conn.execute(
            "INSERT INTO issued (kind, scope, last) VALUES (?, ?, ?) ON CONFLICT (kind, scope) "
            "DO UPDATE SET last = max(last, excluded.last)", (kind, scope, last))

    def next_no(self, table: str, person_id: str) -> int:
        """A stay's, contact's or step's number on the person's card: one more than the last
        ever given to that person, so a deleted record's number is never given to another."""
        floor = self.conn.execute(f"SELECT coalesce(max(no), 0) FROM {table} WHERE person_id = ?",
                                  (person_id,)).fetchone()[0]
        return self.issue(table, person_id, floor)

    def close(self) -> None:
        self.conn.close()

    # --- transactions and the event log ---------------------------------------------------

    @contextmanager
    def write(self, command: str) -> Iterator[None]:
        """One use case, one commit. BEGIN IMMEDIATE takes the write lock up front (waiting up
        to the busy timeout), so two caseworkers never interleave a read and a write. A use case
        called inside another (the demo's bulk writes, a meeting action that adds a step) runs
        in db.atomic(): its savepoint undoes that use case alone, and the outer one commits."""
        conn = self.conn
        if conn.in_transaction:
            outer, self._command = self._command, command
            try:
                with self.db.atomic():
                    yield
            finally:
                self._command = outer
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            missing = guard_problems(conn)
        except sqlite3.Error as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise translate_sqlite_error(error, self.path) from None
        if missing:  # a log without its guards keeps nothing safe: no event goes into it
            conn.execute("ROLLBACK")
            raise RegisterDamaged("err_guards_missing", path=str(self.path), names=", ".join(missing))
        self._command, self._events, self._changed, self._undoes = command, [], False, None
        try:
            yield
            if self._changed:  # one change row per committed write: what `undo` reverses
                conn.execute("INSERT INTO change (user, command, first_event, last_event, undoes) "
                             "VALUES (?, ?, ?, ?, ?)",
                             (self.user, command, self._events[0], self._events[-1], self._undoes))
            conn.execute("COMMIT")
        except sqlite3.Error as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise translate_sqlite_error(error, self.path) from None
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            self._command = None

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Several reads that must see one state of the register: a read transaction, which
        holds writers off until it ends (waiting up to their busy timeout)."""
        if self.conn.in_transaction:
            yield
            return
        try:
            self.conn.execute("BEGIN")
        except sqlite3.Error as error:
            raise translate_sqlite_error(error, self.path) from None
        try:
            yield
        finally:
            if self.conn.in_transaction:  # SQLite ends it itself after some errors (disk I/O)
                self.conn.execute("ROLLBACK")  # nothing was written

    def log(
        self,
        action: str,
        record: str,
        person_id: str | None = None,
        old: object = None,
        new: object = None,
    ) -> None:
        """Append one event (create, update, delete, read) inside the current transaction."""
        if self._command is None:
            raise RuntimeError("log() outside a write transaction")
        row = {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "user": self.user,
            "command": self._command,
            "action": action,
            "record": record,
            "person_id": person_id,
            "old": _dump(old),
            "new": _dump(new),
        }
        previous = self.conn.execute("SELECT hash FROM log_head WHERE id = 1").fetchone()
        row["hash"] = event_hash(previous[0] if previous else GENESIS, row)
        cursor = self.conn.execute(
            f"INSERT INTO event ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            tuple(row.values()))
        assert cursor.lastrowid is not None
        self._events.append(cursor.lastrowid)
        self._changed = self._changed or action not in NOT_CHANGES

    def log_many(self, action: str, events: list[tuple[str, str | None, object]]) -> None:
        """Append many events of one action, each (record, person_id, new), as `log` appends
        them one by one — the same rows, the same chain — in one statement: bulk work (an
        import of 10,000 persons logs 10,000 events)."""
        if self._command is None:
            raise RuntimeError("log_many() outside a write transaction")
        if not events:
            return
        at = datetime.now(UTC).isoformat(timespec="seconds")
        previous = self.conn.execute("SELECT hash FROM log_head WHERE id = 1").fetchone()
        chain = previous[0] if previous else GENESIS
        rows = []
        for record, person_id, new in events:
            row = {"at": at, "user": self.user, "command": self._command, "action": action,
                   "record": record, "person_id": person_id, "old": None, "new": _dump(new)}
            row["hash"] = chain = event_hash(chain, row)
            rows.append(tuple(row.values()))
        self.conn.executemany(
            f"INSERT INTO event ({', '.join(EVENT_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(EVENT_COLUMNS))})", rows)
        ids = [row[0] for row in self.conn.execute(
            "SELECT id FROM event ORDER BY id DESC LIMIT ?", (len(rows),))]
        self._events.extend(sorted(ids))
        self._changed = self._changed or action not in NOT_CHANGES

    def mark_undo(self, change_id: int) -> None:
        """Record that the current transaction reverses that change (store/undo.py)."""
        self._undoes = change_id

    def verify_log(self) -> ChainReport:
        """The event log's hash chain, checked from its first row to its head, and its guards."""
        return chain_report(self.conn)

    def log_head(self) -> str | None:
        """The log's head as an anchor for a printout or a workbook (audit.anchor_text)."""
        row = self.conn.execute("SELECT last_id, hash FROM log_head WHERE id = 1").fetchone()
        return anchor_text(*row) if row else None

    def anchor_problem(self, anchor: str) -> str | None:
        """Whether an anchor noted earlier ('1234:0123456789abcdef') is still in the chain;
        None when it is, else the catalog key of why not."""
        import re

        match = re.fullmatch(r"(\d{1,12}):([0-9a-fA-F]{8,64})", anchor.strip())
        if not match:
            raise InvalidInput("err_anchor", value=anchor[:80])
        return anchor_problem(self.conn, int(match.group(1)), match.group(2))

    def events(self, person_id: str | None, limit: int, actions: tuple[str, ...] = (),
               leave_out: tuple[str, ...] = ()) -> list[dict]:
        """The latest `limit` events, oldest first: only one person's when given (with the
        events of the records merged into theirs: their right of access covers those too),
        only those with one of `actions` when given, and none with one of `leave_out`."""
        where: list[str] = []
        params: list[object] = []
        if person_id is not None:
            where.append("person_id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(self.merged_ids(person_id))))
        for words, negate in ((actions, ""), (leave_out, "NOT ")):
            if words:
                where.append(f"action {negate}IN ({','.join('?' * len(words))})")
                params.extend(words)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return self.rows(
            f"SELECT * FROM (SELECT * FROM event {clause} ORDER BY id DESC LIMIT ?) ORDER BY id",
            (*params, limit),
        )

    def merged_ids(self, person_id: str) -> set[str]:
        """The person's id and the ids of every record merged into it, directly or through
        another pointer."""
        found, todo = {person_id}, [person_id]
        while todo:
            for (pid,) in self.conn.execute("SELECT id FROM person WHERE merged_into = ?",
                                            (todo.pop(),)):
                if pid not in found:
                    found.add(pid)
                    todo.append(pid)
        return found

    def pointers(self) -> dict[str, str | None]:
        """Merged and deleted records: id → the live record it now is (None: deleted). Few."""
        rows = self.conn.execute("SELECT id, merged_into FROM person "
                                 "WHERE merged_into IS NOT NULL OR deleted IS NOT NULL").fetchall()
        direct = {pid: into for pid, into in rows}
        resolved: dict[str, str | None] = {}
        for pid in direct:
            target: str | None = pid
            seen = set()
            while target in direct and target not in seen:
                seen.add(target)
                target = direct[target]
            resolved[pid] = None if target in direct else target
        return resolved

    # --- who may do what ------------------------------------------------------------------

    def roles(self) -> dict[str, Role]:
        """The listed accounts and their roles (none listed: roles are not in use)."""
        try:
            return {name: Role(role) for name, role in self.read("SELECT name, role FROM user")}
        except ValueError:  # a role no use case writes: edited outside boligreg
            raise RegisterDamaged("err_damaged", path=str(self.path)) from None

    def require(self, permission: str, command: str | None = None,
                person_id: str | None = None) -> None:
        """Refuse, with the refusal logged (under `command`, the command being run, when the
        permission is only part of it: `sensitive`; with the person it was about), unless the
        acting account may do `permission` (domain/roles.py). With no users listed, whoever can
        open the file may do everything, as before roles existed; the file's owner may always
        check the file and manage the users (roles.OWNER_MAY)."""
        roles = self.roles()
        if not roles:
            return
        role = roles.get(self.user)
        if role is not None and allows(role, permission):
            return
        owner = self.user == owner_name(Path(os.path.realpath(self.path)))
        if permission in OWNER_MAY and owner:
            return
        shown = "--sensitive" if permission == "sensitive" else permission
        try:  # best effort: an account that cannot write the file is refused all the same
            with self.write(command or permission):
                self.log("refused", shown, person_id, new={"role": role.value if role else None})
        except (BoligregError, sqlite3.Error):
            pass
        if role is None:
            raise NotAllowed("err_owner_not_listed" if owner else "err_not_listed",
                             user=self.user, path=str(self.path))
        what = (Phrase(PERMISSION_WORDS[permission]) if permission in PERMISSION_WORDS
                else Phrase("what_command", (("command", typed_command(permission)),)))
        raise NotAllowed("err_owner_not_allowed" if owner else "err_not_allowed", user=self.user,
                         role=Phrase("role_" + role.value), command=what,
                         needed=Phrase("role_" + needed(permission).value))

    # --- configuration ----------------------------------------------------------------------

    def config(self) -> dict[str, str]:
        """The config table as it is stored (`config show` lists it)."""
        return {r[0]: r[1] for r in self.read("SELECT key, value FROM config")}

    @cached_property
    def settings(self) -> Settings:
        """The config parsed once (store.config.set_config forgets it after a change)."""
        try:
            return Settings.from_config(self.config())
        except ValueError:  # a value no use case writes: edited outside boligreg
            raise RegisterDamaged("err_damaged", path=str(self.path)) from None

    def forget_settings(self) -> None:
        self.__dict__.pop("settings", None)

    @cached_property
    def training(self) -> bool:
        """A training register, where BOLIGREG_USER and BOLIGREG_TODAY act, synthetic
        fødselsnummer pass and users are made up: the config says so and the log's creation
        event agrees (audit.created_as_training). A real register whose demo flag was set with
        an SQLite tool stays a real register."""
        if not self.settings.demo:
            return False
        try:
            return created_as_training(self.conn) is True
        except (sqlite3.Error, UnicodeError):
            return False

    # --- reads ------------------------------------------------------------------------------

    def read(self, sql: str, params: tuple | list = (), build: Callable[[tuple], Any] | None = None,
             *, named: bool = False) -> list:
        """The rows of one query (each through `build`, or as a dict with named=True). A stored
        text that is no UTF-8 (a file edited outside boligreg) stops SQLite's default reading;
        the query is then read again, and this connection reads every text from now on, with
        such bytes escaped (connection.STORED_TEXT): shown as \\xb6, never a failed command."""
        while True:
            cursor = self.conn.execute(sql, params)
            try:
                if named:
                    names = [c[0] for c in cursor.description]
                    return [dict(zip(names, row)) for row in cursor]
                return [build(row) for row in cursor] if build else cursor.fetchall()
            except sqlite3.OperationalError as error:
                if not undecodable(error) or self.conn.text_factory is STORED_TEXT:
                    raise
                self.conn.text_factory = STORED_TEXT

    def rows(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        return self.read(sql, params, named=True)

    def load(self, model: type, table: str, where: str = "", params: tuple | list = (),
             order: str = "rowid") -> list:
        """Records of `model` from `table`, built straight from the rows (see _row_reader)."""
        columns, build = _row_reader(model)
        try:
            return self.read(f"SELECT {columns} FROM {table} {where} ORDER BY {order}", params, build)
        except (ValueError, TypeError, KeyError):  # a value no use case writes: edited outside boligreg
            raise RegisterDamaged("err_damaged", path=str(self.path)) from None

    def person(self, person_id: str, *, pointer_ok: bool = False) -> Person:
        """A person's record. A merged pointer or a deleted record is refused with a line that
        says so, unless the caller reads pointers (the card, the log)."""
        found = self.load(Person, "person", "WHERE id = ?", (person_id.upper(),))
        if not found:
            raise NotFound("err_no_person", id=person_id)
        person = found[0]
        if not pointer_ok and person.merged_into:
            into = self.pointers().get(person.id)
            if into is None:  # merged into a person deleted since: say so, not "use P0003"
                end = person.merged_into
                while (nxt := self.conn.execute("SELECT merged_into FROM person WHERE id = ?",
                                                (end,)).fetchone()[0]) and nxt != person.id:
                    end = nxt
                raise NotFound("err_merged_deleted", id=person.id, into=end, **self.deletion(end))
            raise InvalidInput("err_merged", id=person.id, into=into)
        if not pointer_ok and person.deleted:
            raise NotFound("err_person_deleted", id=person.id, **self.deletion(person.id))
        return person

    def deletion(self, person_id: str) -> dict[str, object]:
        """When a deleted person was deleted and the reason typed (from the log's delete event;
        an undone registration says so, in the reader's words)."""
        from boligreg.i18n import Phrase

        deleted = self.conn.execute("SELECT deleted FROM person WHERE id = ?", (person_id,)).fetchone()
        row = self.conn.execute("SELECT new FROM event WHERE record = ? AND action = 'delete' "
                                "ORDER BY id DESC LIMIT 1", (f"person:{person_id}",)).fetchone()
        content = json.loads(row[0]) if row and row[0] else {}
        reason: object = content.get("reason") if isinstance(content, dict) else None
        if not reason and isinstance(content, dict) and "undo" in content:
            reason = Phrase("deleted_by_undo")
        day = self.stored_day(deleted[0]) if deleted and deleted[0] else None
        return {"date": show_date(day), "reason": reason or "–"}

    def history(self, person_id: str) -> History:
        """One person's whole history, contacts in full (for the card and the use cases)."""
        with self.reading():
            return self.histories([self.person(person_id).id], full_contacts=True)[0]

    def histories(self, ids: Iterable[str] | None = None, *, steps: bool = True,
                  full_contacts: bool = False, details_of: Collection[str] | None = None,
                  contacts_of: Collection[str] | None = None) -> list[History]:
        """The histories of the persons with these ids (None: everyone), in id order, read in
        one query per table however many there are.

        - steps=False leaves out the plan steps (the period report counts none).
        - full_contacts=True reads every contact as a record; otherwise only the days with
          contact, one row per person (millions of contacts in a large register), attempts left
          out as counts_as_contact leaves them out of the rules.
        - details_of: read plans, steps, applications and contacts for those persons only; the
          others' histories then hold stays and exits, enough for where they stand on a day when
          no stay of theirs can be listed (timeline.state_on), not for their episodes.
        - contacts_of: read the contact days of those persons only (KOSTRA needs them just to
          bring back a person set inactive by hand: Register.set_inactive_by_hand)."""
        where: str
        params: tuple[str, ...]
        with self.reading():  # the persons and their records from one state of the register
            if ids is None:
                persons = self.load(Person, "person", f"WHERE {LIVE}", order="id")
            else:
                where, params = _among(sorted(ids), "id")
                persons = self.load(Person, "person", f"{where} AND {LIVE}", params, order="id")
            where, params = ("", ()) if ids is None else _among([p.id for p in persons])
            if not persons:
                return []

            def grouped(table: str, model: type, order: str, where: str, params: tuple) -> dict[str, list]:
                result: dict[str, list] = defaultdict(list)
                for record in self.load(model, table, where, params, order):
                    result[record.person_id].append(record)
                return result

            stays = grouped("stay", Stay, "person_id, start, id", where, params)
            exits = grouped("person_exit", Exit, "person_id, date, id", where, params)
            if details_of is not None:
                where, params = _among(sorted(details_of))
            plans = grouped("plan", Plan, "person_id", where, params)
            plan_steps = grouped("step", Step, "person_id, no", where, params) if steps else {}
            applications = grouped("application", Application, "person_id, id", where, params)
            rulings: dict[str, list] = defaultdict(list)
            for ruling in self.load(Ruling, "application_decision",
                                    f"WHERE application_id IN (SELECT id FROM application {where})",
                                    params, "application_id, date, id"):
                rulings[ruling.application_id].append(ruling)
            contacts: dict[str, list] = {}
            contact_dates: dict[str, tuple] = {}
            if contacts_of is not None:
                where, params = _among(sorted(contacts_of))
            if full_contacts:
                contacts = grouped("contact", Contact, "person_id, date, id", where, params)
            else:
                attempt = "AND" if where else "WHERE"
                for person_id, days in self.read(
                    f"SELECT person_id, group_concat(date) FROM contact {where} {attempt} kind != ? "
                    "GROUP BY person_id", (*params, ContactKind.ATTEMPT.value)
                ):
                    contact_dates[person_id] = tuple(map(self.stored_day, sorted(days.split(","))))
            merged_known: dict[str, list[date]] = defaultdict(list)
            loaded = {p.id for p in persons}
            pointers = self.pointers()
            for pid, known in self.read("SELECT id, coalesce(known_since, registered) FROM person "
                                        "WHERE merged_into IS NOT NULL"):
                into = pointers.get(pid)
                if into is not None and into in loaded and known:
                    merged_known[into].append(self.stored_day(known))
        return [
            History(
                person=p,
                stays=tuple(stays.get(p.id, ())),
                exits=tuple(exits.get(p.id, ())),
                contacts=tuple(contacts.get(p.id, ())),
                contact_dates=None if full_contacts else contact_dates.get(p.id, ()),
                merged_known=tuple(sorted(merged_known.get(p.id, ()))),
                plan=(plans.get(p.id) or [None])[0],
                steps=tuple(plan_steps.get(p.id, ())),
                applications=tuple(replace(a, rulings=tuple(rulings[a.id])) if a.id in rulings else a
                                   for a in applications.get(p.id, ())),
            )
            for p in persons
        ]

    def listable_histories(self, day: date, everyone: bool = False, steps: bool = True) -> list[History]:
        """The histories of everyone whose stay on `day` has one of LISTED_CODES: only they can
        be on the list that day, so the list needs no one else's history. With everyone=True,
        the rest come too, with their stays and exits alone: all that where they stand that
        day needs (state_on), for a fraction of the reading."""
        with self.reading():
            listable = self.persons_in(LISTED_CODES, day)
            if everyone:
                return self.histories(steps=steps, details_of=listable)
            return self.histories(listable, steps=steps)

    def set_inactive_by_hand(self) -> set[str]:
        """Persons with an exit as inactive (person exit --reason inactive): a later contact
        brings them back, so their contacts matter even where the inactivity rule does not."""
        return {row[0] for row in self.conn.execute(
            "SELECT DISTINCT person_id FROM person_exit WHERE reason = 'inactive'")}

    def id_parts(self, size: int = REPORT_PART_SIZE) -> list[list[str]]:
        """Every person's id in id order, in lists of `size`: the parts a whole-register report
        counts one at a time (reports/counting.py), so it never holds 100,000 histories."""
        ids = [row[0] for row in self.conn.execute(f"SELECT id FROM person WHERE {LIVE} ORDER BY id")]
        return [ids[first:first + size] for first in range(0, len(ids), size)]

    def persons_in(self, codes: Iterable[Enum], day: date) -> set[str]:
        """Persons whose stay on `day` has one of `codes`: one indexed pass over the stays, no
        histories built. The stay on a day is the last of those begun by then, and a person's
        stays in timeline order have rising ids (store.stays.check_order keeps it so), so the
        highest id is that stay; several begun on one day are told apart too. (SQLite takes a
        bare column from the row that holds the max().)"""
        values = [c.value for c in codes]
        return {row[0] for row in self.conn.execute(
            "SELECT person_id FROM (SELECT person_id, code, max(id) FROM stay WHERE start <= ? "
            f"GROUP BY person_id) WHERE code IN ({','.join('?' * len(values))})",
            (day.isoformat(), *values))}

    def persons_moving(self, after: date, until: date) -> set[str]:
        """Persons with a stay starting in (after, until]."""
        return {row[0] for row in self.conn.execute(
            "SELECT DISTINCT person_id FROM stay WHERE start > ? AND start <= ?",
            (after.isoformat(), until.isoformat()))}

    def listable_between(self, first: date, last: date) -> set[str]:
        """Persons whose stay on some day of [first, last] has one of LISTED_CODES: only they can
        be homeless in those days (the survey's week needs no one else's history)."""
        with self.reading():
            return self.persons_in(LISTED_CODES, first) | self.persons_moving(first, last)

    def first_day(self) -> date | None:
        """The earliest date in anyone's timeline: where the register's history begins."""
        first = self.conn.execute("SELECT min(start) FROM stay").fetchone()[0]
        return self.stored_day(first) if first else None

    def stored_day(self, text: str) -> date:
        """A date as the register stores it (ISO text); one that no use case writes means the
        file was damaged or edited outside boligreg."""
        try:
            return _day(text)
        except (ValueError, TypeError):
            raise RegisterDamaged("err_damaged", path=str(self.path)) from None

    def check_day_in_history(self, day: date) -> None:
        """Status and reports look back, never forward, and not before the history begins."""
        if day > self.today:
            raise InvalidInput("err_future_date", value=show_date(day))
        first = self.first_day()
        if first is None:
            raise InvalidInput("err_register_empty")
        if day < first:
            raise InvalidInput("err_before_register", value=show_date(day), first=show_date(first))

    def next_id(self, table: str, prefix: str) -> str:
        """The id after the last ever handed out (P0042, A0007): never one given before, not
        even when that row was deleted since (an application of a person deleted, an undo).
        The newest row (highest rowid) holds the highest of those still there: one lookup."""
        row = self.conn.execute(f"SELECT id FROM {table} ORDER BY rowid DESC LIMIT 1").fetchone()
        return f"{prefix}{self.issue(table, floor=int(row[0][1:]) if row else 0):04d}"
