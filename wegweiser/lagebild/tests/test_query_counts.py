"""The dashboard and a municipality's drill-down read the database a fixed number of times: the district, its
tables and its regions once per request (`core.request_memo`), then one aggregate per indicator's cells."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from wegweiser.accounts.roles import Role
from wegweiser.accounts.tests.factories import UserFactory
from wegweiser.lagebild.demo import load_demo
from wegweiser.lagebild.services import own_figures_snapshot_refresh_when_stale
from wegweiser.territory.demo import load_demo as load_territory

# session, user; the district, its tables and its regions once; one aggregate per indicator source with tables;
# nationalities and the pyramid (latest date, figures, labels); the own counts from the worker's snapshot; the
# answers to surveys (one aggregate; their titles only where there are answers). Was 71.
DASHBOARD_QUERIES = 29
DRILL_DOWN_QUERIES = 29


@pytest.fixture
def planner(client, db):
    out = io.StringIO()
    load_territory(out=out)
    load_demo(out=out)
    own_figures_snapshot_refresh_when_stale()
    client.force_login(UserFactory(role=Role.INTEGRATION_OFFICE))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yield client
    # A request leaves its language active in the thread; the classic GENESIS reader keys cells with German
    # words (test_real_tables), so give the next test the default back.
    translation.activate(settings.LANGUAGE_CODE)


def test_the_dashboard_reads_the_district_and_its_tables_once(planner, django_assert_num_queries):
    planner.get(reverse("lagebild:dashboard"))
    with django_assert_num_queries(DASHBOARD_QUERIES) as captured:
        assert planner.get(reverse("lagebild:dashboard")).status_code == 200
    statements = [query["sql"] for query in captured.captured_queries]
    # once for the figures (it was 17 times), once for the page frame's district name (core)
    assert sum('FROM "territory_district"' in sql for sql in statements) == 2
    assert sum('FROM "lagebild_statistictable"' in sql for sql in statements) == 1


def test_a_municipality_s_drill_down_reads_as_much_as_the_dashboard(planner, django_assert_num_queries):
    url = reverse("lagebild:region", kwargs={"region_key": "03459024"})
    planner.get(url)
    with django_assert_num_queries(DRILL_DOWN_QUERIES):
        assert planner.get(url).status_code == 200
