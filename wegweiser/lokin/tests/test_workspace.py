"""The municipal workspace: a manager sees their municipality's grants, reports due and open follow-ups, never
another municipality's; the district has no such page."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.lokin.models import Consultation
from wegweiser.lokin.tests.factories import approved_application, consultation, fixed_programme

pytestmark = pytest.mark.django_db


def test_the_manager_sees_their_grants_reports_and_follow_ups_only(client_as, world):
    made = fixed_programme(world, year=2027, base_amount=Decimal("20000"))
    approved_application(world, made)
    consultation(world)
    foreign = consultation(world, municipality=world.other_municipality)
    foreign.follow_ups.update(text="Fremde Aufgabe")
    Consultation.objects.filter(pk=foreign.pk).update(topic="Fremd")
    body = client_as(Role.MUNICIPAL_MANAGER).get(reverse("lokin:workspace")).content.decode()
    reports = body.split('data-testid="reports-due"')[1].split("</ul>")[0]
    assert "Zwischennachweis" in reports
    assert "Verwendungsnachweis" in reports
    assert "Integrationsmanagement Melle" in body  # the grant
    assert "Raum klären" in body  # own open follow-up
    assert "Fremde Aufgabe" not in body
    assert world.other_municipality.name not in body


def test_the_district_has_no_workspace(client_as, world):
    assert client_as(Role.INTEGRATION_OFFICE).get(reverse("lokin:workspace")).status_code == 403


def test_the_workspace_shows_the_municipalitys_courses_waiting_lists_and_directory_entries(client_as, world):
    from wegweiser.language.tests.factories import OfferFactory
    from wegweiser.network.tests.factories import OrganisationFactory

    OfferFactory(title="Deutschtreff Rathaus", provider=world.provider, municipality=world.municipality)
    OfferFactory(title="Kurs anderswo", provider=world.provider, municipality=world.other_municipality)
    OrganisationFactory(name="Verein Miteinander", kind="migrant_organisation", municipality=world.municipality)
    OrganisationFactory(name="Verein Fremd", kind="club", municipality=world.other_municipality)
    body = client_as(Role.MUNICIPAL_MANAGER).get(reverse("lokin:workspace")).content.decode()
    offers = body.split('data-testid="offers"')[1].split("</ul>")[0]
    assert "Deutschtreff Rathaus" in offers
    assert "Kurs anderswo" not in body
    assert "Verein Miteinander" in body
    assert "Verein Fremd" not in body
    waiting = body.split('data-testid="waiting"')[1].split("</table>")[0]
    # Its own municipality's seats by level (waiting counts as the language app publishes them), no one else's.
    assert world.municipality.name in waiting
    assert world.other_municipality.name not in waiting


def test_the_workspace_is_the_managers_start_and_reads_the_same_for_one_grant_and_five(
    client_as, world, django_assert_num_queries
):
    client = client_as(Role.MUNICIPAL_MANAGER)
    assert client.get(reverse("core:home"))["Location"] == reverse("lokin:workspace")
    made = fixed_programme(world, year=2027, base_amount=Decimal("20000"))
    approved_application(world, made, amount=Decimal("1000.00"))
    consultation(world)
    client.get(reverse("lokin:workspace"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("lokin:workspace"))
    for year in range(2028, 2032):
        approved_application(world, fixed_programme(world, year=year, base_amount=Decimal("20000")))
        consultation(world)
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(reverse("lokin:workspace")).content.decode()
    assert body.count("LokIn 2031") == 1


def test_the_workspace_shows_its_municipalitys_lagebild_charts_with_their_tables(client):
    import io

    from wegweiser.accounts.tests.factories import UserFactory
    from wegweiser.lagebild.demo import load_demo
    from wegweiser.territory.demo import load_demo as load_territory
    from wegweiser.territory.models import Municipality

    load_territory(out=io.StringIO())
    load_demo(out=io.StringIO())
    melle = Municipality.objects.get(ags="03459024")
    client.force_login(UserFactory(username="melle", role=Role.MUNICIPAL_MANAGER, municipalities=[melle]))
    body = client.get(reverse("lokin:workspace")).content.decode()
    section = body.split('id="lagebild"')[1]
    titles = re.findall(r'<h2 id="chart-[^>]*>([^<]*)<', section)
    assert titles == [
        "Ausländeranteil an der Bevölkerung in Melle, Stadt",
        "Kitaplätze je 100 Kinder (Versorgungsquote) in Melle, Stadt",
    ]
    assert section.count("<svg") == 2
    assert section.count("<caption>") == 2  # each chart with its table
    assert reverse("lagebild:region", kwargs={"region_key": "03459024"}) in section
