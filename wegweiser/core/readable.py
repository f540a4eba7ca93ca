"""A record as a person reads it: each field under its label (the model's verbose_name) with its value in
words, in the active language. The data-subject export (GDPR Art. 15) is made of these; any app can describe
its rows the same way without knowing how the document is typeset.

Codes are resolved (choices by their label, countries and languages by name), dates and times are shown in
local time (TIME_ZONE) in the active language's format.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf.locale import LANG_INFO
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from wegweiser.core.codes import country_name, language_name
from wegweiser.core.partial_dates import PartialDate

# Fields that hold ISO codes rather than text (by name, the same in every app).
COUNTRY_FIELDS = frozenset({"country", "nationalities"})
LANGUAGE_FIELDS = frozenset({"languages", "preferred_language", "interpreter_language", "language"})


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass
class Section:
    """A heading with facts about one thing, or with several records (each a list of facts)."""

    title: str
    facts: list[Fact] = field(default_factory=list)
    records: list[list[Fact]] = field(default_factory=list)
    text: str = ""
    many: bool = False  # a section of records (an empty one says "none")


def words_for(value: Any, *, kind: str = "") -> str:
    """A plain value in words: dates and times local, yes/no, lists joined, codes resolved by `kind`."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(words_for(item, kind=kind) for item in value)
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, PartialDate):
        if value.day is not None:
            return formats.date_format(date(value.year, value.month, value.day), "DATE_FORMAT")
        if value.month is not None:
            return formats.date_format(date(value.year, value.month, 1), "YEAR_MONTH_FORMAT")
        return str(value.year)
    if isinstance(value, Decimal):
        return formats.number_format(value.normalize() if value == value.to_integral() else value)
    if kind == "country":
        return country_name(str(value))
    if kind == "language":
        return _language_in_words(str(value))
    return str(value)


def _language_in_words(code: str) -> str:
    """The language's name in the active language: the ISO catalogue's, or Django's own where the ISO
    catalogue has none for this language (its Arabic lacks "Ukrainian")."""
    name = language_name(code)
    with translation.override("en"):
        english = language_name(code)
    if name == english and translation.get_language() != "en" and code in LANG_INFO:
        # Django's catalogues hold these names; a variable keeps the message extractor from taking "name".
        django_name = LANG_INFO[code]["name"]
        return str(translation.gettext(django_name))
    return name


def field_label(model: type[models.Model] | models.Model, name: str) -> str:
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def field_words(instance: models.Model, name: str) -> str:
    model_field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if getattr(model_field, "choices", None) and value not in (None, ""):
        if isinstance(value, list):
            labels = dict(model_field.flatchoices)
            return ", ".join(str(labels.get(item, item)) for item in value)
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(value, models.Model):
        return str(getattr(value, "name", None) or getattr(value, "title", None) or value)
    kind = "country" if name in COUNTRY_FIELDS else "language" if name in LANGUAGE_FIELDS else ""
    return words_for(value, kind=kind)


def facts_of(instance: models.Model, names: list[Any] | tuple[Any, ...]) -> list[Fact]:
    """The named fields of a row, each under its translated label with its value in words. A name may come
    as `(name, label)` for a field whose verbose_name is not meant for the person (`created_at`)."""
    facts = []
    for entry in names:
        name, label = entry if isinstance(entry, tuple) else (entry, None)
        facts.append(Fact(str(label) if label else field_label(instance, name), field_words(instance, name)))
    return facts
