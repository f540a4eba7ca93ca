from datetime import date
from typing import Any

from django.db.models import QuerySet

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.audit.models import AuditEntry


def audit_entries_for_user(
    user: Any,
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
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
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries.order_by("-at", "-id")


def audit_object_types() -> list[str]:
    return list(AuditEntry.objects.order_by().values_list("object_type", flat=True).distinct())
