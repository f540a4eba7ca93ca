"""Learners through HTTP: created, read (audited), enrolled onto a waiting list, withdrawn; scoped by role."""

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditEntry
from wegweiser.language import services
from wegweiser.language.models import Enrolment, EnrolmentStatus, Learner, Level
from wegweiser.language.tests.factories import LearnerFactory, OfferFactory

pytestmark = pytest.mark.django_db


def test_a_caseworker_adds_a_learner_and_puts_them_on_a_full_offers_waiting_list(world, client_as):
    client = client_as(Role.CASEWORKER)
    response = client.post(
        reverse("language:learner_create"),
        {
            "first_name": "Mariia",
            "last_name": "Shevchenko",
            "home_municipality": world.municipality.pk,
            "level": "A1",
            "weekdays": ["1", "3"],
            "needs_childcare": "on",
            "phone": "0151 2345678",
            "preferred_language": "uk",
        },
    )
    learner = Learner.objects.get(last_name="Shevchenko")
    assert response["Location"] == reverse("language:learner_detail", args=[learner.pk])
    assert learner.caseworker == world.user(Role.CASEWORKER)
    assert learner.person is None
    assert AuditEntry.objects.filter(object_type="language.learner", action="create").count() == 1

    offer = OfferFactory(municipality=world.municipality, capacity=1)
    services.enrolment_create(actor=None, learner=LearnerFactory(), offer=offer)
    response = client.post(reverse("language:learner_enrol", args=[learner.pk]), {"offer": offer.pk}, follow=True)
    enrolment = Enrolment.objects.get(learner=learner)
    assert enrolment.status == EnrolmentStatus.WAITING
    assert "position 1" in response.content.decode().replace("Position", "position")

    client.post(reverse("language:enrolment_withdraw", args=[enrolment.pk]), {"reason": "Moved to Osnabrück"})
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


def test_the_enrolment_choice_offers_the_learners_level_home_municipality_first(world, client_as):
    learner = LearnerFactory(home_municipality=world.municipality, level=Level.A2)
    elsewhere = OfferFactory(municipality=world.other_municipality, title="Aaa Deutschtreff", levels=[Level.A2])
    at_home = OfferFactory(municipality=world.municipality, title="Zzz Deutschtreff", levels=[Level.A1, Level.A2])
    other_level = OfferFactory(municipality=world.municipality, title="B1 course", levels=[Level.B1])
    client = client_as(Role.CASEWORKER)

    choices = client.get(reverse("language:learner_detail", args=[learner.pk])).context["enrol_form"]
    assert list(choices.fields["offer"].queryset) == [at_home, elsewhere]

    response = client.post(reverse("language:learner_enrol", args=[learner.pk]), {"offer": other_level.pk}, follow=True)
    assert not Enrolment.objects.filter(learner=learner).exists()
    assert "Wählen Sie ein Angebot aus der Liste." in response.content.decode()


def test_opening_a_learner_is_audited_as_a_read(world, client_as):
    learner = LearnerFactory(home_municipality=world.municipality)
    client_as(Role.CASEWORKER).get(reverse("language:learner_detail", args=[learner.pk]))
    entry = AuditEntry.objects.get(action="read", object_type="language.learner")
    assert entry.object_id == str(learner.pk)
    assert entry.municipality_id == world.municipality.pk


def test_a_municipal_manager_sees_and_creates_only_learners_of_their_municipalities(world, client_as):
    here = LearnerFactory(home_municipality=world.municipality)
    LearnerFactory(home_municipality=world.other_municipality)
    services.enrolment_create(actor=None, learner=here, offer=None)
    client = client_as(Role.MUNICIPAL_MANAGER)
    response = client.get(reverse("language:learner_list"))
    assert list(response.context["page"].object_list) == [here]
    response = client.post(
        reverse("language:learner_create"),
        {
            "first_name": "A",
            "last_name": "B",
            "home_municipality": world.other_municipality.pk,
            "level": "A1",
            "weekdays": ["1"],
        },
    )
    assert response.status_code == 200
    assert "home_municipality" in response.context["form"].errors


def test_learner_list_query_count(world, client_as, django_assert_max_num_queries):
    for learner in LearnerFactory.create_batch(20, home_municipality=world.municipality):
        services.enrolment_create(actor=None, learner=learner, offer=None)
    client = client_as(Role.INTEGRATION_OFFICE)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("language:learner_list"))
    assert len(response.context["page"].object_list) == 20


def test_offer_detail_shows_the_waiting_list_in_order_to_staff_but_not_names_to_providers(world, client_as):
    offer = OfferFactory(provider=world.provider, municipality=world.municipality, capacity=1)
    holder, first, second = (LearnerFactory(last_name=name) for name in ("Holder", "Erste", "Zweite"))
    for learner in (holder, first, second):
        services.enrolment_create(actor=None, learner=learner, offer=offer)
    html = client_as(Role.INTEGRATION_OFFICE).get(reverse("language:offer_detail", args=[offer.pk])).content.decode()
    assert html.index("Erste") < html.index("Zweite")
    provider_html = client_as(Role.COURSE_PROVIDER).get(reverse("language:offer_detail", args=[offer.pk]))
    assert "Erste" not in provider_html.content.decode()


def test_offer_detail_query_count(world, client_as, django_assert_max_num_queries):
    offer = OfferFactory(provider=world.provider, municipality=world.municipality, capacity=5)
    services.offer_update(actor=None, offer=offer, weekdays=[0, 1, 2, 3, 4])  # generates the sessions
    for learner in LearnerFactory.create_batch(12):
        services.enrolment_create(actor=None, learner=learner, offer=offer)
    services.offer_pause(actor=None, offer=offer, reason="Enough seats")
    client = client_as(Role.INTEGRATION_OFFICE)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("language:offer_detail", args=[offer.pk]))
    assert len(response.context["waiting"]) == 7
    assert len(response.context["sessions"]) == 30
