from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.permissions import Perm
from wegweiser.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Accounts"),
        "accounts:user_list",
        Perm.ACCOUNTS_MANAGE,
        order=900,
        description=_("Staff accounts, roles and municipalities."),
    ),
    NavItem(_("My account"), "accounts:profile", None, order=990, description=_("Second factor and language.")),
]
