"""Every string a person reads, in Norwegian bokmål (default) and English.

The language is chosen once per process: --lang, else BOLIGREG_LANG, else nb. Help texts are
built when the CLI is imported, so the choice is read from argv before Typer parses it.
"""

import os
import sys

from boligreg.catalog import MESSAGES

LANGUAGES = ("nb", "en")
_language = "nb"


def detect_language(argv: list[str] | None = None) -> str:
    """--lang X / --lang=X on the command line wins over BOLIGREG_LANG."""
    argv = sys.argv[1:] if argv is None else argv
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return _valid(argv[index + 1])
        if arg.startswith("--lang="):
            return _valid(arg.split("=", 1)[1])
    return _valid(os.environ.get("BOLIGREG_LANG", "nb"))


def _valid(lang: str) -> str:
    lang = lang.strip().lower()
    return lang if lang in LANGUAGES else "nb"


def set_language(lang: str) -> None:
    global _language
    _language = _valid(lang)


def language() -> str:
    return _language


def t(key: str, /, **args: object) -> str:
    """The message for `key` in the current language, with {placeholders} filled in."""
    nb, en = MESSAGES[key]
    text = en if _language == "en" else nb
    return text.format(**args) if args else text


set_language(detect_language())
