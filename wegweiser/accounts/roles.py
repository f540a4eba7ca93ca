from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    INTEGRATION_OFFICE = "integration_office", _("Integration office (planning)")
    CASEWORKER = "caseworker", _("Migrationszentrum caseworker")
    MUNICIPAL_MANAGER = "municipal_manager", _("Municipal integration manager")
    COURSE_PROVIDER = "course_provider", _("Course provider / Deutschtreff coordinator")
    PARTNER = "partner", _("Partner organisation")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")


# Roles whose work shows personal data of newcomers; they can be required to use a second factor.
ROLES_SEEING_PERSONAL_DATA = frozenset(
    {
        Role.DISTRICT_ADMIN,
        Role.INTEGRATION_OFFICE,
        Role.CASEWORKER,
        Role.MUNICIPAL_MANAGER,
        Role.COURSE_PROVIDER,
        Role.PARTNER,
        Role.DATA_PROTECTION_OFFICER,
    }
)

# Roles that work across the whole district rather than in named municipalities.
DISTRICT_WIDE_ROLES = frozenset(
    {Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE, Role.CASEWORKER, Role.DATA_PROTECTION_OFFICER}
)
