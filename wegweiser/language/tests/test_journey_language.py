"""Browser journey of Deutsch lernen: a coordinator re-activates a paused Deutschtreff, a caseworker enrols a
person from their page in the Migrationszentrum onto its waiting list, the integration office accepts a placement
proposal, and a volunteer takes attendance on a phone-sized screen. axe-core checks every step."""

from datetime import time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from wegweiser.casework.tests.factories import PersonFactory
from wegweiser.language import services
from wegweiser.language.models import (
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Learner,
    Level,
    OfferSession,
    OfferStatus,
    PlacementProposal,
    ProposalDecision,
)
from wegweiser.language.schedule import public_holidays
from wegweiser.language.tests.factories import LearnerFactory, OfferFactory
from wegweiser.testing.browser import Journey
from wegweiser.testing.world import build_world

PASSWORD = "correct horse battery staple"


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def log_out(page):
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url("**/accounts/login/**")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_reactivate_enrol_place_and_take_attendance(page, journey, browser, live_server, request):
    world = build_world()
    today = timezone.localdate()
    treff = OfferFactory(
        title="Deutschtreff Melle-Gesmold",
        provider=world.provider,
        municipality=world.municipality,
        status=OfferStatus.ACTIVE,
        capacity=2,
        levels=[Level.A1, Level.A2],
    )
    services.offer_pause(
        actor=world.user("course_provider"), offer=treff, reason="Genug Plätze in Melle", paused_on=today
    )
    for name in ("Yuliia Bondarenko", "Ahmad Haddad"):
        first, last = name.split()
        learner = LearnerFactory(first_name=first, last_name=last, home_municipality=world.municipality)
        services.enrolment_create(actor=None, learner=learner, offer=treff)
    course = OfferFactory(
        title="Integrationskurs Melle",
        provider=world.provider,
        municipality=world.municipality,
        capacity=10,
        levels=[Level.A1, Level.A2, Level.B1],
        weekdays=[0, 1, 2, 3, 4],
        start_time=time(8, 30),
        end_time=time(12, 45),
    )
    person = PersonFactory(
        given_names="Olena",
        family_names="Kovalenko",
        given_names_original="Олена",
        family_names_original="Коваленко",
        municipality=world.municipality,
        phone="+4915112345678",
        languages=[{"code": "uk", "level": "native"}, {"code": "de", "level": "none"}],
    )

    # 1. The coordinator re-activates the paused Deutschtreff with a new schedule, starting today.
    log_in(page, "kurs")
    page.goto(f"/language/offers/{treff.pk}/")
    assert "noch pausiert" in page.content()
    journey.snap("coordinator-paused-deutschtreff")
    page.get_by_role("link", name="Reaktivieren").click()
    page.get_by_label("Erster Tag").fill(today.isoformat())
    page.get_by_label("Letzter Tag").fill((today + timedelta(days=90)).isoformat())
    for label in ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"):
        page.get_by_label(label, exact=True).uncheck()
    page.get_by_label(
        ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")[today.weekday()], exact=True
    ).check()
    page.locator("input[name=start_time]").fill("16:00")
    page.locator("input[name=end_time]").fill("17:30")
    journey.snap("coordinator-reactivation-form")
    page.get_by_role("button", name="Jetzt reaktivieren").click()
    page.wait_for_selector("text=Das Angebot läuft wieder.")
    assert "reaktiviert am" in page.content()
    journey.snap("coordinator-reactivated")
    treff.refresh_from_db()
    assert treff.status == OfferStatus.ACTIVE
    assert Enrolment.objects.filter(offer=treff, status=EnrolmentStatus.ENROLLED).count() == 2
    log_out(page)

    # 2. A caseworker enrols Olena from her page in the Migrationszentrum onto the (now full) Deutschtreff's
    #    waiting list: the form comes pre-filled from her record, the caseworker adds the days she can come.
    log_in(page, "beratung")
    page.goto(f"/casework/persons/{person.pk}/")
    assert "Noch nicht für einen Deutschkurs angemeldet." in page.content()
    journey.snap("caseworker-person")
    page.get_by_role("link", name="Für einen Deutschkurs anmelden").click()
    assert page.get_by_label("Vorname").input_value() == "Olena"
    assert page.get_by_label("gewünschtes Niveau").input_value() == Level.A1  # she has no German yet
    for label in ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"):
        page.get_by_label(label, exact=True).check()
    journey.snap("caseworker-enrolment-form")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_label("Angebot").select_option(str(treff.pk))
    page.get_by_role("button", name="Anmelden oder auf die Warteliste setzen").click()
    page.wait_for_selector("text=Auf der Warteliste von Deutschtreff Melle-Gesmold, Position 1.")
    journey.snap("caseworker-waiting-list")
    page.get_by_role("link", name=f"Datensatz #{person.pk} der Person").click()
    page.wait_for_selector("text=wartet, Position 1")
    journey.snap("caseworker-person-waiting")
    olena = Learner.objects.get(person=person)
    assert olena.caseworker == world.user("caseworker")
    log_out(page)

    # 3. The integration office computes the placement and accepts the proposal for Olena.
    log_in(page, "planung")
    page.goto("/language/placement/")
    page.get_by_role("button", name="Vorschläge berechnen").click()
    page.wait_for_url("**/jobs/**")
    call_command("worker", batch=True, interval=0)
    page.wait_for_selector(".job__status--succeeded", timeout=20000)
    journey.snap("placement-job-finished")
    page.get_by_role("link", name="Ergebnis anzeigen").click()
    page.locator("table a").first.click()
    proposal = PlacementProposal.objects.get(learner=olena)
    assert proposal.offer == course
    card = page.locator(f"#proposal-{proposal.pk}")
    assert "Integrationskurs Melle" in card.inner_text()
    assert "Minuten entfernt" in card.inner_text()
    journey.snap("placement-proposals")
    card.get_by_role("button", name="Annehmen").click()
    page.wait_for_selector(f"#proposal-{proposal.pk} >> text=angenommen")
    journey.snap("placement-accepted")
    proposal.refresh_from_db()
    assert proposal.decision == ProposalDecision.ACCEPTED
    assert Enrolment.objects.get(learner=olena, offer=course).status == EnrolmentStatus.ENROLLED
    log_out(page)

    # 4. A volunteer takes attendance at today's Deutschtreff on a phone.
    if today in public_holidays(today, today):
        # The schedule leaves public holidays out; this journey needs a session today all the same.
        OfferSession.objects.filter(offer=treff, date=today).update(cancelled=False, cancel_reason="")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740}, locale="de-DE")
    phone = context.new_page()
    phone.set_default_timeout(15000)
    on_phone = Journey(phone, f"{request.node.name}_phone")
    try:
        log_in(phone, "kurs")
        phone.wait_for_url("**/language/sessions/**")
        on_phone.snap("volunteer-sessions")
        phone.get_by_role("link", name="Deutschtreff Melle-Gesmold").first.click()
        phone.wait_for_selector(".register")
        on_phone.snap("volunteer-register")
        phone.get_by_role("button", name="da: Yuliia Bondarenko").click()
        phone.wait_for_selector(".register__row--present")
        phone.get_by_role("button", name="fehlt: Ahmad Haddad").click()
        phone.wait_for_selector(".register__row--absent")
        on_phone.snap("volunteer-register-taken")
        box = phone.get_by_role("button", name="da: Ahmad Haddad").bounding_box()
        assert box["height"] >= 44  # a touch target
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    finally:
        context.close()
    marks = dict(
        Attendance.objects.filter(session__offer=treff).values_list("enrolment__learner__last_name", "present")
    )
    assert marks == {"Bondarenko": True, "Haddad": False}
