"""Fødselsnummer: python-stdnum's rules, D-numbers, the 2032 rule, synthetic test numbers."""

from datetime import date

import pytest

from boligreg.domain.fnr import make_fnr, mask_fnr, validate_fnr
from boligreg.errors import InvalidInput


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
