from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wegweiser.core.partial_dates import PartialDate

partial_dates = st.builds(
    lambda d, precision: PartialDate(d.year, d.month if precision > 0 else None, d.day if precision > 1 else None),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(0, 2),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985", PartialDate(1985)),
        ("03.1985", PartialDate(1985, 3)),
        ("3/1985", PartialDate(1985, 3)),
        ("12.03.1985", PartialDate(1985, 3, 12)),
        ("1985-03", PartialDate(1985, 3)),
        ("1985-03-12", PartialDate(1985, 3, 12)),
        ("", None),
    ],
)
def test_partial_dates_are_read_in_german_and_iso_forms(text, expected):
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize("text", ["31.02.1985", "13.1985", "85", "1985-00", "gestern"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_a_year_alone_is_not_turned_into_a_date_with_a_made_up_day():
    birth = PartialDate.parse("1985")
    assert birth.month is None
    assert birth.day is None
    assert birth.display() == "1985"
    assert birth.age_on(date(2020, 6, 1)) is None  # 34 or 35: the unknown day leaves it open
    assert birth.age_on(date(2020, 12, 31)) == 35


@given(partial_dates)
def test_iso_form_reads_back_to_the_same_value(value):
    assert PartialDate.parse(value.iso()) == value
    assert PartialDate.parse(value.display()) == value


@given(partial_dates, partial_dates)
def test_compatibility_is_symmetric_and_agrees_with_the_database_filter(a, b):
    assert a.is_compatible(b) == b.is_compatible(a)
    stored_matches_query = b.iso() in a.prefixes() or b.iso().startswith(a.iso())
    assert stored_matches_query == a.is_compatible(b)


def test_a_full_date_is_compatible_with_its_year_and_month_but_not_another_day():
    full = PartialDate(1985, 3, 12)
    assert full.is_compatible(PartialDate(1985))
    assert full.is_compatible(PartialDate(1985, 3))
    assert not full.is_compatible(PartialDate(1985, 4))
    assert not full.is_compatible(PartialDate(1985, 3, 13))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("00.00.1990", PartialDate(1990)), ("00.03.1990", PartialDate(1990, 3)), ("00.1990", PartialDate(1990))],
)
def test_a_register_s_00_for_an_unknown_day_or_month_reads_as_unknown(text, expected):
    assert PartialDate.parse(text) == expected


def test_1_january_is_a_placeholder_that_says_the_year():
    assert PartialDate(1990, 1, 1).is_placeholder
    assert PartialDate(1990, 1, 1).as_known() == PartialDate(1990)
    assert not PartialDate(1990, 1, 2).is_placeholder
    assert not PartialDate(1990, 1).is_placeholder
    assert PartialDate(1990, 3, 12).as_known() == PartialDate(1990, 3, 12)
