"""Appointments: booking without clashes, status and the reminder by e-mail."""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from wegweiser.accounts.models import User
from wegweiser.audit.models import AuditAction
from wegweiser.casework.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    Case,
    Consent,
    ConsentPurpose,
    Person,
)
from wegweiser.casework.services._common import (
    PURPOSE_APPOINTMENTS,
    AppointmentClash,
    CaseworkError,
    ConsentMissing,
    _actor,
    _audit,
)
from wegweiser.core.codes import is_language
from wegweiser.territory.remit import assignee_require

logger = logging.getLogger(__name__)

# --- Appointments ----------------------------------------------------------------------------------------


def _clash_message(clash: Appointment, *, same_caseworker: bool) -> str:
    start = timezone.localtime(clash.starts_at)
    end = timezone.localtime(clash.ends_at)
    values = {
        "date": formats.date_format(start, "SHORT_DATE_FORMAT"),
        "start": formats.time_format(start, "TIME_FORMAT"),
        "end": formats.time_format(end, "TIME_FORMAT"),
        "location": clash.location.name,
        "caseworker": clash.caseworker.get_full_name() or clash.caseworker.get_username(),
    }
    if same_caseworker:
        return (
            _(
                "%(caseworker)s already has an appointment on %(date)s from %(start)s to %(end)s (%(location)s). "
                "Choose another time or another caseworker."
            )
            % values
        )
    return (
        _(
            "This person already has an appointment on %(date)s from %(start)s to %(end)s (%(location)s). "
            "Choose another time."
        )
        % values
    )


# Appointments lie in the Migrationszentrum's working years: a date typed as 01.01.0001 became a timestamp
# before year 1 on PostgreSQL that no page could show again.
APPOINTMENT_FIRST_YEAR = 2000
APPOINTMENT_YEARS_AHEAD = 10


def _appointment_in_range(moment: datetime) -> None:
    last_year = timezone.localdate().year + APPOINTMENT_YEARS_AHEAD
    if not APPOINTMENT_FIRST_YEAR <= moment.year <= last_year:
        raise CaseworkError(
            _("An appointment must lie between the years %(first)s and %(last)s.")
            % {"first": APPOINTMENT_FIRST_YEAR, "last": last_year}
        )


@transaction.atomic
def appointment_book(
    *,
    actor: Any,
    person: Person,
    caseworker: User,
    location: Any,
    starts_at: datetime,
    ends_at: datetime | None = None,
    kind: str = AppointmentKind.BOOKED,
    topic: str = "",
    interpreter_language: str = "",
    case: Case | None = None,
) -> Appointment:
    """Book (or register a walk-in); refused with AppointmentClash if caseworker or person is busy then."""
    _appointment_in_range(starts_at)
    ends_at = ends_at or starts_at + timedelta(minutes=30)
    _appointment_in_range(ends_at)
    if kind not in AppointmentKind.values:
        raise CaseworkError(_("Unknown kind of appointment."))
    if ends_at <= starts_at:
        raise CaseworkError(_("The appointment must end after it starts."))
    if interpreter_language and not is_language(interpreter_language):
        raise CaseworkError(_("Unknown language."))
    if case is not None and case.person_id != person.pk:
        raise CaseworkError(_("The case belongs to another person."))
    assignee_require(caseworker, person.municipality_id)
    # Locking the caseworker's row makes two simultaneous bookings for them wait for each other.
    User.objects.select_for_update().filter(pk=caseworker.pk).first()
    overlapping = (
        Appointment.objects.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(status=AppointmentStatus.CANCELLED)
        .select_related("location", "caseworker")
    )
    clash = overlapping.filter(caseworker=caseworker).first()
    if clash is not None:
        raise AppointmentClash(_clash_message(clash, same_caseworker=True))
    clash = overlapping.filter(person=person).first()
    if clash is not None:
        raise AppointmentClash(_clash_message(clash, same_caseworker=False))
    appointment = Appointment.objects.create(
        person=person,
        case=case,
        caseworker=caseworker,
        location=location,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        topic=topic,
        interpreter_language=interpreter_language,
        created_by=_actor(actor),
    )
    _audit(actor, AuditAction.CREATE, appointment, PURPOSE_APPOINTMENTS)
    return appointment


@transaction.atomic
def appointment_set_status(*, actor: Any, appointment: Appointment, status: str) -> Appointment:
    if status not in AppointmentStatus.values:
        raise CaseworkError(_("Unknown status."))
    appointment.status = status
    appointment.save(update_fields=["status"])
    _audit(actor, AuditAction.UPDATE, appointment, PURPOSE_APPOINTMENTS, changed_fields=["status"])
    return appointment


@dataclass
class Reminder:
    """What became of a reminder: `sent` stays None until the transaction that asked for it commits."""

    language: str
    sent: bool | None = None


def _mail_language(person: Person) -> str:
    """The person's preferred language where the texts are translated into it, otherwise German."""
    preferred = person.preferred_language or ""
    return preferred if preferred in settings.WEGWEISER_COMPLETE_LANGUAGES else "de"


@transaction.atomic
def appointment_remind(*, actor: Any, appointment: Appointment) -> Reminder:
    """Remind the person of the appointment by email: only with their active consent to contact by email.

    The mail is written in the person's language and goes out once the transaction has committed, so a mail
    server that refuses it undoes nothing; the refusal is logged, recorded and reported in the result.
    """
    person = appointment.person
    consents = Consent.objects.filter(person=person, purpose=ConsentPurpose.CONTACT_EMAIL, withdrawn_at__isnull=True)
    if not consents.exists():
        raise ConsentMissing(_("The person has not agreed to be contacted by email."))
    if not person.email:
        raise CaseworkError(_("There is no email address for this person."))
    reminder = Reminder(language=_mail_language(person))
    with translation.override(reminder.language):
        start = timezone.localtime(appointment.starts_at)
        values = {
            "date": formats.date_format(start, "SHORT_DATE_FORMAT"),
            "time": formats.time_format(start, "TIME_FORMAT"),
            "location": f"{appointment.location.name}, {appointment.location.address}".strip(", "),
        }
        subject = _("Your appointment at the Migrationszentrum on %(date)s") % values
        body = _("We are expecting you on %(date)s at %(time)s: %(location)s.") % values
    _audit(actor, AuditAction.SHARE, appointment, PURPOSE_APPOINTMENTS, summary="reminder by email")

    def send() -> None:
        try:
            send_mail(subject=subject, message=body, from_email=None, recipient_list=[person.email])
        except (smtplib.SMTPException, OSError):
            logger.warning("appointment reminder not sent", exc_info=True, extra={"appointment": appointment.pk})
            reminder.sent = False
            with transaction.atomic():
                _audit(
                    actor,
                    AuditAction.SHARE,
                    appointment,
                    PURPOSE_APPOINTMENTS,
                    summary="reminder by email not sent: the mail server refused it",
                )
        else:
            reminder.sent = True

    transaction.on_commit(send)
    return reminder
