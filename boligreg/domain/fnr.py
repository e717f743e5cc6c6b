"""Fødselsnummer: validated with python-stdnum, plus two rules stdnum does not know.

- From 2032 Skatteetaten lets the first check digit take any value that makes the weighted sum
  0, 1, 2 or 3 mod 11 (the old rule allowed 0 only), so numbers issued then must be accepted.
- Synthetic test numbers (Skatteetaten's test environment) add 80 to the month. They are
  accepted only in a demo register, so a real register never holds a test number.
"""

from datetime import date

from boligreg.errors import InvalidInput

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)


def _stdnum():
    """stdnum's module for Norwegian numbers, imported on first use: showing a card or a list
    only masks numbers that are stored compact already, and needs no stdnum (bench/PROFILE.md)."""
    from stdnum.no import fodselsnummer

    return fodselsnummer


def validate_fnr(text: str, allow_synthetic: bool = False, today: date | None = None) -> str:
    """Return the 11 digits of a valid number, or raise InvalidInput."""
    from stdnum.exceptions import ValidationError

    stdnum_fnr = _stdnum()
    number = stdnum_fnr.compact(text)
    if len(number) != 11 or not (number.isascii() and number.isdigit()):
        raise InvalidInput("err_bad_fnr", value=mask_fnr(text))
    if is_synthetic(number) and not allow_synthetic:
        raise InvalidInput("err_synthetic_fnr")
    if sum(w * int(d) for w, d in zip(_WEIGHTS_1, number)) % 11 not in (0, 1, 2, 3):
        raise InvalidInput("err_bad_fnr", value=mask_fnr(number))
    if number[10] != stdnum_fnr.calc_check_digit2(number):
        raise InvalidInput("err_bad_fnr", value=mask_fnr(number))
    try:
        born = birth_date(number)
    except ValidationError:
        raise InvalidInput("err_bad_fnr", value=mask_fnr(number)) from None
    if born > (today or date.today()):
        raise InvalidInput("err_bad_fnr", value=mask_fnr(number))
    return number


def is_synthetic(number: str) -> bool:
    """A synthetic test number (month + 80), which only a training register accepts."""
    return int(number[2:4]) > 80


def birth_date(number: str) -> date:
    """Birth date of a (D-, H- or synthetic) number; stdnum reads the date once the month is plain."""
    month = int(number[2:4])
    if month > 80:
        number = number[:2] + f"{month - 80:02d}" + number[4:]
    return _stdnum().get_birth_date(number)


def mask_fnr(number: str | None) -> str:
    """150286 *****: enough to tell two persons apart at a meeting, not enough to identify."""
    if not number:
        return ""
    digits = number if number.isdigit() else _stdnum().compact(number)
    return f"{digits[:6]} *****"


def make_fnr(born: date, individual: int, synthetic: bool = False) -> str | None:
    """Build a valid number (old first-digit rule) for a birth date; None when the serial fails.

    Used by the demo and the tests to make fictitious numbers: with synthetic=True the month
    carries +80, so the number can never belong to a real person.
    """
    month = born.month + (80 if synthetic else 0)
    base = f"{born.day:02d}{month:02d}{born.year % 100:02d}{individual:03d}"
    stdnum_fnr = _stdnum()
    check1 = stdnum_fnr.calc_check_digit1(base)
    if check1 == "10":
        return None
    check2 = stdnum_fnr.calc_check_digit2(base + check1)
    if check2 == "10":
        return None
    return base + check1 + check2
