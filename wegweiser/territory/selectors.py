from typing import Any

from django.db.models import QuerySet

from wegweiser.territory.models import Municipality


def municipalities_overview() -> QuerySet[Municipality]:
    """Public facts of all municipalities (no personal data): every role may read them."""
    return Municipality.objects.select_related("samtgemeinde").order_by("name")


def municipalities_for_user(user: Any) -> QuerySet[Municipality]:
    """The municipalities where people live that a user may choose for a person or learner: district-wide roles
    all of them, everyone else those of their remit."""
    return Municipality.objects.local().in_remit(user)
