"""Attendance per session and the flag raised after repeated absence."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.language.models import (
    AbsenceFlag,
    Attendance,
    Enrolment,
    EnrolmentStatus,
    OfferSession,
)
from wegweiser.language.services._common import ABSENCES_IN_A_ROW, PURPOSE_ATTENDANCE, LanguageError
from wegweiser.language.services.enrolment import _user


@transaction.atomic
def attendance_set(*, actor: Any, session: OfferSession, enrolment: Enrolment, present: bool) -> Attendance:
    """Record whether a participant came; three absences in a row flag them to their caseworker.

    The enrolment's row is locked first: a double tap (two requests for the same register line at once) writes
    one after the other, the last one wins, and each write has its audit entry.
    """
    enrolment = Enrolment.objects.select_for_update().select_related("learner").get(pk=enrolment.pk)
    if enrolment.offer_id != session.offer_id or enrolment.status != EnrolmentStatus.ENROLLED:
        raise LanguageError(_("This person is not enrolled in this offer."))
    if session.cancelled:
        raise LanguageError(_("This session was cancelled."))
    if session.date > timezone.localdate():
        raise LanguageError(_("The register of a session opens on its day."))
    attendance = Attendance.objects.filter(session=session, enrolment=enrolment).first()
    if attendance is None:
        attendance = Attendance.objects.create(
            session=session, enrolment=enrolment, present=present, recorded_by=_user(actor)
        )
        action, changed = AuditAction.CREATE, []
    else:
        attendance.present, attendance.recorded_by = present, _user(actor)
        attendance.save(update_fields=["present", "recorded_by", "recorded_at"])
        action, changed = AuditAction.UPDATE, ["present"]
    audit_record(actor=actor, action=action, obj=attendance, purpose=PURPOSE_ATTENDANCE, changed_fields=changed)
    if not present:
        _flag_repeated_absence(actor=actor, enrolment=enrolment)
    return attendance


def _flag_repeated_absence(*, actor: Any, enrolment: Enrolment) -> AbsenceFlag | None:
    recent = list(
        Attendance.objects.filter(enrolment=enrolment)
        .order_by("-session__date")
        .values_list("present", "session__date")[:ABSENCES_IN_A_ROW]
    )
    if len(recent) < ABSENCES_IN_A_ROW or any(present for present, _day in recent):
        return None
    if AbsenceFlag.objects.filter(enrolment=enrolment, resolved_at__isnull=True).exists():
        return None
    flag = AbsenceFlag.objects.create(enrolment=enrolment, missed_in_a_row=len(recent), last_missed_on=recent[0][1])
    audit_record(actor=actor, action=AuditAction.CREATE, obj=flag, purpose=PURPOSE_ATTENDANCE)
    return flag


@transaction.atomic
def absence_flag_resolve(*, actor: Any, flag: AbsenceFlag, note: str = "") -> AbsenceFlag:
    if flag.resolved_at is not None:
        raise LanguageError(_("This has been followed up already."))
    flag.resolved_at, flag.resolved_by, flag.note = timezone.now(), _user(actor), note.strip()[:300]
    flag.save(update_fields=["resolved_at", "resolved_by", "note"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=flag,
        purpose=PURPOSE_ATTENDANCE,
        changed_fields=["resolved_at", "resolved_by", "note"],
    )
    return flag


# Travel matrix
