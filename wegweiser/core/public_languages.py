"""The languages the public side speaks (the portal, its feedback forms, a volunteer's answer page, the mails
that lead there): configuration, not code, and written once here for every app that faces the public.

`WEGWEISER_PORTAL_LANGUAGES` (codes, in the order of the switcher) names them; each must also be one of
Django's `LANGUAGES`, with its catalogue. A district adds Dari/Farsi or Turkish by adding the code to both
settings and the translations; nothing here changes.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language_info

SOURCE_LANGUAGE = "de"  # staff write the information pages in German; every other language is a translation


@dataclass(frozen=True)
class PortalLanguage:
    code: str
    name: str  # in the language itself
    rtl: bool


def portal_language_codes() -> list[str]:
    configured = getattr(settings, "WEGWEISER_PORTAL_LANGUAGES", None)
    known = [code for code, _name in settings.LANGUAGES]
    codes = list(configured) if configured else known
    return [code for code in codes if code in known]


def portal_languages() -> list[PortalLanguage]:
    names = dict(settings.LANGUAGES)
    return [PortalLanguage(code, str(names[code]), _is_rtl(code)) for code in portal_language_codes()]


def translation_languages() -> list[PortalLanguage]:
    """The languages information pages are translated into (all but the German source)."""
    return [language for language in portal_languages() if language.code != SOURCE_LANGUAGE]


def _is_rtl(code: str) -> bool:
    try:
        return bool(get_language_info(code)["bidi"])
    except KeyError:
        return code in settings.LANGUAGES_BIDI


def is_rtl(code: str) -> bool:
    return _is_rtl(code)
