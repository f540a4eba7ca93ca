"""What the Migrationszentrum's pages share: scoped look-ups that record the read, and the edit-conflict helper."""

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import formats

from wegweiser.audit.services import audit_read
from wegweiser.casework import selectors
from wegweiser.casework.models import Person
from wegweiser.casework.services import (
    PURPOSE_CASE_WORK,
    EditConflict,
)
from wegweiser.core.codes import CefrLevel, country_name, display_phone, language_name
from wegweiser.core.partial_dates import PartialDate


def _person(request, person_id):
    return get_object_or_404(selectors.persons_for_user(request.user), pk=person_id)


def _case(request, case_id):
    return get_object_or_404(selectors.cases_for_user(request.user), pk=case_id)


def _opened(request, obj, purpose: str = PURPOSE_CASE_WORK):
    """`obj` (a person or a case) for a page that shows its data: opening the page is a read, audited once on
    GET (a form sent back with errors was read when it was opened)."""
    if request.method == "GET":
        person = obj if isinstance(obj, Person) else obj.person
        audit_read(actor=request.user, obj=obj, purpose=purpose, municipality_id=person.municipality_id)
    return obj


def _person_context(person) -> dict:
    return {
        "nationality_names": [country_name(code) for code in person.nationalities],
        "language_rows": [(language_name(e["code"]), CefrLevel(e["level"]).label) for e in person.languages],
        "preferred_language_name": language_name(person.preferred_language) if person.preferred_language else "",
        "phone_display": display_phone(person.phone),
    }


def _conflict(form, error: EditConflict) -> list[dict]:
    """Someone saved in between: the form keeps what this user typed, says so, carries the saved version (so
    sending it again overwrites knowingly) and returns the rows that differ, for the page to show side by side."""
    form.add_error(None, str(error))
    data = form.data.copy()
    data["version"] = error.current.version
    form.data = data
    return _conflict_rows(error)


def _conflict_rows(conflict: EditConflict):
    rows = []
    for row in conflict.differences():
        saved, yours = row["saved"], row["yours"]
        rows.append({"label": row["label"], "saved": _show(saved), "yours": _show(yours)})
    return rows


def _show(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(_show(v) if not isinstance(v, dict) else f"{v.get('code')} {v.get('level')}" for v in value)
    if isinstance(value, (date, PartialDate)):
        return formats.date_format(value, "SHORT_DATE_FORMAT") if isinstance(value, date) else value.display()
    return str(value)
