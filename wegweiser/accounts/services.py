import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegweiser.accounts.models import User
from wegweiser.accounts.roles import ROLES_SEEING_PERSONAL_DATA, Role
from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record

ACCOUNTS_PURPOSE = gettext_noop("account administration")


def second_factor_required(user: User) -> bool:
    """Whether this user must confirm a second factor before working: always once they have a device."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return True
    return settings.WEGWEISER_REQUIRE_SECOND_FACTOR and user.role in ROLES_SEEING_PERSONAL_DATA


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    role: Role | str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    municipalities: Any = (),
    organisation: Any = None,
) -> tuple[User, str]:
    """Create a staff account; returns it with its initial password (generated when none is given)."""
    password = password or secrets.token_urlsafe(12)
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisation=organisation,
    )
    user.set_password(password)
    user.save()
    if municipalities:
        user.municipalities.set(municipalities)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=user, purpose=ACCOUNTS_PURPOSE)
    return user, password


@transaction.atomic
def user_update(*, actor: Any, user: User, municipalities: Any = None, **fields: Any) -> User:
    allowed = {"first_name", "last_name", "email", "role", "organisation", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"user_update cannot change {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(user, name) != value]
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    if municipalities is not None:
        before = set(user.municipalities.values_list("id", flat=True))
        user.municipalities.set(municipalities)
        if before != {m.pk for m in municipalities}:
            changed.append("municipalities")
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, purpose=ACCOUNTS_PURPOSE, changed_fields=changed)
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=user, purpose=ACCOUNTS_PURPOSE, changed_fields=["password"]
    )


@transaction.atomic
def user_set_preferred_language(*, user: User, language: str) -> None:
    if user.preferred_language != language:
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        user.preferred_language = language
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=user,
            purpose=ACCOUNTS_PURPOSE,
            changed_fields=["preferred_language"],
        )


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device a user is setting up; one at a time, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        actor=user, action=AuditAction.UPDATE, obj=user, purpose=ACCOUNTS_PURPOSE, changed_fields=["second_factor"]
    )
    return True


@transaction.atomic
def user_reset_second_factor(*, actor: Any, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=user, purpose=ACCOUNTS_PURPOSE, changed_fields=["second_factor"]
    )
