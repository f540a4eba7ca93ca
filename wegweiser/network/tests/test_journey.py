"""Browser journey of the network (part): a migrant organisation updates its entry, the integration office
reviews and approves it, and a coordinator finds a Ukrainian-speaking volunteer for a mentoring need. axe-core
checks every step."""

import datetime

import pytest

from wegweiser.accounts.roles import Role
from wegweiser.network import services
from wegweiser.network.models import Organisation, OrganisationKind
from wegweiser.network.selectors import public_organisations
from wegweiser.testing.world import build_world

PASSWORD = "correct horse battery staple"


def login(page, username):
    page.goto("/accounts/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main button[type="submit"]')
    page.wait_for_load_state()


def logout(page):
    page.context.clear_cookies()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_migrant_organisation_updates_its_entry_and_a_mentor_is_found(page, journey):
    world = build_world()
    Organisation.objects.filter(pk=world.partner.pk).update(kind=OrganisationKind.MIGRANT_ORGANISATION, is_public=True)
    login(page, "partner")
    page.goto("/network/our-entry/")
    page.fill('textarea[name="opening_hours"]', "Sa 10–14 Uhr")
    page.fill('textarea[name="services"]', "Elterncafé, Begleitung zu Terminen")
    journey.snap("own-entry")
    page.click('main form.card button[type="submit"]')
    page.wait_for_load_state()
    journey.snap("own-entry-waiting")
    assert public_organisations()[0].opening_hours == ""

    logout(page)
    login(page, "planung")
    page.goto("/network/reviews/")
    journey.snap("review")
    page.click('button[value="approve"]')
    page.wait_for_load_state()
    assert next(e for e in public_organisations() if e.id == world.partner.pk).opening_hours == "Sa 10–14 Uhr"

    iryna = services.volunteer_create(
        actor=None,
        first_name="Iryna",
        last_name="Bondarenko",
        municipality=world.municipality,
        languages=["uk", "de"],
        consent_to_contact=True,
    )
    services.volunteer_role_set(actor=None, volunteer=iryna, kind="mentor", police_certificate_on=datetime.date.today())
    services.availability_add(
        actor=None, volunteer=iryna, weekday=1, starts_at=datetime.time(15), ends_at=datetime.time(18)
    )
    page.goto(
        f"/network/volunteers/match/?role=mentor&language=uk&municipality={world.municipality.pk}"
        "&weekday=1&starts_at=15:00&ends_at=17:00"
    )
    assert "Iryna Bondarenko" in page.locator("main ol").inner_text()
    journey.snap("match")
    assert world.user(Role.PARTNER).organisation_id == world.partner.pk
