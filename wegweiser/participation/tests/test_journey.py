"""Browser journey (Playwright + axe-core on every page, screenshots under test-output/screenshots/): the
integration office hands out codes for a Deutschtreff survey, five attendees answer it in Arabic on a phone, and
the office reads the results as charts."""

import pytest

from wegweiser.accounts.roles import Role
from wegweiser.participation.models import Response
from wegweiser.participation.tests.factories import survey
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
def test_a_survey_in_arabic_is_answered_with_codes_and_its_results_charted(browser, live_server, page, journey):
    world = build_world()
    made = survey(municipality=world.municipality, one_per_person=True, languages=("ar",), slug="deutschtreff-melle")

    office_context, office = _login(browser, live_server, world.user(Role.INTEGRATION_OFFICE))
    journey.page = office
    office.goto(f"/participation/{made.pk}/")
    journey.snap("office-survey")
    office.click("text=Codes ausgeben")
    office.fill('input[name="count"]', "5")
    office.fill('input[name="label"]', "Deutschtreff Mittwoch")
    office.click("main form button[type=submit]")
    codes = office.locator("[data-testid=codes] code").all_inner_texts()
    assert len(codes) == 5
    journey.snap("office-codes-shown-once")

    journey.page = page
    page.set_viewport_size({"width": 360, "height": 740})
    answers = [("5", ["0", "1"], "وقت أطول من فضلكم"), ("5", ["0"], ""), ("5", ["0", "2"], "مكان جميل"),
               ("5", ["0", "1"], ""), ("5", ["0"], "Mehr Spiele")]  # fmt: skip
    for number, (code, (scale, liked, text)) in enumerate(zip(codes, answers, strict=True)):
        page.goto("/portal/ar/feedback/deutschtreff-melle/")
        assert page.get_attribute("html", "dir") == "rtl"
        assert page.locator("h1").inner_text() == "رأيك في Deutschtreff"
        page.fill('input[name="code"]', code.lower())
        page.check(f'input[name^="q"][type=radio][value="{scale}"]')
        for option in liked:
            page.check(f'input[type=checkbox][value="{option}"]')
        if text:
            page.fill("textarea", text)
        if number == 0:
            journey.snap("ar-form-filled")
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.wait_for_timeout(3200)  # a person takes longer than the time check's minimum
        page.click(".p-form button[type=submit]")
        assert page.locator("h1").inner_text() == "شكرًا، لقد وصلتنا إجاباتك"
        if number == 0:
            journey.snap("ar-thank-you")
    # The same code again is refused in Arabic.
    page.goto("/portal/ar/feedback/deutschtreff-melle/")
    page.fill('input[name="code"]', codes[0])
    page.check('input[type=radio][value="1"]')
    page.wait_for_timeout(3200)
    page.click(".p-form button[type=submit]")
    assert page.locator(".p-error", has_text="هذا الرمز استُخدم من قبل.").count() == 1
    journey.snap("ar-code-used")
    assert Response.objects.filter(survey=made, token__isnull=True).count() == 5

    journey.page = office
    office.goto(f"/participation/{made.pk}/results/")
    assert office.locator("[data-testid=responses]").inner_text().endswith("5")
    assert office.locator(".lagebild-chart svg").count() == 2
    # Five said 5 and five like the conversations: shown; the 2 and the 1 beside them are not published.
    scale_rows = office.locator(".lagebild-chart").first.locator("tbody tr").all_inner_texts()
    assert scale_rows[4].split() == ["5", "5"]
    liked_rows = office.locator(".lagebild-chart").nth(1).locator("tbody tr").all_inner_texts()
    assert liked_rows[0].split()[-1] == "5"
    assert "nicht veröffentlicht" in liked_rows[1]
    assert office.locator(".free-texts li", has_text="مكان جميل").count() == 1
    journey.snap("office-results-charts")
    office_context.close()
