"""Browser journey (Playwright + axe-core on every step, screenshots under test-output/screenshots/): the district
sets up the year's programme and fixes its allocation, a municipality applies, the district requests a change, the municipality resubmits, the district approves and schedules a payment;
the municipality reports the use of funds, the district accepts it and its overview shows the spending."""

import pytest

from wegweiser.accounts.roles import Role
from wegweiser.lokin.models import AllocationRow, Application, ApplicationStatus, Programme
from wegweiser.testing.world import build_world

PASSWORD = "correct horse battery staple"


def _login(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto("/accounts/login/")
    page.fill('input[name="username"]', user.username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main button[type="submit"]')
    page.wait_for_load_state()
    return context, page


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_municipality_applies_the_district_sends_back_approves_and_schedules(browser, live_server, page, journey):
    world = build_world()
    office_context, office = _login(browser, live_server, world.user(Role.INTEGRATION_OFFICE))
    journey.page = office
    office.goto("/lokin/")
    office.click("text=Neues Programm")
    office.fill('input[name="year"]', "2027")
    office.fill('input[name="budget"]', "350000.00")
    office.fill('input[name="application_deadline"]', "2027-03-31")
    office.fill('input[name="interim_report_due"]', "2027-09-30")
    office.fill('input[name="final_report_due"]', "2028-03-31")
    office.fill('input[name="base_amount"]', "5000.00")
    journey.snap("programme-form")
    office.click('main button[type="submit"]')
    office.click("text=Verteilung festlegen")
    office.check('input[name="confirm"]')
    office.click('main button[type="submit"]')
    journey.snap("allocation-fixed")
    made = Programme.objects.get(year=2027)
    assert AllocationRow.objects.filter(allocation__programme=made).exists()

    manager_context, manager = _login(browser, live_server, world.user(Role.MUNICIPAL_MANAGER))
    journey.page = manager
    manager.goto(f"/lokin/{made.pk}/")
    manager.click("text=Neuer Antrag")
    manager.select_option('select[name="municipality"]', str(world.municipality.pk))
    manager.fill('input[name="title"]', "Lotsenprogramm Melle")
    manager.fill('textarea[name="measures"]', "Sprechstunde im Rathaus")
    manager.fill('input[name="staff_hours"]', "19.5")
    manager.fill('input[name="cost_staff_2027"]', "9000.00")
    journey.snap("application-form")
    manager.click('main button[type="submit"]')
    manager.click("text=Beim Landkreis einreichen")
    assert manager.locator("[data-testid=status]").inner_text() == "Eingereicht"
    journey.snap("submitted")

    application = Application.objects.get(title="Lotsenprogramm Melle")
    journey.page = office
    office.goto(f"/lokin/applications/{application.pk}/")
    office.check('input[name="decision"][value="request_changes"]')
    office.fill('textarea[name="reason"]', "Bitte Ziele messbar machen")
    journey.snap("district-requests-change")
    office.click("text=Entscheidung speichern")

    journey.page = manager
    manager.goto(f"/lokin/applications/{application.pk}/")
    assert manager.locator("text=Bitte Ziele messbar machen").count() == 1
    manager.click("text=Antrag bearbeiten")
    manager.fill('textarea[name="goals"]', "50 Beratungen im Jahr")
    manager.click('main button[type="submit"]')
    manager.click("text=Erneut einreichen")
    journey.snap("resubmitted")

    journey.page = office
    office.goto(f"/lokin/applications/{application.pk}/")
    office.check('input[name="decision"][value="approve"]')
    office.fill('input[name="amount"]', "999999")
    office.click("text=Entscheidung speichern")
    assert office.locator("[role=alert]", has_text="übersteigt").count() == 1
    journey.snap("over-allocation-refused")
    office.check('input[name="decision"][value="approve"]')
    office.fill('input[name="amount"]', "9000")
    office.click("text=Entscheidung speichern")
    office.fill('input[name="due_date"]', "2027-05-01")
    office.fill('input[name="amount"]', "4500")
    office.get_by_role("button", name="Einplanen", exact=True).click()
    office.click("text=Als freigegeben markieren")
    journey.snap("approved-and-scheduled")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.version == 2
    assert application.instalments.get().status == "released"

    # The municipality reports the use of funds; the district accepts and its overview shows what was achieved.
    report = application.reports.get(kind="interim")
    journey.page = manager
    manager.goto(f"/lokin/reports/{report.pk}/")
    manager.click("text=Nachweis ausfüllen")
    manager.fill('textarea[name="measures_delivered"]', "Sprechstunde an 40 Tagen")
    manager.fill('input[name="people_reached"]', "120")
    manager.fill('input[name="spent_staff"]', "8750.00")
    journey.snap("report-form")
    manager.click('main button[type="submit"]')
    manager.get_by_role("button", name="Beim Landkreis einreichen").click()
    assert manager.locator("[data-testid=report-status]").inner_text() == "Eingereicht"
    journey.snap("report-submitted")

    journey.page = office
    office.goto(f"/lokin/reports/{report.pk}/")
    office.check('input[name="decision"][value="accept"]')
    office.click("text=Prüfung festhalten")
    assert office.locator("[data-testid=report-status]").inner_text() == "Angenommen"
    office.goto(f"/lokin/{made.pk}/reports/")
    achieved = office.locator("[data-testid=achieved]")
    assert "8750,00" in achieved.inner_text()
    assert "120" in achieved.inner_text()
    journey.snap("district-report-overview")
    manager_context.close()
    office_context.close()
