"""The tree, the board and the measures list read a whole concept in a fixed number of queries."""

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.integrationskonzept import services
from wegweiser.integrationskonzept.tests.factories import build_concept

pytestmark = pytest.mark.django_db


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
