from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.permissions import Perm
from wegweiser.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Organisations"),
        "network:organisation_list",
        Perm.ORGANISATIONS_VIEW,
        order=600,
        description=_("Partner organisations, course providers and counselling services."),
    ),
    NavItem(
        _("Our entry"),
        "network:own_organisation",
        Perm.ORGANISATION_OWN_EDIT,
        order=610,
        description=_("Keep your organisation's entry in the directory current."),
    ),
    NavItem(
        _("Volunteers"),
        "network:volunteer_list",
        Perm.VOLUNTEERS_MANAGE,
        order=620,
        description=_("Volunteers' profiles, roles, certificates and hours."),
    ),
    NavItem(
        _("Needs for volunteers"),
        "network:need_list",
        Perm.VOLUNTEERS_MANAGE,
        order=625,
        description=_(
            "Mentors, interpreters and Deutschtreff hosts asked for; the volunteers asked and their answers."
        ),
    ),
]
