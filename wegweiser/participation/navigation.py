from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.permissions import Perm
from wegweiser.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Surveys"),
        "participation:surveys",
        Perm.PARTICIPATION_MANAGE,
        order=850,
        description=_("Surveys and feedback forms in the portal languages, their codes and results."),
    ),
]
