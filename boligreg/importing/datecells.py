"""Reading a date cell in every way a municipality's sheet holds one.

- a date or datetime cell (openpyxl gives one for every date-formatted cell);
- an Excel serial number: a number cell in a date column (42064 → 01.03.2015), or the same
  digits as text (a CSV export); as text only 4–5 digits, so «5.3» is never day 5 of 1900;
- text: 05.03.2015, 5.3.2015, 5.3.15, 05/03/2015, 5/3/2015, 5-3-2015, 2015-03-05, each
  optionally followed by a time (Excel's CSV writes «05.03.2015 00:00»), and «5. mars 2015»,
  «5 March 2015», «March 5, 2015»;
- a month alone (mars 2015, March 2015, mar. 2015, 03.2015, 3/2015, 2015-03): read as the 1st
  of that month, and the caller lists a warning so the user can check it.

Two-digit years: 00 up to the as-of year's last two digits are 20xx, the rest 19xx (as of
2016: 5.3.16 is 2016, 5.3.17 is 1917); a birth date is far more often last century than a
future year. Day-month order is Norwegian (05/03/2015 is 5 March), never American.
A year alone (2015, or the number 2015 in a date cell) is refused, not guessed. Only ASCII
digits count («２０１５» is no date). Every date must lie from 01.01.1900 to the as-of date + 10
years (+ 30 years for a release date, which a long sentence can put far ahead).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from boligreg.domain.dates import add_months, show_date
from boligreg.importing.cells import CellProblem, cell_text, is_blank
from boligreg.importing.model import CellValue
from boligreg.importing.vocabulary import means_unknown

EARLIEST = date(1900, 1, 1)
YEARS_AHEAD = 10
RELEASE_YEARS_AHEAD = 30

_TIME = r"(?:(?: +|t)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?)?"
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})" + _TIME, re.ASCII)
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})([./-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})" + _TIME,
                             re.ASCII)
_DAY_NAMED_MONTH = re.compile(r"([0-9]{1,2})\.? *([a-z]+)\.? *([0-9]{4})", re.ASCII)
_NAMED_MONTH_DAY = re.compile(r"([a-z]+)\.? +([0-9]{1,2}),? +([0-9]{4})", re.ASCII)
_MONTH_YEAR = re.compile(r"([0-9]{1,2})[./-]([0-9]{4})", re.ASCII)
_YEAR_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})", re.ASCII)
_NAMED_MONTH_YEAR = re.compile(r"([a-z]+)\.?[ -]*([0-9]{4})", re.ASCII)
_SERIAL_TEXT = re.compile(r"([0-9]{4,5})(?:[.,][0-9]+)?", re.ASCII)

MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
    ("jan", "januar", "january"), ("feb", "febr", "februar", "february"),
    ("mar", "mars", "march"), ("apr", "april"), ("mai", "may"), ("jun", "juni", "june"),
    ("jul", "juli", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("okt", "oktober", "oct", "october"), ("nov", "november"), ("des", "desember", "dec", "december"),
), start=1):
    MONTHS.update(dict.fromkeys(_names, _number))


@dataclass(frozen=True)
class ReadDate:
    day: date
    month_only: bool = False  # the cell named a month alone; `day` is its 1st


def latest_date(field: str, as_of: date) -> date:
    """The last date a field may hold: as-of + 10 years, a release date as-of + 30 years."""
    years = RELEASE_YEARS_AHEAD if field == "release" else YEARS_AHEAD
    return add_months(as_of, 12 * years)


def read_date(value: CellValue, *, field: str, as_of: date, epoch: datetime) -> ReadDate | None:
    """The date in a cell, None for a blank cell; CellProblem for anything else or out of range."""
    if is_blank(value) or (isinstance(value, str) and means_unknown(value)):
        return None
    found = _parse(value, as_of.year % 100, epoch)
    latest = latest_date(field, as_of)
    if not EARLIEST <= found.day <= latest:
        raise CellProblem("import_reject_date_range", value=show_date(found.day),
                          earliest=show_date(EARLIEST), latest=show_date(latest))
    return found


def _parse(value: CellValue, pivot: int, epoch: datetime) -> ReadDate:
    if isinstance(value, datetime):
        return ReadDate(value.date())
    if isinstance(value, date):
        return ReadDate(value)
    if isinstance(value, bool | time | timedelta):
        raise CellProblem("import_reject_bad_date", value=cell_text(value))
    if isinstance(value, int | float):
        return ReadDate(_from_serial(value, epoch, cell_text(value)))
    text = " ".join(str(value).strip().casefold().split())
    return _from_text(text, pivot, epoch, str(value).strip())


def _from_serial(serial: float, epoch: datetime, shown: str) -> date:
    """Excel's day count (1900 system: 1 = 01.01.1900, with Excel's phantom 29.02.1900)."""
    if 1900 <= serial < 2101 and float(serial).is_integer():
        raise CellProblem("import_reject_year_only", value=shown)
    if serial < 1:
        raise CellProblem("import_reject_bad_date", value=shown)
    from openpyxl.utils.datetime import from_excel

    try:
        moment: datetime = from_excel(int(serial), epoch=epoch)
    except (OverflowError, ValueError):
        raise CellProblem("import_reject_bad_date", value=shown) from None
    return moment.date()


def _from_text(text: str, pivot: int, epoch: datetime, shown: str) -> ReadDate:
    if match := _ISO.fullmatch(text):
        year, month, day = (int(group) for group in match.groups())
        return ReadDate(_make(year, month, day, shown))
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day_text, _, month_text, year_text = match.groups()
        year = int(year_text)
        if len(year_text) == 2:
            year += 2000 if year <= pivot else 1900
        return ReadDate(_make(year, int(month_text), int(day_text), shown))
    if (match := _DAY_NAMED_MONTH.fullmatch(text)) and match.group(2) in MONTHS:
        return ReadDate(_make(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)),
                              shown))
    if (match := _NAMED_MONTH_DAY.fullmatch(text)) and match.group(1) in MONTHS:
        return ReadDate(_make(int(match.group(3)), MONTHS[match.group(1)], int(match.group(2)),
                              shown))
    if match := _MONTH_YEAR.fullmatch(text):
        return ReadDate(_make(int(match.group(2)), int(match.group(1)), 1, shown), True)
    if match := _YEAR_MONTH.fullmatch(text):
        return ReadDate(_make(int(match.group(1)), int(match.group(2)), 1, shown), True)
    if (match := _NAMED_MONTH_YEAR.fullmatch(text)) and match.group(1) in MONTHS:
        return ReadDate(_make(int(match.group(2)), MONTHS[match.group(1)], 1, shown), True)
    if match := _SERIAL_TEXT.fullmatch(text):
        return ReadDate(_from_serial(float(text.replace(",", ".")), epoch, shown))
    raise CellProblem("import_reject_bad_date", value=shown)


def _make(year: int, month: int, day: int, shown: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # 31.02.2015, month 13
        raise CellProblem("import_reject_bad_date", value=shown) from None
