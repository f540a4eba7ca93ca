"""Enrolment: a seat or a waiting place, withdrawal and the promotion from the waiting list."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.language.models import (
    OPEN_STATUSES,
    Enrolment,
    EnrolmentStatus,
    Learner,
    Offer,
    OfferStatus,
    SeatKind,
    WaitingReason,
)
from wegweiser.language.services._common import PURPOSE_ENROLMENT, LanguageError


def _audit_enrolment(actor: Any, enrolment: Enrolment, action: str, changed: list[str] = ()) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=enrolment,
        purpose=PURPOSE_ENROLMENT,
        changed_fields=changed,
        municipality_id=enrolment.learner.home_municipality_id,
    )


@transaction.atomic
def enrolment_create(
    *,
    actor: Any,
    learner: Learner,
    offer: Offer | None,
    reason: str = "",
    seat: bool = True,
    require_seat: bool = False,
    at: datetime | None = None,
) -> Enrolment:
    """Enrol a learner in an offer, or put them on its waiting list when every seat is taken or it is paused.

    The offer's row is locked first, so two enrolments at the same moment cannot both take the last seat
    (PostgreSQL: SELECT ... FOR UPDATE; SQLite: the IMMEDIATE transaction holds the database's write lock).
    `seat=False` only queues (a request); `require_seat` refuses instead of queueing. `at` is when the request
    was made, where it was made before it reaches Wegweiser (imports, demo data).

    A learner holds at most one seat in a course and one in a Deutschtreff: a seat of the same kind elsewhere
    refuses the seat here (waiting for it stays possible). The learner's row is locked after the offer's, so two
    enrolments of the same person at the same moment cannot both pass that check.
    """
    now = at or timezone.now()
    if offer is not None:
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    if offer is None:
        if learner.enrolments.filter(offer__isnull=True, status=EnrolmentStatus.WAITING).exists():
            raise LanguageError(_("This person is already on the general waiting list."))
        enrolment = Enrolment.objects.create(
            learner=learner,
            offer=None,
            status=EnrolmentStatus.WAITING,
            requested_at=now,
            waiting_reason=reason or WaitingReason.NO_OFFER_CHOSEN,
            created_by=_user(actor),
        )
        _audit_enrolment(actor, enrolment, AuditAction.CREATE)
        return enrolment
    if offer.status == OfferStatus.ENDED:
        raise LanguageError(_("This offer has ended."))
    current = Enrolment.objects.filter(
        learner=learner, offer=offer, status__in=[EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED]
    ).first()
    if current is not None:
        if current.status == EnrolmentStatus.ENROLLED:
            raise LanguageError(_("This person is already enrolled in this offer."))
        if not require_seat:
            raise LanguageError(_("This person is already on this offer's waiting list."))
    enrolled = Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.ENROLLED).count()
    has_seat = offer.status in OPEN_STATUSES and enrolled < offer.capacity
    if has_seat and current is None and seat:
        # Someone already waiting for this offer comes first.
        has_seat = not Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.WAITING).exists()
    if require_seat and not has_seat:
        raise LanguageError(_("%(offer)s has no free seat any more.") % {"offer": offer.title})
    if has_seat and (seat or current is not None):
        _check_no_seat_of_the_kind(learner, offer)
    if current is not None:
        enrolment = current
        enrolment.status, enrolment.enrolled_at = EnrolmentStatus.ENROLLED, now
        enrolment.save(update_fields=["status", "enrolled_at"])
        _audit_enrolment(actor, enrolment, AuditAction.UPDATE, ["status", "enrolled_at"])
        return enrolment
    if has_seat and seat:
        enrolment = Enrolment.objects.create(
            learner=learner,
            offer=offer,
            seat_kind=offer.seat_kind,
            status=EnrolmentStatus.ENROLLED,
            requested_at=now,
            enrolled_at=now,
            created_by=_user(actor),
        )
    else:
        if not reason:
            reason = WaitingReason.PAUSED if offer.status == OfferStatus.PAUSED else WaitingReason.FULL
        enrolment = Enrolment.objects.create(
            learner=learner,
            offer=offer,
            seat_kind=offer.seat_kind,
            status=EnrolmentStatus.WAITING,
            requested_at=now,
            waiting_reason=reason,
            created_by=_user(actor),
        )
    _audit_enrolment(actor, enrolment, AuditAction.CREATE)
    return enrolment


def _seat_of_the_kind(learner: Learner, offer: Offer) -> Enrolment | None:
    """The learner's seat of the offer's kind in another offer, if they hold one."""
    return (
        Enrolment.objects.filter(learner=learner, status=EnrolmentStatus.ENROLLED, seat_kind=offer.seat_kind)
        .exclude(offer=offer)
        .select_related("offer")
        .first()
    )


def _check_no_seat_of_the_kind(learner: Learner, offer: Offer) -> None:
    held = _seat_of_the_kind(learner, offer)
    if held is None:
        return
    if offer.seat_kind == SeatKind.DEUTSCHTREFF:
        message = _(
            "This person already has a seat in another Deutschtreff (%(offer)s); a learner joins one Deutschtreff "
            "at a time. Withdraw that seat first."
        )
    else:
        message = _(
            "This person already has a seat in another course (%(offer)s); a learner takes one course at a time. "
            "Withdraw that seat first."
        )
    raise LanguageError(message % {"offer": held.offer.title})


@transaction.atomic
def enrolment_withdraw(*, actor: Any, enrolment: Enrolment, reason: str) -> Enrolment:
    """Take a learner off an offer or a waiting list. A freed seat goes to the first person waiting."""
    if enrolment.offer_id is not None:
        offer = Offer.objects.select_for_update().get(pk=enrolment.offer_id)
    enrolment = Enrolment.objects.select_related("learner").get(pk=enrolment.pk)
    if enrolment.status not in (EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED):
        raise LanguageError(_("This enrolment has ended already."))
    if not reason.strip():
        raise LanguageError(_("Say why the person withdraws."))
    had_seat = enrolment.status == EnrolmentStatus.ENROLLED
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.withdrawn_at = timezone.now()
    enrolment.withdrawal_reason = reason.strip()[:300]
    enrolment.save(update_fields=["status", "withdrawn_at", "withdrawal_reason"])
    _audit_enrolment(actor, enrolment, AuditAction.UPDATE, ["status", "withdrawn_at", "withdrawal_reason"])
    if had_seat and offer.status in OPEN_STATUSES:
        _promote_waiting(offer, actor=actor)
    return enrolment


def _promote_waiting(offer: Offer, *, actor: Any) -> int:
    """Give the free seats of a locked, open offer to the first people on its waiting list, in order.

    Someone holding a seat of the same kind elsewhere (a course while another course runs) is passed over and
    keeps their place on the list; `position_when_enrolled` is where the promoted person stood, those passed over
    included.
    """
    free = offer.capacity - Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.ENROLLED).count()
    if free <= 0:
        return 0
    waiting = Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.WAITING)
    # The offer is locked already; its waiting learners next, in one order (enrolment_create locks an offer, then
    # the learner), so that none of them takes a seat of this kind elsewhere while the seats are given out.
    list(
        Learner.objects.select_for_update()
        .filter(pk__in=waiting.values("learner_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    seated = set(
        Enrolment.objects.filter(
            learner_id__in=waiting.values("learner_id"), status=EnrolmentStatus.ENROLLED, seat_kind=offer.seat_kind
        ).values_list("learner_id", flat=True)
    )
    now = timezone.now()
    promoted = 0
    for position, enrolment in enumerate(waiting.select_related("learner").order_by("requested_at", "id"), start=1):
        if promoted == free:
            break
        if enrolment.learner_id in seated:
            continue
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.enrolled_at = now
        enrolment.position_when_enrolled = position
        enrolment.save(update_fields=["status", "enrolled_at", "position_when_enrolled"])
        _audit_enrolment(actor, enrolment, AuditAction.UPDATE, ["status", "enrolled_at", "position_when_enrolled"])
        promoted += 1
    return promoted


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# Attendance
