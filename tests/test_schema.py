"""The final schema column by column; foreign keys and the log's guards enforced."""

import sqlite3

EXPECTED = {
    "config": ["key", "value"],
    "person": ["id", "name", "alias", "fnr", "born", "birth_year", "gender", "children",
               "need_rus", "need_psykisk", "need_somatisk", "need_oppfolging", "caseworker",
               "phone", "consent", "wants_housing", "registered", "anonymised", "known_since",
               "merged_into", "deleted", "name_key", "alias_key", "born_abroad",
               "children_living_with", "income", "evicted"],
    "stay": ["id", "person_id", "code", "start", "place", "release", "noted", "lease",
             "lease_end", "housing_first", "dwelling_id", "no"],
    "person_exit": ["id", "person_id", "reason", "date"],
    "contact": ["id", "person_id", "date", "kind", "by", "note", "no"],
    "plan": ["person_id", "route", "target", "wishes", "responsible"],
    "meeting": ["id", "date", "attendees", "closed"],
    "step": ["id", "person_id", "no", "text", "owner", "due", "done", "meeting_id", "created",
             "minutes_id"],
    "application": ["id", "person_id", "kind", "received", "accessible"],
    "application_decision": ["id", "application_id", "decision", "date"],
    "change": ["id", "user", "command", "first_event", "last_event", "undoes"],
    "meeting_person": ["meeting_id", "person_id", "situation"],
    "event": ["id", "at", "user", "command", "action", "record", "person_id", "old", "new", "hash",
              "old_digest", "new_digest"],
    "log_head": ["id", "last_id", "hash"],
    "user": ["name", "role", "added", "added_by"],
    # m006_housing
    "dwelling": ["id", "address", "rooms", "size", "kind", "accessible", "floor", "note",
                 "registered"],
    "dwelling_mark": ["id", "dwelling_id", "date", "kind"],
    "offer": ["id", "dwelling_id", "person_id", "date", "outcome", "decided", "reason", "stay_id"],
    "rental": ["id", "address", "rent", "rooms", "available", "registered", "deposit_guarantee",
               "bostotte", "landlord", "until"],
    "housing_first": ["id", "person_id", "invited", "answer", "answered", "ended", "end_reason"],
    "issued": ["kind", "scope", "last"],
}


def test_schema_column_by_column(cli, register):
    conn = sqlite3.connect(register)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables - {"_sqlite_migrations"} == set(EXPECTED)
    for table, columns in EXPECTED.items():
        assert [r[1] for r in conn.execute(f"PRAGMA table_info({table})")] == columns, table
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        assert sql.rstrip().endswith("STRICT"), table
    assert conn.execute("PRAGMA foreign_key_list(stay)").fetchall()


def test_the_quick_migration_check_reads_what_sqlite_utils_records(tmp_path):
    """Opening a register reads the applied migrations without sqlite-utils; it must see what
    sqlite-utils' Migrations wrote, step by step, or a register would be migrated twice."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from boligreg.store.migrations import (
        MIGRATIONS_TABLE,
        STEPS,
        applied_names,
        migration_set,
        pending_names,
    )

    assert MIGRATIONS_TABLE == Migrations.migrations_table
    db = Database(tmp_path / "r.db")
    names = [f.__name__ for f in STEPS]
    assert applied_names(db.conn) == [] and pending_names(db.conn) == names
    migration_set().apply(db, stop_before=names[-1])
    assert applied_names(db.conn) == [m.name for m in migration_set().applied(db)] == names[:-1]
    assert pending_names(db.conn) == [m.name for m in migration_set().pending(db)] == names[-1:]
    migration_set().apply(db)
    assert applied_names(db.conn) == names and pending_names(db.conn) == []


def test_foreign_keys_are_enforced(cli, register):
    from boligreg.store import open_register

    reg = open_register(register)
    try:
        reg.conn.execute("INSERT INTO stay (person_id, code, start) VALUES ('P9999', 'UTE', '2015-01-01')")
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("a stay for an unknown person was accepted")


def test_event_log_refuses_update_and_delete(cli, register):
    conn = sqlite3.connect(register)
    for sql in ("UPDATE event SET user = 'x'", "DELETE FROM event"):
        try:
            conn.execute(sql)
        except sqlite3.DatabaseError as error:
            assert "append-only" in str(error)
        else:
            raise AssertionError(sql)


def test_m004_keeps_every_stay_and_decision_of_an_older_register(tmp_path):
    """A register from before the corrections: its stays are copied into the table without
    UNIQUE (person_id, start), each decision and withdrawal becomes a dated decision row, and
    known since is the registration day. Nothing is lost, and same-day stays then work."""
    from datetime import date

    from sqlite_utils import Database

    from boligreg.domain.codes import Decision, Situation
    from boligreg.store import open_register
    from boligreg.store.migrations import migration_set
    from boligreg.store.stays import add_stay

    path = tmp_path / "old.db"
    db = Database(path)
    migration_set().apply(db, stop_before="m004_corrections")
    db["person"].insert({"id": "P0001", "name": "Kari Testesen", "registered": "2015-01-10"})
    db["stay"].insert_all([{"person_id": "P0001", "code": "UTE", "start": "2015-01-10"},
                           {"person_id": "P0001", "code": "MIDL", "start": "2015-02-01"}])
    db["application"].insert_all([
        {"id": "A0001", "person_id": "P0001", "kind": "KOMMUNAL", "received": "2015-01-20",
         "decision": "granted", "decided": "2015-02-10", "withdrawn": "2015-03-01"},
        {"id": "A0002", "person_id": "P0001", "kind": "BOSTOTTE", "received": "2015-01-21"}])
    db.conn.close()
    reg = open_register(path, today=date(2016, 6, 1))
    history = reg.history("P0001")
    assert [(s.code, s.start) for s in history.stays] == [(Situation.UTE, date(2015, 1, 10)),
                                                         (Situation.MIDL, date(2015, 2, 1))]
    first, second = history.applications
    assert [(r.decision, r.date) for r in first.rulings] == [(Decision.GRANTED, date(2015, 2, 10)),
                                                             (Decision.WITHDRAWN, date(2015, 3, 1))]
    assert first.decision_on(date(2015, 2, 20)) == Decision.GRANTED
    assert first.decision_on(date(2015, 3, 1)) == Decision.WITHDRAWN and second.rulings == ()
    assert history.person.known_since == date(2015, 1, 10)
    add_stay(reg, "P0001", Situation.KOMMUNAL, date(2015, 2, 1))
    assert [s.code for s in reg.history("P0001").stays][-1] == Situation.KOMMUNAL
    sql = reg.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'stay'").fetchone()[0]
    assert "UNIQUE" not in sql and sql.rstrip().endswith("STRICT")
    assert reg.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    reg.close()


def test_m007_issues_nothing_twice_numbers_as_the_card_did_and_keeps_a_pointers_name(tmp_path):
    """A register from before m007: application A0002 was deleted (only the log names it), a
    stay and a contact were deleted, and P0002 was merged into P0001 with its name wiped. After
    the upgrade no id is given again, stays and contacts keep the numbers the card gave them (by
    date), names are keyed in any word order, and the pointer is found by its old name again."""
    import json
    from datetime import date

    from sqlite_utils import Database

    from boligreg.domain.codes import ApplicationKind, Situation
    from boligreg.store import open_register
    from boligreg.store.applications import add_application
    from boligreg.store.contacts import add_contact
    from boligreg.store.migrations import migration_set
    from boligreg.store.persons import find_persons
    from boligreg.store.stays import add_stay

    path = tmp_path / "old.db"
    db = Database(path)
    migration_set().apply(db, stop_before="m007_stable_numbers")
    db["person"].insert_all([
        {"id": "P0001", "name": "Olsen Jon", "name_key": "olsen jon", "registered": "2015-01-10"},
        {"id": "P0002", "registered": "2015-01-10", "merged_into": "P0001"}])
    db["stay"].insert_all([{"id": 7, "person_id": "P0001", "code": "MIDL", "start": "2015-02-01"},
                           {"id": 3, "person_id": "P0001", "code": "UTE", "start": "2015-01-10"}])
    db["contact"].insert_all([{"id": 5, "person_id": "P0001", "date": "2015-03-01", "kind": "met"},
                              {"id": 2, "person_id": "P0001", "date": "2015-02-15", "kind": "met"}])
    db["application"].insert({"id": "A0001", "person_id": "P0001", "kind": "KOMMUNAL", "received": "2015-01-20"})
    for n, (record, action, old) in enumerate((
            ("application:A0002", "create", None), ("application:A0002", "delete", None),
            ("stay:9", "delete", None), ("contact:8", "delete", None),
            ("person:P0002", "merge", {"name": "Jon Olsen", "alias": "Fjellet"})), start=1):
        db["event"].insert({"id": n, "at": "2015-03-01T10:00:00+00:00", "user": "u", "command": "c",
                            "action": action, "record": record, "person_id": None,
                            "old": json.dumps(old) if old else None, "hash": f"h{n}"})
    db.conn.close()
    reg = open_register(path, today=date(2016, 6, 1), user="u")
    history = reg.history("P0001")
    assert [(s.no, s.code) for s in history.stays] == [(1, Situation.UTE), (2, Situation.MIDL)]
    assert [(c.no, c.id) for c in history.contacts] == [(1, 2), (2, 5)]
    assert add_application(reg, "P0001", ApplicationKind.BOSTOTTE, date(2016, 5, 1)) == "A0003"
    assert add_stay(reg, "P0001", Situation.VENN, date(2016, 5, 1)) == 10
    assert reg.history("P0001").stays[-1].no == 3
    add_contact(reg, "P0001", date(2016, 5, 2))
    assert [(c.no, c.id) for c in reg.history("P0001").contacts][-1] == (3, 9)
    assert reg.conn.execute("SELECT name_key FROM person WHERE id = 'P0001'").fetchone()[0] == "jon olsen"
    assert [p.id for p in find_persons(reg, "fjellet")] == ["P0002"]
    reg.close()
