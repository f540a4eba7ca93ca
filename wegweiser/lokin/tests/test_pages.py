"""The programme pages through HTTP: the district sees the books and every application, a municipal manager
only their municipality's applications, everyone the fixed allocation with its working."""

from decimal import Decimal

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.core.spreadsheet import spreadsheet_read_rows
from wegweiser.lokin.tests.factories import fixed_programme, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(world):
    world.municipality.population = 30000
    world.municipality.save()
    made = fixed_programme(world, budget=Decimal("350000.00"), base_amount=Decimal("5000"))
    submitted_application(world, made)
    other = submitted_application(world, made, municipality=world.other_municipality)
    other.title = "Bramsche heimlich"
    other.save()
    return made


def test_the_district_sees_books_every_application_and_the_working(client_as, made):
    body = client_as(Role.INTEGRATION_OFFICE).get(reverse("lokin:programme", args=[made.pk])).content.decode()
    assert "Bramsche heimlich" in body
    assert "Integrationsmanagement Melle" in body
    assert "<dd>350000,00 EUR</dd>" in body  # allocated equals the budget (the page answers in German)
    assert "territory register (population)" in body
    assert "Bücher" in body


def test_a_manager_sees_only_their_municipalitys_applications(client_as, made):
    response = client_as(Role.MUNICIPAL_MANAGER).get(reverse("lokin:programme", args=[made.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Integrationsmanagement Melle" in body
    assert "Bramsche heimlich" not in body
    assert "Bücher" not in body


def test_the_programme_list_links_the_year(client_as, made):
    body = client_as(Role.DATA_PROTECTION_OFFICER).get(reverse("lokin:programmes")).content.decode()
    assert reverse("lokin:programme", args=[made.pk]) in body


def test_roles_without_lokin_get_403(client_as, made):
    assert client_as(Role.CASEWORKER).get(reverse("lokin:programmes")).status_code == 403


def test_the_allocation_xlsx_sums_to_the_budget_and_is_formula_safe(client_as, world):
    world.other_municipality.name = "=HYPERLINK(1)"
    world.other_municipality.save()
    made = fixed_programme(world, budget=Decimal("350000.01"), base_amount=Decimal("5000"))
    response = client_as(Role.MUNICIPAL_MANAGER).get(reverse("lokin:allocation_xlsx", args=[made.pk]))
    assert response.status_code == 200
    rows = [values for _number, values in spreadsheet_read_rows(response.content)]
    body = rows[1:]
    assert sum(round(Decimal(str(values[2])) * 100) for values in body if values[2] is not None) == 35000001
    assert "'=HYPERLINK(1)" in [values[1] for values in body]
    assert {values[7] for values in body} == {"territory register (population)"}
