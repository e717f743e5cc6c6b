"""The import's messages: both languages, the same placeholders, every key used and known.

The catalog's own check (test_schema_and_catalog) does not read boligreg/importing/messages.py
yet, so this one does the same for the import until the two are merged."""

import re
import string
from pathlib import Path

import pytest

from boligreg.catalog import MESSAGES as CATALOG
from boligreg.importing import MESSAGES, render
from boligreg.importing.messages import bad_input

SOURCE = Path(__file__).resolve().parent.parent / "boligreg" / "importing"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_in_both_languages_with_the_same_placeholders():
    for key, (bokmal, english) in MESSAGES.items():
        assert key.startswith("import_"), key
        assert bokmal.strip() and english.strip(), key
        assert _placeholders(bokmal) == _placeholders(english), key


def test_no_key_is_also_a_catalog_key():
    assert not MESSAGES.keys() & CATALOG.keys()


def test_every_key_the_code_names_is_listed_and_every_listed_key_is_named():
    code = "\n".join(path.read_text() for path in SOURCE.glob("*.py")
                     if path.name != "messages.py")
    used = set(re.findall(r'"(import_[a-z_]+)"', code))
    assert used - MESSAGES.keys() == set()
    assert MESSAGES.keys() - used == set()


def test_render_fills_the_placeholders_in_the_language_asked():
    assert render("import_no_file", "nb", path="a.xlsx") == "finner ikke filen a.xlsx."
    assert render("import_no_file", "en", path="a.xlsx") == "no such file: a.xlsx."
    assert render("import_skip_blank", "se") == "tom rad"  # unknown language: bokmål


def test_bad_input_knows_only_listed_keys():
    error = bad_input("import_no_file", path="a.xlsx")
    assert (error.key, error.args_, error.exit_code) == ("import_no_file", {"path": "a.xlsx"}, 2)
    with pytest.raises(KeyError):
        bad_input("import_no_such_key")
