"""Appointment requests from the public portal: received, shown on the appointments page, closed.

The portal calls `appointment_request_submit` (its one entry point into casework, import contract in
pyproject.toml); caseworkers close a request once they have booked an appointment or given up reaching the
visitor. Closing blanks the contact details, which were given for the call back only; a request nobody closed
expires after `WEGWEISER_APPOINTMENT_REQUEST_DAYS` (the worker's housekeeping), and its contact details go too.
"""

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.casework.models import (
    AppointmentRequest,
    AppointmentRequestStatus,
    AppointmentRequestTopic,
    ContactMethod,
)
from wegweiser.casework.services._common import PURPOSE_APPOINTMENTS, CaseworkError, _actor
from wegweiser.core.codes import is_language
from wegweiser.territory.remit import remit_require

PURPOSE_APPOINTMENT_REQUEST = gettext_noop("appointment request from the public portal")
# No 0/O, 1/I/L: the reference is read out on the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PORTAL_ACTOR = "portal"  # the audit entry's actor label: a visitor has no account
HOUSEKEEPING_ACTOR = "housekeeping"  # the worker's label when a request expires


def _new_reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"T-{code[:4]}-{code[4:]}"


def appointment_request_submit(
    *,
    topic: str,
    preferred_days: Iterable[int],
    language: str,
    interpreter_needed: bool,
    contact_method: str,
    name: str = "",
    phone: str = "",
    email: str = "",
    municipality_id: int | None = None,
    consent: bool,
) -> str:
    """Store a visitor's request and return its reference number (nothing else goes back to the visitor)."""
    if not consent:
        raise CaseworkError(_("Without consent to be contacted the request cannot be sent."))
    if topic not in AppointmentRequestTopic.values:
        raise CaseworkError(_("Please choose a topic."))
    if contact_method not in ContactMethod.values:
        raise CaseworkError(_("Please choose how we may contact you."))
    if contact_method == ContactMethod.PHONE and not phone.strip():
        raise CaseworkError(_("Please give a phone number."))
    if contact_method == ContactMethod.EMAIL and not email.strip():
        raise CaseworkError(_("Please give an e-mail address."))
    if not is_language(language):
        raise CaseworkError(_("Unknown language."))
    days = sorted({int(day) for day in preferred_days if 0 <= int(day) <= 6})
    for _attempt in range(5):
        try:
            with transaction.atomic():
                request = AppointmentRequest.objects.create(
                    reference=_new_reference(),
                    topic=topic,
                    preferred_days=days,
                    language=language,
                    interpreter_needed=interpreter_needed,
                    contact_method=contact_method,
                    name=name.strip(),
                    phone=phone.strip() if contact_method == ContactMethod.PHONE else "",
                    email=email.strip() if contact_method == ContactMethod.EMAIL else "",
                    municipality_id=municipality_id,
                    consent_at=timezone.now(),
                )
                audit_record(
                    actor=PORTAL_ACTOR,
                    action=AuditAction.CREATE,
                    obj=request,
                    purpose=PURPOSE_APPOINTMENT_REQUEST,
                    municipality_id=municipality_id,
                )
                return request.reference
        except IntegrityError:
            continue  # the rare repeated reference: draw another
    raise CaseworkError("No free reference number")  # pragma: no cover - 31^8 numbers


@transaction.atomic
def appointment_request_close(*, actor: Any, request: AppointmentRequest, booked: bool) -> AppointmentRequest:
    """Close an open request, as booked (the appointment was made on the person's page) or without appointment;
    the contact details go with it."""
    request = AppointmentRequest.objects.select_for_update().get(pk=request.pk)
    remit_require(actor, request.municipality_id)
    if request.status != AppointmentRequestStatus.OPEN:
        raise CaseworkError(_("This request has already been closed."))
    request.status = AppointmentRequestStatus.BOOKED if booked else AppointmentRequestStatus.CLOSED
    request.closed_at = timezone.now()
    request.closed_by = _actor(actor)
    request.name = request.phone = request.email = ""
    request.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=request,
        purpose=PURPOSE_APPOINTMENTS,
        changed_fields=["status", "name", "phone", "email"],
        municipality_id=request.municipality_id,
    )
    return request


def appointment_requests_expire(*, now: datetime | None = None) -> int:
    """Housekeeping: open requests older than `WEGWEISER_APPOINTMENT_REQUEST_DAYS` expire and lose their contact
    details (the visitor consented to one call back, not to being kept on file); each expiry is audited. Returns
    how many expired."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.WEGWEISER_APPOINTMENT_REQUEST_DAYS)
    expired = 0
    for pk in AppointmentRequest.objects.filter(
        status=AppointmentRequestStatus.OPEN, created_at__lt=cutoff
    ).values_list("pk", flat=True):
        with transaction.atomic():
            # Locked and checked again: a caseworker may close it in the meantime.
            request = AppointmentRequest.objects.select_for_update().filter(pk=pk).first()
            if request is None or request.status != AppointmentRequestStatus.OPEN:
                continue
            request.status = AppointmentRequestStatus.EXPIRED
            request.closed_at = now
            request.name = request.phone = request.email = ""
            request.save()
            audit_record(
                actor=HOUSEKEEPING_ACTOR,
                action=AuditAction.UPDATE,
                obj=request,
                purpose=PURPOSE_APPOINTMENT_REQUEST,
                changed_fields=["status", "name", "phone", "email"],
                municipality_id=request.municipality_id,
            )
            expired += 1
    return expired
