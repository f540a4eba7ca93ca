"""The extended police certificate rule (erweitertes Führungszeugnis, § 72a SGB VIII), without a database.

A role in which a volunteer meets children (`models.ROLES_WITH_CHILDREN`) needs a certificate; it counts for
`CERTIFICATE_VALID_YEARS` from its issue date (the usual agreement with the youth welfare office), the volunteer
is reminded `CERTIFICATE_REMINDER_DAYS` before, and from the day it runs out the role is blocked."""

import datetime

from django.utils import timezone

CERTIFICATE_VALID_YEARS = 5
CERTIFICATE_REMINDER_DAYS = 42


def certificate_expires_on(role) -> datetime.date | None:
    """The first day the role's certificate no longer counts (None without one)."""
    issued = role.police_certificate_on
    if issued is None:
        return None
    try:
        return issued.replace(year=issued.year + CERTIFICATE_VALID_YEARS)
    except ValueError:  # issued on 29 February
        return issued.replace(year=issued.year + CERTIFICATE_VALID_YEARS, day=28)


def role_is_blocked(role, today: datetime.date | None = None) -> bool:
    """A role with children is blocked without a certificate, and from the day it runs out."""
    if not role.needs_certificate:
        return False
    expires = certificate_expires_on(role)
    return expires is None or (today or timezone.localdate()) >= expires
