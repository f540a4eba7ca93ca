"""Browser journeys of the portal (Playwright + axe-core on every page visited, screenshots under
test-output/screenshots/): a newcomer on a 360 px phone, an Arabic page, and the budget on slow 3G."""

import pytest

from wegweiser.accounts.roles import Role
from wegweiser.casework.models import AppointmentRequest
from wegweiser.language.tests.factories import OfferFactory
from wegweiser.portal import services
from wegweiser.portal.models import InfoPageText
from wegweiser.portal.tests.factories import InfoPageFactory
from wegweiser.testing.world import build_world

PASSWORD = "correct horse battery staple"


def _content(world):
    # Their keys in the VG250 boundaries, so that the finder's map places them.
    for municipality, ags in [(world.municipality, "03459024"), (world.other_municipality, "03459014")]:
        municipality.ags = ags
        municipality.save(update_fields=["ags"])
    page = InfoPageFactory(slug="ankommen", title="Ankommen im Landkreis", body="<p>Willkommen im Landkreis.</p>")
    source_hash = InfoPageText.objects.get(page=page, language="de").content_hash
    for language, title, body in [
        ("uk", "Прибуття до району", "<p>Ласкаво просимо до району.</p>"),
        ("ar", "الوصول إلى المقاطعة", "<p>أهلاً بك في مقاطعة <bdi>Osnabrück</bdi>، الهاتف <bdi>0541 501-0</bdi>.</p>"),
    ]:
        services.info_page_translate(
            actor="test", page=page, language=language, title=title, body=body, source_hash=source_hash, in_review=False
        )
    OfferFactory(
        title="Deutschtreff Melle-Mitte",
        provider=world.provider,
        municipality=world.municipality,
        venue_address="Markt 1, 49324 Melle",
        capacity=10,
    )
    OfferFactory(title="Deutschtreff Bramsche", provider=world.provider, municipality=world.other_municipality)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_newcomer_on_a_phone_finds_a_deutschtreff_and_asks_for_an_appointment_a_caseworker_sees(
    browser, live_server, page, journey
):
    world = build_world()
    _content(world)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/portal/")
    journey.snap("start-german")
    page.click('a[hreflang="uk"]')
    page.wait_for_url("**/portal/uk/")
    assert page.get_attribute("html", "lang") == "uk"
    journey.snap("start-ukrainian")
    page.click("a[href='/portal/uk/offers/']")
    assert page.locator(".p-map svg a").count() == 2  # Melle and Bramsche on the offline map
    page.locator(".p-map").scroll_into_view_if_needed()
    journey.snap("finder-map")
    page.select_option('select[name="municipality"]', str(world.municipality.pk))
    page.check('input[name="places_free"]')
    page.click(".p-filters button[type=submit]")
    assert page.locator(".p-card", has_text="Deutschtreff Melle-Mitte").count() == 1
    assert page.locator(".p-card", has_text="Deutschtreff Bramsche").count() == 0
    journey.snap("finder-melle-places-free")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("text=Deutschtreff Melle-Mitte")
    assert page.locator("address", has_text="Markt 1, 49324 Melle").count() == 1
    journey.snap("offer")
    page.click(".p-main a.p-button")
    page.wait_for_url("**/portal/uk/appointment/")
    page.select_option('select[name="topic"]', "language")
    page.check('input[name="preferred_days"][value="1"]')
    page.select_option('select[name="language"]', "uk")
    page.check('input[name="interpreter_needed"]')
    page.fill('input[name="name"]', "Olena Kovalenko")
    page.check('input[name="contact_method"][value="phone"]')
    page.fill('input[name="phone"]', "0160 1234567")
    page.check('input[name="consent"]')
    journey.snap("request-form")
    page.wait_for_timeout(3200)  # a person takes longer than the time check's minimum
    page.click(".p-form button[type=submit]")
    reference = page.locator(".p-reference").inner_text()
    request = AppointmentRequest.objects.get()
    assert reference == request.reference
    assert "Olena" not in page.content()
    journey.snap("request-done")

    staff = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="de-DE")
    desk = staff.new_page()
    desk.goto("/accounts/login/")
    desk.fill('input[name="username"]', world.user(Role.CASEWORKER).username)
    desk.fill('input[name="password"]', PASSWORD)
    desk.click('main button[type="submit"]')
    desk.wait_for_url("**/casework/my-work/")
    desk.goto("/casework/appointments/")
    row = desk.locator("tr", has_text=reference)
    assert row.count() == 1
    assert "Olena Kovalenko" in row.inner_text()
    desk.screenshot(path=str(journey.folder / "90-caseworker-sees-request.png"), full_page=True)
    staff.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_arabic_page_renders_right_to_left_with_latin_text_kept_readable(page, journey):
    world = build_world()
    _content(world)
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/portal/ar/", "/portal/ar/info/ankommen/", "/portal/ar/offers/", "/portal/ar/privacy/"]:
        page.goto(path)
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        # Mirrored: the heading starts at the right edge.
        box = page.locator("h1").bounding_box()
        assert box["x"] + box["width"] > 300
        journey.snap(f"ar-{path.strip('/').replace('/', '-')}")
    page.goto("/portal/ar/info/ankommen/")
    assert page.locator("article bdi", has_text="0541 501-0").count() == 1
    page.goto("/portal/ar/appointment/")
    journey.snap("ar-appointment")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_finder_loads_on_slow_3g_under_the_budget(page, journey):
    world = build_world()
    _content(world)
    for n in range(40):
        OfferFactory(title=f"Kurs {n}", provider=world.provider, municipality=world.municipality)
    page.set_viewport_size({"width": 360, "height": 740})
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    # Chrome's "Slow 3G": 400 ms latency, about 50 kB/s down.
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 400, "downloadThroughput": 50 * 1024, "uploadThroughput": 50 * 1024},
    )
    page.goto("/portal/uk/offers/")
    transferred = page.evaluate(
        "performance.getEntriesByType('navigation')[0].transferSize"
        " + performance.getEntriesByType('resource').reduce((s, r) => s + r.transferSize, 0)"
    )
    loaded_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    assert transferred < 200 * 1024
    assert loaded_ms < 8000
    journey.snap("finder-slow-3g")
