"""Standard codes for persons: countries (ISO 3166-1), languages (ISO 639), CEFR levels, phone numbers.

Names of countries and languages come from pycountry's own translations, in the language of the request.
"""

import gettext
from collections.abc import Iterable
from functools import cache

import phonenumbers
import pycountry
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Languages without a two-letter code that newcomers in the district speak often, named by us: pycountry's
# catalogues leave most of them in English ("Levantine Arabic" on a German page).
EXTRA_LANGUAGE_NAMES = {
    "prs": _("Dari"),
    "kmr": _("Kurmanji (Northern Kurdish)"),
    "ckb": _("Sorani (Central Kurdish)"),
    "apc": _("Levantine Arabic"),
    "acm": _("Iraqi Arabic"),
    "aeb": _("Tunisian Arabic"),
}
EXTRA_LANGUAGES = tuple(EXTRA_LANGUAGE_NAMES)


class CefrLevel(models.TextChoices):
    NATIVE = "native", _("First language")
    C2 = "C2", "C2"
    C1 = "C1", "C1"
    B2 = "B2", "B2"
    B1 = "B1", "B1"
    A2 = "A2", "A2"
    A1 = "A1", "A1"
    NONE = "none", _("No knowledge yet")


# Ordering of levels for comparisons (higher is better).
CEFR_RANK = {"none": 0, "A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "native": 7}


@cache
def _catalogue(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _translate(domain: str, text: str) -> str:
    return _catalogue(domain, (translation.get_language() or "en")[:2]).gettext(text)


def is_country(code: str) -> bool:
    return bool(code) and pycountry.countries.get(alpha_2=code.upper()) is not None


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    if country is None:
        return code
    return _translate("iso3166-1", getattr(country, "common_name", None) or country.name)


def country_choices() -> list[tuple[str, str]]:
    """Every country, by name in the current language (worked out once per language)."""
    return list(_country_choices(translation.get_language() or "en"))


@cache
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    with translation.override(language):
        return tuple(
            sorted(((c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries), key=lambda pair: pair[1])
        )


def _language(code: str):
    code = (code or "").lower()
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code)
    return pycountry.languages.get(alpha_3=code)


def is_language(code: str) -> bool:
    return _language(code) is not None


def language_name(code: str) -> str:
    if (code or "").lower() in EXTRA_LANGUAGE_NAMES:
        return str(EXTRA_LANGUAGE_NAMES[code.lower()])
    language = _language(code)
    if language is None:
        return code
    return _translate("iso639-3", language.name)


@cache
def _language_codes() -> tuple[str, ...]:
    codes = [lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    return tuple(codes + list(EXTRA_LANGUAGES))


def language_choices(*, first: Iterable[str] = ()) -> list:
    """Every language, by name in the current language (worked out once per language).

    With `first` (the codes a district actually needs, most needed first), those come as a group of their own
    above all the others: nobody should scroll through 190 names to find Arabic."""
    everything = list(_language_choices(translation.get_language() or "en"))
    names = dict(everything)
    needed = [(code, names[code]) for code in dict.fromkeys(first) if code in names]
    if not needed:
        return everything
    return [(_("Needed most here"), needed), (_("All languages"), everything)]


@cache
def _language_choices(language: str) -> tuple[tuple[str, str], ...]:
    with translation.override(language):
        return tuple(sorted(((code, language_name(code)) for code in _language_codes()), key=lambda pair: pair[1]))


class PhoneError(ValueError):
    pass


def normalise_phone(text: str, region: str = "DE") -> str:
    """The number in E.164 form (+4915112345678); empty text stays empty; a number that cannot be raises."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        raise PhoneError(str(error)) from error
    if not phonenumbers.is_possible_number(number):
        raise PhoneError("not a possible number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "DE")
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 49:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
