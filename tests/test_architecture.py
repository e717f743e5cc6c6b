"""docs/ARCHITECTURE.md names the one function that owns each rule: every name in its table
must exist, so the table cannot quietly go out of date when a rule moves."""

import importlib
import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "ARCHITECTURE.md"


def owners() -> list[str]:
    table = DOC.read_text(encoding="utf-8").split("## Rule → the one function that owns it", 1)[1]
    table = table.split("\n## ", 1)[0]
    return re.findall(r"`(boligreg\.[\w.]+)`", table)


def resolve(name: str) -> object:
    """Import the longest module prefix of `name`, then walk the attributes after it."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(name)


def test_every_owner_the_table_names_exists():
    names = owners()
    assert len(names) >= 40
    missing = []
    for name in names:
        try:
            resolve(name)
        except (ModuleNotFoundError, AttributeError):
            missing.append(name)
    assert missing == []


def test_each_rule_has_one_owner_row():
    names = owners()
    assert len(names) == len(set(names)) or sorted({n for n in names if names.count(n) > 1}) == [
        "boligreg.domain.timeline.episodes"]  # episodes owns both the episodes and inactivity
