"""The municipal remit: one answer to "where may this user act", kept by selectors, services and the API."""

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from wegweiser.accounts.roles import Role
from wegweiser.casework import services as casework_services
from wegweiser.casework.models import Person
from wegweiser.casework.tests.factories import PersonFactory
from wegweiser.language import services as language_services
from wegweiser.language.models import Learner, Offer
from wegweiser.language.tests.factories import LearnerFactory, OfferFactory
from wegweiser.territory.models import Municipality
from wegweiser.territory.remit import OutsideRemit, models_without_remit, remit_for_user, remit_require
from wegweiser.territory.tests.factories import MunicipalityFactory


def test_district_wide_roles_act_everywhere_municipal_managers_in_their_own(world):
    assert remit_for_user(world.user(Role.CASEWORKER)).district_wide
    remit = remit_for_user(world.user(Role.MUNICIPAL_MANAGER))
    assert remit.includes(world.municipality.pk)
    assert not remit.includes(world.other_municipality.pk)
    assert not remit.includes(None)


def test_samtgemeinde_members_belong_to_the_remit_of_its_manager(world):
    samtgemeinde = MunicipalityFactory(district=world.district, name="SG Artland", kind="samtgemeinde")
    member = MunicipalityFactory(district=world.district, name="Quakenbrück", samtgemeinde=samtgemeinde)
    manager = world.user(Role.MUNICIPAL_MANAGER)
    manager.municipalities.set([samtgemeinde])
    manager._municipality_ids = None
    assert remit_for_user(manager).includes(member.pk)
    assert member in Municipality.objects.local().in_remit(manager)


def test_anonymous_and_inactive_accounts_act_nowhere(world):
    from django.contrib.auth.models import AnonymousUser

    assert remit_for_user(AnonymousUser()).municipality_ids == frozenset()
    caseworker = world.user(Role.CASEWORKER)
    caseworker.is_active = False
    assert remit_for_user(caseworker).municipality_ids == frozenset()
    PersonFactory(municipality=world.municipality)
    assert list(Person.objects.in_remit(caseworker)) == []


def test_in_remit_filters_each_model_by_its_path_to_a_municipality(world):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    own, foreign = PersonFactory(municipality=world.municipality), PersonFactory(municipality=world.other_municipality)
    assert set(Person.objects.in_remit(manager)) == {own}
    assert set(Person.objects.in_remit(world.user(Role.CASEWORKER))) >= {own, foreign}
    own_learner = LearnerFactory(home_municipality=world.municipality)
    LearnerFactory(home_municipality=world.other_municipality)
    assert list(Learner.objects.in_remit(manager)) == [own_learner]
    own_offer = OfferFactory(municipality=world.municipality, provider=world.provider)
    OfferFactory(municipality=world.other_municipality, provider=world.other_provider)
    assert list(Offer.objects.in_remit(manager)) == [own_offer]


def test_system_writes_have_no_remit_to_keep(world):
    remit_require(None, world.other_municipality.pk)
    remit_require(None, None)


def test_a_municipal_manager_cannot_create_a_person_in_another_municipality(world):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    with pytest.raises(OutsideRemit):
        casework_services.person_create(
            actor=manager, given_names="Olena", family_names="Koval", municipality=world.other_municipality
        )
    with pytest.raises(OutsideRemit):
        casework_services.person_create(actor=manager, given_names="Olena", family_names="Koval")
    assert not Person.objects.filter(family_names="Koval").exists()
    person = casework_services.person_create(
        actor=manager, given_names="Olena", family_names="Koval", municipality=world.municipality
    )
    assert person.municipality == world.municipality


def test_a_municipal_manager_cannot_move_a_person_out_of_their_remit(world):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    person = PersonFactory(municipality=world.municipality)
    with pytest.raises(OutsideRemit):
        casework_services.person_update(
            actor=manager, person=person, expected_version=person.version, municipality=world.other_municipality
        )
    person.refresh_from_db()
    assert person.municipality == world.municipality
    # A caseworker works district-wide and may record the move.
    casework_services.person_update(
        actor=world.user(Role.CASEWORKER),
        person=person,
        expected_version=person.version,
        municipality=world.other_municipality,
    )
    person.refresh_from_db()
    assert person.municipality == world.other_municipality


def test_the_api_refuses_another_municipality_with_403_and_shows_no_candidates(client_as, world):
    PersonFactory(given_names="Olena", family_names="Koval", municipality=world.other_municipality)
    client = client_as(Role.MUNICIPAL_MANAGER)
    response = client.post(
        "/api/casework/persons",
        {"given_names": "Olena", "family_names": "Koval", "municipality_id": world.other_municipality.pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "candidates" not in response.json()
    assert Person.objects.filter(family_names="Koval").count() == 1


def test_learners_and_offers_keep_to_the_remit_too(world):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    with pytest.raises(OutsideRemit):
        language_services.learner_create(
            actor=manager, first_name="Amal", last_name="Haddad", home_municipality=world.other_municipality
        )
    learner = LearnerFactory(home_municipality=world.municipality)
    with pytest.raises(OutsideRemit):
        language_services.learner_update(actor=manager, learner=learner, home_municipality=world.other_municipality)
    offer = OfferFactory(municipality=world.municipality, provider=world.provider)
    with pytest.raises(OutsideRemit):
        language_services.offer_update(actor=manager, offer=offer, municipality=world.other_municipality)
    offer.refresh_from_db()
    assert offer.municipality == world.municipality


def test_every_model_pointing_at_a_municipality_says_how_it_is_scoped():
    assert models_without_remit(apps.get_models()) == []


@isolate_apps("wegweiser.territory")
def test_a_new_model_pointing_at_a_municipality_without_a_remit_field_is_caught():
    class StrayRecord(models.Model):  # noqa: DJ008
        municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE)

        class Meta:
            app_label = "territory"

    assert models_without_remit([StrayRecord]) == ["territory.strayrecord"]
