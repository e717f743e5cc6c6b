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
