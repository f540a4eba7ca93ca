from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.permissions import Perm
from wegweiser.accounts.roles import Role
from wegweiser.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("LokIn"),
        "lokin:programmes",
        Perm.LOKIN_VIEW,
        order=600,
        description=_("Funding of local integration management: programme, allocation and applications."),
    ),
]

# The municipal integration manager starts in their municipality's workspace.
HOME_FOR_ROLES = {Role.MUNICIPAL_MANAGER: "lokin:workspace"}
