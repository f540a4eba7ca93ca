"""One validation path: an endpoint binds the page's own form with the payload, so the API refuses what the
page refuses, with the same message (a 6-digit postcode, a name over its length, a bad e-mail address, a date
out of range), on both databases alike."""

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext as _

# PostgreSQL reads UTC offsets up to 15:59 (and answers a larger one with an error); SQLite would store any.
LARGEST_UTC_OFFSET = timedelta(hours=15, minutes=59)


class Refused(Exception):
    """Answered with 422 and `errors` (the shape of `ValidationErrorOut.detail`)."""

    def __init__(self, errors: list[dict]):
        super().__init__(errors)
        self.errors = errors


def field_error(field: str | None, message: str, kind: str = "invalid", where: str = "body") -> dict:
    """Located as django-ninja locates its own: ["body", "payload", field] or ["query", field]."""
    if field is None:
        loc = [where]
    elif where == "body":
        loc = ["body", "payload", field]
    else:
        loc = [where, field]
    return {"loc": loc, "msg": message, "type": kind}


def refuse(message: str, *, field: str | None = None, kind: str = "refused", where: str = "body") -> Refused:
    """A service's refusal (CaseworkError and the like) in the shape of a form's."""
    return Refused([field_error(field, message, kind, where)])


def validated(
    form: forms.BaseForm,
    *,
    field_names: Mapping[str, str] | Callable[[str], str] | None = None,
    decided_elsewhere: frozenset[str] = frozenset(),
) -> forms.BaseForm:
    """The bound `form` once valid; otherwise raise Refused with each message under the API's field name.

    `field_names` maps a form field to the payload's name for it (`municipality` -> `municipality_id`);
    errors on the fields in `decided_elsewhere` are left out, for the endpoint answers them itself with
    another status (an organisation without consent is a 409, not a 422)."""
    if form.is_valid():
        return form
    rename = field_names if callable(field_names) else (field_names or {}).get
    errors = []
    for name, field_errors in form.errors.as_data().items():
        if name in decided_elsewhere:
            continue
        api_name = None if name == NON_FIELD_ERRORS else (rename(name) or name)
        for error in field_errors:
            for message in error.messages:
                errors.append(field_error(api_name, message, error.code or "invalid"))
    if errors:
        raise Refused(errors)
    return form


def aware_moment(moment: datetime, *, field: str) -> datetime:
    """A moment sent to the API, with a time zone (local time if none was sent). Refused: an offset beyond
    +-15:59, and a moment that is no moment in local time (year 1 minus an offset lies before the calendar)."""
    offset = moment.utcoffset()
    if offset is not None and abs(offset) > LARGEST_UTC_OFFSET:
        raise refuse(_("Enter a UTC offset between -15:59 and +15:59."), field=field, kind="invalid")
    try:
        aware = timezone.make_aware(moment) if offset is None else moment
        timezone.localtime(aware)
    except (OverflowError, ValueError) as error:
        raise refuse(_("Enter a valid date/time."), field=field, kind="invalid") from error
    return aware
