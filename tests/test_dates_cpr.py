"""Dates and CPR numbers: property-based over the whole calendar."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from efter.core.cpr import century, mask, parse_cpr
from efter.core.dates import age_on, danish_date, parse_date
from efter.core.errors import InvalidInput


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_iso_and_day_first_agree(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day:02d}-{day.month:02d}-{day.year}") == day
    assert parse_date(f"{day.day}.{day.month}.{day.year}") == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_one_sentence(text: str) -> None:
    try:
        parse_date(text)
    except InvalidInput as error:
        assert error.message.count("\n") == 0
        assert error.message.endswith(".")


@pytest.mark.parametrize("text", ["31-02-2008", "29-02-2025", "2026-04-31", "00-01-2020"])
def test_impossible_dates(text: str) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        parse_date(text)


def test_danish_date() -> None:
    assert danish_date(date(2026, 3, 14)) == "14. marts 2026"


def test_age_on_birthday_edges() -> None:
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18
    assert age_on(date(2009, 3, 14), date(2027, 3, 14)) == 18


@given(st.dates(min_value=date(1858, 1, 1), max_value=date(2057, 12, 31)), st.integers(0, 9999))
def test_cpr_round_trip_when_century_fits(born: date, serial: int) -> None:
    text = f"{born:%d%m}{born.year % 100:02d}-{serial:04d}"
    seventh = serial // 1000
    if century(born.year % 100, seventh) + born.year % 100 != born.year:
        return  # that serial does not encode this century
    number, decoded = parse_cpr(text)
    assert number == text
    assert decoded == born
    assert mask(number) == text[:6] + "-****"


def test_cpr_century_table() -> None:
    assert parse_cpr("010199-1234")[1] == date(1999, 1, 1)
    assert parse_cpr("010108-4000")[1] == date(2008, 1, 1)
    assert parse_cpr("010140-4000")[1] == date(1940, 1, 1)
    assert parse_cpr("010108-5000")[1] == date(2008, 1, 1)
    assert parse_cpr("010160-5000")[1] == date(1860, 1, 1)
    assert parse_cpr("010136-9000")[1] == date(2036, 1, 1)


def test_cpr_not_checked_with_modulus_11() -> None:
    # 010101-0001 fails modulus 11 but is accepted (valid numbers without it exist since 2007).
    assert parse_cpr("0101010001")[0] == "010101-0001"


@given(st.text(max_size=20))
def test_cpr_errors_never_repeat_the_input(text: str) -> None:
    try:
        parse_cpr(text)
    except InvalidInput as error:
        if len(text.strip()) >= 4:
            assert text.strip() not in error.message
