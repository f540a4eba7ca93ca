from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from wegweiser.core.navigation import nav_items_for


def _district_name() -> str:
    from wegweiser.territory.models import District

    return District.objects.values_list("name", flat=True).first() or _("District not loaded yet")


def navigation(request):
    return {
        "nav_items": SimpleLazyObject(lambda: nav_items_for(getattr(request, "user", None), request.path)),
        "district_name": SimpleLazyObject(_district_name),
    }
