from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from wegweiser.core.navigation import nav_items_for


def _district_name() -> str:
    from wegweiser.territory.models import District

    return District.objects.values_list("name", flat=True).first() or _("District not loaded yet")


def _nav_items(request):
    from wegweiser.accounts.middleware import SECOND_FACTOR_SESSION_KEY

    user = getattr(request, "user", None)
    # Until the second factor is confirmed no other page opens, so none is offered.
    awaiting_second_factor = (
        user is not None
        and user.is_authenticated
        and request.session.get(SECOND_FACTOR_SESSION_KEY)
        and not user.is_verified()
    )
    if awaiting_second_factor:
        return []
    return nav_items_for(user, request.path)


def navigation(request):
    return {
        "nav_items": SimpleLazyObject(lambda: _nav_items(request)),
        "district_name": SimpleLazyObject(_district_name),
    }
