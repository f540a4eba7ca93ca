from wegweiser.accounts.roles import Role
from wegweiser.testing.matrix import STAFF, UrlCase, roles

CASES = [
    UrlCase("territory:list", STAFF),
    UrlCase("territory:upload", roles(Role.DISTRICT_ADMIN)),
    UrlCase("api:territory_municipalities", STAFF),
]
