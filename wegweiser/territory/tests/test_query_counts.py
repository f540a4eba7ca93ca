"""The municipality list reads the database a fixed number of times, for two municipalities as for the
district's thirty-odd with their Samtgemeinden: an N+1 (a query per row) fails here."""

from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.territory.tests.factories import MunicipalityFactory

# session, user, the municipalities with their Samtgemeinde, the district (title), the district (page frame)
MUNICIPALITY_LIST_QUERIES = 5


def test_the_municipality_list_reads_the_same_for_two_and_thirty_rows(world, client_as, django_assert_num_queries):
    client = client_as(Role.CASEWORKER)
    url = reverse("territory:list")
    client.get(url)
    with django_assert_num_queries(MUNICIPALITY_LIST_QUERIES):
        assert client.get(url).status_code == 200

    samtgemeinde = MunicipalityFactory(district=world.district, name="Artland", kind="samtgemeinde")
    for index in range(28):
        MunicipalityFactory(district=world.district, name=f"Gemeinde {index}", samtgemeinde=samtgemeinde)
    with django_assert_num_queries(MUNICIPALITY_LIST_QUERIES):
        response = client.get(url)
    assert len(response.context["municipalities"]) == 31
