"""One cell at a time: dates in every written form, fødselsnummer, children, text."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl.utils.datetime import to_excel

from boligreg.domain.dates import add_months
from boligreg.domain.fnr import make_fnr
from boligreg.importing.cells import CellProblem, read_children, read_fnr, read_text
from boligreg.importing.datecells import ReadDate, read_date
from boligreg.importing.model import CellValue
from boligreg.importing.readers import EXCEL_EPOCH
from tests.import_sheets import AS_OF, real_fnr, synthetic_fnr

LATEST = add_months(AS_OF, 120)


def read(value: CellValue, field: str = "since") -> ReadDate | None:
    return read_date(value, field=field, as_of=AS_OF, epoch=EXCEL_EPOCH)


def problem(value: CellValue, field: str = "since") -> tuple[str, dict[str, str | int]]:
    with pytest.raises(CellProblem) as caught:
        read(value, field)
    return caught.value.key, caught.value.args_


# --- dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    date(2015, 3, 5), datetime(2015, 3, 5), datetime(2015, 3, 5, 14, 30), 42068, 42068.0,
    42068.75, "42068", " 42068 ", "05.03.2015", "5.3.2015", "5.3.15", "05.03.15", "2015-03-05",
    "2015-3-5", "05/03/2015", "5/3/2015", "5-3-2015", "05.03.2015 00:00", "2015-03-05 00:00:00",
    "2015-03-05T10:15:00", "5. mars 2015", "5 mars 2015", "5. Mars 2015", "5 March 2015",
    "March 5, 2015", "05.03.2015\n",
])
def test_one_day_in_every_form(value):
    assert read(value) == ReadDate(date(2015, 3, 5))


@pytest.mark.parametrize("value", ["mars 2015", "Mars 2015", "March 2015", "mar. 2015",
                                   "mar 2015", "03.2015", "3.2015", "3/2015", "2015-03", "MARS-2015"])
def test_a_month_alone_is_its_first_day_and_flagged(value):
    assert read(value) == ReadDate(date(2015, 3, 1), month_only=True)


@pytest.mark.parametrize("value", ["31.02.2015", "29.02.2015", "2015-13-01", "00.01.2015",
                                   "32.1.2015", "31/04/2015", "in a while", "5.3", "１.３.２０１５",
                                   "05.03.２０１５", "٠٥.03.2015", "frimars 2015", "13.2015", "x"])
def test_impossible_or_unreadable_dates_reject(value):
    key, args = problem(value)
    assert key == "import_reject_bad_date"
    assert args["value"] == value.strip()


@pytest.mark.parametrize("value", [True, False, timedelta(hours=3), datetime(2015, 1, 1).time()])
def test_cells_of_other_kinds_are_no_dates(value):
    assert problem(value)[0] == "import_reject_bad_date"


@pytest.mark.parametrize("value", [2015, 2015.0, "2015", "1999"])
def test_a_year_alone_is_refused_not_guessed(value):
    assert problem(value)[0] == "import_reject_year_only"


def test_serial_numbers_of_the_1900_system():
    assert read(1) == ReadDate(date(1900, 1, 1))
    assert read(61) == ReadDate(date(1900, 3, 1))  # after Excel's phantom 29.02.1900
    assert read(36526) == ReadDate(date(2000, 1, 1))
    for nothing in (0, -5, 0.5, "0"):
        assert problem(nothing)[0] == "import_reject_bad_date"


def test_the_1904_date_system():
    found = read_date(40606, field="since", as_of=AS_OF, epoch=datetime(1904, 1, 1))
    assert found == ReadDate(date(2015, 3, 5))


@pytest.mark.parametrize("value", [None, "", "  ", "-", "–", "ukjent", "?", "Vet ikke"])
def test_blank_and_unknown_cells_are_no_date(value):
    assert read(value) is None


def test_two_digit_years_up_to_the_as_of_year_are_this_century():
    assert read("1.1.00") == ReadDate(date(2000, 1, 1))
    assert read("1.1.16") == ReadDate(date(2016, 1, 1))
    assert read("1.1.17", "born") == ReadDate(date(1917, 1, 1))
    assert read("1.1.99", "born") == ReadDate(date(1999, 1, 1))


def test_dates_outside_1900_to_ten_years_ahead_reject():
    key, args = problem("31.12.1899")
    assert key == "import_reject_date_range"
    assert args == {"value": "31.12.1899", "earliest": "01.01.1900", "latest": "01.06.2026"}
    assert problem("02.06.2026")[0] == "import_reject_date_range"
    assert read("01.06.2026") == ReadDate(date(2026, 6, 1))
    assert problem(date(1899, 12, 31))[0] == "import_reject_date_range"
    assert problem(10_000_000)[0] in ("import_reject_date_range", "import_reject_bad_date")


def test_a_release_date_may_lie_thirty_years_ahead():
    assert read("01.06.2046", "release") == ReadDate(date(2046, 6, 1))
    key, args = problem("02.06.2046", "release")
    assert (key, args["latest"]) == ("import_reject_date_range", "01.06.2046")


def _expected_two_digit_year(day: date) -> int:
    yy = day.year % 100
    return 2000 + yy if yy <= AS_OF.year % 100 else 1900 + yy


NORWEGIAN_MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
                    "september", "oktober", "november", "desember"]
ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]


@given(st.dates(min_value=date(1900, 1, 1), max_value=LATEST))
def test_every_valid_date_reads_back_in_every_written_form(day):
    forms: list[object] = [
        day, datetime(day.year, day.month, day.day, 13, 5),
        day.strftime("%d.%m.%Y"), f"{day.day}.{day.month}.{day.year}",
        day.isoformat(), f"{day.year}-{day.month}-{day.day}",
        day.strftime("%d/%m/%Y"), f"{day.day}/{day.month}/{day.year}",
        f"{day.day}-{day.month}-{day.year}", day.strftime("%d.%m.%Y 00:00"),
        f"{day.day}. {NORWEGIAN_MONTHS[day.month - 1]} {day.year}",
        f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}",
    ]
    for form in forms:
        assert read(form) == ReadDate(day), form
    expected = day.replace(year=_expected_two_digit_year(day))  # same leap rule 100 years off
    assert read(day.strftime("%d.%m.%y")) == ReadDate(expected)
    assert read(f"{day.day}.{day.month}.{day.strftime('%y')}") == ReadDate(expected)


@given(st.dates(min_value=date(1900, 1, 1), max_value=LATEST))
def test_every_valid_date_reads_back_from_its_serial_number(day):
    serial = int(to_excel(day))
    assume(not 1900 <= serial < 2101)  # mid-1905: read as a year alone, refused
    forms: list[object] = [serial, float(serial), serial + 0.5]
    if serial >= 1000:  # as text only 4–5 digits count as a serial (see datecells)
        forms += [str(serial), f"{serial}.0"]
    for form in forms:
        assert read(form) == ReadDate(day), form


@given(st.dates(min_value=date(1900, 1, 1), max_value=LATEST))
def test_every_month_alone_reads_as_its_first_day(day):
    first = day.replace(day=1)
    for form in (f"{NORWEGIAN_MONTHS[day.month - 1]} {day.year}",
                 f"{ENGLISH_MONTHS[day.month - 1]} {day.year}", f"{day.month:02d}.{day.year}",
                 f"{day.year}-{day.month:02d}"):
        assert read(form) == ReadDate(first, month_only=True), form


# --- fødselsnummer -----------------------------------------------------------------------------

def read_number(value: CellValue, allow_synthetic: bool = True) -> str | None:
    return read_fnr(value, allow_synthetic=allow_synthetic, today=AS_OF)


def test_a_number_in_every_written_form():
    number = synthetic_fnr(date(1986, 2, 5))
    assert number.startswith("0")
    dotted = f"{number[:2]}.{number[2:4]}.{number[4:6]} {number[6:]}"
    for form in (number, int(number), float(number), str(int(number)), dotted,
                 f"{number[:6]} {number[6:]}", f" {number} ", f"{int(number)}.0",
                 f"{number[:6]}-{number[6:]}"):
        assert read_number(form) == number, form


@pytest.mark.parametrize("value", [None, "", " ", "-", "ukjent", "?"])
def test_no_number(value):
    assert read_number(value) is None


def test_a_wrong_check_digit_rejects_and_the_reason_masks_the_number():
    number = synthetic_fnr(date(1986, 2, 15))
    wrong = number[:10] + str((int(number[10]) + 1) % 10)
    with pytest.raises(CellProblem) as caught:
        read_number(wrong)
    assert caught.value.key == "import_reject_bad_fnr"
    assert caught.value.args_ == {"value": "158286 *****"}


@pytest.mark.parametrize("value", ["1234", "abcdefghijk", "123456789012", True, date(1986, 2, 15),
                                   "１５０２８６１２３４５", 3.5])
def test_what_is_no_number_rejects(value):
    with pytest.raises(CellProblem) as caught:
        read_number(value)
    assert caught.value.key == "import_reject_bad_fnr"


def test_a_real_register_refuses_a_synthetic_number():
    number = synthetic_fnr(date(1986, 2, 15))
    assert read_number(number, allow_synthetic=True) == number
    with pytest.raises(CellProblem) as caught:
        read_number(number, allow_synthetic=False)
    assert caught.value.key == "import_reject_synthetic_fnr"
    assert caught.value.args_ == {"value": "158286 *****"}


def test_a_real_form_number_with_a_wrong_check_digit_rejects():
    number = real_fnr(date(1986, 2, 15))
    wrong = number[:9] + str((int(number[9]) + 1) % 10) + number[10]
    with pytest.raises(CellProblem):
        read_number(wrong, allow_synthetic=False)


def _individual(year: int, choice: int) -> int:
    """An individual number that stdnum reads as the right century."""
    return choice % 500 if year < 2000 else 500 + choice % 500


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2015, 12, 31)),
       st.integers(min_value=0, max_value=499))
def test_every_synthetic_number_survives_a_lost_leading_zero(day, choice):
    number = make_fnr(day, _individual(day.year, choice), synthetic=True)
    assume(number is not None)
    assert number is not None
    if number.startswith("0"):
        assert len(str(int(number))) == 10
    for form in (int(number), float(number), str(int(number)), number,
                 f"{number[:6]} {number[6:]}"):
        assert read_number(form) == number, form


# --- children and text ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, count", [("2", 2), (2, 2), (2.0, 2), ("2,0", 2), ("2.0", 2),
                                          (" 3 ", 3), (0, 0), (None, 0), ("", 0), ("30", 30),
                                          ("ukjent", 0), ("nei", 0), ("Ingen", 0), ("-", 0),
                                          ("2 barn", 2), ("1 barn.", 1)])
def test_children_are_a_whole_number(value, count):
    """As coordinators write them: «nei» and a dash are none, «2 barn» is 2."""
    assert read_children(value) == count


@pytest.mark.parametrize("value", ["ja", "to", 2.5, "2.5", -1, "-1", 31, "31", True, "barn",
                                   "２"])
def test_children_that_are_no_count_reject(value):
    with pytest.raises(CellProblem) as caught:
        read_children(value)
    assert caught.value.key == "import_reject_children"
    assert caught.value.args_["limit"] == 30


def test_text_is_whitespace_normalised():
    assert read_text("  Nordmann,\tKari \n Ola  ", 200) == "Nordmann, Kari Ola"
    assert read_text("Kari\r\nNordmann", 200) == "Kari Nordmann"
    assert read_text("Kari\u00a0Nordmann", 200) == "Kari Nordmann"
    assert read_text(91234567, 200) == "91234567"
    assert read_text(None, 200) is None
    assert read_text("  ", 200) is None


@pytest.mark.parametrize("text", ["Kari\x07", "\x00Kari", "Ka\x1bri", "Kari\x7f", "Kari\x85",
                                  "Kari\u202eirak", "Ka\u200bri", "Kari\ufeff", "K\u2066ari"])
def test_control_characters_and_invisible_marks_reject(text):
    with pytest.raises(CellProblem) as caught:
        read_text(text, 200)
    assert caught.value.key == "import_reject_control_chars"


def test_text_over_the_limit_rejects_rather_than_being_cut():
    assert read_text("a" * 200, 200) == "a" * 200
    with pytest.raises(CellProblem) as caught:
        read_text("a" * 201, 200)
    assert (caught.value.key, caught.value.args_) == ("import_reject_too_long",
                                                      {"length": 201, "limit": 200})
