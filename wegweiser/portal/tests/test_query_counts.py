"""The portal's pages read the database a fixed number of times, for two offers as for forty, for a page with
one child as with ten: an N+1 (a query per row) fails here. Measured with the server-side page cache off (as
in every test but its own), so these are the counts of a first visit."""

import pytest
from django.urls import reverse

from wegweiser.language.tests.factories import OfferFactory
from wegweiser.network.tests.factories import OrganisationFactory
from wegweiser.portal.tests.factories import InfoPageFactory
from wegweiser.testing.world import build_world

pytestmark = pytest.mark.django_db

# The offers (one query with their seat counts), the directory's organisations and their languages, the map's
# municipality keys, the municipalities of the filter.
FINDER_QUERIES = 5
# The page's version (ETag), the page with its parent, its texts, its children, their texts.
INFO_PAGE_QUERIES = 5


def _count(client, url, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_the_finder_reads_the_same_for_two_and_forty_offers(client, django_assert_num_queries):
    world = build_world()
    url = reverse("portal:finder", kwargs={"lang": "uk"})
    for index in range(2):
        OfferFactory(title=f"Treff {index}", provider=world.provider, municipality=world.municipality)
    few = _count(client, url, django_assert_num_queries, FINDER_QUERIES)
    for index in range(38):
        OfferFactory(title=f"Kurs {index}", provider=world.provider, municipality=world.other_municipality)
        OrganisationFactory(name=f"Verein {index}", kind="migrant_organisation", municipality=world.municipality)
    many = _count(client, url, django_assert_num_queries, FINDER_QUERIES)
    assert many.content.decode().count('class="p-card"') > few.content.decode().count('class="p-card"') + 38


def test_an_information_page_reads_the_same_with_one_child_and_ten(client, django_assert_num_queries):
    page = InfoPageFactory(slug="ankommen", title="Ankommen")
    InfoPageFactory(slug="kind-0", title="Kind 0", parent=page)
    url = reverse("portal:info_page", kwargs={"lang": "de", "slug": "ankommen"})
    _count(client, url, django_assert_num_queries, INFO_PAGE_QUERIES)
    for index in range(1, 10):
        InfoPageFactory(slug=f"kind-{index}", title=f"Kind {index}", parent=page)
    body = _count(client, url, django_assert_num_queries, INFO_PAGE_QUERIES).content.decode()
    assert "Kind 9" in body
