"""A person's potential (qualifications, work experience) and the district's shortage-occupation list."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.casework.models import (
    Person,
    Qualification,
    ShortageOccupation,
    WorkExperience,
)
from wegweiser.casework.services._common import PURPOSE_CASE_WORK, PURPOSE_SHORTAGE_LIST, CaseworkError, _audit
from wegweiser.core.codes import is_country

# --- Potential profile -----------------------------------------------------------------------------------


@transaction.atomic
def qualification_add(*, actor: Any, person: Person, **fields: Any) -> Qualification:
    if fields.get("country") and not is_country(fields["country"]):
        raise CaseworkError(_("Unknown country code."))
    qualification = Qualification.objects.create(person=person, **fields)
    _audit(actor, AuditAction.CREATE, qualification, PURPOSE_CASE_WORK)
    return qualification


@transaction.atomic
def qualification_remove(*, actor: Any, qualification: Qualification) -> None:
    _audit(actor, AuditAction.DELETE, qualification, PURPOSE_CASE_WORK)
    qualification.delete()


@transaction.atomic
def work_experience_add(*, actor: Any, person: Person, **fields: Any) -> WorkExperience:
    if fields.get("country") and not is_country(fields["country"]):
        raise CaseworkError(_("Unknown country code."))
    experience = WorkExperience.objects.create(person=person, **fields)
    _audit(actor, AuditAction.CREATE, experience, PURPOSE_CASE_WORK)
    return experience


@transaction.atomic
def work_experience_remove(*, actor: Any, experience: WorkExperience) -> None:
    _audit(actor, AuditAction.DELETE, experience, PURPOSE_CASE_WORK)
    experience.delete()


@transaction.atomic
def shortage_occupation_save(
    *, actor: Any, occupation: ShortageOccupation | None = None, **fields: Any
) -> ShortageOccupation:
    """Add or change an entry of the district's shortage-occupation list (no personal data)."""
    occupation = occupation or ShortageOccupation()
    created = occupation.pk is None
    changed = [name for name, value in fields.items() if getattr(occupation, name, None) != value]
    for name, value in fields.items():
        setattr(occupation, name, value)
    occupation.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=occupation,
        purpose=PURPOSE_SHORTAGE_LIST,
        changed_fields=() if created else changed,
    )
    return occupation
