"""Maintain the catalog while developing (needs Babel, a test dependency):

    python -m boligreg.locale compile          # .po → .mo, for every language
    python -m boligreg.locale check            # keys used in the code and missing from a catalog
    python -m boligreg.locale add NEW.json     # add or replace messages in every language

NEW.json: {"key": {"nb": "…", "nn": "…", "en": "…"}, …}; a message with a count {n} gives
[singular, plural] for each language; an optional "#" holds a comment for translators.
Then `compile`.
"""

import json
import re
import sys
from io import BytesIO
from pathlib import Path
from typing import Any

from boligreg.locale import FOLDER, LANGUAGES, mo_path, po_path

CODE = FOLDER.parent
# A key is written as the first argument of t(), of an error class, of an import's Reason or
# CellProblem, or as a help_key
USES = (re.compile(r'\bt\(\s*"([a-z0-9_]+)"'),
        re.compile(r'(?:Input|NotFound|Missing|Locked|Damaged|ReadOnly|DiskFull|Findings|Aborted|'
                   r'Internal|Interrupted|UnsafeLocation|BoligregError)\(\s*"([a-z0-9_]+)"'),
        re.compile(r'help_key="([a-z0-9_]+)"'), re.compile(r'command_group\(\s*"([a-z0-9_]+)"'),
        # the import's reasons and cell problems carry their key to the edge (importing/model.py)
        re.compile(r'(?:Reason|CellProblem)\(\s*"([a-z0-9_]+)"'))


def compiled(language: str) -> bytes:
    """The .mo file Babel writes for a language's .po (deterministic for the same .po)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po_path(language), "rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def add_messages(messages: dict[str, dict[str, Any]]) -> None:
    """Add (or replace) messages in every language's .po, keeping the others as they are."""
    from babel.messages.pofile import read_po, write_po

    for language in LANGUAGES:
        with open(po_path(language), "rb") as handle:
            catalog = read_po(handle, locale=language)
        for key, texts in messages.items():
            text = texts[language]
            comments = [texts["#"]] if "#" in texts else []
            if key in catalog:
                del catalog[key]
            if isinstance(text, list):
                catalog.add((key, key), tuple(text), auto_comments=comments)
            else:
                catalog.add(key, text, auto_comments=comments)
        with open(po_path(language), "wb") as handle:
            write_po(handle, catalog, width=100, no_location=True, include_previous=False)


def keys_used_in_code() -> set[str]:
    source = "\n".join(p.read_text(encoding="utf-8") for p in CODE.rglob("*.py"))
    return {key for pattern in USES for key in pattern.findall(source) if not key.endswith("_")}


def main(argv: list[str]) -> int:
    if argv[:1] == ["compile"]:
        for language in LANGUAGES:
            mo_path(language).write_bytes(compiled(language))
            print(mo_path(language))
        return 0
    if argv[:1] == ["add"] and len(argv) == 2:
        add_messages(json.loads(Path(argv[1]).read_text(encoding="utf-8")))
        return 0
    if argv[:1] == ["check"]:
        from babel.messages.pofile import read_po

        used, status = keys_used_in_code(), 0
        for language in LANGUAGES:
            with open(po_path(language), "rb") as handle:
                keys = {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(handle) if m.id}
            for key in sorted(used - keys):
                print(f"{language}: missing {key}")
                status = 1
        return status
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
