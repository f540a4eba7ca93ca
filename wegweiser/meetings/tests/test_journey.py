"""Browser journey of meetings: the integration office plans a meeting of the Migrationsbeirat, sets its agenda,
writes the minutes, records a decision with its votes, adds a follow-up, marks it done and approves the minutes;
the member organisation then reads the meeting. axe-core checks every step."""

import pytest

from wegweiser.meetings.models import Decision, FollowUp, Meeting, MeetingStatus
from wegweiser.meetings.tests.factories import district_body
from wegweiser.testing.world import build_world

PASSWORD = "correct horse battery staple"


def login(page, username):
    page.goto("/accounts/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main button[type="submit"]')
    page.wait_for_load_state()


def submit(page):
    page.click('main form.card button[type="submit"]')
    page.wait_for_load_state()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_meeting_from_agenda_to_approved_minutes(page, journey):
    world = build_world()
    body = district_body(world)
    login(page, "planung")
    page.goto("/meetings/")
    journey.snap("list")
    page.get_by_role("link", name="Sitzung planen").first.click()
    page.select_option('select[name="body"]', str(body.pk))
    page.fill('input[name="starts_at"]', "2026-11-24T17:00")
    page.fill('input[name="place"]', "Kreishaus, Sitzungssaal 2")
    journey.snap("plan")
    submit(page)
    meeting = Meeting.objects.get(body=body)

    page.get_by_role("link", name="Tagesordnungspunkt hinzufügen").click()
    page.fill('input[name="title"]', "Wartelisten der Sprachkurse")
    page.fill('input[name="presenter"]', "Integrationsbüro")
    page.fill('textarea[name="papers"]', "Vorlage 12/2026")
    journey.snap("agenda-item")
    submit(page)
    page.get_by_role("link", name="Protokoll schreiben").click()
    page.fill('textarea[name="minutes"]', "Der Beirat fragt nach Abendkursen für Berufstätige.")
    submit(page)
    page.get_by_role("link", name="Beschluss eintragen").click()
    page.fill('textarea[name="text"]', "Der Beirat empfiehlt zwei zusätzliche Abendkurse.")
    page.fill('input[name="votes_for"]', "11")
    page.fill('input[name="votes_against"]', "0")
    page.fill('input[name="abstentions"]', "1")
    journey.snap("decision")
    submit(page)
    page.get_by_role("link", name="Aufgabe hinzufügen").click()
    page.fill('input[name="text"]', "Empfehlung an den Kreisausschuss weiterleiten")
    page.select_option('select[name="owner_organisation"]', str(world.partner.pk))
    page.fill('input[name="due_date"]', "2026-12-15")
    page.select_option('select[name="decision"]', index=1)
    journey.snap("follow-up")
    submit(page)
    assert FollowUp.objects.get().decision == Decision.objects.get()
    journey.snap("meeting")

    page.get_by_role("button", name="Als erledigt markieren").click()
    page.wait_for_load_state()
    assert FollowUp.objects.get().done
    page.get_by_role("button", name="Als stattgefunden markieren").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Protokoll genehmigen").click()
    page.check('input[name="confirm"]')
    journey.snap("approve")
    submit(page)
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.APPROVED
    assert page.locator("#read-only").is_visible()
    journey.snap("approved")

    page.context.clear_cookies()
    login(page, "partner")
    page.goto(f"/meetings/{meeting.pk}/")
    assert "Der Beirat empfiehlt zwei zusätzliche Abendkurse." in page.locator("main").inner_text()
    journey.snap("member-reads")
