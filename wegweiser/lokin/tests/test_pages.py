"""The programme pages through HTTP: the district sees the books and every application, a municipal manager
only their municipality's applications, everyone the fixed allocation with its working."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from wegweiser.accounts.roles import Role
from wegweiser.core.spreadsheet import spreadsheet_read_rows
from wegweiser.lokin.models import Indicator
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
    assert "Gemeinderegister (Einwohnerzahl)" in body
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
    # The reader's words (the client reads German), as on the programme page.
    with translation.override("de"):
        assert str(Indicator.POPULATION.label) in {values[5] for values in body}
    assert {values[7] for values in body} == {"Gemeinderegister (Einwohnerzahl)"}


def test_the_district_sets_up_a_programme_and_a_second_one_for_the_same_year_is_refused(client_as, world):
    from wegweiser.lokin.models import Programme

    client = client_as(Role.INTEGRATION_OFFICE)
    data = {
        "year": "2030", "budget": "350000.00", "funding_rate": "80", "eligible_categories": ["staff", "events"],
        "application_deadline": "2030-03-31", "interim_report_due": "2030-09-30", "final_report_due": "2031-03-31",
        "base_amount": "5000.00", "weight_population": "1", "weight_foreign_residents": "0.5",
    }  # fmt: skip
    response = client.post(reverse("lokin:programme_create"), data)
    programme = Programme.objects.get(year=2030)
    assert response["Location"] == reverse("lokin:programme", args=[programme.pk])
    assert programme.budget == Decimal("350000.00")
    assert programme.eligible_categories == ["staff", "events"]
    assert {key: Decimal(value) for key, value in programme.weights.items()} == {
        "population": Decimal("1"),
        "foreign_residents": Decimal("0.5"),
    }
    again = client.post(reverse("lokin:programme_create"), data)
    assert again.status_code == 422
    assert "2030" in again.content.decode()
    assert Programme.objects.filter(year=2030).count() == 1
    floor_over_cap = client.post(
        reverse("lokin:programme_create"), data | {"year": "2032", "floor": "9000", "cap": "1000"}
    )
    assert floor_over_cap.status_code == 422
    assert not Programme.objects.filter(year=2032).exists()


def test_the_allocations_working_names_its_indicators_in_the_readers_language(client_as, world):
    made = fixed_programme(world, year=2033, base_amount=Decimal("5000"))
    page = client_as(Role.INTEGRATION_OFFICE).get(reverse("lokin:programme", args=[made.pk])).content.decode()
    working = page.split("<ul>", 1)[1] if "<ul>" in page else page
    assert "Bevölkerung: " in page
    assert "population:" not in page
    assert "territory register" not in working
