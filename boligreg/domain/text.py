"""Text a person types, and text as it is shown: one line, a known length, nothing that acts.

Every text field is typed by a person and may be hostile: a terminal escape (ESC ] 0 ; … BEL
retitles the window, ESC [ 2 J clears it), a control character (openpyxl refuses to write
one), a right-to-left override that makes a line read backwards, rich markup, a spreadsheet
formula. `typed_text` refuses the characters that act at entry; `shown` turns any that a
register edited by hand still holds into visible escapes wherever text is shown, and
`cell_text` keeps a spreadsheet from reading text as a formula.
"""

import re

from boligreg.errors import InvalidInput
from boligreg.i18n import Count, Phrase

ACTING = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""C0 controls (tab and newline too), DEL, C1 controls, the line and paragraph separators, the
bidirectional overrides and isolates, and the lone surrogates that undecodable bytes become."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula (OWASP's CSV injection)."""


def typed_text(value: str, label: str, limit: int) -> str:
    """A text as typed, refused with one line when it holds a character that acts (ACTING) or
    is longer than `limit` (settings.TEXT_LIMIT, NOTE_LIMIT). `label` is the catalog key of the
    field's name in the reader's words (col_note: «Notat»), which the refusal names."""
    found = ACTING.search(value)
    if found:
        raise InvalidInput("err_control_char", field=Phrase(label), char=_visible(found.group()),
                           position=found.start() + 1)
    if len(value) > limit:
        raise InvalidInput("err_text_too_long", field=Phrase(label), n=len(value), limit=Count(limit))
    return value


def _visible(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a stored byte that is no UTF-8 (store.connection.STORED_TEXT)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """Text as it may reach a terminal, a file or a page: every character that acts becomes a
    visible escape (ESC → \\x1b). Quick when there is none, as there almost always is."""
    if ACTING.search(text) is None:
        return text
    return ACTING.sub(lambda m: _visible(m.group()), text)


def cell_text(value: object) -> object:
    """A CSV cell: text shown inert, and text that starts like a formula behind an apostrophe
    (the convention spreadsheets read as 'this is text'). Numbers stay numbers."""
    if not isinstance(value, str):
        return value
    value = shown(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""The characters that act which json.dumps leaves raw inside a string (it escapes C0 itself)."""


def json_text(text: str) -> str:
    """JSON as it may reach a terminal: the characters of _RAW_IN_JSON, which can only stand
    inside a string there, written as \\uXXXX escapes (the same JSON value); a stored byte
    that is no UTF-8 as the text shown() makes of it (\\xb6), since it has no true value."""
    if _RAW_IN_JSON.search(text) is None:
        return text
    return _RAW_IN_JSON.sub(_json_escape, text)


def _json_escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a stored byte that is no UTF-8: the text shown() gives, \xb6
        return f"\\\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"
