"""Retention: anonymise persons whose time on the list ended long enough ago.

What identifies a person goes (name, alias, fødselsnummer, phone, exact birth date, every free
text, and the personal content of their event-log rows); what the figures count stays (codes,
dates, birth year, gender, children, coded needs). So every past report gives the same numbers.
"""

from datetime import date

from boligreg.domain.dates import add_months, show_date
from boligreg.domain.models import History
from boligreg.domain.timeline import episodes
from boligreg.errors import InvalidInput
from boligreg.store.audit import digest
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
    secure_delete on (freed bytes are zeroed), then VACUUM so no old page survives in the file."""
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
            for merged in reg.merged_ids(pid):  # the records merged into theirs are theirs too
                redact_events(reg, merged)
            reg.log("anonymise", f"person:{pid}", pid, new={"anonymised": reg.today.isoformat()})
    db.conn.execute("VACUUM")
    return len(histories)


def redact_events(reg: Register, person_id: str) -> None:
    """Keep each event's digest of its content, drop the content: the chain still checks."""
    rows = reg.rows("SELECT id, old, new FROM event WHERE person_id = ? "
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
    reg.table("person").update(person_id, dict(
        PERSON_TEXT, caseworker=None, consent=None, deleted=reg.today.isoformat()))
    for merged in reg.merged_ids(person_id):
        redact_events(reg, merged)
    return removed
