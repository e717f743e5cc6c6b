"""The SQLite register through sqlite-utils: open, migrate, one transaction per use case."""

from boligreg.store.register import Register, open_register

__all__ = ["Register", "open_register"]
