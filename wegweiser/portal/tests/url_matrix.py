"""Every portal page as every role and as an anonymous visitor: public pages for everyone, the staff pages for
those who write the information pages (district administrator, integration office)."""

from wegweiser.accounts.roles import Role
from wegweiser.language.tests.factories import OfferFactory
from wegweiser.portal.tests.factories import InfoPageFactory
from wegweiser.testing.matrix import EVERYONE, UrlCase, roles

EDITORS = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE)


def _page(world) -> dict:
    return {"page_id": world.obj("portal.page", lambda w: InfoPageFactory(slug="ankommen", title="Ankommen")).pk}


def _slug(world) -> dict:
    _page(world)
    return {"lang": "uk", "slug": "ankommen"}


def _offer(world) -> dict:
    offer = world.obj("portal.offer", lambda w: OfferFactory(provider=w.provider, municipality=w.municipality))
    return {"lang": "ar", "offer_id": offer.pk}


CASES = [
    UrlCase("portal:start", EVERYONE),
    UrlCase("portal:language", EVERYONE, kwargs=lambda w: {"lang": "uk"}, query="next=/portal/uk/offers/"),
    UrlCase("portal:home", EVERYONE, kwargs=lambda w: {"lang": "de"}),
    UrlCase("portal:home", EVERYONE, kwargs=lambda w: {"lang": "ar"}, label="ar"),
    UrlCase("portal:info_page", EVERYONE, kwargs=_slug),
    UrlCase("portal:finder", EVERYONE, kwargs=lambda w: {"lang": "uk"}, query="childcare=on&time_of_day=morning"),
    UrlCase("portal:offer_detail", EVERYONE, kwargs=_offer),
    UrlCase("portal:privacy", EVERYONE, kwargs=lambda w: {"lang": "ru"}),
    UrlCase("portal:appointment_request", EVERYONE, kwargs=lambda w: {"lang": "en"}),
    # Without the signed time token the form is refused and shown again (200), for every role alike.
    UrlCase(
        "portal:appointment_request",
        EVERYONE,
        kwargs=lambda w: {"lang": "en"},
        method="POST",
        data=lambda w: {"topic": "residence", "language": "en", "contact_method": "phone", "phone": "1"},
    ),
    UrlCase("portal:staff_overview", EDITORS),
    UrlCase("portal:staff_page_create", EDITORS),
    UrlCase(
        "portal:staff_page_create",
        EDITORS,
        method="POST",
        data=lambda w: {"slug": "neu", "position": 0, "published": "on", "title": "Neu", "body": "<p>Text</p>"},
    ),
    UrlCase("portal:staff_page_edit", EDITORS, kwargs=_page),
    UrlCase(
        "portal:staff_page_edit",
        EDITORS,
        kwargs=_page,
        method="POST",
        data=lambda w: {"position": 1, "published": "on", "title": "Ankommen", "body": "<p>Neu</p>"},
    ),
    UrlCase("portal:staff_translation_edit", EDITORS, kwargs=lambda w: _page(w) | {"lang": "ar"}),
    UrlCase(
        "portal:staff_translation_edit",
        EDITORS,
        kwargs=lambda w: _page(w) | {"lang": "ar"},
        method="POST",
        data=lambda w: {"title": "الوصول", "body": "<p>نص</p>", "source_hash": "x"},
    ),
]
