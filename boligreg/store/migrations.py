"""Numbered schema migrations, applied when the register opens (sqlite_utils.Migrations).

Tables are STRICT with foreign keys; a migration is never edited once it has shipped: add the
next number instead. Opening an up-to-date register only reads which migrations are recorded
(`applied_names`), so a read-only command never imports sqlite-utils (bench/PROFILE.md).
"""

import sqlite3
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "boligreg"
MIGRATIONS_TABLE = "_sqlite_migrations"  # Migrations.migrations_table (a test checks they agree)
STEPS: list[Callable[["Database"], None]] = []  # in the order they apply


def step(function: Callable[["Database"], None]) -> Callable[["Database"], None]:
    STEPS.append(function)
    return function


@cache
def migration_set() -> "Migrations":
    """The steps as sqlite-utils' Migrations, which applies them and records each one."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for function in STEPS:
        migrations()(function)
    return migrations


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """The steps recorded as applied, read from Migrations' own table without loading it."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (MIGRATIONS_TABLE,)).fetchone():
        return []
    return [row[0] for row in conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", (MIGRATION_SET,))]


def pending_names(conn: sqlite3.Connection) -> list[str]:
    applied = set(applied_names(conn))
    return [f.__name__ for f in STEPS if f.__name__ not in applied]

SCHEMA_1 = [
    """CREATE TABLE config (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE person (
        id TEXT PRIMARY KEY,
        name TEXT,
        alias TEXT,
        fnr TEXT UNIQUE,
        born TEXT,
        birth_year INTEGER,
        gender TEXT CHECK (gender IN ('F', 'M', 'X')),
        children INTEGER NOT NULL DEFAULT 0 CHECK (children >= 0),
        need_rus TEXT NOT NULL DEFAULT 'unknown',
        need_psykisk TEXT NOT NULL DEFAULT 'unknown',
        need_somatisk TEXT NOT NULL DEFAULT 'unknown',
        need_oppfolging TEXT NOT NULL DEFAULT 'unknown',
        caseworker TEXT,
        phone TEXT,
        consent TEXT,
        wants_housing INTEGER NOT NULL DEFAULT 1,
        registered TEXT NOT NULL,
        anonymised TEXT
    ) STRICT""",
    """CREATE TABLE stay (
        id INTEGER PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        code TEXT NOT NULL,
        start TEXT NOT NULL,
        place TEXT,
        release TEXT,
        noted TEXT,
        lease TEXT,
        lease_end TEXT,
        housing_first INTEGER NOT NULL DEFAULT 0,
        UNIQUE (person_id, start)
    ) STRICT""",
    """CREATE TABLE person_exit (
        id INTEGER PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        reason TEXT NOT NULL,
        date TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE contact (
        id INTEGER PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        date TEXT NOT NULL,
        kind TEXT NOT NULL,
        by TEXT,
        note TEXT
    ) STRICT""",
    """CREATE TABLE plan (
        person_id TEXT PRIMARY KEY REFERENCES person(id),
        route TEXT,
        target TEXT,
        wishes TEXT,
        responsible TEXT
    ) STRICT""",
    """CREATE TABLE meeting (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        attendees TEXT,
        closed TEXT
    ) STRICT""",
    """CREATE TABLE step (
        id INTEGER PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        no INTEGER NOT NULL,
        text TEXT NOT NULL,
        owner TEXT,
        due TEXT,
        done TEXT,
        meeting_id INTEGER REFERENCES meeting(id),
        created TEXT,
        UNIQUE (person_id, no)
    ) STRICT""",
    """CREATE TABLE application (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        kind TEXT NOT NULL,
        received TEXT NOT NULL,
        decision TEXT CHECK (decision IN ('granted', 'refused')),
        decided TEXT,
        withdrawn TEXT
    ) STRICT""",
    """CREATE TABLE meeting_person (
        meeting_id INTEGER NOT NULL REFERENCES meeting(id),
        person_id TEXT NOT NULL REFERENCES person(id),
        situation TEXT,
        PRIMARY KEY (meeting_id, person_id)
    ) STRICT""",
    """CREATE TABLE event (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        command TEXT NOT NULL,
        action TEXT NOT NULL,
        record TEXT NOT NULL,
        person_id TEXT,
        old TEXT,
        new TEXT,
        hash TEXT NOT NULL
    ) STRICT""",
    """CREATE TRIGGER event_no_update BEFORE UPDATE ON event
       BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END""",
    """CREATE TRIGGER event_no_delete BEFORE DELETE ON event
       BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END""",
    "CREATE INDEX stay_person ON stay(person_id, start)",
    "CREATE INDEX exit_person ON person_exit(person_id, date)",
    "CREATE INDEX contact_person ON contact(person_id, date)",
    "CREATE INDEX step_person ON step(person_id)",
    "CREATE INDEX application_person ON application(person_id)",
    "CREATE INDEX event_person ON event(person_id)",
    "CREATE INDEX person_name ON person(name COLLATE NOCASE)",
]


@step
def m001_register(db: "Database") -> None:
    for statement in SCHEMA_1:
        db.execute(statement)


SCHEMA_2 = [
    # Retention removes a row's personal content and keeps its digest, so the chain still checks.
    "ALTER TABLE event ADD COLUMN old_digest TEXT",
    "ALTER TABLE event ADD COLUMN new_digest TEXT",
    "DROP TRIGGER event_no_update",
    """CREATE TRIGGER event_only_redact BEFORE UPDATE ON event
       WHEN old.old_digest IS NOT NULL OR old.new_digest IS NOT NULL
         OR new.old IS NOT NULL OR new.new IS NOT NULL
         OR new.id IS NOT old.id OR new.at IS NOT old.at OR new.user IS NOT old.user
         OR new.command IS NOT old.command OR new.action IS NOT old.action
         OR new.record IS NOT old.record OR new.person_id IS NOT old.person_id
         OR new.hash IS NOT old.hash
       BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END""",
    # The head (last id and hash) beside the log shows rows deleted from its end.
    """CREATE TABLE log_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_id INTEGER NOT NULL,
        hash TEXT NOT NULL
    ) STRICT""",
    """CREATE TRIGGER event_head AFTER INSERT ON event
       BEGIN INSERT OR REPLACE INTO log_head (id, last_id, hash) VALUES (1, new.id, new.hash); END""",
]


@step
def m002_redactable_log(db: "Database") -> None:
    """Reseal the log under the digest chain, once, after checking it under the old one: a log
    that does not check stops the upgrade (the register then says it is damaged)."""
    from boligreg.store.audit import GENESIS, event_hash, legacy_event_hash, verify_chain

    rows = list(db.query("SELECT * FROM event ORDER BY id"))
    if not verify_chain(rows, None if not rows else (rows[-1]["id"], rows[-1]["hash"]),
                        hasher=legacy_event_hash).intact:
        from boligreg.errors import RegisterDamaged

        raise RegisterDamaged("err_log_upgrade", path="")
    for statement in SCHEMA_2[:2]:
        db.execute(statement)
    db.execute(SCHEMA_2[2])
    previous = GENESIS
    for row in rows:
        previous = event_hash(previous, row)
        db.execute("UPDATE event SET hash = ? WHERE id = ?", (previous, row["id"]))
    for statement in SCHEMA_2[3:]:
        db.execute(statement)
    if rows:
        db.execute("INSERT INTO log_head (id, last_id, hash) VALUES (1, ?, ?)", (rows[-1]["id"], previous))
    db.execute("INSERT OR IGNORE INTO config (key, value) VALUES ('register-id', lower(hex(randomblob(16))))")


GUARDS = {
    # The event log is append-only: no row is deleted ...
    "event_no_delete": """CREATE TRIGGER event_no_delete BEFORE DELETE ON event
       BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END""",
    # ... and no row changes, except the redaction that purge makes (content out, digest in) of
    # the events of a person whose anonymisation is already in the log, logged by that purge.
    "event_only_redact": """CREATE TRIGGER event_only_redact BEFORE UPDATE ON event
       WHEN old.old_digest IS NOT NULL OR old.new_digest IS NOT NULL
         OR new.old IS NOT NULL OR new.new IS NOT NULL
         OR new.id IS NOT old.id OR new.at IS NOT old.at OR new.user IS NOT old.user
         OR new.command IS NOT old.command OR new.action IS NOT old.action
         OR new.record IS NOT old.record OR new.person_id IS NOT old.person_id
         OR new.hash IS NOT old.hash
         OR old.person_id IS NULL OR old.action = 'anonymise'
         OR (SELECT anonymised FROM person WHERE id = old.person_id) IS NULL
         OR NOT EXISTS (SELECT 1 FROM event AS a WHERE a.action = 'anonymise'
                        AND a.person_id = old.person_id AND a.id > old.id)
       BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END""",
    # The head (last id and hash) follows every new event, and nothing else moves it: a cut
    # from the log's end cannot be hidden by rewriting the head without dropping a guard.
    "event_head": """CREATE TRIGGER event_head AFTER INSERT ON event
       BEGIN
         INSERT INTO log_head (id, last_id, hash) SELECT 1, new.id, new.hash
           WHERE NOT EXISTS (SELECT 1 FROM log_head);
         UPDATE log_head SET last_id = new.id, hash = new.hash WHERE id = 1 AND last_id < new.id;
       END""",
    "log_head_no_delete": """CREATE TRIGGER log_head_no_delete BEFORE DELETE ON log_head
       BEGIN SELECT RAISE(ABORT, 'the log head only moves forward'); END""",
    "log_head_forward": """CREATE TRIGGER log_head_forward BEFORE UPDATE ON log_head
       WHEN new.id IS NOT old.id OR new.last_id <= old.last_id
         OR new.last_id IS NOT (SELECT max(id) FROM event)
         OR new.hash IS NOT (SELECT hash FROM event WHERE id = new.last_id)
       BEGIN SELECT RAISE(ABORT, 'the log head only moves forward'); END""",
    "log_head_once": """CREATE TRIGGER log_head_once BEFORE INSERT ON log_head
       WHEN EXISTS (SELECT 1 FROM log_head)
         OR new.last_id IS NOT (SELECT max(id) FROM event)
         OR new.hash IS NOT (SELECT hash FROM event WHERE id = new.last_id)
       BEGIN SELECT RAISE(ABORT, 'the log head only moves forward'); END""",
}
"""The triggers that guard the event log, as m003_trust creates them: doctor and `log verify`
compare the register's triggers with these, text for text (store/audit.guard_problems)."""

SCHEMA_3 = [
    # The accounts allowed to use the register and their roles (domain/roles.py). Changed only
    # through `boligreg user`, which logs every change; doctor compares the table with the log.
    """CREATE TABLE user (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('coordinator', 'caseworker', 'reader')),
        added TEXT NOT NULL,
        added_by TEXT NOT NULL
    ) STRICT""",
]


STAY_4 = """CREATE TABLE stay_new (
        id INTEGER PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        code TEXT NOT NULL,
        start TEXT NOT NULL,
        place TEXT,
        release TEXT,
        noted TEXT,
        lease TEXT,
        lease_end TEXT,
        housing_first INTEGER NOT NULL DEFAULT 0
    ) STRICT"""
APPLICATION_4 = """CREATE TABLE application_new (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        kind TEXT NOT NULL,
        received TEXT NOT NULL
    ) STRICT"""
SCHEMA_4 = [
    # Every decision of an application with its date: a decision changed on appeal (klage)
    # keeps the earlier one, so a past day counts the decision in force that day.
    """CREATE TABLE application_decision (
        id INTEGER PRIMARY KEY,
        application_id TEXT NOT NULL REFERENCES application(id),
        decision TEXT NOT NULL CHECK (decision IN ('granted', 'refused', 'withdrawn')),
        date TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX decision_application ON application_decision(application_id, date)",
    # One committed write each (its first and last event), so `undo` finds a user's latest
    # change whole; `undoes` marks the change an undo reversed.
    """CREATE TABLE change (
        id INTEGER PRIMARY KEY,
        user TEXT NOT NULL,
        command TEXT NOT NULL,
        first_event INTEGER NOT NULL,
        last_event INTEGER NOT NULL,
        undoes INTEGER REFERENCES change(id)
    ) STRICT""",
    "CREATE INDEX change_user ON change(user, id)",
    # The day the services came to know the person (inactivity counts from it); a merged
    # record's pointer; a record registered by mistake, deleted (the id is never reused).
    "ALTER TABLE person ADD COLUMN known_since TEXT",
    "ALTER TABLE person ADD COLUMN merged_into TEXT REFERENCES person(id)",
    "ALTER TABLE person ADD COLUMN deleted TEXT",
    # Folded name and alias (domain.duplicates.fold), indexed, for the duplicate warning.
    "ALTER TABLE person ADD COLUMN name_key TEXT",
    "ALTER TABLE person ADD COLUMN alias_key TEXT",
    "UPDATE person SET known_since = registered",
    "CREATE INDEX person_name_key ON person(name_key)",
    "CREATE INDEX person_alias_key ON person(alias_key)",
    "CREATE INDEX person_born ON person(born)",
]
SCHEMA_5 = [
    # What the national homelessness survey asks and the register lacked; NULL is "unknown".
    "ALTER TABLE person ADD COLUMN born_abroad INTEGER CHECK (born_abroad IN (0, 1))",
    "ALTER TABLE person ADD COLUMN children_living_with INTEGER CHECK (children_living_with IN (0, 1))",
    "ALTER TABLE person ADD COLUMN income TEXT CHECK (income IN ('social_assistance', 'benefits', 'work', 'other'))",
    "ALTER TABLE person ADD COLUMN evicted TEXT",
]
SCHEMA_HOUSING = [
    # The municipality's dwellings; their tenancies are the stays that name them (stay.dwelling_id)
    """CREATE TABLE dwelling (
        id TEXT PRIMARY KEY,
        address TEXT NOT NULL,
        rooms INTEGER NOT NULL CHECK (rooms >= 1),
        size INTEGER CHECK (size >= 1),
        kind TEXT NOT NULL CHECK (kind IN ('KOMMUNAL', 'OMSORG')),
        accessible INTEGER NOT NULL DEFAULT 0,
        floor INTEGER,
        note TEXT,
        registered TEXT NOT NULL
    ) STRICT""",
    # vacant from a day (the tenant left, renovation done), or let outside the register
    """CREATE TABLE dwelling_mark (
        id INTEGER PRIMARY KEY,
        dwelling_id TEXT NOT NULL REFERENCES dwelling(id),
        date TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('vacant', 'let'))
    ) STRICT""",
    "ALTER TABLE stay ADD COLUMN dwelling_id TEXT REFERENCES dwelling(id)",
    """CREATE TABLE offer (
        id TEXT PRIMARY KEY,
        dwelling_id TEXT NOT NULL REFERENCES dwelling(id),
        person_id TEXT NOT NULL REFERENCES person(id),
        date TEXT NOT NULL,
        outcome TEXT CHECK (outcome IN ('accepted', 'declined')),
        decided TEXT,
        reason TEXT,
        stay_id INTEGER REFERENCES stay(id)
    ) STRICT""",
    """CREATE TABLE rental (
        id TEXT PRIMARY KEY,
        address TEXT NOT NULL,
        rent INTEGER NOT NULL CHECK (rent >= 0),
        rooms INTEGER NOT NULL CHECK (rooms >= 1),
        available TEXT NOT NULL,
        registered TEXT NOT NULL,
        deposit_guarantee INTEGER NOT NULL DEFAULT 0,
        bostotte INTEGER NOT NULL DEFAULT 0,
        landlord TEXT,
        until TEXT
    ) STRICT""",
    """CREATE TABLE housing_first (
        id INTEGER PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        invited TEXT NOT NULL,
        answer TEXT CHECK (answer IN ('accepted', 'declined')),
        answered TEXT,
        ended TEXT,
        end_reason TEXT CHECK (end_reason IN ('moved', 'declined', 'other'))
    ) STRICT""",
    "ALTER TABLE application ADD COLUMN accessible INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX stay_dwelling ON stay(dwelling_id) WHERE dwelling_id IS NOT NULL",
    "CREATE INDEX stay_lease ON stay(lease_end) WHERE lease = 'fixed'",
    "CREATE INDEX mark_dwelling ON dwelling_mark(dwelling_id, date)",
    "CREATE INDEX offer_dwelling ON offer(dwelling_id)",
    "CREATE INDEX offer_person ON offer(person_id)",
    "CREATE INDEX housing_first_person ON housing_first(person_id)",
]


@step
def m003_trust(db: "Database") -> None:
    """The users and their roles, and the log's guards as GUARDS holds them (the head row now
    guarded too; a redaction only of an anonymised person's events)."""
    for statement in SCHEMA_3:
        db.execute(statement)
    for name in GUARDS:
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    for sql in GUARDS.values():
        db.execute(sql)


@step
def m004_corrections(db: "Database") -> None:
    """Same-day stays (the stay table rebuilt without UNIQUE (person_id, start): SQLite cannot
    drop a constraint in place), decisions in their own table, and the person columns the
    corrections need. Depends on m001 and m002 only."""
    from boligreg.domain.duplicates import fold

    db.execute(STAY_4)
    db.execute("INSERT INTO stay_new SELECT id, person_id, code, start, place, release, noted, "
               "lease, lease_end, housing_first FROM stay ORDER BY id")
    db.execute("DROP TABLE stay")
    db.execute("ALTER TABLE stay_new RENAME TO stay")
    db.execute("CREATE INDEX stay_person ON stay(person_id, start)")
    decisions = list(db.execute(
        "SELECT id, decision, decided, withdrawn FROM application ORDER BY rowid").fetchall())
    db.execute(APPLICATION_4)
    db.execute("INSERT INTO application_new SELECT id, person_id, kind, received FROM application "
               "ORDER BY rowid")  # next_id reads the newest application by rowid
    db.execute("DROP TABLE application")
    db.execute("ALTER TABLE application_new RENAME TO application")
    db.execute("CREATE INDEX application_person ON application(person_id)")
    for statement in SCHEMA_4:
        db.execute(statement)
    for app_id, decision, decided, withdrawn in decisions:
        if decision and decided:
            db.execute("INSERT INTO application_decision (application_id, decision, date) "
                       "VALUES (?, ?, ?)", (app_id, decision, decided))
        if withdrawn:
            db.execute("INSERT INTO application_decision (application_id, decision, date) "
                       "VALUES (?, 'withdrawn', ?)", (app_id, withdrawn))
    for person_id, name, alias in db.execute("SELECT id, name, alias FROM person").fetchall():
        db.execute("UPDATE person SET name_key = ?, alias_key = ? WHERE id = ?",
                   (fold(name), fold(alias), person_id))


@step
def m005_survey_fields(db: "Database") -> None:
    """Born abroad, children living with the person, main income and the latest eviction: the
    national survey's variables the register did not hold. Needs nothing of m003 or m004."""
    for statement in SCHEMA_5:
        db.execute(statement)


@step
def m006_housing(db: "Database") -> None:
    """The housing side (issue 21): dwellings, their marks, offers, rentals, Housing First."""
    for statement in SCHEMA_HOUSING:
        db.execute(statement)
ID_TABLES = {"stay": "stay", "exit": "person_exit", "contact": "contact", "step": "step",
             "meeting": "meeting", "decision": "application_decision"}
"""A logged record's kind (`stay:12`) → the table whose integer ids are issued once each."""
NUMBERED = ("stay", "contact", "step")
"""The records a person's card numbers (`stay edit ID N`): each number is issued once per person."""
SCHEMA_STABLE_NUMBERS = [
    # What has been handed out, so nothing is handed out twice: a deleted application's id, a
    # deleted stay's row id or its number on the card (kind, '' or the person's id, the last).
    """CREATE TABLE issued (
        kind TEXT NOT NULL,
        scope TEXT NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (kind, scope)
    ) STRICT""",
    # A stay's and a contact's number on the card, as a step has its own: kept when another
    # record of the person is deleted, never given to another.
    "ALTER TABLE stay ADD COLUMN no INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE contact ADD COLUMN no INTEGER NOT NULL DEFAULT 0",
    # A meeting's action moved by a merge: the id the minutes recorded it for.
    "ALTER TABLE step ADD COLUMN minutes_id TEXT",
]


@step
def m007_stable_numbers(db: "Database") -> None:
    """Ids and card numbers issued once (an application's id, a stay's or contact's row id and
    number, a step's number), the highest ever issued found in the tables and in the log;
    stays and contacts numbered as the card numbered them (by date); the folded name keys
    word-order free (domain.duplicates.name_key); a merged pointer keeps the name and alias it
    was registered under (read back from its merge event), so `person find` still leads to it,
    and a moved meeting action the id its minutes gave. Needs only m004; numbered m007 so it
    applies after the survey fields (m005) and the housing tables (m006) of other branches."""
    import json

    from boligreg.domain.duplicates import name_key

    for statement in SCHEMA_STABLE_NUMBERS:
        db.execute(statement)
    for table, order in (("stay", "start, id"), ("contact", "date, id")):
        db.execute(f"UPDATE {table} SET no = (SELECT n FROM (SELECT id AS i, row_number() OVER "
                   f"(PARTITION BY person_id ORDER BY {order}) AS n FROM {table}) WHERE i = {table}.id)")

    def logged(kind: str) -> str:
        return f"SELECT substr(record, {len(kind) + 2}) AS key FROM event WHERE record LIKE '{kind}:%'"

    numbers = [int(key[1:]) for (key,) in db.execute(
        f"SELECT id FROM application UNION {logged('application')}").fetchall()
        if key[1:].isdigit()]
    db.execute("INSERT INTO issued VALUES ('application', '', ?)", (max(numbers, default=0),))
    people = [int(key[1:]) for (key,) in db.execute("SELECT id FROM person").fetchall() if key[1:].isdigit()]
    db.execute("INSERT INTO issued VALUES ('person', '', ?)", (max(people, default=0),))
    for kind, table in ID_TABLES.items():
        ids = [int(key) for (key,) in db.execute(
            f"SELECT id FROM {table} UNION {logged(kind)}").fetchall() if str(key).isdigit()]
        db.execute("INSERT INTO issued VALUES (?, '', ?)", (f"id:{table}", max(ids, default=0)))
    highest: dict[tuple[str, str], int] = {}
    for kind in NUMBERED:
        for person_id, no in db.execute(f"SELECT person_id, max(no) FROM {kind} GROUP BY person_id"):
            highest[kind, person_id] = no
    for person_id, old, new in db.execute(
            "SELECT person_id, old, new FROM event WHERE record LIKE 'step:%' AND person_id IS NOT NULL"):
        for content in (old, new):
            try:
                no = json.loads(content).get("no") if content else None
            except (ValueError, AttributeError):
                no = None
            if isinstance(no, int):
                highest["step", person_id] = max(highest.get(("step", person_id), 0), no)
    db.conn.executemany("INSERT INTO issued VALUES (?, ?, ?)",
                        [(kind, person_id, no) for (kind, person_id), no in highest.items()])
    for person_id, name, alias in db.execute("SELECT id, name, alias FROM person").fetchall():
        db.execute("UPDATE person SET name_key = ?, alias_key = ? WHERE id = ?",
                   (name_key(name), name_key(alias), person_id))
    for person_id, content in db.execute(  # the pointer's names, from its merge event
            "SELECT person.id, event.old FROM person JOIN event "
            "ON event.record = 'person:' || person.id AND event.action = 'merge' "
            "WHERE merged_into IS NOT NULL AND anonymised IS NULL AND deleted IS NULL "
            "AND event.old IS NOT NULL").fetchall():
        old = json.loads(content)
        db.execute("UPDATE person SET name = ?, alias = ?, name_key = ?, alias_key = ? WHERE id = ?",
                   (old.get("name"), old.get("alias"), name_key(old.get("name")),
                    name_key(old.get("alias")), person_id))
        renumbered = json.loads(db.execute(
            "SELECT new FROM event WHERE record = ? AND action = 'merge' ORDER BY id DESC LIMIT 1",
            (f"person:{person_id}",)).fetchone()[0] or "{}").get("steps_renumbered") or {}
        into = db.execute("SELECT merged_into FROM person WHERE id = ?", (person_id,)).fetchone()[0]
        for no in renumbered.values():
            db.execute("UPDATE step SET minutes_id = ? WHERE person_id = ? AND no = ? "
                       "AND meeting_id IS NOT NULL AND minutes_id IS NULL", (person_id, into, no))


@step
def m008_name_keys(db: "Database") -> None:
    """The folded name keys again, now without the punctuation between the words
    (domain.duplicates.name_key: 'Nordmann, Kari' is 'Kari Nordmann'), so a name typed in
    the surname-first form finds and warns of the same person as before."""
    from boligreg.domain.duplicates import name_key

    rows = db.execute("SELECT id, name, alias FROM person WHERE name_key IS NOT NULL "
                      "OR alias_key IS NOT NULL").fetchall()
    db.conn.executemany("UPDATE person SET name_key = ?, alias_key = ? WHERE id = ?",
                        [(name_key(name), name_key(alias), person_id) for person_id, name, alias in rows])
