"""The directory's list reads the database a fixed number of times for two organisations as for a full page
of thirty: an N+1 (a query per row: languages, municipality, contacts) fails here."""

from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.network.tests.factories import OrganisationFactory

# session, user, district (frame), the page's count, the page of organisations, their languages, the
# municipalities of the filter; for the map: the organisations based in and serving each municipality, the
# municipalities' keys
DIRECTORY_QUERIES = 10


def test_the_directory_reads_the_same_for_two_and_thirty_organisations(world, client_as, django_assert_num_queries):
    client = client_as(Role.INTEGRATION_OFFICE)
    url = reverse("network:organisation_list")
    client.get(url)
    with django_assert_num_queries(DIRECTORY_QUERIES):
        assert client.get(url).status_code == 200
    for index in range(30):
        OrganisationFactory(name=f"Verein {index:02d}", kind="migrant_organisation", municipality=world.municipality)
    with django_assert_num_queries(DIRECTORY_QUERIES):
        response = client.get(url)
    assert "Verein 00" in response.content.decode()
