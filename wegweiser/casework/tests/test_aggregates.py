"""Aggregates for the Lagebild: counts per municipality, small numbers suppressed, no personal data.

The rule itself (`core.publication.publish_line`) is tested in core/tests/test_publication.py."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wegweiser.casework.models import Need
from wegweiser.casework.selectors import casework_aggregates
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
    # 8 persons minus 6 Ukrainians would give away the 2 Eritreans: the Ukrainians are hidden too.
    assert mine["persons_by_nationality"] == {"ER": None, "UA": None}
    assert mine["cases_by_status"] == {"open": 6}
    assert mine["open_needs_by_area"] == {"language": 6}
    other = figures[world.other_municipality.pk]
    assert other["persons"] is None
    assert other["persons_by_nationality"] == {"SY": None, "TR": None}


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


def test_a_single_hidden_count_hides_the_next_smallest_one_too(world):
    for nationality, count in (("UA", 9), ("SY", 6), ("ER", 2)):
        for _index in range(count):
            PersonFactory(municipality=world.municipality, nationalities=[nationality])
    mine = casework_aggregates()[world.municipality.pk]
    assert (mine["persons"], mine["persons_by_nationality"]) == (17, {"ER": None, "SY": None, "UA": 9})


def test_hidden_counts_that_would_all_be_one_drop_the_total(world):
    for nationality in ("UA", "SY", "ER", "AF", "IQ"):
        PersonFactory(municipality=world.municipality, nationalities=[nationality])
    mine = casework_aggregates()[world.municipality.pk]
    assert mine["persons"] is None
    assert set(mine["persons_by_nationality"].values()) == {None}


def test_the_counting_is_done_in_the_database(world):
    for _index in range(12):
        CaseFactory(person=PersonFactory(municipality=world.municipality, nationalities=["UA"]))
    with CaptureQueriesContext(connection) as queries:
        casework_aggregates()
    assert len(queries) == 3
    assert all("GROUP BY" in query["sql"] and "COUNT(" in query["sql"] for query in queries)
