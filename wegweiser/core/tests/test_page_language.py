"""A staff page in a language whose catalogue is incomplete comes wholly in German; public pages keep the
visitor's language (core/page_language.py)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from wegweiser.accounts.roles import Role


def _html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


@pytest.mark.parametrize("language", ["ar", "uk", "ru"])
def test_a_staff_page_in_an_incomplete_language_is_wholly_german_and_says_why(client, client_as, language):
    client_as(Role.CASEWORKER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get(reverse("casework:home")).content.decode()

    assert _html_tag(page) == '<html lang="de" dir="ltr">'
    notice = re.search(r'<p class="notice notice--info language-fallback" lang="(\w+)" dir="(\w+)">([^<]+)</p>', page)
    assert notice.group(1) == language
    assert notice.group(2) == ("rtl" if language == "ar" else "ltr")
    assert "German" not in notice.group(3), "the notice is in the reader's language"
    assert f'<option value="{language}" lang="{language}" selected>' in page, "the choice is kept"
    assert "Meine offenen Fälle" in page


def test_a_staff_page_in_a_complete_language_is_shown_in_it(client, client_as):
    client_as(Role.CASEWORKER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("casework:home")).content.decode()

    assert _html_tag(page) == '<html lang="en" dir="ltr">'
    assert "language-fallback" not in page


def test_public_pages_keep_the_visitors_language_even_when_signed_in(client, client_as):
    client_as(Role.CASEWORKER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    page = client.get(reverse("core:about")).content.decode()

    assert _html_tag(page) == '<html lang="ar" dir="rtl">'
    assert "language-fallback" not in page
