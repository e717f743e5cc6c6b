"""Use case: record that a by-name list left the register (export)."""

from boligreg.store.register import Register


def log_export(reg: Register, path: str, persons: int, show_fnr: bool) -> None:
    """A by-name export leaves the register's protection: record who took what, and where."""
    with reg.write("export"):
        reg.log("export", "person-list", new={"file": path, "persons": persons, "fnr": show_fnr})


def log_survey(reg: Register, path: str, week: str, forms: int, dedup_fields: bool) -> None:
    """The survey's forms (one per person; with birth year and initials under --dedup-fields)
    leave the register."""
    with reg.write("report survey"):
        reg.log("export", "survey-forms", new={"file": path, "week": week, "forms": forms,
                                              "dedup_fields": dedup_fields})
