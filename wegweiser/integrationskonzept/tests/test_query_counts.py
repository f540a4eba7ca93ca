"""The tree, the board and the measures list read a whole concept in a fixed number of queries."""

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.integrationskonzept import services
from wegweiser.integrationskonzept.tests.factories import build_concept

pytestmark = pytest.mark.django_db

# Exact: a change that adds a query to either page shows here (the charts draw from the prefetched tree).
BOARD_QUERIES = 10
MEASURE_LIST_QUERIES = 7


def _grow(version, world, goals: int):
    field = version.fields.get()
    for n in range(goals):
        goal = services.goal_create(actor="test", field_of_action=field, title=f"Ziel {n}")
        sub = services.sub_goal_create(actor="test", goal=goal, title=f"Teilziel {n}")
        services.measure_create(
            actor="test",
            sub_goal=sub,
            title=f"Maßnahme {n}",
            output="x",
            responsible="municipality",
            municipality=world.municipality,
            starts_on="2024-01-01",
            ends_on="2024-12-31",
        )


@pytest.mark.parametrize("name", ["konzept:version", "konzept:board"])
def test_pages_of_a_concept_do_not_grow_with_it(client, world, django_assert_max_num_queries, name):
    version, *_ = build_concept(municipality=world.municipality)
    client.force_login(world.user(Role.INTEGRATION_OFFICE))
    url = reverse(name, args=[version.pk])
    client.get(url)
    with django_assert_max_num_queries(16) as small:
        client.get(url)
    _grow(version, world, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_municipality_s_measures_do_not_grow_with_them(client, world, django_assert_max_num_queries):
    version, *_ = build_concept(municipality=world.municipality)
    client.force_login(world.user(Role.MUNICIPAL_MANAGER))
    url = reverse("konzept:measures")
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    _grow(version, world, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def _off_track_values(version):
    from datetime import date
    from decimal import Decimal

    from wegweiser.integrationskonzept.models import Indicator

    for indicator in Indicator.objects.filter(sub_goal__goal__field_of_action__version=version):
        services.indicator_value_record(
            actor="test", indicator=indicator, value=Decimal(12), observed_on=date(2026, 1, 1), source="Abfrage"
        )


def test_the_board_with_its_charts_takes_an_exact_number_of_queries(client, world, django_assert_num_queries):
    """The board with its status chart and an off-track indicator's chart, the same number before and after the
    concept grows."""
    version, *_ = build_concept(municipality=world.municipality)
    _off_track_values(version)
    client.force_login(world.user(Role.INTEGRATION_OFFICE))
    url = reverse("konzept:board", args=[version.pk])
    client.get(url)
    with django_assert_num_queries(BOARD_QUERIES):
        page = client.get(url)
    assert page.content.decode().count("<svg") == 2
    _grow(version, world, 8)
    with django_assert_num_queries(BOARD_QUERIES):
        client.get(url)


def test_the_measure_list_takes_an_exact_number_of_queries(client, world, django_assert_num_queries):
    """The manager's measures with their sub-goal, version, grant and indicator with its values."""
    version, *_ = build_concept(municipality=world.municipality)
    _off_track_values(version)
    client.force_login(world.user(Role.MUNICIPAL_MANAGER))
    url = reverse("konzept:measures")
    client.get(url)
    with django_assert_num_queries(MEASURE_LIST_QUERIES):
        client.get(url)
    _grow(version, world, 8)
    with django_assert_num_queries(MEASURE_LIST_QUERIES):
        client.get(url)
