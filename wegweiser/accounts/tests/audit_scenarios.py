"""Calls of the accounts services that write `accounts.user` (see wegweiser/audit/registry.py)."""

from django_otp.oath import totp

from wegweiser.accounts import services
from wegweiser.accounts.roles import Role


def _account_lifecycle(world) -> None:
    admin = world.user(Role.DISTRICT_ADMIN)
    user, _password = services.user_create(
        actor=admin, username="neu", role=Role.MUNICIPAL_MANAGER, municipalities=[world.municipality]
    )
    services.user_update(
        actor=admin,
        user=user,
        first_name="Nele",
        email="nele@example.org",
        municipalities=[world.municipality, world.other_municipality],
    )
    services.user_update(actor=admin, user=user, is_active=False)
    services.user_set_password(actor=admin, user=user, password="a-long-new-passphrase-42")
    services.user_set_preferred_language(user=user, language="en")
    device = services.totp_device_start(user=user)
    services.totp_device_confirm(user=user, device=device, token=f"{totp(device.bin_key):06d}")
    services.user_reset_second_factor(actor=admin, user=user)


SCENARIOS = {"accounts.user": _account_lifecycle}
