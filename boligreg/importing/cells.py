"""Reading one cell of a text, number or fødselsnummer column (dates: datecells.py).

Each reader returns the typed value, None for a blank cell, or raises CellProblem with the
reject reason; the row checker adds the column and collects every problem of a row.
"""

import math
import re
from datetime import date, datetime, time

from boligreg.domain.dates import show_date
from boligreg.domain.fnr import mask_fnr, validate_fnr
from boligreg.errors import InvalidInput
from boligreg.importing.model import CellValue
from boligreg.importing.vocabulary import BLANK_MARKS, means_unknown

# The longest text a field may hold; a longer cell rejects the row rather than being cut.
TEXT_LIMITS: dict[str, int] = {
    "name": 200, "first_name": 200, "last_name": 200, "alias": 200, "caseworker": 200,
    "phone": 200, "note": 2000,
    "address": 200, "unit": 200,  # a dwelling's (its note is the note above)
}
MAX_CHILDREN = 30
# Text Excel would take for a formula when it opens a file we write: stored as text instead.
FORMULA_STARTS = ("=", "+", "-", "@")

# Control characters (tab, line feed and carriage return excepted: Alt+Enter in Excel and CSV
# line ends, read as a space) and the invisible marks that can disguise a name: zero-width
# characters, bidirectional embeddings, overrides and isolates, and a byte-order mark inside
# a text. A cell with any of them rejects the row.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff]"
)
_FNR_NOISE = re.compile(r"[\s.\-]")
_FLOAT_TEXT = re.compile(r"^([0-9]{10,11})\.0$", re.ASCII)
_MASKED = re.compile(r"^[0-9]{6} ?\*{5}$", re.ASCII)  # as every listing shows a number: 150286 *****
_WHOLE_NUMBER = re.compile(r"^([0-9]{1,3})(?:[.,]0+)?$", re.ASCII)
_NONE = re.compile(r"^\s*(nei|ingen|no|none|[-–—])\s*$", re.IGNORECASE)
"""A children cell that says none."""
_CHILDREN_WORD = re.compile(r"\s*(barn|children|child|stk)\.?\s*$", re.IGNORECASE)
"""«2 barn»: the count with its unit."""
_NUMBER = re.compile(r"^([0-9]{1,6})(?:[.,]([0-9]{1,6}))?\.?$", re.ASCII)
# what follows a dwelling's number in its cell: «48 m²», «48 kvm», «3 rom», «2. etg»
_NUMBER_UNIT = re.compile(r"\s*(?:m2|m²|kvm|rom|roms|etg|etasje|etage)\.?$", re.IGNORECASE)


class CellProblem(Exception):
    """A cell that cannot be imported as it stands; `key` and `args` make the reject reason."""

    def __init__(self, key: str, /, **args: str | int) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


def cell_text(value: CellValue) -> str:
    """A cell as the text a person sees in it (a whole float without its «.0»)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # as Excel shows a boolean cell
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return show_date(value.date()) if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return show_date(value)
    return str(value)


def is_blank(value: CellValue) -> bool:
    """An empty cell, only spaces, or a dash standing for nothing."""
    if value is None:
        return True
    if isinstance(value, str):
        stripped = value.strip()
        return not stripped or stripped in BLANK_MARKS
    return False


def read_text(value: CellValue, limit: int) -> str | None:
    """A text field: whitespace-normalised, refused with control characters or over `limit`."""
    if is_blank(value):
        return None
    text = cell_text(value)
    if _FORBIDDEN.search(text):
        raise CellProblem("import_reject_control_chars")
    text = " ".join(text.split())
    if len(text) > limit:
        raise CellProblem("import_reject_too_long", length=len(text), limit=limit)
    return text or None


def read_fnr(value: CellValue, *, allow_synthetic: bool, today: date) -> str | None:
    """A fødselsnummer as text or as a number whose leading zero Excel dropped (10 digits).

    Spaces, dots and hyphens are ignored («150286 12345», «15.02.86 12345»). The check is
    boligreg's own (validate_fnr), so the import accepts exactly what `person add` accepts.
    A masked number («150286 *****», as boligreg's own export writes it) is no number."""
    if is_blank(value) or (isinstance(value, str) and (means_unknown(value)
                                                       or _MASKED.match(value.strip()))):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise CellProblem("import_reject_bad_fnr", value=cell_text(value))
    text = str(value).strip()
    whole_float = _FLOAT_TEXT.match(text)  # «1502861234.0» from a CSV a program wrote
    digits = whole_float.group(1) if whole_float else _FNR_NOISE.sub("", text)
    if len(digits) == 10 and digits.isascii() and digits.isdigit():
        digits = "0" + digits
    try:
        return validate_fnr(digits, allow_synthetic=allow_synthetic, today=today)
    except InvalidInput as error:
        masked = mask_fnr(digits) or text  # the birth date part only, as every listing shows
        if error.key == "err_synthetic_fnr":
            raise CellProblem("import_reject_synthetic_fnr", value=masked) from None
        raise CellProblem("import_reject_bad_fnr", value=masked) from None


def read_children(value: CellValue) -> int:
    """A whole number 0–30 («2», 2, 2.0, «2,0», «2 barn»); blank, «ukjent», «nei», «ingen» or a
    dash is 0, as in the register."""
    if is_blank(value) or (isinstance(value, str) and (means_unknown(value) or _NONE.match(value))):
        return 0
    if isinstance(value, str):
        value = _CHILDREN_WORD.sub("", value)
    count: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        count = value
    elif isinstance(value, float) and value.is_integer():
        count = int(value)
    elif isinstance(value, str):
        match = _WHOLE_NUMBER.match(value.strip())
        count = int(match.group(1)) if match else None
    if count is None or not 0 <= count <= MAX_CHILDREN:
        raise CellProblem("import_reject_children", value=cell_text(value), limit=MAX_CHILDREN)
    return count


def read_number(value: CellValue, *, low: int, high: int, whole: bool = True
                ) -> tuple[int, bool] | None:
    """A dwelling's rooms, size or floor: a number low–high («2», 2, 2.0, «2,0», «48 m²», «3
    rom», «2. etg»), None for a blank cell or «ukjent». `whole`: a decimal is refused; else it
    is rounded half up and the second value says so (the caller warns). CellProblem
    import_reject_number for anything else."""
    if is_blank(value) or (isinstance(value, str) and means_unknown(value)):
        return None
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        match = _NUMBER.match(_NUMBER_UNIT.sub("", value.strip()))
        if match:
            number = float(f"{match.group(1)}.{match.group(2) or 0}")
    if number is None or not math.isfinite(number) or (whole and not number.is_integer()):
        raise CellProblem("import_reject_number", value=cell_text(value), low=low, high=high)
    rounded = int(number + 0.5) if number >= 0 else -int(-number + 0.5)
    if not low <= rounded <= high:
        raise CellProblem("import_reject_number", value=cell_text(value), low=low, high=high)
    return rounded, not number.is_integer()
