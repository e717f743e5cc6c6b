"""Dates as coordinators type them (2015-03-01, 01.03.2015, i dag) and as they read them."""

import re
from datetime import date, timedelta

from boligreg.errors import InvalidInput
from boligreg.settings import EARLIEST_TYPED_DATE, TYPED_YEARS_AHEAD

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NORWEGIAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TODAY = {"i dag": 0, "idag": 0, "today": 0, "i går": -1, "igår": -1, "yesterday": -1}


def parse_date(text: str, today: date | None = None, years_ahead: int = TYPED_YEARS_AHEAD) -> date:
    """Parse a user's date; raise InvalidInput for anything impossible (31.02, 2015-13-01) and
    for a date outside the window a person can mean (`in_typed_window`)."""
    today = today or date.today()
    cleaned = " ".join(str(text).strip().lower().split())
    if cleaned in _TODAY:
        return add_days(today, _TODAY[cleaned])
    match = _ISO.match(cleaned)
    if match and match.group(0).isascii():
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _NORWEGIAN.match(cleaned)
        if not match or not match.group(0).isascii():
            raise InvalidInput("err_bad_date", value=text)
        day, month, year = (int(g) for g in match.groups())
    try:
        typed = date(year, month, day)
    except ValueError:
        raise InvalidInput("err_bad_date", value=text) from None
    return in_typed_window(typed, today, years_ahead)


def in_typed_window(day: date, today: date, years_ahead: int = TYPED_YEARS_AHEAD) -> date:
    """The one check of every date a person types: from EARLIEST_TYPED_DATE to `years_ahead`
    years after today (settings.TYPED_YEARS_AHEAD; RELEASE_YEARS_AHEAD for a release,
    discharge or lease end). 31.12.9999 is a typing slip, never a plan."""
    latest = add_months(today, 12 * years_ahead)
    if not EARLIEST_TYPED_DATE <= day <= latest:
        raise InvalidInput("err_date_window", value=show_date(day),
                           first=show_date(EARLIEST_TYPED_DATE), last=show_date(latest))
    return day


def show_date(value: date | None) -> str:
    """01.03.2015, the way Norwegian forms show a date, the year always in four digits (strftime
    writes the year 1 as '1'); blank for none."""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}" if value else ""


def add_days(day: date, days: int) -> date:
    """`day` plus `days`, stopping at the calendar's first and last day instead of overflowing:
    a register edited by hand may hold 9999-12-31, and reading it must not fail."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def add_months(day: date, months: int) -> date:
    """Calendar months, clamped to the month's last day (31.03 − 1 month = 28/29.02), and to
    the calendar's edges (see add_days)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    for candidate in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def age_on(born: date | None, birth_year: int | None, day: date) -> int | None:
    """Age in whole years; from the birth year alone when that is all we know."""
    if born:
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if birth_year:
        return day.year - birth_year
    return None


_WEEK = re.compile(r"^(\d{4})-?w(\d{1,2})$")


def parse_week(text: str) -> tuple[date, date]:
    """An ISO week as typed (2024-W48, 2024w48): its Monday and Sunday. 2024-W48 is 25 November
    to 1 December 2024; a week 53 only in the years that have one."""
    cleaned = str(text).strip().lower()
    match = _WEEK.match(cleaned)
    if not match or not match.group(0).isascii():
        raise InvalidInput("err_bad_week", value=str(text)[:40])
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise InvalidInput("err_bad_week", value=str(text)[:40]) from None
    return monday, monday + timedelta(days=6)


def show_week(monday: date) -> str:
    """The ISO week a day lies in, as 2024-W48."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"
