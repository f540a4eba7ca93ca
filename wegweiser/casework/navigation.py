from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.permissions import Perm
from wegweiser.accounts.roles import Role
from wegweiser.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("My work"),
        "casework:home",
        Perm.CASES_WORK,
        order=200,
        description=_("Your open cases, tasks due and today's appointments."),
    ),
    NavItem(
        _("Persons"),
        "casework:person_list",
        Perm.PERSONS_VIEW,
        order=210,
        description=_("Find a person by any spelling of the name, the date of birth or the phone number."),
    ),
    NavItem(
        _("Appointments"),
        "casework:appointment_day",
        Perm.APPOINTMENTS_MANAGE,
        order=220,
        description=_("The day's appointments at the front desk, with interpreter needs."),
    ),
    NavItem(
        _("Referrals"),
        "casework:referral_list",
        Perm.REFERRALS_RECEIVE,
        order=230,
        description=_("Persons the Migrationszentrum has referred to your organisation."),
    ),
    NavItem(
        _("Referrals"),
        "casework:referral_list",
        Perm.PERSONS_VIEW,
        order=230,
        description=_("Referrals to partner organisations and their answers."),
    ),
    NavItem(
        _("Shortage occupations"),
        "casework:shortage_list",
        Perm.SHORTAGE_OCCUPATIONS_MANAGE,
        order=640,
        description=_("The district's list of regional shortage occupations."),
    ),
    NavItem(
        _("Data subject requests"),
        "casework:data_subject_list",
        Perm.DATA_SUBJECT_DELETE,
        order=710,
        description=_("Export or delete everything held on a person."),
    ),
    NavItem(
        _("Retention review"),
        "casework:retention_review",
        Perm.RETENTION_REVIEW,
        order=720,
        description=_("Closed cases past the retention period."),
    ),
]

HOME_FOR_ROLES = {Role.CASEWORKER: "casework:home"}
