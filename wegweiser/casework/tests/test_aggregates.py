"""Aggregates for the Lagebild: counts per municipality, small numbers suppressed, no personal data."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from wegweiser.casework.models import Need
from wegweiser.casework.selectors import SUPPRESS_BELOW, casework_aggregates, suppress_small_counts
from wegweiser.casework.tests.factories import CaseFactory, PersonFactory


def test_counts_below_five_are_suppressed_per_municipality(world):
    for _index in range(6):
        case = CaseFactory(person=PersonFactory(municipality=world.municipality, nationalities=["UA"]))
        Need.objects.create(case=case, area="language", urgency="high")
    for _index in range(2):
        PersonFactory(municipality=world.municipality, nationalities=["ER"])
    CaseFactory(
        person=PersonFactory(municipality=world.other_municipality, nationalities=["SY", "TR"]), status="closed"
    )
    figures = casework_aggregates()
    mine = figures[world.municipality.pk]
    assert mine["persons"] == 8
    assert mine["persons_by_nationality"] == {"ER": None, "UA": 6}
    assert mine["cases_by_status"] == {"open": 6}
    assert mine["open_needs_by_area"] == {"language": 6}
    other = figures[world.other_municipality.pk]
    assert other["persons"] is None
    assert other["persons_by_nationality"] == {"SY": None, "TR": None}
    assert SUPPRESS_BELOW == 5


def test_aggregates_can_be_limited_to_municipalities_and_hold_only_numbers(world):
    PersonFactory(municipality=world.municipality)
    PersonFactory(municipality=world.other_municipality)
    figures = casework_aggregates(municipality_ids={world.municipality.pk})
    assert set(figures) == {world.municipality.pk}

    def numbers_only(value):
        if isinstance(value, dict):
            return all(isinstance(k, str) and numbers_only(v) for k, v in value.items())
        return value is None or isinstance(value, int)

    assert numbers_only(figures[world.municipality.pk])


@given(st.dictionaries(st.sampled_from(["UA", "SY", "AF", "TR", "ER"]), st.integers(min_value=0, max_value=50)))
def test_suppression_never_shows_a_count_below_the_limit(counts):
    shown = suppress_small_counts(Counter(counts))
    assert set(shown) == set(counts)
    for key, value in shown.items():
        assert value is None or value >= SUPPRESS_BELOW
        assert (value is None) == (counts[key] < SUPPRESS_BELOW)
