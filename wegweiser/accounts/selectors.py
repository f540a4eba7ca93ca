from typing import Any

from django.db.models import Q, QuerySet

from wegweiser.accounts.models import User
from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.accounts.roles import DISTRICT_WIDE_ROLES
from wegweiser.territory.models import Municipality


def users_for_user(user: Any) -> QuerySet[User]:
    """Staff accounts this user may manage: every account for the district's administration, none otherwise."""
    if not user_can(user, Perm.ACCOUNTS_MANAGE):
        return User.objects.none()
    return User.objects.select_related("organisation").prefetch_related("municipalities")


def users_search(user: Any, *, query: str = "") -> QuerySet[User]:
    users = users_for_user(user)
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    return users.order_by("username")


def staff_covering(users: QuerySet[User], municipality: Municipality | None) -> QuerySet[User]:
    """The accounts among `users` whose remit covers the municipality: the form's side of
    `territory.remit.assignee_require`, so a choice list offers no one the service would refuse."""
    district_wide = Q(role__in=DISTRICT_WIDE_ROLES)
    if municipality is None:
        return users.filter(district_wide)
    # Named on the account, or the account names the Samtgemeinde it belongs to (as `User.municipality_ids`).
    covering = Q(municipalities=municipality.pk)
    if municipality.samtgemeinde_id is not None:
        covering |= Q(municipalities=municipality.samtgemeinde_id)
    return users.filter(pk__in=User.objects.filter(district_wide | covering).values("pk"))
