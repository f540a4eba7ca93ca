from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.permissions import Perm
from wegweiser.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Lagebild"),
        "lagebild:dashboard",
        Perm.AGGREGATES_VIEW,
        order=490,
        description=_("Figures per municipality over time, the map, the forecast and the council's report."),
    ),
    NavItem(
        # Not "Statistik": the next entry says it, and a menu of two look-alike words makes people guess.
        _("Loaded tables"),
        "lagebild:tables",
        Perm.STATISTICS_IMPORT,
        order=500,
        description=_("Official statistics and the district's own figures loaded for the Lagebild."),
    ),
    NavItem(
        _("Load statistics"),
        "lagebild:upload",
        Perm.STATISTICS_IMPORT,
        order=510,
        description=_("Load a GENESIS table or the district's own figures: preview first, then load."),
    ),
]
