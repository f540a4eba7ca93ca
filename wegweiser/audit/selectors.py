from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.audit.models import AuditEntry
from wegweiser.core.lifecycle import records_about_person


def audit_entries_for_user(
    user: Any,
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    person: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """The audit log as the data protection officer searches it; nobody else reads it."""
    if not user_can(user, Perm.AUDIT_VIEW):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.all()
    if actor:
        entries = entries.filter(actor_label__icontains=actor)
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if person:
        entries = entries.filter(_about_person(person))
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries.order_by("-at", "-id")


def audit_object_types() -> list[str]:
    return list(AuditEntry.objects.order_by().values_list("object_type", flat=True).distinct())


def _about_person(person_id: int) -> Q:
    """Entries on the person's record and on every row about them (cases, appointments, referrals, enrolments,
    learners, documents ...), found through the person lifecycle registry so a new app's rows are included."""
    query = Q(pk__in=[])
    for label, ids in records_about_person(person_id).items():
        if ids:
            query |= Q(object_type=label, object_id__in=ids)
    return query


def audit_entries_on_person(person_id: int) -> QuerySet[AuditEntry]:
    """Who read or changed a person's data, oldest first, for the person's own export (Art. 15 GDPR); the
    caller has already been allowed to make that export."""
    return AuditEntry.objects.filter(_about_person(person_id)).order_by("at", "id")
