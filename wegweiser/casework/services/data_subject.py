"""Data subject rights (export, erasure on request) and the retention rules that erase on time."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.casework.models import (
    Case,
    CaseStatus,
    ExportFile,
    FamilyLink,
    Household,
    Person,
)
from wegweiser.casework.services._common import PURPOSE_DATA_SUBJECT, PURPOSE_RETENTION, _audit
from wegweiser.core import lifecycle

# --- Data subject rights and retention -------------------------------------------------------------------


@transaction.atomic
def person_export_record(*, actor: Any, person: Person, export_format: str) -> None:
    """Record that everything held on a person was handed out (the export itself is a selector)."""
    _audit(actor, AuditAction.EXPORT, person, PURPOSE_DATA_SUBJECT, summary=f"format {export_format}")
    lifecycle.person_export_record_others(
        actor=actor, person=person, export_format=export_format, purpose=PURPOSE_DATA_SUBJECT
    )


# A readable export is offered for download this long after it was made, then deleted.
EXPORT_KEPT_FOR = timedelta(days=1)


@transaction.atomic
def export_files_expire(*, now: datetime | None = None) -> int:
    """Delete the readable exports older than EXPORT_KEPT_FOR (worker housekeeping and download attempts)."""
    cutoff = (now or timezone.now()) - EXPORT_KEPT_FOR
    # Several workers may do this at once: each takes the rows no other holds.
    expired = list(
        ExportFile.objects.filter(created_at__lt=cutoff)
        .select_related("person")
        .defer("content")
        .select_for_update(skip_locked=True, of=("self",))
    )
    for export in expired:
        _audit(None, AuditAction.DELETE, export, PURPOSE_RETENTION, summary="export expired")
    ExportFile.objects.filter(pk__in=[export.pk for export in expired]).delete()
    return len(expired)


@transaction.atomic
def export_file_store(*, actor: Any, person: Person, job: Any, content: bytes) -> ExportFile:
    """Keep a finished readable export for its maker to download, and record the export."""
    export = ExportFile.objects.create(person=person, job=job, content=content)
    _audit(actor, AuditAction.CREATE, export, PURPOSE_DATA_SUBJECT)
    person_export_record(actor=actor, person=person, export_format="pdf")
    return export


@dataclass
class ErasureResult:
    persons: int
    rows: int
    # Persons left alone because a case of theirs was open when the deletion ran.
    kept_open_case: list[int] = field(default_factory=list)


def _erase_one(actor: Any, person: Person, purpose: str) -> int:
    rows: list[Any] = []
    for case in person.cases.all():
        rows += [*case.needs.all(), *case.goals.all(), *case.tasks.all(), *case.notes.all()]
        rows += list(case.documents.defer("content"))
        rows.append(case)
    rows += list(person.appointments.all()) + list(person.referrals.all()) + list(person.consents.all())
    rows += list(person.qualifications.all()) + list(person.work_experience.all())
    rows += list(FamilyLink.objects.filter(Q(person=person) | Q(relative=person)))
    rows += list(person.export_files.defer("content"))
    # The other apps' rows go first, with their own deletions in the audit log, in this same transaction.
    other_rows = lifecycle.person_erase_others(actor=actor, person=person, purpose=purpose)
    for row in rows:
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=row,
            purpose=purpose,
            municipality_id=person.municipality_id,
        )
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=person,
        purpose=purpose,
        municipality_id=person.municipality_id,
        summary=f"erased with {len(rows) + other_rows} related records",
    )
    household_id = person.household_id
    person.delete()
    if household_id and not Person.objects.filter(household_id=household_id).exists():
        Household.objects.filter(pk=household_id).delete()
    return len(rows) + other_rows + 1


@transaction.atomic
def person_erase(*, actor: Any, person: Person, on_request: bool = True) -> ErasureResult:
    """Delete everything held on a person (and records merged into them); only the audit log keeps ids."""
    purpose = PURPOSE_DATA_SUBJECT if on_request else PURPOSE_RETENTION
    persons = rows = 0
    for merged in Person.objects.filter(merged_into=person):
        result = person_erase(actor=actor, person=merged, on_request=on_request)
        persons, rows = persons + result.persons, rows + result.rows
    Person.objects.filter(merged_into=person).update(merged_into=None)
    rows += _erase_one(actor, person, purpose)
    return ErasureResult(persons=persons + 1, rows=rows)


@transaction.atomic
def persons_erase(*, actor: Any, person_ids: list[int], on_request: bool = False) -> ErasureResult:
    """Erase several persons in one transaction (the retention review's bulk deletion).

    A case may have been reopened since the persons were chosen: whoever has an open case when the deletion
    runs is kept and named in the result. (Records merged into a person hold no cases: a merge moves them.)
    """
    from wegweiser.casework.selectors import persons_with_open_cases

    chosen = list(Person.objects.filter(pk__in=person_ids).order_by("pk"))
    keep = persons_with_open_cases([person.pk for person in chosen])
    persons = rows = 0
    for person in chosen:
        if person.pk in keep or not Person.objects.filter(pk=person.pk).exists():
            continue  # kept, or erased already as a record merged into another
        result = person_erase(actor=actor, person=person, on_request=on_request)
        persons, rows = persons + result.persons, rows + result.rows
    return ErasureResult(persons=persons, rows=rows, kept_open_case=sorted(keep))


@transaction.atomic
def cases_flag_for_retention(*, actor: Any, today: date | None = None) -> int:
    """Flag closed cases whose retention period has run out, for the data protection officer's review."""
    from wegweiser.casework.selectors import retention_cutoff

    today = today or timezone.localdate()
    # Several workers may run this at once (housekeeping): each flags the cases no other holds.
    due = (
        Case.objects.filter(
            status=CaseStatus.CLOSED, closed_on__lte=retention_cutoff(today), retention_flagged_on__isnull=True
        )
        .select_related("person")
        .select_for_update(skip_locked=True, of=("self",))
    )
    count = 0
    for case in due:
        case.retention_flagged_on = today
        case.save(update_fields=["retention_flagged_on"])
        _audit(actor, AuditAction.UPDATE, case, PURPOSE_RETENTION, changed_fields=["retention_flagged_on"])
        count += 1
    return count


def cases_flag_for_retention_by_the_worker() -> int:
    """The worker's housekeeping: retention flags are set when a period runs out, not only when the data
    protection officer opens the review."""
    return cases_flag_for_retention(actor=None)
