"""Use case: record that a by-name list left the register (export)."""

from boligreg.store.register import Register


def log_export(reg: Register, path: str, persons: int, show_fnr: bool) -> None:
    """A by-name export leaves the register's protection: record who took what, and where."""
    with reg.write("export"):
        reg.log("export", "person-list", new={"file": path, "persons": persons, "fnr": show_fnr})
