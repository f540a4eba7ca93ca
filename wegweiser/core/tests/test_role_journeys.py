"""Every role on a 360 px phone, in German and in Arabic: the start page and the first entries of the menu,
each page with a screenshot and axe-core, none wider than the screen. Arabic staff pages come in German with a
notice in Arabic until the Arabic catalogue is complete (core/page_language.py); once it is (simulated here),
numbers, dates, the phone number and Latin names on the person page are isolated from the right-to-left text."""

import pytest
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.casework.tests import world as cw
from wegweiser.testing.world import build_world

PASSWORD = "correct horse battery staple"
MENU_PAGES = 3


def _log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.fill('input[name="username"]', user.username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main button[type="submit"]')
    page.wait_for_load_state("networkidle")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("role", [role for role, _ in Role.choices])
def test_each_role_at_360_px(page, journey, role, language):
    world = build_world()
    cw.case(world)
    cw.appointment(world)
    user = world.user(role)
    user.preferred_language = language
    user.save()
    page.set_viewport_size({"width": 360, "height": 740})
    _log_in(page, user)
    assert page.evaluate("document.documentElement.lang") == "de"
    if language == "ar":
        notice = page.locator(".language-fallback")
        assert notice.get_attribute("lang") == "ar"
        assert notice.get_attribute("dir") == "rtl"
    journey.snap(f"{role}-{language}-start")
    # Every menu entry lies within the screen (no row cut off at the edge), and who is signed in stays visible.
    outside = page.eval_on_selector_all(
        ".site-nav a",
        "links => links.filter(a => { const r = a.getBoundingClientRect(); return r.left < 0 || r.right > 360; })"
        ".map(a => a.textContent)",
    )
    assert not outside, outside
    assert page.is_visible(".account__name")
    too_wide = [] if _fits(page) else [page.url]
    links = page.eval_on_selector_all(".site-nav a", "links => links.map(a => a.getAttribute('href'))")
    for href in links[:MENU_PAGES]:
        page.goto(href)
        journey.snap(f"{role}-{language}-{href.strip('/').replace('/', '-')}")
        if not _fits(page):
            too_wide.append(href)
    assert not too_wide, too_wide


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_numbers_and_latin_names_are_isolated_on_an_arabic_person_page(page, journey, settings):
    settings.WEGWEISER_COMPLETE_LANGUAGES = [*settings.WEGWEISER_COMPLETE_LANGUAGES, "ar"]
    world = build_world()
    person = cw.person(world)
    cw.case(world)
    cw.appointment(world)
    user = world.user(Role.CASEWORKER)
    user.preferred_language = "ar"
    user.save()
    page.set_viewport_size({"width": 360, "height": 740})
    _log_in(page, user)
    page.goto(f"/casework/persons/{person.pk}/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    journey.snap("person-ar-360px")
    isolated = page.evaluate(
        """() => [...document.querySelectorAll('main bdi')].map(el => ({
            text: el.innerText.trim(),
            direction: getComputedStyle(el).direction,
            bidi: getComputedStyle(el).unicodeBidi,
        }))"""
    )
    by_text = {item["text"]: item for item in isolated}
    phone = next(item for text, item in by_text.items() if text.startswith("+49") or text.startswith("0151"))
    assert phone["direction"] == "ltr"
    assert phone["bidi"] == "isolate"
    assert any(text.endswith(str(person.pk)) and item["direction"] == "ltr" for text, item in by_text.items())
    assert any("Shevchenko" in text and item["bidi"] == "isolate" for text, item in by_text.items())
    # The case line's opening date sits in its own left-to-right run.
    year = str(timezone.localdate().year)
    assert any(year in text and item["direction"] == "ltr" for text, item in by_text.items()), by_text
    # A date inside a left-to-right run carries no right-to-left marks, which scrambled it ("022026/12/").
    dates = [text for text in by_text if year in text]
    assert not [text for text in dates if "\u200f" in text], dates
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert any(text.startswith(today) or text == today for text in dates), dates
