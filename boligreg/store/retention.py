"""Retention: anonymise persons whose time on the list ended long enough ago.

What identifies a person goes (name, alias, fødselsnummer, phone, exact birth date, every free
text, and the personal content of their event-log rows); what the figures count stays (codes,
dates, birth year, gender, children, coded needs). So every past report gives the same numbers.
"""

import sqlite3
from datetime import date

from boligreg.domain.dates import add_months, show_date
from boligreg.domain.models import History
from boligreg.domain.timeline import episodes
from boligreg.errors import DiskFull, InvalidInput, ReadOnly, RegisterLocked
from boligreg.i18n import Phrase
from boligreg.store.audit import digest
from boligreg.store.connection import translate_sqlite_error
from boligreg.store.register import Register


def default_cutoff(reg: Register) -> date:
    """Today minus the configured retention period (config retention-years)."""
    return add_months(reg.today, -12 * reg.settings.retention_years)


def purge_candidates(reg: Register, before: date) -> list[tuple[History, date]]:
    """Persons not yet anonymised whose last homeless episode ended before `before`, with that
    end date. Someone still on the list, or never on it, is never a candidate."""
    if before > reg.today:
        raise InvalidInput("err_future_date", value=show_date(before))
    days = reg.settings.inactive_after_days
    ids = [row[0] for row in reg.conn.execute("SELECT id FROM person WHERE anonymised IS NULL")]
    found = []
    for history in reg.histories(ids):
        eps = episodes(history, days)
        if eps and eps[-1].end is not None and eps[-1].end < before and eps[-1].end <= reg.today:
            found.append((history, eps[-1].end))
    return found


PERSON_TEXT = {"name": None, "alias": None, "fnr": None, "phone": None, "born": None,
               "name_key": None, "alias_key": None}


def anonymise(reg: Register, histories: list[History]) -> int:
    """Remove the identifying data of these persons in one transaction, with SQLite's
    secure_delete on (freed bytes are zeroed), then VACUUM so no old page survives in the file.
    Temporary files that killed commands left (some whole copies of the register) go too."""
    from boligreg.store.doctor import sweep_leftovers

    sweep_leftovers(reg.path, reg.conn)
    if not histories:
        return 0
    db = reg.db
    db.execute("PRAGMA secure_delete = ON")
    with reg.write("purge"):
        for history in histories:
            pid = history.person.id
            db.table("person").update(pid, dict(PERSON_TEXT, anonymised=reg.today.isoformat()))
            db.execute("UPDATE stay SET place = NULL WHERE person_id = ?", (pid,))
            db.execute("UPDATE contact SET note = NULL WHERE person_id = ?", (pid,))
            db.execute("UPDATE plan SET wishes = NULL WHERE person_id = ?", (pid,))
            db.execute("UPDATE step SET text = '' WHERE person_id = ?", (pid,))
            # the anonymisation is in the log before any of the person's events is redacted:
            # the log's guard allows a redaction only then (store/migrations.GUARDS); the
            # records merged into theirs are theirs too
            for merged in sorted(reg.merged_ids(pid)):
                if merged != pid:
                    db.table("person").update(merged, dict(PERSON_TEXT, anonymised=reg.today.isoformat()))
                reg.log("anonymise", f"person:{merged}", merged,
                        new={"anonymised": reg.today.isoformat()})
                redact_events(reg, merged)
    vacuum_after(reg, "err_purge_not_vacuumed", n=len(histories))
    return len(histories)


VACUUM_FAILED = {DiskFull: "vacuum_disk_full", RegisterLocked: "vacuum_locked", ReadOnly: "vacuum_read_only"}
"""Why VACUUM failed, in the reader's words (never SQLite's English)."""


def vacuum_after(reg: Register, key: str, command: str = "purge", **args: object) -> None:
    """VACUUM after a committed anonymisation or deletion; if it fails, say what is true (`key`:
    the change is saved, the space not yet reclaimed, what to run) with the reason in words."""
    try:
        vacuum_file(reg, command)
    except sqlite3.Error as error:  # committed before: say so, and what is left to do
        cause = translate_sqlite_error(error, reg.path)
        reason = Phrase(VACUUM_FAILED.get(type(cause), "vacuum_database"))
        raise type(cause)(key, detail=reason, **args) from None


def vacuum_file(reg: Register, command: str = "purge") -> None:
    """Rewrite the file with VACUUM, so no page of it holds what was removed (a name changed
    long before the purge may linger in a freed part of a page), and log that it was done:
    doctor reports an anonymisation (a purge, a deleted person) that no VACUUM has followed."""
    reg.conn.execute("VACUUM")
    with reg.write(command):
        reg.log("vacuum", "register")


def redact_events(reg: Register, person_id: str) -> None:
    """Keep each event's digest of its content, drop the content: the chain still checks."""
    rows = reg.rows("SELECT id, old, new FROM event WHERE person_id = ? AND action != 'anonymise' "
                    "AND (old IS NOT NULL OR new IS NOT NULL)", (person_id,))
    for row in rows:
        reg.conn.execute(
            "UPDATE event SET old = NULL, new = NULL, old_digest = ?, new_digest = ? WHERE id = ?",
            (digest(row["old"]), digest(row["new"]), row["id"]),
        )


def remove_person(reg: Register, person_id: str) -> dict[str, int]:
    """Inside a write: delete every record of a person registered by mistake, keep the person
    row as a marker with no personal data (the id is never handed out again), and redact their
    events as purge does. Frozen meeting lists keep their rows. Returns how many of each went."""
    removed = {}
    for table, where in (
            ("application_decision",
             "application_id IN (SELECT id FROM application WHERE person_id = ?)"),
            ("application", "person_id = ?"), ("step", "person_id = ?"),
            ("contact", "person_id = ?"), ("person_exit", "person_id = ?"),
            ("plan", "person_id = ?"), ("stay", "person_id = ?")):
        removed[table] = reg.conn.execute(f"DELETE FROM {table} WHERE {where}", (person_id,)).rowcount
    today = reg.today.isoformat()
    reg.table("person").update(person_id, dict(
        PERSON_TEXT, caseworker=None, consent=None, deleted=today, anonymised=today))
    # the anonymisation in the log first: the log's guard allows a redaction only then
    for merged in sorted(reg.merged_ids(person_id)):
        if merged != person_id:  # a pointer keeps its old name: it goes too
            reg.table("person").update(merged, dict(PERSON_TEXT, anonymised=today))
        reg.log("anonymise", f"person:{merged}", merged, new={"anonymised": today})
        redact_events(reg, merged)
    return removed
