"""Browser journey of the network: a migrant organisation updates its entry, the integration office reviews and
approves it and sees the directory on its map, a coordinator stores a newcomer's mentoring need, sees the
Ukrainian-speaking volunteer ranked first with the reasons and asks her; she accepts by the link in her mail,
on a page in Ukrainian, without an account; the coordinator sees the need matched. axe-core checks every step."""

import datetime
import re

import pytest
from django.core import mail

from wegweiser.accounts.roles import Role
from wegweiser.casework.tests.factories import PersonFactory
from wegweiser.lagebild.charts.places import map_keys
from wegweiser.network import services
from wegweiser.network.models import MatchStatus, NeedStatus, Organisation, OrganisationKind, VolunteerNeed
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
    world.municipality.ags = sorted(map_keys())[0]
    world.municipality.save()
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
    page.goto("/network/organisations/")
    assert page.locator("figure.directory-map svg a").count() >= 1
    journey.snap("directory-map")

    iryna = services.volunteer_create(
        actor=None,
        first_name="Iryna",
        last_name="Bondarenko",
        email="iryna@example.org",
        preferred_language="uk",
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
    services.volunteer_create(
        actor=None,
        first_name="Paul",
        last_name="Becker",
        email="paul@example.org",
        municipality=world.municipality,
        languages=["de", "en"],
        consent_to_contact=True,
    ).roles.create(kind="mentor", police_certificate_on=datetime.date.today())

    # The municipal coordinator stores the mentoring need of a Ukrainian newcomer from the person's context.
    newcomer = PersonFactory(municipality=world.municipality, preferred_language="uk")
    logout(page)
    login(page, "kommune")
    page.goto(f"/network/needs/new/?person={newcomer.pk}")
    page.select_option('select[name="weekday"]', "1")
    page.fill('input[name="starts_at"]', "15:00")
    page.fill('input[name="ends_at"]', "17:00")
    page.fill('textarea[name="note"]', "Begleitung bei Behördenbriefen")
    journey.snap("need-form")
    page.click('main form.card button[type="submit"]')
    page.wait_for_load_state()
    need = VolunteerNeed.objects.get()
    assert (need.person_id, need.language, need.role) == (newcomer.pk, "uk", "mentor")
    candidates = page.locator("ol.candidates > li")
    assert "Iryna Bondarenko" in candidates.nth(0).inner_text()
    assert "spricht die gewünschte Sprache" in candidates.nth(0).inner_text()
    assert "Paul Becker" in candidates.nth(1).inner_text()
    journey.snap("need-candidates")
    candidates.nth(0).locator("button").click()
    page.wait_for_load_state()
    journey.snap("need-asked")
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/network/answer/[^\s]+)", message.body).group(1)

    # Iryna opens the link from her mail: no account, the page in Ukrainian, nothing about the newcomer.
    logout(page)
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "uk"
    body = page.locator("main").inner_text()
    assert "Behördenbriefen" not in body
    assert newcomer.family_names not in body
    journey.snap("answer-uk")
    page.click('button[value="accept"]')
    page.wait_for_load_state()
    assert "Ви погодилися" in page.locator("main").inner_text()
    journey.snap("answer-accepted")
    page.goto(link)
    journey.snap("answer-used")

    login(page, "kommune")
    page.goto(f"/network/needs/{need.pk}/")
    assert "vermittelt" in page.locator(".need-status").inner_text()
    journey.snap("need-matched")
    need.refresh_from_db()
    assert need.status == NeedStatus.MATCHED
    assert need.matches.get().status == MatchStatus.ACCEPTED
