from django.db.models import QuerySet

from wegweiser.territory.models import Municipality


def municipalities_overview() -> QuerySet[Municipality]:
    """Public facts of all municipalities (no personal data): every role may read them."""
    return Municipality.objects.select_related("samtgemeinde").order_by("name")
