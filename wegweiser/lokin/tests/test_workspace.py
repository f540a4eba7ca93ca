"""The municipal workspace: a manager sees their municipality's grants, reports due and open follow-ups, never
another municipality's; the district has no such page."""

from decimal import Decimal

import pytest
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
