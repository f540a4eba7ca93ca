from django.db.models import Q, QuerySet

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.network.models import Organisation


def organisations_for_user(user, *, perm: Perm = Perm.ORGANISATIONS_VIEW) -> QuerySet[Organisation]:
    """The organisations `user` may reach with `perm` (all of them, or none without the permission): views look
    an organisation up in this, never by bare id."""
    if not user_can(user, perm):
        return Organisation.objects.none()
    return Organisation.objects.all()


def organisations_search(*, query: str = "", kind: str = "") -> QuerySet[Organisation]:
    """The directory of organisations; no personal data, so every role that may see it sees all of it."""
    organisations = Organisation.objects.select_related("municipality")
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(municipality__name__icontains=query))
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("name")
