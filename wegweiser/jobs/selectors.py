from typing import Any

from django.db.models import QuerySet

from wegweiser.accounts.roles import Role
from wegweiser.jobs.models import Job


def jobs_for_user(user: Any) -> QuerySet[Job]:
    """Jobs a user may watch: their own; the district administrator sees all."""
    if not user.is_authenticated:
        return Job.objects.none()
    if user.role == Role.DISTRICT_ADMIN:
        return Job.objects.all()
    return Job.objects.filter(created_by=user)
