"""The start page of every role that has no home of its own (the caseworker's, the course provider's and the
municipal manager's are counted in their apps) reads the database a fixed number of times: the fixed cost of
a signed-in page."""

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role

# session, user, the district (page frame); the tiles and the menu come from the role alone
HOME_QUERIES = 3


@pytest.mark.parametrize(
    "role",
    [Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE, Role.PARTNER, Role.DATA_PROTECTION_OFFICER],
)
def test_the_start_page_costs_three_queries(world, client_as, django_assert_num_queries, role):
    client = client_as(role)
    url = reverse("core:home")
    client.get(url)
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["tiles"]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.COURSE_PROVIDER, Role.MUNICIPAL_MANAGER])
def test_roles_with_a_home_of_their_own_are_sent_there_after_the_session_and_user(
    world, client_as, django_assert_num_queries, role
):
    client = client_as(role)
    with django_assert_num_queries(2):
        response = client.get(reverse("core:home"))
    assert response.status_code == 302
