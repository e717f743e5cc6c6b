"""The message catalogs (boligreg/locale): every key in every language with the same
placeholders and plural forms, the compiled .mo files current, and no language leaking into
another — in the catalogs themselves and in what the commands print."""

import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from boligreg import i18n
from boligreg.locale import LANGUAGES, po_path
from boligreg.locale.__main__ import keys_used_in_code

HERE = Path(__file__).resolve().parent
BOKMAL_ONLY = (HERE / "bokmal_only_words.txt").read_text(encoding="utf-8").split()
NORWEGIAN_ONLY = (HERE / "norwegian_only_words.txt").read_text(encoding="utf-8").split()


def entries(language: str) -> dict[str, tuple[str, ...]]:
    """key → its text, or its (singular, plural) forms."""
    with open(po_path(language), "rb") as handle:
        catalog = read_po(handle, locale=language)
    result = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        result[key] = tuple(message.string) if isinstance(message.string, tuple) else (message.string,)
    return result


CATALOGS = {language: entries(language) for language in LANGUAGES}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_key():
    keys = set(CATALOGS["nb"])
    for language in LANGUAGES:
        assert set(CATALOGS[language]) == keys, language
    missing = keys_used_in_code() - keys
    assert not missing


def test_same_placeholders_and_every_form_filled_in():
    for key, nb in CATALOGS["nb"].items():
        expected = placeholders(nb[0])
        for language in LANGUAGES:
            forms = CATALOGS[language][key]
            assert all(form.strip() for form in forms), (language, key)
            assert all(placeholders(form) == expected for form in forms), (language, key)


def test_a_message_with_a_count_is_a_plural_entry_everywhere():
    for key, nb in CATALOGS["nb"].items():
        counted = "n" in placeholders(nb[0])
        for language in LANGUAGES:
            assert (len(CATALOGS[language][key]) == 2) == counted, (language, key)


def test_the_compiled_catalogs_say_what_the_po_files_say():
    for language in LANGUAGES:
        compiled = i18n.catalog(language)
        for key, forms in CATALOGS[language].items():
            if len(forms) == 2:
                assert (compiled.ngettext(key, key, 1), compiled.ngettext(key, key, 5)) == forms
            else:
                assert compiled.gettext(key) == forms[0], (language, key)


def test_plural_forms_agree_with_the_count():
    i18n.set_language("nb")
    try:
        assert i18n.t("count_persons", n=1) == "1 person"
        assert i18n.t("count_persons", n=2) == "2 personer"
        i18n.set_language("nn")
        assert i18n.t("count_persons", n=0) == "0 personar"
        i18n.set_language("en")
        assert i18n.t("count_persons", n=1) == "1 person"
    finally:
        i18n.set_language("nb")


def leaks(text: str, words: list[str]) -> list[str]:
    """Whole words of `words` in `text`, case-insensitively; command names, options and codes
    in `…`, «…» or after -- are not language."""
    text = re.sub(r"--[\w-]+|«[^»]*»|“[^”]*”|boligreg [a-z -]+", " ", text)
    found = set(re.findall(r"[^\W\d_]+", text.lower()))
    return sorted(found & {w.lower() for w in words})


def test_nynorsk_holds_no_bokmal_and_english_no_norwegian():
    for key, forms in CATALOGS["nn"].items():
        for form in forms:
            assert not leaks(form, BOKMAL_ONLY), (key, form)
    for key, forms in CATALOGS["en"].items():
        for form in forms:
            assert not leaks(form, NORWEGIAN_ONLY), (key, form)


HELP_PAGES = """
import sys
from typer.main import get_command
from typer.testing import CliRunner
from boligreg.cli import app

root, pages, todo = get_command(app), [], [([], get_command(app))]
while todo:
    prefix, command = todo.pop()
    result = CliRunner().invoke(app, [*prefix, "--help"])
    pages.append(f"=== {' '.join(prefix)} exit {result.exit_code}\\n{result.stdout}")
    todo += [([*prefix, name], sub) for name, sub in getattr(command, "commands", {}).items()]
sys.stdout.write("\\n".join(pages))
"""


@pytest.mark.parametrize("language,words", [("nn", BOKMAL_ONLY), ("en", NORWEGIAN_ONLY)])
def test_every_help_page_is_in_the_language_chosen(language, words):
    """Help is built when the CLI is imported, in the language of the process: one process per
    language walks every command's --help."""
    done = subprocess.run([sys.executable, "-c", HELP_PAGES], capture_output=True, text=True,
                          env=dict(os.environ, BOLIGREG_LANG=language), check=True)
    pages = done.stdout.split("=== ")[1:]
    assert len(pages) >= 35
    for page in pages:
        head, _, text = page.partition("\n")
        assert head.endswith("exit 0"), page
        assert not leaks(text, words), (head, leaks(text, words))


@pytest.mark.parametrize("language,words", [("nn", BOKMAL_ONLY), ("en", NORWEGIAN_ONLY)])
def test_errors_are_in_the_language_chosen(cli, register, language, words):
    for args in (["person", "show", "P0099"], ["person", "add", "--name", "X", "--situation", "XX",
                  "--since", "i dag"], ["stay", "add", "P0001", "MIDL", "--from", "31.02.2016"],
                 ["status", "--date", "2030-01-01"], ["meeting", "close"], ["nosuch"],
                 ["person", "exit", "P0001"], ["meeting", "show", "01.01.2016"]):
        out = cli("--lang", language, *args)
        assert out.code != 0 and out.err, args
        assert not leaks(out.err, words), (args, out.err)


def test_every_word_for_a_code_means_that_code_and_no_other():
    from boligreg.cli.options import WORD_KEYS, user_code, words_for

    for enum in WORD_KEYS:
        seen: dict[str, object] = {}
        for member in enum:
            for language in LANGUAGES:
                for word in words_for(member, language):
                    assert user_code(enum, word.upper()) == member, (enum, word)
                    assert seen.setdefault(word.lower(), member) == member, (enum, word)


def test_codes_are_typed_in_the_users_words(cli, register):
    assert cli("person", "add", "--name", "Kari Testesen", "--situation", "ute", "--since",
               "2016-05-01", "--gender", "K", "--needs", "rus,Psykisk helse").code == 0
    assert cli("contact", "P0001", "--kind", "Telefon", "--date", "2016-05-02").code == 0
    assert cli("application", "add", "P0001", "bostøtte", "--date", "2016-05-03").code == 0
    assert cli("--lang", "nn", "person", "exit", "P0001", "--reason", "flytta", "--date",
               "2016-05-20").code == 0
    card = cli("person", "show", "P0001", "--sensitive").out
    assert "kvinne" in card and "bostøtte" in card and "telefon" in card and "psykisk helse" in card
    refused = cli("person", "exit", "P0001", "--reason", "bortreist")
    assert refused.code == 2 and "flyttet, død eller inaktiv" in refused.err
    english = cli("--lang", "en", "person", "exit", "P0001", "--reason", "away")
    assert "moved, deceased or inactive" in english.err


def test_a_register_set_to_nynorsk_speaks_nynorsk_in_help_and_errors_too(cli, register, db):
    """`config set language nn` once: help (built before the register opens) and Typer's own
    usage errors follow it, in a new process as a coordinator runs it."""
    assert cli("config", "set", "language", "nynorsk").code == 0
    env = dict(os.environ, BOLIGREG_DB=str(db))
    env.pop("BOLIGREG_LANG", None)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "boligreg.cli", *args], env=env,
                              capture_output=True, text=True, check=False)

    assert "Statuslista" in run("status", "--help").stdout
    assert "treng ein verdi" in run("status", "--date").stderr
    assert "ukjend kode" in run("person", "exit", "P0099", "--reason", "x").stderr
    assert "Statuslisten" in run("--lang", "nb", "status", "--help").stdout  # --lang still wins


def test_init_in_a_language_keeps_it_and_an_unknown_language_is_refused(cli, tmp_path):
    path = str(tmp_path / "ny.db")
    assert cli("--db", path, "--lang", "nn", "init").code == 0
    assert "nynorsk" in cli("--db", path, "config", "show").out
    refused = cli("--db", path, "--lang", "klingon", "status")
    assert refused.code == 2 and "klingon" in refused.err
    assert cli("--db", path, "config", "set", "language", "xx").code == 2


def test_a_decision_in_words_and_codes_typed_without_the_norwegian_letters(cli, register):
    assert cli("person", "add", "--name", "Kari Testesen", "--situation", "UTE", "--since", "2016-05-01").code == 0
    assert cli("application", "add", "P0001", "bostotte", "--date", "2016-05-02").code == 0
    assert cli("application", "decide", "A0001", "innvilget", "--date", "2016-05-03").code == 0
    assert cli("contact", "P0001", "--kind", "forsok", "--date", "2016-05-04").code == 0
    card = cli("person", "show", "P0001").out
    assert "bostøtte" in card and "innvilget" in card and "forsøkt" in card
    twice = cli("application", "decide", "A0001", "avslått", "--refused")
    assert twice.code == 2 and "innvilget, avslått eller trukket" in twice.err


def test_an_update_that_changes_nothing_says_so_and_logs_nothing(cli, register):
    assert cli("person", "add", "--name", "Kari Testesen", "--situation", "UTE", "--since",
               "2016-05-01", "--gender", "K").code == 0
    events = cli("log").out.count("endret")
    out = cli("person", "update", "P0001", "--gender", "kvinne")
    assert out.code == 0 and "ingenting er endret" in out.out
    assert cli("log").out.count("endret") == events
    changed = cli("person", "update", "P0001", "--needs", "ingen", "--phone", "12345678")
    assert "P0001 er oppdatert: telefon, behov" in changed.out
