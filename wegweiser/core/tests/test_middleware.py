"""Request hygiene at one place: no-store for signed-in users, a clean 400 for NUL and bytes that are not UTF-8."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from wegweiser.accounts.roles import Role

MESSAGE = "The request contains characters that are not allowed, such as a NUL byte."


# Cache-Control


@pytest.mark.parametrize(
    "url",
    ["/", "/language/offers/", "/api/language/offers", "/audit/export.csv", "/casework/", "/no-such-page/"],
)
def test_every_response_to_a_signed_in_user_says_no_store(client_as, url):
    client = client_as(Role.DISTRICT_ADMIN)

    response = client.get(url)

    assert "no-store" in response.get("Cache-Control", ""), (url, response.status_code)
    assert "private" in response["Cache-Control"]


def test_a_page_for_an_anonymous_visitor_may_be_cached(client, db):
    response = client.get(reverse("core:about"))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_answer_to_a_login_already_says_no_store(client, world):
    user = world.user(Role.CASEWORKER)
    user.set_password("a long enough password 1")
    user.save()

    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "a long enough password 1"}
    )

    assert "no-store" in response.get("Cache-Control", "")


# NUL and bytes that are not UTF-8


BAD_QUERIES = ["q=%00", "q=a%00b", "%00=x", "q=%ff", "q=%ed%a0%80", "q=%c3"]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_a_page_with_a_bad_query_string_answers_400_in_the_users_language(client_as, query):
    client = client_as(Role.DISTRICT_ADMIN)

    response = client.get(f"/language/offers/?{query}")

    assert response.status_code == 400
    page = response.content.decode()
    with translation.override("de"):
        assert f"<h1>{gettext('Bad request')}</h1>" in page
        assert gettext(MESSAGE) in page
    assert 'href="/about/"' in page, "the page keeps the site's frame"

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(f"/language/offers/?{query}").content.decode()
    assert "<h1>Bad request</h1>" in english


@pytest.mark.parametrize("query", ["status=a%00b", "status=%ff", "status=%ed%a0%80"])
def test_the_api_answers_400_json_for_a_bad_query_string(client_as, query):
    client = client_as(Role.DISTRICT_ADMIN)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(f"/api/language/offers?{query}")

    assert response.status_code == 400
    assert response.json() == {"detail": MESSAGE}


@pytest.mark.parametrize(
    "url",
    [
        "/language/offers/?q=M%C3%BCller",
        "/language/offers/?q=%D0%9E%D0%BB%D1%8C%D0%B3%D0%B0+%2B%3D",
        "/api/language/offers",
    ],
)
def test_good_text_in_any_script_passes(client_as, url):
    assert client_as(Role.DISTRICT_ADMIN).get(url).status_code == 200


def test_a_form_with_nul_answers_400_before_any_view_sees_it(client, db):
    login = reverse("accounts:login")
    urlencoded = "application/x-www-form-urlencoded"

    answers = [
        client.post(login, {"username": "a\x00b", "password": "x"}),  # multipart
        client.post(login, "username=a%00b&password=x", content_type=urlencoded),
        client.post(login, "username=%ff&password=x", content_type=urlencoded),
    ]

    assert [answer.status_code for answer in answers] == [400, 400, 400]


def test_a_clean_form_still_reaches_its_view(client, db):
    response = client.post(reverse("accounts:login"), {"username": "nobody", "password": "wrong"})

    assert response.status_code == 200
