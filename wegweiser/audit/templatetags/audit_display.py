"""The audit log in the reader's language: entries store stable English purposes, model labels and field
names (so the log reads the same whatever language wrote it); the page translates them when it shows them."""

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext

register = template.Library()


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


@register.filter
def audit_purpose(purpose: str) -> str:
    # Services declare their purposes with gettext_noop, so the catalogues hold them.
    return gettext(purpose) if purpose else ""


@register.filter
def audit_record_type(label: str) -> str:
    model = _model(label)
    return str(model._meta.verbose_name) if model is not None else label


@register.filter
def audit_fields(entry) -> str:
    model = _model(entry.object_type)
    names = []
    for name in entry.changed_fields:
        try:
            names.append(str(model._meta.get_field(name).verbose_name) if model is not None else name)
        except FieldDoesNotExist:
            names.append(name)
    return ", ".join(names)
