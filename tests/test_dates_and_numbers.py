"""Dates and whole numbers as users type them."""

from datetime import date

import pytest

from boligreg.domain.dates import add_months, parse_date, show_date
from boligreg.domain.numbers import whole_number
from boligreg.errors import InvalidInput


@pytest.mark.parametrize("text", ["2015-03-01", "01.03.2015", "1.3.2015", " 2015-3-1 "])
def test_dates_in_both_forms(text):
    assert parse_date(text) == date(2015, 3, 1)


def test_today_words():
    assert parse_date("i dag", today=date(2016, 1, 2)) == date(2016, 1, 2)
    assert parse_date("today", today=date(2016, 1, 2)) == date(2016, 1, 2)
    assert parse_date("I DAG", today=date(2016, 1, 2)) == date(2016, 1, 2)


@pytest.mark.parametrize("text", ["31.02.2015", "2015-13-01", "in a while", "", "１.３.２０１５", "01/03/2015"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(InvalidInput):
        parse_date(text)


def test_show_and_month_arithmetic():
    assert show_date(date(2015, 3, 1)) == "01.03.2015"
    assert add_months(date(2015, 3, 31), -1) == date(2015, 2, 28)
    assert add_months(date(2015, 6, 30), -2) == date(2015, 4, 30)


@pytest.mark.parametrize("text", ["7", "0", "30"])
def test_whole_numbers_in_range(text):
    assert whole_number(text, 0, 30) == int(text)


@pytest.mark.parametrize("text", ["31", "-1", "١", " 7_0 ", "7.0", "9" * 5000, ""])
def test_anything_else_is_refused(text):
    with pytest.raises(InvalidInput):
        whole_number(text, 0, 30)


def test_date_arithmetic_stops_at_the_calendar_edges():
    """Issue 15, failure 2: a date stored by hand at 9999-12-31 (or 0001-01-01) must not
    overflow the rules that add months or days to it."""
    from boligreg.domain.dates import add_days

    assert add_months(date.max, 3) == date.max
    assert add_months(date.min, -2) == date.min
    assert add_months(date(9999, 11, 30), 1) == date(9999, 12, 30)
    assert add_days(date.max, 90) == date.max and add_days(date.min, -730) == date.min
    assert add_days(date(2015, 1, 1), 90) == date(2015, 4, 1)


@pytest.mark.parametrize(("text", "reach"), [("31.12.1899", 10), ("02.06.2026", 10), ("02.06.2046", 30),
                                             ("9999-12-31", 30), ("0001-01-01", 10)])
def test_typed_dates_outside_the_window_are_refused(text, reach):
    with pytest.raises(InvalidInput) as refused:
        parse_date(text, date(2016, 6, 1), years_ahead=reach)
    assert refused.value.key == "err_date_window"


@pytest.mark.parametrize(("text", "reach"), [("01.01.1900", 10), ("01.06.2026", 10), ("01.06.2046", 30)])
def test_typed_dates_at_the_window_edges_pass(text, reach):
    assert parse_date(text, date(2016, 6, 1), years_ahead=reach)


def test_a_far_date_is_shown_with_four_digits_of_year():
    """Fix 15, finding 15: a hand-edited 0001-01-01 was shown as '01.01.1'."""
    assert show_date(date(1, 1, 1)) == "01.01.0001"
    assert show_date(date(987, 3, 9)) == "09.03.0987"
    assert show_date(date(9999, 12, 31)) == "31.12.9999"
