from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.permissions import Perm
from wegweiser.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Audit log"),
        "audit:list",
        Perm.AUDIT_VIEW,
        order=800,
        description=_("Who read or changed which personal record, when and why."),
    ),
]
