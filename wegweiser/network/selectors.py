from django.db.models import Q, QuerySet

from wegweiser.network.models import Organisation


def organisations_search(*, query: str = "", kind: str = "") -> QuerySet[Organisation]:
    """The directory of organisations; no personal data, so every role that may see it sees all of it."""
    organisations = Organisation.objects.select_related("municipality")
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(municipality__name__icontains=query))
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("name")
