"""Every string a person reads, in Norwegian bokmål (default), nynorsk or English.

The texts are gettext catalogs (boligreg/locale/, one .po and its compiled .mo per language),
looked up by key: `t("done_init", path=…)`. A message with a count `{n}` is a plural entry and
takes the form for n. The language is chosen once per process: --lang, else BOLIGREG_LANG, else
the register's `config set language`, else nb. Help texts are built when the CLI is imported,
so --lang and BOLIGREG_LANG are read from argv and the environment before Typer parses them.
"""

import gettext
import os
import sys
from dataclasses import dataclass

from boligreg.locale import DOMAIN, FOLDER

DEFAULT = "nb"
_language = DEFAULT
_catalogs: dict[str, gettext.GNUTranslations] = {}


def detect_language(argv: list[str] | None = None) -> str | None:
    """--lang X / --lang=X on the command line wins over BOLIGREG_LANG; None when neither names
    a language we have (the command then refuses an unknown one with a line of its own)."""
    argv = sys.argv[1:] if argv is None else argv
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return language_named(argv[index + 1])
        if arg.startswith("--lang="):
            return language_named(arg.split("=", 1)[1])
    chosen = os.environ.get("BOLIGREG_LANG")
    return language_named(chosen) if chosen else None


NAMES = {"nb": "nb", "bokmål": "nb", "bokmal": "nb", "norsk": "nb", "nn": "nn", "nynorsk": "nn",
         "en": "en", "english": "en", "engelsk": "en"}
"""What a person may type for a language (--lang, BOLIGREG_LANG, config set language)."""


def language_named(text: str) -> str | None:
    """The language a person means (nb, nn, en), case-insensitively; None for none we have."""
    return NAMES.get(text.strip().lower())


def valid_language(lang: str) -> str:
    return language_named(lang) or DEFAULT


def set_language(lang: str) -> None:
    global _language
    _language = valid_language(lang)


def language() -> str:
    return _language


def catalog(lang: str) -> gettext.GNUTranslations:
    """One language's compiled catalog, read on first use (a .mo file: a fraction of a ms)."""
    if lang not in _catalogs:
        _catalogs[lang] = gettext.translation(DOMAIN, FOLDER, languages=[lang])
    return _catalogs[lang]


@dataclass(frozen=True, slots=True)
class Phrase:
    """A message key given as an argument to another message, put in the reader's words when
    that message is shown: InvalidInput("err_already_decided", decision=Phrase("decision_granted"))
    reads «… er allerede innvilget», never «… granted». `args` fill the phrase's own
    placeholders: Phrase("what_command", (("command", "export"),)) reads «boligreg export»."""

    key: str
    args: tuple[tuple[str, object], ...] = ()


class Count(int):
    """A number given to a message, written as the reader writes numbers (i18n.number: 2 000,
    not 2000), as a count `n` is: «høyst 2 000 tegn» beside «2 001»."""


def t(key: str, /, **args: object) -> str:
    """The message for `key` in the current language, {placeholders} filled in; with a count
    `n` the plural form for it."""
    return text_in(_language, key, **args)


def known(key: str) -> bool:
    """Whether the catalog has a message for `key` (gettext gives a missing key back as is)."""
    return catalog(_language).gettext(key) != key


def text_in(lang: str, key: str, /, **args: object) -> str:
    """The message for `key` in `lang` (the words a parser accepts are looked up in every
    language)."""
    found = catalog(lang)
    args = {name: text_in(lang, value.key, **dict(value.args)) if isinstance(value, Phrase)
            else number(value, language=lang) if isinstance(value, Count) else value
            for name, value in args.items()}
    count = args.get("n")
    text = found.ngettext(key, key, count) if isinstance(count, int) else key
    if text == key:  # no count, or a message without plural forms that is given an n anyway
        text = found.gettext(key)
    if isinstance(count, int) and not isinstance(count, bool):
        args["n"] = number(count, language=lang)  # 2 375, not 2375
    return text.format(**args) if args else text


def number(value: float, decimals: int = 0, share: bool = False, language: str | None = None) -> str:
    """A number as the reader writes it: 1 234, −3 and 132,5 in Norwegian (a no-break space
    between thousands, so a number never breaks across lines; a minus sign, not a hyphen),
    1,234, -3 and 132.5 in English; a share as 12,5 % or 12.5%."""
    lang = language or _language
    if share:
        value *= 100
    text = f"{value:,.{decimals}f}"
    if lang != "en":
        text = text.replace(",", "\u00a0").replace(".", ",").replace("-", "\u2212")
    if share:
        text += "%" if lang == "en" else "\u00a0%"
    return text


set_language(detect_language() or DEFAULT)
