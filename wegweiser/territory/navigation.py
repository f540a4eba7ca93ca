from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.permissions import Perm
from wegweiser.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Municipalities"),
        "territory:list",
        Perm.TERRITORY_VIEW,
        order=700,
        description=_("The district's towns and municipalities with population and area."),
    ),
    NavItem(
        _("Load register"),
        "territory:upload",
        Perm.TERRITORY_MANAGE,
        order=710,
        description=_("Load or update the municipalities from the official register."),
    ),
]
