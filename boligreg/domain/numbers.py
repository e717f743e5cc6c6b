"""Whole numbers typed by a person: ASCII digits in a range, nothing Python's int() also takes."""

import re

from boligreg.errors import InvalidInput


def whole_number(text: str, low: int, high: int, error_key: str = "err_whole_number") -> int:
    """int() reads '١' (Arabic-Indic one) and ' 7_0 ', and 5,000 digits is an error of its own,
    so only short runs of ASCII digits pass; then the range."""
    if not (text.isascii() and text.isdigit() and len(text) <= 6) or not low <= int(text) <= high:
        raise InvalidInput(error_key, value=text[:40], low=low, high=high)
    return int(text)


_GROUPED = re.compile(r"[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+")
"""9 800 and 12 500 as Norwegian writes kroner: groups of three digits after a space (a plain,
no-break or narrow no-break one, as a spreadsheet copies it)."""


def kroner_number(text: str, low: int, high: int, error_key: str = "err_whole_number") -> int:
    """An amount of kroner as typed: 9800 or 9 800 (whole_number's rule once the thousands'
    spaces are gone; 98 00 is no amount)."""
    cleaned = text  # « 7» is no number typed (whole_number refuses it too)
    if _GROUPED.fullmatch(cleaned):
        cleaned = re.sub(r"[ \u00a0\u202f]", "", cleaned)
    return whole_number(cleaned, low, high, error_key)


KOMMUNENUMMER_RANGE = (301, 5632)
"""The lowest and highest municipality numbers (Oslo 0301 … Sør-Varanger 5632)."""


def valid_kommunenummer(value: str) -> bool:
    """Four ASCII digits within KOMMUNENUMMER_RANGE whose last two (the number within the
    county) are not 00: 0301 and 1106 are, 0000, 1100 and 301 are not."""
    low, high = KOMMUNENUMMER_RANGE
    return (len(value) == 4 and value.isascii() and value.isdigit()
            and low <= int(value) <= high and value[2:] != "00")
