"""The advice log through HTTP: the district records a consultation with a municipality and its follow-ups;
the municipality's manager sees it and marks a follow-up done; another municipality's manager sees none of it."""

from datetime import date

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.accounts.tests.factories import UserFactory
from wegweiser.lokin.models import Consultation, FollowUp
from wegweiser.lokin.tests.factories import consultation

pytestmark = pytest.mark.django_db


def test_the_district_records_a_consultation_with_follow_ups(client_as, world):
    office = client_as(Role.INTEGRATION_OFFICE)
    data = {
        "municipality": world.municipality.pk,
        "held_on": "2027-02-10",
        "topic": "Netzwerktreffen",
        "participants": "Integrationsbüro\nIntegrationsmanagement",
        "agreements": "Treffen quartalsweise",
        "follow_up_1": "Einladung verschicken",
        "owner_1": "Kommune",
        "due_1": "2027-03-01",
        "follow_up_2": "Raum buchen",
    }
    refused = office.post(reverse("lokin:consultation_create"), data)
    assert refused.status_code == 200  # follow-up 2 lacks owner and due date
    assert not Consultation.objects.exists()
    data.update(owner_2="Landkreis", due_2="2027-03-15")
    assert office.post(reverse("lokin:consultation_create"), data).status_code == 302
    made = Consultation.objects.get()
    assert sorted(made.follow_ups.values_list("owner", "due_date")) == [
        ("Kommune", date(2027, 3, 1)),
        ("Landkreis", date(2027, 3, 15)),
    ]


def test_the_manager_sees_their_consultations_and_marks_a_follow_up_done(client_as, world):
    made = consultation(world)
    foreign_consultation = consultation(world, municipality=world.other_municipality)
    Consultation.objects.filter(pk=foreign_consultation.pk).update(topic="Fremdes Thema")
    manager = client_as(Role.MUNICIPAL_MANAGER)
    body = manager.get(reverse("lokin:consultations")).content.decode()
    assert "Sprechstunde im Rathaus" in body
    assert "Fremdes Thema" not in body
    follow_up = made.follow_ups.get()
    assert manager.post(reverse("lokin:follow_up_toggle", args=[follow_up.pk])).status_code == 302
    assert FollowUp.objects.get(pk=follow_up.pk).done
    foreign = FollowUp.objects.get(consultation__municipality=world.other_municipality)
    assert manager.post(reverse("lokin:follow_up_toggle", args=[foreign.pk])).status_code == 404
    assert not FollowUp.objects.get(pk=foreign.pk).done


def test_a_manager_cannot_record_a_consultation(client_as, world):
    assert client_as(Role.MUNICIPAL_MANAGER).get(reverse("lokin:consultation_create")).status_code == 403


def test_a_manager_of_another_municipality_sees_nothing(client, world):
    stranger = UserFactory(username="fremd", role=Role.MUNICIPAL_MANAGER, municipalities=[world.other_municipality])
    consultation(world)
    client.force_login(stranger)
    assert "Sprechstunde im Rathaus" not in client.get(reverse("lokin:consultations")).content.decode()
