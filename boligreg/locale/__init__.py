"""The message catalog: one gettext .po file per language (nb, nn, en) and its compiled .mo.

The msgid of each message is its key in the code (`boligreg.i18n.t("done_init", path=…)`); the
msgstr is the text. A message with a count (`{n}`) is a plural entry: Norwegian and English
both have two forms. Translators edit the .po files; `python -m boligreg.locale compile` (Babel,
a test dependency) writes the .mo files that boligreg reads, and a test fails when a .mo is
older than its .po or a key is missing in any language. `python -m boligreg.locale check`
lists keys the code uses that a catalog lacks, and keys no code uses.
"""

from pathlib import Path

DOMAIN = "boligreg"
LANGUAGES = ("nb", "nn", "en")
FOLDER = Path(__file__).resolve().parent


def po_path(language: str) -> Path:
    return FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
