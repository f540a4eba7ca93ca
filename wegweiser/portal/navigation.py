from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.permissions import Perm
from wegweiser.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Portal pages"),
        "portal:staff_overview",
        Perm.PORTAL_EDIT,
        order=900,
        description=_("Information pages of the public portal and what each language still needs."),
    ),
]
