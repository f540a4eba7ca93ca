"""The shared page cache for anonymous visitors (portal/page_cache.py), through HTTP on the real database."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.portal import services
from wegweiser.portal.models import InfoPageText
from wegweiser.portal.tests.factories import InfoPageFactory
from wegweiser.testing.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept_pages(settings):
    settings.WEGWEISER_PORTAL_SERVER_CACHE_SECONDS = 60
    caches["portal"].clear()
    yield
    caches["portal"].clear()


def _info_url(slug="ankommen", lang="de"):
    return reverse("portal:info_page", kwargs={"lang": lang, "slug": slug})


def test_the_second_visitor_gets_the_kept_page_from_one_query(client, django_assert_num_queries):
    InfoPageFactory(slug="ankommen", title="Ankommen", body="<p>Willkommen im Landkreis.</p>")
    first = client.get(_info_url())
    assert first.status_code == 200
    assert "X-Portal-Cache" not in first
    with django_assert_num_queries(1):  # the cache read, nothing else
        second = client.get(_info_url())
    assert second.status_code == 200
    assert second["X-Portal-Cache"] == "hit"
    assert second.content == first.content
    # Replayed with the headers the whole chain gave the first answer.
    for header in ["Content-Security-Policy", "X-Content-Type-Options", "ETag", "Content-Language"]:
        assert second[header] == first[header]
    assert "public" in second["Cache-Control"]


def test_a_kept_page_answers_304_to_a_browser_that_has_it(client):
    InfoPageFactory(slug="ankommen")
    etag = client.get(_info_url())["ETag"]
    again = client.get(_info_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["X-Portal-Cache"] == "hit"


def test_an_edited_page_is_forgotten_when_the_edit_commits(client, django_capture_on_commit_callbacks):
    page = InfoPageFactory(slug="ankommen", title="Ankommen", body="<p>Alt</p>")
    assert "Alt" in client.get(_info_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.info_page_update(
            actor="test", page=page, title="Ankommen", body="<p>Neu</p>", parent=None, position=0, published=True
        )
    fresh = client.get(_info_url())
    assert "X-Portal-Cache" not in fresh
    assert "Neu" in fresh.content.decode()


def test_a_new_translation_is_shown_at_once(client, django_capture_on_commit_callbacks):
    page = InfoPageFactory(slug="ankommen", title="Ankommen", body="<p>Willkommen</p>")
    assert "Willkommen" in client.get(_info_url(lang="uk")).content.decode()  # German, with a notice
    source = InfoPageText.objects.get(page=page, language="de").content_hash
    with django_capture_on_commit_callbacks(execute=True):
        services.info_page_translate(
            actor="test", page=page, language="uk", title="Прибуття", body="<p>Ласкаво просимо</p>",
            source_hash=source, in_review=False,
        )  # fmt: skip
    assert "Ласкаво просимо" in client.get(_info_url(lang="uk")).content.decode()


def test_each_address_and_filter_is_kept_apart(client):
    build_world()
    level_a1 = client.get(reverse("portal:finder", kwargs={"lang": "de"}) + "?level=A1")
    level_b1 = client.get(reverse("portal:finder", kwargs={"lang": "de"}) + "?level=B1")
    assert "X-Portal-Cache" not in level_b1
    assert client.get(reverse("portal:finder", kwargs={"lang": "de"}) + "?level=A1").content == level_a1.content
    english = client.get(reverse("portal:finder", kwargs={"lang": "en"}) + "?level=A1")
    assert "X-Portal-Cache" not in english
    assert english["Content-Language"] == "en"


def test_a_signed_in_visitor_neither_gets_nor_leaves_a_kept_page(client):
    world = build_world()
    InfoPageFactory(slug="ankommen")
    client.get(_info_url())  # kept for anonymous visitors
    client.force_login(world.user(Role.CASEWORKER))
    signed_in = client.get(_info_url())
    assert "X-Portal-Cache" not in signed_in
    assert "no-store" in signed_in["Cache-Control"]
    client.logout()
    caches["portal"].clear()
    client.force_login(world.user(Role.CASEWORKER))
    client.get(_info_url())
    client.logout()
    assert "X-Portal-Cache" not in client.get(_info_url())  # the signed-in answer was not kept


def test_a_page_with_a_form_is_never_kept(client):
    build_world()
    url = reverse("portal:appointment_request", kwargs={"lang": "de"})
    client.get(url)
    again = client.get(url)
    assert "X-Portal-Cache" not in again
    assert "csrfmiddlewaretoken" in again.content.decode()


def test_turned_off_it_keeps_nothing(client, settings):
    settings.WEGWEISER_PORTAL_SERVER_CACHE_SECONDS = 0
    InfoPageFactory(slug="ankommen")
    client.get(_info_url())
    assert "X-Portal-Cache" not in client.get(_info_url())


def test_an_address_with_unknown_parameters_is_answered_but_not_kept(client):
    build_world()
    url = reverse("portal:finder", kwargs={"lang": "de"})
    for query in ["?utm_source=x", "?level=A1&level=A2", "?nonce=123"]:
        client.get(url + query)
        assert "X-Portal-Cache" not in client.get(url + query)
    client.get(url + "?level=A1&places_free=on")
    assert client.get(url + "?level=A1&places_free=on")["X-Portal-Cache"] == "hit"
