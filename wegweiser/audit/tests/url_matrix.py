from wegweiser.accounts.roles import Role
from wegweiser.testing.matrix import UrlCase, roles

DPO = roles(Role.DATA_PROTECTION_OFFICER)

CASES = [
    UrlCase("audit:list", DPO),
    UrlCase("audit:export", DPO),
]
