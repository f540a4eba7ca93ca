from wegweiser.accounts.roles import Role
from wegweiser.testing.matrix import UrlCase, roles

VIEWERS = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE, Role.CASEWORKER, Role.MUNICIPAL_MANAGER)
ADMIN = roles(Role.DISTRICT_ADMIN)

CASES = [
    UrlCase("network:organisation_list", VIEWERS),
    UrlCase("network:organisation_create", ADMIN),
    UrlCase("network:organisation_edit", ADMIN, kwargs=lambda w: {"organisation_id": w.partner.pk}),
]
