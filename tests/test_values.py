"""Dates and fødselsnummer as users type them."""

from datetime import date

import pytest

from boligreg.domain.dates import add_months, parse_date, show_date
from boligreg.domain.fnr import make_fnr, mask_fnr, validate_fnr
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


def test_valid_numbers_pass_and_are_masked():
    number = make_fnr(date(1986, 2, 15), 123)
    assert validate_fnr(number) == number
    assert validate_fnr(number[:6] + " " + number[6:]) == number
    assert mask_fnr(number) == "150286 *****"


def test_d_number():
    number = None
    serial = 100
    while number is None:
        number = make_fnr(date(1986, 2, 15), serial)
        serial += 1
    d_number = str(int(number[0]) + 4) + number[1:9]
    from stdnum.no.fodselsnummer import calc_check_digit1, calc_check_digit2

    k1 = calc_check_digit1(d_number)
    if k1 != "10":
        k2 = calc_check_digit2(d_number + k1)
        if k2 != "10":
            assert validate_fnr(d_number + k1 + k2)


def test_2032_rule_first_check_digit_may_leave_remainder_1_to_3():
    base = "150286123"
    weights = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
    from stdnum.no.fodselsnummer import calc_check_digit2

    accepted = 0
    for k1 in range(10):
        digits = base + str(k1)
        remainder = sum(w * int(d) for w, d in zip(weights, digits)) % 11
        k2 = calc_check_digit2(digits)
        if k2 == "10":
            continue
        number = digits + k2
        if remainder in (0, 1, 2, 3):
            assert validate_fnr(number) == number
            accepted += 1
        else:
            with pytest.raises(InvalidInput):
                validate_fnr(number)
    assert accepted >= 2


def test_bad_checksum_and_length_are_refused():
    number = make_fnr(date(1986, 2, 15), 123)
    bad = number[:-1] + str((int(number[-1]) + 1) % 10)
    for text in (bad, "123", "1502861239x", "٠١٠٢٨٦١٢٣٩٤"):
        with pytest.raises(InvalidInput):
            validate_fnr(text)


def test_synthetic_numbers_only_in_demo_registers():
    number = None
    serial = 100
    while number is None:
        number = make_fnr(date(1986, 2, 15), serial, synthetic=True)
        serial += 1
    with pytest.raises(InvalidInput) as error:
        validate_fnr(number)
    assert error.value.key == "err_synthetic_fnr"
    assert validate_fnr(number, allow_synthetic=True) == number
