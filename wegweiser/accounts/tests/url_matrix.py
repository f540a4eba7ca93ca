from wegweiser.accounts.roles import Role
from wegweiser.testing.matrix import EVERYONE, STAFF, UrlCase, roles

ADMIN = roles(Role.DISTRICT_ADMIN)


def _account(world):
    return {"user_id": world.user(Role.CASEWORKER).pk}


CASES = [
    UrlCase("accounts:login", EVERYONE),
    UrlCase("accounts:logout", EVERYONE, method="POST", leads_to_login=True),
    UrlCase("accounts:two_factor", STAFF),
    UrlCase("accounts:profile", STAFF),
    UrlCase("accounts:user_list", ADMIN),
    UrlCase("accounts:user_create", ADMIN),
    UrlCase("accounts:user_edit", ADMIN, kwargs=_account),
    UrlCase(
        "accounts:user_set_password",
        ADMIN,
        kwargs=_account,
        method="POST",
        data=lambda w: {"password": "a-long-new-passphrase-42"},
    ),
    UrlCase("accounts:user_reset_second_factor", ADMIN, kwargs=_account, method="POST"),
]
