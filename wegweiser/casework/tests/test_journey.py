"""A caseworker's journey in the browser: intake with a duplicate warning, a case plan, an appointment and a
referral; then the partner organisation sees the referral. Screenshots and axe-core at every step."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.casework.models import Appointment, Case, Person, Referral
from wegweiser.casework.tests import world as cw
from wegweiser.language.models import AbsenceFlag
from wegweiser.language.tests.factories import EnrolmentFactory, LearnerFactory, OfferFactory
from wegweiser.testing.world import build_world

PASSWORD = "correct horse battery staple"


def login(page, username):
    page.goto("/accounts/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main button[type="submit"]')


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_intake_case_plan_appointment_and_referral(page, journey):
    world = build_world()
    existing = cw.person(world)  # Oleksandr Shevchenko, Олександр Шевченко, born 1990, in Melle
    cw.location(world)
    # A learner of this caseworker missed three sessions in a row: the home page lists it.
    learner = LearnerFactory(
        first_name="Olena",
        last_name="Kovalenko",
        home_municipality=world.municipality,
        caseworker=world.user(Role.CASEWORKER),
    )
    enrolment = EnrolmentFactory(learner=learner, offer=OfferFactory(municipality=world.municipality))
    AbsenceFlag.objects.create(enrolment=enrolment, missed_in_a_row=3, last_missed_on=timezone.localdate())
    login(page, "beratung")
    page.wait_for_url("**/casework/my-work/")
    assert "Olena Kovalenko" in page.locator("#home-absences + .table-wrap").inner_text()
    journey.snap("home")

    # Intake in a German spelling: the form warns before saving a second record.
    page.click('a[href="/casework/persons/new/"] >> nth=0')
    page.fill('input[name="given_names"]', "Olexandr")
    page.fill('input[name="family_names"]', "Schewtschenko")
    page.fill('input[name="family_names_original"]', "Шевченко")
    page.fill('input[name="birth_date"]', "1990")
    page.select_option('select[name="municipality"]', str(world.municipality.pk))
    page.click('main .button-row button[type="submit"]')
    page.wait_for_selector("#candidates-title")
    journey.snap("intake-duplicate-warning")
    assert Person.objects.count() == 1
    page.click(f'.cw-candidates a[href="/casework/persons/{existing.pk}/"]')
    page.wait_for_url(f"**/casework/persons/{existing.pk}/")
    journey.snap("person")

    # A case with its needs, a goal and a task.
    page.click(f'a[href="/casework/persons/{existing.pk}/cases/new/"]')
    page.fill('textarea[name="summary"]', "Seit drei Monaten in Melle, sucht Arbeit als Pflegekraft.")
    journey.snap("case-open")
    page.click('main button[type="submit"]')
    page.wait_for_selector('select[name="language_urgency"]')
    page.select_option('select[name="language_urgency"]', "high")
    page.fill('input[name="language_description"]', "Berufssprachkurs B2")
    page.select_option('select[name="recognition_urgency"]', "medium")
    journey.snap("needs")
    page.click('main button[type="submit"]')
    case = Case.objects.get(person=existing)
    page.wait_for_url(f"**/casework/cases/{case.pk}/")
    page.click("text=Ziel hinzufügen")
    page.select_option('form[action$="/goals/"] select[name="area"]', "recognition")
    page.fill('form[action$="/goals/"] input[name="description"]', "Anerkennung als Pflegefachkraft")
    page.click('form[action$="/goals/"] button[type="submit"]')
    page.click("text=Aufgabe hinzufügen")
    page.fill('form[action$="/tasks/"] input[name="title"]', "Zeugnisse übersetzen lassen")
    page.fill('form[action$="/tasks/"] input[name="due_on"]', (timezone.localdate() + timedelta(days=7)).isoformat())
    page.click('form[action$="/tasks/"] button[type="submit"]')
    page.fill('form[action$="/notes/"] textarea[name="text"]', "Erstgespräch mit Dolmetscherin.")
    page.click('form[action$="/notes/"] button[type="submit"]')
    page.wait_for_selector("text=Erstgespräch mit Dolmetscherin.")
    journey.snap("case-plan")
    assert case.goals.count() == 1
    assert case.tasks.count() == 1

    # An appointment with an interpreter.
    page.goto(f"/casework/persons/{existing.pk}/appointments/new/")
    page.fill('input[name="day"]', (timezone.localdate() + timedelta(days=1)).isoformat())
    page.fill('input[name="start"]', "10:00")
    page.fill('input[name="topic"]', "Anerkennung besprechen")
    page.select_option('select[name="interpreter_language"]', "uk")
    journey.snap("appointment-form")
    page.click('main button[type="submit"]')
    page.wait_for_url(f"**/casework/persons/{existing.pk}/")
    assert Appointment.objects.get().interpreter_language == "uk"

    # A referral needs consent first: without it no partner can be chosen and the page says what to do;
    # after consent it goes out.
    page.goto(f"/casework/persons/{existing.pk}/referrals/new/")
    page.wait_for_selector(".notice--warning")
    assert page.locator('select[name="organisation"]').count() == 0
    journey.snap("referral-without-consent")
    page.click(f'main .notice a[href="/casework/persons/{existing.pk}/consents/"]')
    page.wait_for_url(f"**/casework/persons/{existing.pk}/consents/")
    page.select_option('select[name="purpose"]', "share_partner")
    page.select_option('select[name="organisation"]', str(world.partner.pk))
    page.select_option('select[name="form"]', "written")
    page.select_option('select[name="language"]', "uk")
    page.click('form.card button[type="submit"]')
    page.wait_for_selector(".badge--ok")
    journey.snap("consent")
    page.goto(f"/casework/persons/{existing.pk}/referrals/new/")
    page.select_option('select[name="organisation"]', str(world.partner.pk))
    page.select_option('select[name="offer_kind"]', "recognition")
    page.fill('textarea[name="message"]', "Anerkennungsberatung Pflege, Termin mit Dolmetschung.")
    page.click('main button[type="submit"]')
    page.wait_for_url(f"**/casework/persons/{existing.pk}/")
    journey.snap("person-with-referral")
    assert Referral.objects.get().organisation == world.partner

    page.goto(f"/casework/appointments/?day={(timezone.localdate() + timedelta(days=1)).isoformat()}")
    journey.snap("front-desk-day")

    # The partner sees the referral with the minimum data and answers it.
    page.click('form[action="/accounts/logout/"] button')
    login(page, world.user(Role.PARTNER).username)
    page.goto("/casework/referrals/")
    journey.snap("partner-referrals")
    page.click(f'a[href="/casework/referrals/{Referral.objects.get().pk}/"]')
    page.select_option('select[name="status"]', "accepted")
    page.fill('textarea[name="feedback"]', "Termin am Montag vereinbart.")
    journey.snap("partner-answer")
    page.click('main button[type="submit"]')
    page.wait_for_url("**/casework/referrals/")
    assert Referral.objects.get().status == "accepted"
