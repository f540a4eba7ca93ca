"""The public portal through HTTP: languages and direction, caching, information pages and their translation
status, the offer finder, the appointment request and its spam rules."""

import ast
import re
import time
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from wegweiser.audit.models import AuditEntry
from wegweiser.casework.models import AppointmentRequest, AppointmentRequestStatus
from wegweiser.language.models import OfferKind, OfferStatus
from wegweiser.language.services import offer_pause
from wegweiser.language.tests.factories import EnrolmentFactory, OfferFactory, OfferSessionFactory
from wegweiser.portal import abuse, services
from wegweiser.portal.content import TranslationStatus, content_hash
from wegweiser.portal.models import InfoPageText, SubmissionCounter
from wegweiser.portal.selectors import translation_overview
from wegweiser.portal.tests.factories import InfoPageFactory
from wegweiser.testing.world import build_world

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["portal:home", "portal:finder", "portal:privacy", "portal:appointment_request"]


@pytest.fixture
def world():
    return build_world()


def _source_hash(page):
    return InfoPageText.objects.get(page=page, language="de").content_hash


def _translate(page, language="uk", title="Прибуття", body="<p>Ласкаво просимо.</p>", source_hash=None, **kw):
    return services.info_page_translate(
        actor="test",
        page=page,
        language=language,
        title=title,
        body=body,
        source_hash=source_hash or _source_hash(page),
        in_review=kw.get("in_review", False),
    )


# --- Languages, direction, caching ---------------------------------------------------------------------------


def test_the_start_follows_the_browser_and_then_the_kept_choice(client):
    response = client.get(reverse("portal:start"), HTTP_ACCEPT_LANGUAGE="uk-UA,uk;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/portal/uk/"
    switched = client.get(reverse("portal:language", kwargs={"lang": "ar"}) + "?next=/portal/ar/offers/")
    assert switched["Location"] == "/portal/ar/offers/"
    assert client.cookies["wegweiser_language"].value == "ar"
    again = client.get(reverse("portal:start"), HTTP_ACCEPT_LANGUAGE="uk")
    assert again["Location"] == "/portal/ar/"


def test_the_switcher_refuses_to_lead_off_the_portal(client):
    response = client.get(reverse("portal:language", kwargs={"lang": "en"}) + "?next=https://evil.example/")
    assert response["Location"] == "/portal/en/"


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_page_has_the_switcher_with_every_portal_language(client, world, name):
    body = client.get(reverse(name, kwargs={"lang": "ru"})).content.decode()
    for code in ["de", "en", "uk", "ru", "ar"]:
        assert f'hreflang="{code}"' in body
    assert '<html lang="ru" dir="ltr">' in body


@override_settings(
    LANGUAGES=[("de", "Deutsch"), ("en", "English"), ("uk", "Українська"), ("fa", "فارسی"), ("tr", "Türkçe")],
    WEGWEISER_PORTAL_LANGUAGES=["de", "en", "uk", "fa", "tr"],
)
def test_a_configured_extra_language_appears_and_is_right_to_left_where_it_should_be(client):
    body = client.get(reverse("portal:home", kwargs={"lang": "fa"})).content.decode()
    assert '<html lang="fa" dir="rtl">' in body
    assert 'hreflang="tr"' in body
    assert "Türkçe" in body
    assert 'hreflang="ru"' not in body
    assert client.get(reverse("portal:home", kwargs={"lang": "ru"})).status_code == 404


def test_an_unconfigured_language_is_not_a_page(client):
    assert client.get("/portal/xx/").status_code == 404


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_page_in_arabic_is_right_to_left_with_latin_names_kept_readable(client, world, name):
    OfferFactory(title="Deutschtreff Melle-Mitte", provider=world.provider, municipality=world.municipality)
    body = client.get(reverse(name, kwargs={"lang": "ar"})).content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    if name == "portal:finder":
        assert "<bdi>Deutschtreff Melle-Mitte</bdi>" in body
        assert re.search(r"<bdi>\d\d:\d\d–\d\d:\d\d</bdi>", body)


def test_the_layout_mirrors_by_logical_properties_only():
    """Right-to-left mirrors the layout only if no rule names a physical side."""
    css = (Path(__file__).resolve().parents[1] / "static" / "portal" / "portal.css").read_text()
    assert not re.search(r"(margin|padding|border)-(left|right)|[^-](left|right)\s*:|text-align:\s*(left|right)", css)
    assert "inset-inline-start" in css
    assert "border-inline-start" in css


def test_public_pages_are_cacheable_and_answer_a_conditional_get(client, world):
    url = reverse("portal:finder", kwargs={"lang": "de"})
    response = client.get(url)
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert response.get("Set-Cookie") is None
    assert not response.cookies
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304


def test_an_unchanged_information_page_is_answered_from_its_etag_with_one_query(client, django_assert_max_num_queries):
    page = InfoPageFactory(slug="ankommen")
    url = reverse("portal:info_page", kwargs={"lang": "uk", "slug": "ankommen"})
    etag = client.get(url)["ETag"]
    with django_assert_max_num_queries(1):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    _translate(page)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200  # a new translation is a new version
    etag = client.get(url)["ETag"]
    InfoPageFactory(slug="anmelden", title="Wohnsitz anmelden", parent=page)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200  # a new child page is linked from it
    assert "Wohnsitz anmelden" in changed.content.decode()


def test_the_appointment_form_is_not_cached(client):
    response = client.get(reverse("portal:appointment_request", kwargs={"lang": "de"}))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_page_with_its_assets_stays_under_200_kb_and_loads_nothing_from_elsewhere(client, world, name):
    for n in range(30):
        OfferFactory(provider=world.provider, municipality=world.municipality, title=f"Kurs {n}")
    body = client.get(reverse(name, kwargs={"lang": "uk"})).content
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', body)
    total = len(body)
    for asset in assets:
        total += sum(len(chunk) for chunk in client.get(asset.decode()).streaming_content)
    assert assets, "the stylesheet is counted"
    assert total < 200 * 1024
    assert b"<script" not in body
    assert not re.search(rb'(?:href|src)="https?://', body.split(b"<main")[0])


# --- Information pages and translations ----------------------------------------------------------------------


def test_the_visitor_sees_the_german_text_with_a_notice_where_the_translation_is_missing(client):
    InfoPageFactory(slug="gesundheit", title="Gesundheit", body="<p>Krankenversicherung</p>")
    body = client.get(reverse("portal:info_page", kwargs={"lang": "uk", "slug": "gesundheit"})).content.decode()
    assert "Krankenversicherung" in body
    assert '<article lang="de" dir="ltr">' in body
    assert "not yet translated" in body or "ще не перекладено" in body or 'class="p-notice"' in body


def test_a_current_translation_is_shown_and_an_arabic_one_right_to_left(client):
    page = InfoPageFactory(slug="ankommen", title="Ankommen", body="<p>Willkommen</p>")
    _translate(page, language="ar", title="الوصول", body="<p>مرحبا بكم في <bdi>Melle</bdi></p>")
    body = client.get(reverse("portal:info_page", kwargs={"lang": "ar", "slug": "ankommen"})).content.decode()
    assert '<article lang="ar" dir="rtl">' in body
    assert "مرحبا بكم" in body
    assert "<bdi>Melle</bdi>" in body
    assert 'class="p-notice"' not in body


def test_a_translation_is_outdated_when_the_source_text_changes_not_when_it_is_saved_again(world):
    page = InfoPageFactory(slug="arbeit", title="Arbeit", body="<p>Jobcenter</p>")
    _translate(page)
    assert _status(world, page, "uk") == TranslationStatus.CURRENT
    # Saving the same German text again (the timestamp moves) changes nothing.
    services.info_page_update(
        actor="test", page=page, title="Arbeit", body="<p>Jobcenter</p>", parent=None, position=0, published=True
    )
    assert _status(world, page, "uk") == TranslationStatus.CURRENT
    services.info_page_update(
        actor="test",
        page=page,
        title="Arbeit",
        body="<p>Agentur für Arbeit</p>",
        parent=None,
        position=0,
        published=True,
    )
    assert _status(world, page, "uk") == TranslationStatus.OUTDATED
    # Touching the translation (a re-save, a machine run) keeps it outdated: it is still made from the old text.
    old_hash = InfoPageText.objects.get(page=page, language="uk").source_hash
    _translate(page, source_hash=old_hash, title="Робота")
    assert _status(world, page, "uk") == TranslationStatus.OUTDATED
    # Changing the German text back makes the old translation current again: the hash is the same.
    services.info_page_update(
        actor="test", page=page, title="Arbeit", body="<p>Jobcenter</p>", parent=None, position=0, published=True
    )
    assert _status(world, page, "uk") == TranslationStatus.CURRENT


def test_a_machine_translation_in_review_is_not_shown_to_visitors(client, world):
    page = InfoPageFactory(slug="kita", title="Schule und Kita", body="<p>Anmeldung</p>")
    _translate(page, language="ru", title="Школа", body="<p>Машинный перевод</p>", in_review=True)
    assert _status(world, page, "ru") == TranslationStatus.IN_REVIEW
    body = client.get(reverse("portal:info_page", kwargs={"lang": "ru", "slug": "kita"})).content.decode()
    assert "Машинный перевод" not in body
    assert "Anmeldung" in body
    assert 'class="p-notice"' in body


def test_a_translation_saved_after_the_source_changed_meanwhile_is_outdated_at_once(client, world):
    """The translator's form carries the hash of the German text they translated from."""
    page = InfoPageFactory(slug="aufenthalt", title="Aufenthalt", body="<p>Ausländerbehörde</p>")
    client.force_login(world.user("integration_office"))
    url = reverse("portal:staff_translation_edit", kwargs={"page_id": page.pk, "lang": "uk"})
    form_hash = re.search(r'name="source_hash" value="([0-9a-f]{64})"', client.get(url).content.decode()).group(1)
    services.info_page_update(
        actor="test", page=page, title="Aufenthalt", body="<p>Neu</p>", parent=None, position=0, published=True
    )
    client.post(url, {"title": "Перебування", "body": "<p>Текст</p>", "source_hash": form_hash})
    assert _status(world, page, "uk") == TranslationStatus.OUTDATED
    assert AuditEntry.objects.filter(object_id=str(page.pk), changed_fields__icontains="text:uk").exists()


def test_rich_text_is_sanitised_and_the_hash_is_of_the_sanitised_text():
    page = InfoPageFactory(body='<p onclick="x()">Hallo<script>alert(1)</script></p><a href="javascript:x">y</a>')
    text = InfoPageText.objects.get(page=page, language="de")
    assert "script" not in text.body
    assert "onclick" not in text.body
    assert "javascript" not in text.body
    # A script added to the source is removed before hashing: it does not make translations outdated.
    assert content_hash(title="T", body="<p>Hallo</p><script>x()</script>") == content_hash(
        title="T", body="<p>Hallo</p>"
    )
    assert text.content_hash == content_hash(title=text.title, body=text.body)


def test_staff_see_per_language_what_needs_work(client, world):
    first = InfoPageFactory(slug="a", title="A")
    InfoPageFactory(slug="b", title="B", parent=first)
    _translate(first, language="en", title="A")
    client.force_login(world.user("district_admin"))
    body = client.get(reverse("portal:staff_overview")).content.decode()
    assert body.count('data-status="missing"') == 2 * 4 - 1
    assert body.count('data-status="current"') == 1
    _rows, totals = translation_overview(world.user("district_admin"))
    assert totals["en"] == {"missing": 1, "in_review": 0, "outdated": 0, "current": 1}


def test_staff_create_and_edit_pages_through_the_forms_and_each_change_is_audited(client, world):
    client.force_login(world.user("integration_office"))
    client.post(
        reverse("portal:staff_page_create"),
        {"slug": "beratung", "position": 0, "published": "on", "title": "Beratung", "body": "<p>Text</p>"},
    )
    text = InfoPageText.objects.get(page__slug="beratung", language="de")
    assert text.title == "Beratung"
    assert AuditEntry.objects.filter(object_id=str(text.page_id), action="create").exists()


def _status(world, page, language):
    rows, _ = translation_overview(world.user("district_admin"))
    return dict(next(row.statuses for row in rows if row.page.pk == page.pk))[language]


# --- The offer finder ----------------------------------------------------------------------------------------


def test_the_finder_filters_by_municipality_kind_level_day_time_and_childcare(client, world):
    match = OfferFactory(
        title="Treff mit Kinderbetreuung",
        provider=world.provider,
        municipality=world.municipality,
        childcare=True,
        weekdays=[2],
    )
    OfferFactory(title="Treff ohne Betreuung", provider=world.provider, municipality=world.municipality)
    OfferFactory(title="Treff anderswo", provider=world.provider, municipality=world.other_municipality, childcare=True)
    OfferFactory(
        title="Kurs am Morgen",
        kind=OfferKind.INTEGRATION_COURSE,
        provider=world.provider,
        municipality=world.municipality,
    )
    query = (
        f"municipality={world.municipality.pk}&kind=deutschtreff&level=A1&weekday=2&time_of_day=evening&childcare=on"
    )
    body = client.get(reverse("portal:finder", kwargs={"lang": "de"}) + "?" + query).content.decode()
    assert match.title in body
    for other in ["Treff ohne Betreuung", "Treff anderswo", "Kurs am Morgen"]:
        assert other not in body


def test_the_finder_says_places_free_or_waiting_list_and_hides_ended_offers(client, world):
    OfferFactory(title="Offen", provider=world.provider, municipality=world.municipality, capacity=2)
    full = OfferFactory(title="Voll", provider=world.provider, municipality=world.municipality, capacity=1)
    EnrolmentFactory(offer=full)
    OfferFactory(title="Vorbei", provider=world.provider, municipality=world.municipality, status=OfferStatus.ENDED)
    body = client.get(reverse("portal:finder", kwargs={"lang": "en"})).content.decode()
    assert re.search(r"Offen</bdi>.*?places free", body, re.S)
    assert re.search(r"Voll</bdi>.*?waiting list", body, re.S)
    assert "Vorbei" not in body
    only_free = client.get(reverse("portal:finder", kwargs={"lang": "en"}) + "?places_free=on").content.decode()
    assert "Offen" in only_free
    assert "Voll" not in only_free
    assert "Kovalenko" not in body  # no learner is named


def test_the_finder_lists_counselling_from_the_directory(client, world):
    body = client.get(reverse("portal:finder", kwargs={"lang": "de"})).content.decode()
    assert "Beratung Test" in body
    assert "VHS Test" not in body.split("Counselling")[-1].split("</ul>")[0]


def test_an_offer_page_shows_address_next_sessions_and_a_pause_with_since_and_why(client, world):
    offer = OfferFactory(
        title="Treff Gesmold", venue_address="Dorfstraße 1", provider=world.provider, municipality=world.municipality
    )
    OfferSessionFactory(offer=offer)
    offer_pause(actor=world.user("integration_office"), offer=offer, reason="Die Leiterin ist im Urlaub.")
    body = client.get(reverse("portal:offer_detail", kwargs={"lang": "de", "offer_id": offer.pk})).content.decode()
    assert "Dorfstraße 1" in body
    assert "Die Leiterin ist im Urlaub." in body
    assert re.search(r"<bdi>\d\d\.\d\d\.\d{4} 17:00–18:30</bdi>", body)
    ended = OfferFactory(provider=world.provider, municipality=world.municipality, status=OfferStatus.ENDED)
    assert client.get(reverse("portal:offer_detail", kwargs={"lang": "de", "offer_id": ended.pk})).status_code == 404


# --- The appointment request and its spam rules ---------------------------------------------------------------


def _request_data(**overrides):
    return {
        "topic": "residence",
        "preferred_days": ["0", "3"],
        "language": "uk",
        "interpreter_needed": "on",
        "name": "Olena Kovalenko",
        "contact_method": "phone",
        "phone": "0541 123456",
        "consent": "on",
        "website": "",
        "shown": abuse.time_token(time.time() - 30),
    } | overrides


def _post(client, lang="uk", **overrides):
    return client.post(reverse("portal:appointment_request", kwargs={"lang": lang}), _request_data(**overrides))


def test_a_request_lands_in_the_casework_calendar_and_the_visitor_gets_only_a_reference(client, world):
    response = _post(client, municipality=str(world.municipality.pk))
    body = response.content.decode()
    request = AppointmentRequest.objects.get()
    assert response.status_code == 200
    assert request.reference in body
    assert "Olena" not in body
    assert "123456" not in body
    assert '<html lang="uk" dir="ltr">' in body
    assert (request.language, request.interpreter_needed, request.preferred_days) == ("uk", True, [0, 3])
    assert AuditEntry.objects.filter(object_id=str(request.pk), action="create").exists()
    staff = client.__class__()
    staff.force_login(world.user("caseworker"))
    calendar = staff.get(reverse("casework:appointment_day")).content.decode()
    assert request.reference in calendar
    assert "Olena Kovalenko" in calendar
    assert "0541 123456" in calendar
    assert AuditEntry.objects.filter(object_id=str(request.pk), action="read").exists()


def test_closing_a_request_deletes_the_contact_details(client, world):
    _post(client)
    request = AppointmentRequest.objects.get()
    staff = client.__class__()
    staff.force_login(world.user("caseworker"))
    staff.post(reverse("casework:appointment_request_close", kwargs={"request_id": request.pk}), {"outcome": "booked"})
    request.refresh_from_db()
    assert request.status == AppointmentRequestStatus.BOOKED
    assert (request.name, request.phone, request.email) == ("", "", "")
    staff.get(reverse("casework:appointment_day"))  # the message of the closing is shown once
    assert f"<bdi>{request.reference}</bdi>" not in staff.get(reverse("casework:appointment_day")).content.decode()


def test_a_municipal_manager_sees_only_requests_of_their_municipality(client, world):
    _post(client, municipality=str(world.other_municipality.pk))
    staff = client.__class__()
    staff.force_login(world.user("municipal_manager"))
    assert (
        AppointmentRequest.objects.get().reference
        not in staff.get(reverse("casework:appointment_day")).content.decode()
    )


def test_contact_without_consent_or_without_the_chosen_contact_is_refused(client):
    _post(client, consent="")
    _post(client, contact_method="email", phone="", email="")
    assert not AppointmentRequest.objects.exists()


def test_the_honeypot_refuses(client):
    response = _post(client, website="http://spam.example")
    assert response.status_code == 200
    assert not AppointmentRequest.objects.exists()


def test_a_form_sent_back_too_fast_or_with_a_forged_time_is_refused(client):
    _post(client, shown=abuse.time_token(time.time() - 1))
    _post(client, shown=abuse.time_token(time.time() - 3 * 60 * 60))
    _post(client, shown="12345")
    assert not AppointmentRequest.objects.exists()
    _post(client)
    assert AppointmentRequest.objects.count() == 1


def test_the_rate_limit_counts_per_address_in_the_database(client):
    for _ in range(services.SUBMISSIONS_PER_WINDOW):
        assert _post(client).status_code == 200
    refused = _post(client)
    assert refused.status_code == 429
    assert AppointmentRequest.objects.count() == services.SUBMISSIONS_PER_WINDOW
    counter = SubmissionCounter.objects.get()
    assert counter.count == services.SUBMISSIONS_PER_WINDOW + 1
    assert "127.0.0.1" not in counter.address_key
    other = client.post(
        reverse("portal:appointment_request", kwargs={"lang": "uk"}), _request_data(), REMOTE_ADDR="10.0.0.7"
    )
    assert other.status_code == 200
    assert AppointmentRequest.objects.count() == services.SUBMISSIONS_PER_WINDOW + 1


# --- The import contract ---------------------------------------------------------------------------------------

ALLOWED_INTO_CASEWORK_AND_LANGUAGE = {
    "wegweiser.language.public",
    "wegweiser.casework.services.appointment_requests",
}


def test_the_portal_imports_of_casework_and_language_only_the_public_module_and_the_request_service():
    root = Path(__file__).resolve().parents[1]
    offending = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
                target = node.module
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
                target = names[0]
            else:
                continue
            if target.startswith(("wegweiser.casework", "wegweiser.language")) and not (
                set(names) & ALLOWED_INTO_CASEWORK_AND_LANGUAGE
            ):
                offending.append(f"{path.name}: {target}")
    assert not offending


def test_the_contract_is_stated_for_import_linter():
    pyproject = (Path(__file__).resolve().parents[3] / "pyproject.toml").read_text()
    assert 'source_modules = ["wegweiser.portal"]' in pyproject


def test_the_demo_tree_has_current_outdated_and_missing_translations(client, world):
    from io import StringIO

    from wegweiser.portal.demo import load_demo

    load_demo(out=StringIO())
    load_demo(out=StringIO())  # idempotent
    rows, totals = translation_overview(world.user("district_admin"))
    assert len(rows) == 7
    assert totals["uk"]["current"] == 3
    assert totals["uk"]["outdated"] == 1
    assert totals["uk"]["missing"] == 3
    body = client.get(reverse("portal:info_page", kwargs={"lang": "uk", "slug": "aufenthalt"})).content.decode()
    assert "Termine gibt es nur nach Anmeldung" in body
    assert AppointmentRequest.objects.count() == 1


def test_a_request_nobody_closed_expires_with_its_contact_details(client, world, settings):
    from datetime import timedelta

    from django.utils import timezone

    from wegweiser.casework.services import appointment_requests_expire

    settings.WEGWEISER_APPOINTMENT_REQUEST_DAYS = 30
    _post(client)
    request = AppointmentRequest.objects.get()
    received = request.created_at
    assert appointment_requests_expire(now=received + timedelta(days=29)) == 0
    request.refresh_from_db()
    assert request.status == AppointmentRequestStatus.OPEN

    assert appointment_requests_expire(now=received + timedelta(days=31)) == 1
    request.refresh_from_db()
    assert request.status == AppointmentRequestStatus.EXPIRED
    assert (request.name, request.phone, request.email) == ("", "", "")
    entry = AuditEntry.objects.filter(object_id=str(request.pk), actor_label="housekeeping").get()
    assert set(entry.changed_fields) >= {"name", "phone", "status"}
    assert appointment_requests_expire(now=timezone.now() + timedelta(days=400)) == 0  # once only
    staff = client.__class__()
    staff.force_login(world.user("caseworker"))
    assert f"<bdi>{request.reference}</bdi>" not in staff.get(reverse("casework:appointment_day")).content.decode()


def test_the_finder_shows_its_offers_on_an_offline_map_linking_to_each_municipality(client, world):
    from wegweiser.lagebild.charts.places import map_keys

    on_map = sorted(map_keys())[0]
    world.municipality.ags = on_map
    world.municipality.save()
    OfferFactory(title="Treff eins", provider=world.provider, municipality=world.municipality)
    OfferFactory(title="Treff zwei", provider=world.provider, municipality=world.municipality)
    body = client.get(reverse("portal:finder", kwargs={"lang": "en"}) + "?level=&kind=").content.decode()
    svg = body[body.index('<figure class="p-map">') : body.index("</figure>")]
    for part in ['role="group"', "<title", "<desc"]:
        assert part in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched from elsewhere
    link = re.search(r'<a href="([^"]+)" aria-label="([^"]+)">', svg)
    assert link is not None
    assert f"municipality={world.municipality.pk}" in link.group(1).replace("&amp;", "&")
    # The world's partner organisation sits in the same municipality.
    assert link.group(2) == f"{world.municipality.name}: 2 offers, 1 organisation"
    assert ">3</text>" in svg
    narrowed = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "Treff eins" in narrowed


def test_the_finder_has_no_map_when_nothing_is_found(client, world):
    body = client.get(reverse("portal:finder", kwargs={"lang": "de"})).content.decode()
    assert "p-map" not in body


def test_an_offer_says_how_to_get_there_with_its_place_on_the_map(client, world):
    from decimal import Decimal

    world.municipality.ags = "03459024"  # Melle in the VG250 boundaries
    world.municipality.save()
    offer = OfferFactory(
        title="Deutschtreff Melle-Mitte",
        provider=world.provider,
        municipality=world.municipality,
        venue_address="Markt 1, 49324 Melle",
        latitude=Decimal("52.203100"),
        longitude=Decimal("8.336100"),
    )
    body = client.get(reverse("portal:offer_detail", kwargs={"lang": "en", "offer_id": offer.pk})).content.decode()
    assert "How to get there" in body
    assert 'href="geo:52.20310,8.33610?q=Markt%201%2C%2049324%20Melle"' in body
    svg = body[body.index('<figure class="p-map">') : body.index("</figure>")]
    assert "<title>Deutschtreff Melle-Mitte: Markt 1, 49324 Melle</title>" in svg
    assert svg.count('r="17"') == 1  # one marker (the patterns in <defs> have circles of their own)


def test_an_offer_in_a_municipality_off_the_map_still_says_where_it_is(client, world):
    offer = OfferFactory(provider=world.provider, municipality=world.municipality, venue_address="Markt 1")
    body = client.get(reverse("portal:offer_detail", kwargs={"lang": "de", "offer_id": offer.pk})).content.decode()
    assert "p-map" not in body
    assert 'href="geo:0,0?q=Markt%201"' in body
