"""Deutschtreffs and courses: creating and changing an offer, its capacity, seat kind and sessions."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record, changed_field_names
from wegweiser.language.models import (
    OPEN_STATUSES,
    Enrolment,
    EnrolmentStatus,
    Learner,
    Offer,
    OfferSession,
    SeatKind,
)
from wegweiser.language.schedule import session_dates
from wegweiser.language.services._common import OFFER_FIELDS, PURPOSE_OFFERS, SCHEDULE_FIELDS, LanguageError
from wegweiser.language.services.enrolment import _audit_enrolment, _promote_waiting
from wegweiser.territory.remit import remit_require


@transaction.atomic
def offer_create(*, actor: Any, **fields: Any) -> Offer:
    offer = Offer(**{name: fields[name] for name in OFFER_FIELDS if name in fields})
    _require_offer_remit(actor, offer)
    if offer.latitude is None and offer.municipality is not None:
        offer.latitude, offer.longitude = (
            _coordinate(offer.municipality.latitude),
            _coordinate(offer.municipality.longitude),
        )
    offer.full_clean()
    offer.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=offer, purpose=PURPOSE_OFFERS)
    _sync_sessions(offer, since=offer.starts_on)
    return offer


def _require_offer_remit(actor: Any, offer: Offer) -> None:
    # A course provider's remit is its organisation, wherever its offers meet (see offers_for_user).
    if getattr(actor, "role", None) == Role.COURSE_PROVIDER:
        return
    remit_require(actor, offer.municipality_id)


@transaction.atomic
def offer_update(*, actor: Any, offer: Offer, **fields: Any) -> Offer:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    data = {name: fields[name] for name in OFFER_FIELDS if name in fields}
    changed = changed_field_names(offer, data)
    capacity_before, seat_kind_before = offer.capacity, offer.seat_kind
    for name, value in data.items():
        setattr(offer, name, value)
    if "municipality" in changed:
        _require_offer_remit(actor, offer)
    offer.full_clean()
    # Counted under the offer's lock: enrolments into it wait for this change.
    offer_capacity_check(offer=offer, capacity=offer.capacity)
    offer.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=offer, purpose=PURPOSE_OFFERS, changed_fields=changed)
    if offer.seat_kind != seat_kind_before:
        _change_seat_kind(offer, actor=actor)
    if set(changed) & set(SCHEDULE_FIELDS):
        _sync_sessions(offer, since=max(offer.starts_on, timezone.localdate()))
    if offer.capacity > capacity_before and offer.status in OPEN_STATUSES:
        _promote_waiting(offer, actor=actor)
    return offer


def offer_capacity_check(*, offer: Offer, capacity: int) -> None:
    """Refuse fewer seats than people enrolled in the offer (nobody loses a seat by an edit)."""
    enrolled = Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.ENROLLED).count() if offer.pk else 0
    if capacity < enrolled:
        raise LanguageError(
            _(
                "The offer cannot have fewer seats (%(capacity)s) than people enrolled (%(enrolled)s). "
                "Withdraw people first or keep at least %(enrolled)s seats."
            )
            % {"capacity": capacity, "enrolled": enrolled}
        )


def _change_seat_kind(offer: Offer, *, actor: Any) -> None:
    """A Deutschtreff became a course or the other way round: its enrolments now count as seats of the new kind,
    unless someone enrolled here holds such a seat elsewhere already."""
    enrolled = Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.ENROLLED).values("learner_id")
    # Offer first, then learners (as enrolment_create), so that none of them takes a seat of the new kind meanwhile.
    list(Learner.objects.select_for_update().filter(pk__in=enrolled).order_by("pk").values_list("pk", flat=True))
    clashing = (
        Enrolment.objects.filter(learner_id__in=enrolled, status=EnrolmentStatus.ENROLLED, seat_kind=offer.seat_kind)
        .exclude(offer=offer)
        .count()
    )
    if clashing and offer.seat_kind == SeatKind.DEUTSCHTREFF:
        raise LanguageError(
            ngettext(
                "%(count)s person enrolled here has a seat in another Deutschtreff already, so this offer cannot "
                "become a Deutschtreff.",
                "%(count)s people enrolled here have a seat in another Deutschtreff already, so this offer cannot "
                "become a Deutschtreff.",
                clashing,
            )
            % {"count": clashing}
        )
    if clashing:
        raise LanguageError(
            ngettext(
                "%(count)s person enrolled here has a seat in another course already, so this offer cannot become "
                "a course.",
                "%(count)s people enrolled here have a seat in another course already, so this offer cannot become "
                "a course.",
                clashing,
            )
            % {"count": clashing}
        )
    for enrolment in Enrolment.objects.filter(offer=offer).select_related("learner").order_by("pk"):
        enrolment.seat_kind = offer.seat_kind
        enrolment.save(update_fields=["seat_kind"])
        _audit_enrolment(actor, enrolment, AuditAction.UPDATE, ["seat_kind"])


def _coordinate(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))


def _sync_sessions(offer: Offer, *, since: date) -> None:
    """Make the sessions from `since` on follow the offer's schedule; sessions with a register are kept."""
    wanted = {item.date: item for item in session_dates(max(since, offer.starts_on), offer.ends_on, offer.weekdays)}
    future = OfferSession.objects.filter(offer=offer, date__gte=since)
    future.exclude(date__in=wanted).filter(attendances__isnull=True).delete()
    existing = {session.date: session for session in future.filter(date__in=wanted)}
    new = []
    for day, item in wanted.items():
        session = existing.get(day)
        reason = _("Public holiday: %(name)s") % {"name": item.holiday} if item.holiday else ""
        if session is None:
            new.append(
                OfferSession(
                    offer=offer,
                    date=day,
                    start_time=offer.start_time,
                    end_time=offer.end_time,
                    cancelled=bool(item.holiday),
                    cancel_reason=reason,
                )
            )
        else:
            session.start_time, session.end_time = offer.start_time, offer.end_time
            session.cancelled, session.cancel_reason = bool(item.holiday), reason
            session.save(update_fields=["start_time", "end_time", "cancelled", "cancel_reason"])
    OfferSession.objects.bulk_create(new)


@transaction.atomic
def session_cancel(*, actor: Any, session: OfferSession, reason: str) -> OfferSession:
    if not reason.strip():
        raise LanguageError(_("Say why the session is cancelled."))
    session.cancelled = True
    session.cancel_reason = reason.strip()[:200]
    session.save(update_fields=["cancelled", "cancel_reason"])
    return session
