"""Use case: record that someone read personal data (Normen: every access to health data is
logged). A read event says what was shown — the command, how many persons, which person — never
the content. It is committed before the data is shown or written to a file, so nothing is shown
that the log does not record."""

import json

from boligreg.store.register import Register

READS = ("read", "read-sensitive")
"""The events that change nothing: `log` leaves them out (`log --person` shows them)."""
READ_ACTIONS = (*READS, "export", "backup")
"""What `log --reads` lists: reads of persons' data, and the copies of it that left the register."""


def log_read(reg: Register, command: str, record: str, person_id: str | None = None,
             sensitive: bool = False, **shown: object) -> None:
    """One small write: who read what (`shown`: counts and choices, e.g. persons=40, format='csv')."""
    with reg.write(command):
        reg.log("read-sensitive" if sensitive else "read", record, person_id, new=shown or None)


RECORD_TABLES = {"stay": ("stay", "id"), "contact": ("contact", "id"), "step": ("step", "id"),
                 "exit": ("person_exit", "id"), "application": ("application", "id"),
                 "decision": ("application_decision", "id"), "offer": ("offer", "id"),
                 "housing_first": ("housing_first", "id"), "dwelling_mark": ("dwelling_mark", "id"),
                 "meeting": ("meeting", "id")}
"""A logged record's kind (`stay:12`) → the table and key it names (what the log view looks up)."""


def event_facts(reg: Register, events: list[dict]) -> tuple[dict[str, str], dict[str, dict]]:
    """What the log view needs to name the records of `events` as the card names them: each
    person's name (an id alone once anonymised or deleted), and each record's stored row (its
    number on the card and its date), where it still exists. Read in one query a kind."""
    wanted: dict[str, set[str]] = {}
    persons = {e["person_id"] for e in events if e.get("person_id")}
    for event in events:
        kind, _, key = str(event.get("record", "")).partition(":")
        if kind in RECORD_TABLES and key:
            wanted.setdefault(kind, set()).add(key)
    found: dict[str, dict] = {}
    for kind, keys in wanted.items():
        table, column = RECORD_TABLES[kind]
        for row in reg.rows(f"SELECT * FROM {table} WHERE CAST({column} AS TEXT) IN "
                            "(SELECT value FROM json_each(?))", (json.dumps(sorted(keys)),)):
            found[f"{kind}:{row[column]}"] = row
            if row.get("person_id"):
                persons.add(row["person_id"])
    names = {row["id"]: row["name"] or (f"«{row['alias']}»" if row["alias"] else "")
             for row in reg.rows("SELECT id, name, alias FROM person WHERE id IN "
                                 "(SELECT value FROM json_each(?)) AND anonymised IS NULL "
                                 "AND deleted IS NULL", (json.dumps(sorted(persons)),))}
    return {k: v for k, v in names.items() if v}, found
