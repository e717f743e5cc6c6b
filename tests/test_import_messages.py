"""The import's messages live in the one catalog (boligreg/locale) with every other message:
every `import_` key the importing code names is there in bokmål, nynorsk and English, and the
catalog holds none the code no longer names. (Placeholders, plural forms and language leaks
are test_catalog.py's, for all keys alike.)"""

import re
from pathlib import Path

from boligreg.errors import InvalidInput
from boligreg.importing import Reason
from boligreg.locale.__main__ import keys_used_in_code
from tests.test_catalog import CATALOGS

CODE = Path(__file__).resolve().parent.parent / "boligreg"


def _import_keys_in_code() -> set[str]:
    """The keys written out, and the one made from a field's name (import --help's list)."""
    from boligreg.importing.vocabulary import FIELDS

    source = "\n".join(path.read_text(encoding="utf-8") for path in CODE.rglob("*.py"))
    named = {key for key in re.findall(r'"(import_[a-z_]+)"', source) if not key.endswith("_")}
    return named | {f"import_field_{f}" for f in FIELDS}  # a prefix ("import_field_") is none


def test_every_import_key_is_in_the_catalog_and_every_catalog_import_key_is_used():
    named = _import_keys_in_code()
    listed = {key for key in CATALOGS["nb"] if key.startswith("import_")}
    assert named - listed == set()
    assert listed - named == set()


def test_the_catalog_check_sees_the_keys_the_import_carries_in_reasons_and_errors():
    used = keys_used_in_code()
    assert {"import_reject_bad_fnr", "import_skip_total", "import_no_header",
            "import_map_unknown_code"} <= used


def test_there_is_no_second_catalog():
    assert not (CODE / "importing" / "messages.py").exists()
    assert not (CODE / "catalog.py").exists()


def test_a_reason_reads_in_the_language_asked():
    reason = Reason("import_no_file", {"path": "a.xlsx"})
    assert reason.text("nb") == "finner ikke filen a.xlsx."
    assert reason.text("nn") == "finn ikkje fila a.xlsx."
    assert reason.text("en") == "no such file: a.xlsx."
    assert reason.text("se") == "finner ikke filen a.xlsx."  # unknown language: bokmål


def test_a_decision_in_a_reason_is_a_word_of_the_readers_language():
    from boligreg.i18n import Phrase

    reason = Reason("import_reject_decision_without_applied",
                    {"decision": Phrase("decision_granted")})
    assert "innvilget" in reason.text("nb") and "granted" in reason.text("en")
    assert "granted" not in reason.text("nb")


def test_a_file_error_is_bad_input_with_its_key():
    error = InvalidInput("import_no_file", path="a.xlsx")
    assert (error.key, error.args_, error.exit_code) == ("import_no_file", {"path": "a.xlsx"}, 2)
