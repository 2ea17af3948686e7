import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenarios.quarters import (
    FIRST_YEAR,
    LAST_YEAR,
    SPAN,
    decimal_year,
    format_quarter,
    parse_quarter,
    parse_when,
    quarter_of_date,
    quarter_range,
)


def test_quarter_index_is_year_times_four_plus_quarter_minus_one():
    assert parse_quarter("2024Q3") == 2024 * 4 + 2
    assert parse_quarter("2025Q1") - parse_quarter("2024Q4") == 1
    assert format_quarter(2024 * 4 + 3) == "2024Q4"


@given(st.integers(min_value=FIRST_YEAR * 4, max_value=LAST_YEAR * 4 + 3))
def test_format_then_parse_round_trips(quarter):
    assert parse_quarter(format_quarter(quarter)) == quarter


@given(st.dates(min_value=dt.date(FIRST_YEAR, 1, 1), max_value=dt.date(LAST_YEAR, 12, 31)))
def test_a_date_falls_in_the_quarter_of_its_month(day):
    quarter = quarter_of_date(day)
    assert format_quarter(quarter) == f"{day.year:04d}Q{(day.month - 1) // 3 + 1}"
    assert quarter_of_date(day.isoformat()) == quarter
    assert parse_when(day) == quarter


@pytest.mark.parametrize(
    ("value", "quarter"),
    [
        ("2024-06-19", "2024Q2"),
        ("2024-03-31", "2024Q1"),
        ("2024-04-01", "2024Q2"),
        ("2024-12-31", "2024Q4"),
        ("2024-08", "2024Q3"),
        (dt.date(2022, 2, 24), "2022Q1"),
    ],
)
def test_quarter_of_date(value, quarter):
    assert quarter_of_date(value) == parse_quarter(quarter)


@pytest.mark.parametrize("text", ["2024q3", "2024Q5", "2024Q0", "24Q3", "2024 Q3", "", "2024"])
def test_parse_quarter_rejects(text):
    with pytest.raises(ValueError, match=r"expected a quarter like 2024Q3, got "):
        parse_quarter(text)


def test_parse_quarter_rejects_non_strings():
    with pytest.raises(ValueError, match=r"got 2024$"):
        parse_quarter(2024)


@pytest.mark.parametrize("text", ["2024-13", "2024-6-1", "19-06-2024", "2024Q3"])
def test_quarter_of_date_rejects(text):
    with pytest.raises(ValueError, match=r"expected a date like 2024-06-19"):
        quarter_of_date(text)


def test_impossible_day_is_named():
    with pytest.raises(ValueError, match=r"'2023-02-29' is not a valid calendar date"):
        quarter_of_date("2023-02-29")


def test_parse_when_takes_quarters_and_dates_alike():
    assert parse_when("2024Q4") == parse_when("2024-12-04") == parse_when(dt.date(2024, 10, 1))
    with pytest.raises(ValueError, match=r"quarter like 2024Q3 or a date like 2024-06-19"):
        parse_when("next year")


def test_quarter_range():
    start = parse_quarter("2024Q3")
    assert [format_quarter(q) for q in quarter_range(start, 3)] == ["2024Q3", "2024Q4", "2025Q1"]
    assert list(quarter_range(start, 0)) == []
    with pytest.raises(ValueError, match=r"count >= 0"):
        quarter_range(start, -1)


def test_decimal_year_is_the_start_of_each_quarter():
    assert list(decimal_year(["2024Q1", "2024Q4", "2030Q3"])) == [2024.0, 2024.75, 2030.5]
    assert decimal_year([]).shape == (0,)


@pytest.mark.parametrize(
    "value", ["1799Q4", "2201Q1", "9999Q4", "0001Q1", "1799-12-31", "2201-01", dt.date(9999, 1, 1)]
)
def test_quarters_outside_the_span_are_refused_where_they_are_parsed(value):
    with pytest.raises(ValueError, match=SPAN):
        parse_when(value)


@pytest.mark.parametrize("value", ["\uff12\uff10\uff12\uff14Q3", "\u0662\u0660\u0662\u0664Q1"])
def test_quarters_take_ascii_digits_only(value):
    with pytest.raises(ValueError, match="expected a quarter"):
        parse_quarter(value)
