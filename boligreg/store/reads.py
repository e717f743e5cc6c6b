"""Use case: record that someone read personal data (Normen: every access to health data is
logged). A read event says what was shown — the command, how many persons, which person — never
the content. It is committed before the data is shown or written to a file, so nothing is shown
that the log does not record."""

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
