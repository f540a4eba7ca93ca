"""Applying and deciding through HTTP: a municipal manager drafts, edits and submits; the district comments,
sends back, rejects or approves (the ledger's refusal shown as a form error), schedules and advances instalments,
and fixes the allocation after confirming. The pages answer in German."""

from decimal import Decimal

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditEntry
from wegweiser.lokin.models import Application, ApplicationStatus, FixedAllocation, InstalmentStatus
from wegweiser.lokin.tests.factories import (
    approved_application,
    draft_application,
    fixed_programme,
    programme,
    submitted_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(world):
    return fixed_programme(world, year=2027, base_amount=Decimal("5000"))


def _application_data(world, **extra):
    data = {
        "municipality": world.municipality.pk,
        "title": "Lotsenprogramm Melle",
        "measures": "Sprechstunde im Rathaus",
        "goals": "Schnellere Anbindung an Sprachkurse",
        "target_groups": "Neu Zugewanderte",
        "staff_hours": "19.5",
        "own_funds": "1200.00",
        "third_party_funds": "300.50",
        "cost_staff_2027": "24000.00",
        "cost_material_2028": "850.25",
    }
    data.update(extra)
    return data


def test_a_manager_drafts_edits_and_submits_an_application(client_as, world, made):
    client = client_as(Role.MUNICIPAL_MANAGER)
    form = client.get(reverse("lokin:application_create", args=[made.pk])).content.decode()
    assert 'name="cost_staff_2027"' in form
    assert 'name="cost_travel_2028"' in form
    assert world.other_municipality.name not in form  # only their own municipality to choose

    response = client.post(reverse("lokin:application_create", args=[made.pk]), _application_data(world))
    application = Application.objects.get(title="Lotsenprogramm Melle")
    assert response.status_code == 302
    assert response.url == reverse("lokin:application", args=[application.pk])
    assert application.status == ApplicationStatus.DRAFT
    assert application.own_funds == Decimal("1200.00")
    assert application.third_party_funds == Decimal("300.50")
    assert {(c.category, c.year, c.amount) for c in application.planned_costs.all()} == {
        ("staff", 2027, Decimal("24000.00")),
        ("material", 2028, Decimal("850.25")),
    }

    edit = client.get(reverse("lokin:application_edit", args=[application.pk])).content.decode()
    assert 'value="24000.00"' in edit or 'value="24000,00"' in edit
    response = client.post(
        reverse("lokin:application_edit", args=[application.pk]),
        _application_data(world, goals="Beratung in drei Sprachen", cost_material_2028=""),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.goals == "Beratung in drei Sprachen"
    assert [c.category for c in application.planned_costs.all()] == ["staff"]

    response = client.post(reverse("lokin:application_submit", args=[application.pk]), follow=True)
    body = response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.version == 1
    assert "Eingereicht" in body
    assert "Version 1" in body
    assert AuditEntry.objects.filter(object_id=str(application.pk)).count() >= 3


def test_a_negative_or_fractional_cent_amount_is_a_form_error(client_as, world, made):
    client = client_as(Role.MUNICIPAL_MANAGER)
    response = client.post(
        reverse("lokin:application_create", args=[made.pk]),
        _application_data(world, cost_staff_2027="-5", own_funds="1.234"),
    )
    assert response.status_code == 200
    assert not Application.objects.filter(title="Lotsenprogramm Melle").exists()


def test_a_manager_of_another_municipality_gets_404(client_as, world, made):
    foreign = submitted_application(world, made, municipality=world.other_municipality)
    draft = draft_application(world, made, municipality=world.other_municipality)
    client = client_as(Role.MUNICIPAL_MANAGER)
    assert client.get(reverse("lokin:application", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("lokin:application_edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("lokin:application_submit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("lokin:application_comment", args=[foreign.pk]), {"text": "x"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_a_manager_cannot_create_for_another_municipality(client_as, world, made):
    client = client_as(Role.MUNICIPAL_MANAGER)
    response = client.post(
        reverse("lokin:application_create", args=[made.pk]),
        _application_data(world, municipality=world.other_municipality.pk),
    )
    assert response.status_code == 200  # not a valid choice
    assert not Application.objects.filter(municipality=world.other_municipality).exists()


def test_the_district_requests_changes_and_the_manager_resubmits(client_as, world, made):
    application = submitted_application(world, made)
    office = client_as(Role.INTEGRATION_OFFICE)
    office.post(reverse("lokin:application_comment", args=[application.pk]), {"text": "Zielgruppen genauer bitte"})
    response = office.post(
        reverse("lokin:application_decide", args=[application.pk]),
        {"decision": "request_changes", "reason": "Bitte Ziele messbar machen"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CHANGES_REQUESTED

    manager = client_as(Role.MUNICIPAL_MANAGER)
    body = manager.get(reverse("lokin:application", args=[application.pk])).content.decode()
    assert "Zielgruppen genauer bitte" in body
    assert "Bitte Ziele messbar machen" in body
    manager.post(
        reverse("lokin:application_edit", args=[application.pk]),
        {
            "title": application.title,
            "goals": "50 Beratungen im Jahr",
            "staff_hours": "10",
            "own_funds": "0",
            "third_party_funds": "0",
            "cost_staff_2027": "10000.00",
        },
    )
    response = manager.post(reverse("lokin:application_submit", args=[application.pk]), follow=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.version == 2
    body = response.content.decode()
    assert "Version 2" in body
    assert "50 Beratungen im Jahr" in body


def test_a_rejection_needs_a_reason_and_shows_it(client_as, world, made):
    application = submitted_application(world, made)
    office = client_as(Role.INTEGRATION_OFFICE)
    response = office.post(reverse("lokin:application_decide", args=[application.pk]), {"decision": "reject"})
    assert response.status_code == 422
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    office.post(
        reverse("lokin:application_decide", args=[application.pk]),
        {"decision": "reject", "reason": "Maßnahmen nicht förderfähig"},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    body = client_as(Role.MUNICIPAL_MANAGER).get(reverse("lokin:application", args=[application.pk])).content
    assert "Maßnahmen nicht förderfähig" in body.decode()


def test_an_over_allocation_approval_is_refused_with_the_message(client_as, world, made):
    application = submitted_application(world, made)
    office = client_as(Role.INTEGRATION_OFFICE)
    response = office.post(
        reverse("lokin:application_decide", args=[application.pk]),
        {"decision": "approve", "amount": "999999.00"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "999999.00 EUR übersteigt den Rest des Kontingents dieser Kommune" in body
    assert 'role="alert"' in body
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.approved_amount is None


def test_approval_before_the_allocation_is_fixed_is_refused(client_as, world):
    application = submitted_application(world, programme(world, year=2028))
    response = client_as(Role.INTEGRATION_OFFICE).post(
        reverse("lokin:application_decide", args=[application.pk]), {"decision": "approve", "amount": "100.00"}
    )
    assert response.status_code == 422
    assert "Legen Sie die Verteilung fest" in response.content.decode()


def test_a_manager_cannot_decide(client_as, world, made):
    application = submitted_application(world, made)
    response = client_as(Role.MUNICIPAL_MANAGER).post(
        reverse("lokin:application_decide", args=[application.pk]), {"decision": "approve", "amount": "100.00"}
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_district_approves_schedules_and_pays(client_as, world, made):
    application = submitted_application(world, made)
    office = client_as(Role.INTEGRATION_OFFICE)
    office.post(reverse("lokin:application_decide", args=[application.pk]), {"decision": "approve", "amount": "8000"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.approved_amount == Decimal("8000.00")

    url = reverse("lokin:instalment_schedule", args=[application.pk])
    assert office.post(url, {"due_date": "2027-05-01", "amount": "5000.00"}).status_code == 302
    refused = office.post(url, {"due_date": "2027-09-01", "amount": "3000.01"})
    assert refused.status_code == 422
    assert "übersteigt" in refused.content.decode()
    instalment = application.instalments.get()
    advance = reverse("lokin:instalment_advance", args=[instalment.pk])
    office.post(advance)
    instalment.refresh_from_db()
    assert instalment.status == InstalmentStatus.RELEASED
    body = office.post(advance, follow=True).content.decode()
    instalment.refresh_from_db()
    assert instalment.status == InstalmentStatus.PAID
    assert "Mark paid" not in body
    assert "Als bezahlt markieren" not in body


def test_the_manager_sees_the_payment_plan_but_cannot_advance_it(client_as, world, made):
    application = approved_application(world, made, amount=Decimal("4000.00"))
    client_as(Role.INTEGRATION_OFFICE).post(
        reverse("lokin:instalment_schedule", args=[application.pk]), {"due_date": "2027-05-01", "amount": "4000"}
    )
    instalment = application.instalments.get()
    manager = client_as(Role.MUNICIPAL_MANAGER)
    body = manager.get(reverse("lokin:application", args=[application.pk])).content.decode()
    assert "4000,00" in body or "4000.00" in body
    assert reverse("lokin:instalment_advance", args=[instalment.pk]) not in body
    assert manager.post(reverse("lokin:instalment_advance", args=[instalment.pk])).status_code == 403


def test_fixing_the_allocation_asks_for_confirmation_first(client_as, world):
    world.municipality.population = 30000
    world.municipality.save()
    open_programme = programme(world, year=2028)
    office = client_as(Role.INTEGRATION_OFFICE)
    url = reverse("lokin:allocation_fix", args=[open_programme.pk])
    page = office.get(url).content.decode()
    assert "Melle" in page
    assert office.post(url, {}).status_code == 200
    assert not FixedAllocation.objects.filter(programme=open_programme).exists()
    response = office.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert FixedAllocation.objects.get(programme=open_programme).total == open_programme.budget
    again = office.get(url, follow=True)
    assert FixedAllocation.objects.filter(programme=open_programme).count() == 1
    assert again.redirect_chain[-1][0] == reverse("lokin:programme", args=[open_programme.pk])


def test_a_draft_after_the_deadline_is_refused_with_the_message(client_as, world):
    late = fixed_programme(world, year=2025)
    draft = draft_application(world, late)
    response = client_as(Role.MUNICIPAL_MANAGER).post(reverse("lokin:application_submit", args=[draft.pk]), follow=True)
    assert "Die Antragsfrist ist abgelaufen" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
