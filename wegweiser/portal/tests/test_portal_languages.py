"""The portal keeps the visitor's language, even for a signed-in member of staff whose staff pages fall back to
German (core/page_language.py)."""

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse

from wegweiser.accounts.roles import Role
from wegweiser.core.page_language import is_public_page


def test_every_public_portal_view_is_marked_public():
    portal = get_resolver().url_patterns
    views = {
        pattern.name: pattern.callback
        for include in portal
        if getattr(include, "namespace", None) == "portal"
        for pattern in include.url_patterns
    }
    assert views, "the portal's URLs were found"
    public = {name for name, view in views.items() if not name.startswith("staff_")}
    assert {name for name in public if not is_public_page(views[name])} == set()


@pytest.mark.django_db
def test_a_signed_in_caseworker_reads_the_portal_in_arabic(client, client_as):
    client_as(Role.CASEWORKER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    staff = client.get(reverse("casework:home")).content.decode()
    portal = client.get(reverse("portal:privacy", kwargs={"lang": "ar"})).content.decode()

    assert '<html lang="de" dir="ltr">' in staff
    assert '<html lang="ar" dir="rtl">' in portal
    assert "language-fallback" not in portal
