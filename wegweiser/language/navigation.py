from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.permissions import Perm
from wegweiser.accounts.roles import Role
from wegweiser.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("German offers"),
        "language:offer_list",
        Perm.OFFERS_VIEW,
        order=300,
        description=_("Deutschtreffs and courses: schedules, seats, waiting lists, pauses."),
    ),
    NavItem(
        _("Registers"),
        "language:session_list",
        Perm.ATTENDANCE_TAKE,
        order=305,
        description=_("Take attendance for this week's sessions."),
    ),
    NavItem(
        _("Learners"),
        "language:learner_list",
        Perm.ENROLMENTS_MANAGE,
        order=310,
        description=_("People waiting for a German course, their enrolments and waiting lists."),
    ),
    NavItem(
        _("Absences"),
        "language:absence_list",
        Perm.ENROLMENTS_MANAGE,
        order=315,
        description=_("Learners who missed several sessions in a row."),
    ),
    NavItem(
        _("Placement"),
        "language:placement_list",
        Perm.PLACEMENT_RUN,
        order=320,
        description=_("Propose seats for the people waiting, then accept, change or reject each proposal."),
    ),
    NavItem(
        _("Travel times"),
        "language:travel_matrix",
        Perm.TRAVEL_MATRIX_MANAGE,
        order=720,
        description=_("Upload the travel-time matrix between municipalities."),
    ),
]

# Course providers and volunteers open Wegweiser to take a register.
HOME_FOR_ROLES = {Role.COURSE_PROVIDER: "language:session_list"}
