from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.permissions import Perm
from wegweiser.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Meetings"),
        "meetings:meetings",
        Perm.MEETINGS_VIEW,
        order=650,
        description=_("Meetings of the integration network and the Migrationsbeirat: agenda, minutes, decisions."),
    ),
]
