from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.permissions import Perm
from wegweiser.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Integration concept"),
        "konzept:versions",
        Perm.CONCEPT_VIEW,
        order=600,
        description=_("Fields of action, goals, measures and indicators of the district's integration concept."),
    ),
    NavItem(
        _("Our measures"),
        "konzept:measures",
        Perm.CONCEPT_MEASURES_REPORT,
        order=610,
        description=_("The concept's measures your municipality is responsible for: report their status."),
    ),
]
