from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.jobs.models import HeldUpload, Job


def jobs_for_user(user: Any) -> QuerySet[Job]:
    """Jobs a user may watch: their own; the district administrator sees all."""
    if not user.is_authenticated:
        return Job.objects.none()
    if user.role == Role.DISTRICT_ADMIN:
        return Job.objects.all()
    return Job.objects.filter(created_by=user)


def held_uploads_for_user(user: Any, *, purpose: str) -> QuerySet[HeldUpload]:
    """A user's own files waiting for their confirmation (nobody sees another's), not yet expired."""
    from wegweiser.jobs.services import HELD_UPLOAD_KEPT_FOR

    if not getattr(user, "is_authenticated", False):
        return HeldUpload.objects.none()
    cutoff = timezone.now() - HELD_UPLOAD_KEPT_FOR
    return HeldUpload.objects.filter(created_by=user, purpose=purpose, created_at__gte=cutoff)
