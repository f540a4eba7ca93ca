from django.db.models import Q, QuerySet

from wegweiser.accounts.models import User


def users_search(*, query: str = "") -> QuerySet[User]:
    users = User.objects.select_related("organisation").prefetch_related("municipalities")
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    return users.order_by("username")
