"""What every casework service shares: the purposes it records, the fields it writes, its errors and the
audit call."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegweiser.accounts.models import User
from wegweiser.audit.services import audit_record
from wegweiser.casework.models import (
    NeedArea,
    Person,
    Urgency,
)
from wegweiser.core.uploads import DOCUMENT_TYPES as CORE_DOCUMENT_TYPES

PURPOSE_CASE_WORK = gettext_noop("case work (Migrationszentrum)")
PURPOSE_APPOINTMENTS = gettext_noop("appointments")
PURPOSE_REFERRAL = gettext_noop("referral to a partner organisation")
PURPOSE_CONSENT = gettext_noop("consent management")
PURPOSE_DATA_SUBJECT = gettext_noop("data subject request")
PURPOSE_RETENTION = gettext_noop("retention rules")
PURPOSE_SHORTAGE_LIST = gettext_noop("the district's shortage-occupation list")

PERSON_FIELDS = (
    "given_names",
    "family_names",
    "given_names_original",
    "family_names_original",
    "birth_date",
    "sex",
    "nationalities",
    "languages",
    "preferred_language",
    "phone",
    "email",
    "street",
    "postcode",
    "town",
    "municipality",
    "residence_status",
    "residence_valid_from",
    "residence_valid_until",
    "arrival_date",
    "schooling",
    "driving_licence",
    "skills",
    "wishes",
)
# The part of the record the potential profile edits (the record form holds the rest).
PERSON_PROFILE_FIELDS = ("schooling", "driving_licence", "skills", "wishes")
CASE_FIELDS = ("status", "summary", "caseworker")

# Document types accepted: the one rule in core.uploads (re-exported here for casework's callers).
DOCUMENT_TYPES = CORE_DOCUMENT_TYPES


class CaseworkError(Exception):
    """A refused change, with a message meant for the user."""


class ConsentMissing(CaseworkError):
    pass


class AppointmentClash(CaseworkError):
    pass


class DocumentRejected(CaseworkError):
    pass


class EditConflict(CaseworkError):
    """Someone else saved the record after the editor loaded it; nothing was written.

    `current` is the record as saved now, `submitted` what the editor wanted to save.
    """

    def __init__(self, *, current: Any, submitted: dict[str, Any]):
        super().__init__(
            _(
                "Someone else changed this record while you were editing it. Nothing of yours was saved: compare "
                "both versions below and save again."
            )
        )
        self.current = current
        self.submitted = submitted

    def differences(self) -> list[dict[str, Any]]:
        rows = []
        for name, mine in self.submitted.items():
            theirs = getattr(self.current, name)
            if theirs != mine:
                field = self.current._meta.get_field(name)
                rows.append({"field": name, "label": field.verbose_name, "saved": theirs, "yours": mine})
        return rows


class NeedsConflict(EditConflict):
    """Someone else saved the case (its needs assessment, status or situation) after the editor loaded it.

    `current` is the case as saved now, `submitted` the assessments {area: (urgency, description)}.
    """

    def differences(self) -> list[dict[str, Any]]:
        saved = {need.area: (need.urgency, need.description) for need in self.current.needs.all()}
        rows = []
        for area, mine in self.submitted.items():
            theirs = saved.get(area, (Urgency.NONE, ""))
            if theirs != tuple(mine):
                rows.append(
                    {
                        "field": area,
                        "label": NeedArea(area).label,
                        "saved": _need_text(*theirs),
                        "yours": _need_text(*mine),
                    }
                )
        return rows


def _need_text(urgency: str, description: str) -> str:
    label = str(Urgency(urgency).label)
    return f"{label}: {description}" if description else label


def _actor(actor: Any) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit(actor: Any, action: str, obj: Any, purpose: str, *, person: Person | None = None, **kwargs: Any) -> None:
    if person is None:
        person = obj if isinstance(obj, Person) else getattr(obj, "person", None)
    municipality_id = person.municipality_id if person is not None else None
    audit_record(actor=actor, action=action, obj=obj, purpose=purpose, municipality_id=municipality_id, **kwargs)
