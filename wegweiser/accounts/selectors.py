from typing import Any

from django.db.models import Q, QuerySet

from wegweiser.accounts.models import User
from wegweiser.accounts.permissions import Perm, user_can


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
