"""Pausing an offer when arrivals fall and re-activating it, with the waiting list placed nearby first."""

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.language import placement
from wegweiser.language.models import (
    OPEN_STATUSES,
    Enrolment,
    EnrolmentStatus,
    Offer,
    OfferPause,
    OfferSession,
    OfferStatus,
    PlacementRun,
)
from wegweiser.language.services._common import (
    NEARBY_MINUTES,
    PURPOSE_OFFERS,
    WAITING_PRIORITY_MINUTES_PER_WEEK,
    LanguageError,
)
from wegweiser.language.services.enrolment import (
    _promote_waiting,
)
from wegweiser.language.services.offers import _sync_sessions
from wegweiser.language.services.placement import (
    placement_run_store,
)
from wegweiser.language.travel import TravelTimes


@transaction.atomic
def offer_pause(*, actor: Any, offer: Offer, reason: str, paused_on: date | None = None) -> OfferPause:
    """Pause an offer (other offers suffice for now). Its sessions from then on are cancelled; the people
    enrolled keep their seats for when it is re-activated."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status not in OPEN_STATUSES:
        raise LanguageError(_("Only a planned or active offer can be paused."))
    if not reason.strip():
        raise LanguageError(_("Say why the offer is paused."))
    paused_on = paused_on or timezone.localdate()
    offer.status = OfferStatus.PAUSED
    offer.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=offer, purpose=PURPOSE_OFFERS, changed_fields=["status"])
    OfferSession.objects.filter(offer=offer, date__gte=paused_on, cancelled=False).update(
        cancelled=True, cancel_reason=_("Offer paused")
    )
    pause = OfferPause.objects.create(offer=offer, paused_on=paused_on, reason=reason.strip()[:300], paused_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=pause, purpose=PURPOSE_OFFERS)
    return pause


@dataclass
class Reactivation:
    offer: Offer
    enrolled_from_waiting_list: int
    run: PlacementRun | None
    proposed: int
    notified: list[str]


@transaction.atomic
def offer_reactivate(
    *,
    actor: Any,
    offer: Offer,
    starts_on: date,
    ends_on: date,
    weekdays: list[int],
    start_time: time,
    end_time: time,
    max_minutes: int = NEARBY_MINUTES,
) -> Reactivation:
    """Re-activate a paused offer in one step: a new schedule, the offer's own waiting list first, the
    remaining seats proposed to the people waiting nearby (a placement run for staff to confirm), and an email
    to the provider's coordinators."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != OfferStatus.PAUSED:
        raise LanguageError(_("Only a paused offer can be re-activated."))
    if ends_on < starts_on:
        raise LanguageError(_("The last day lies before the first day."))
    if end_time <= start_time:
        raise LanguageError(_("The session ends before it starts."))
    if not weekdays:
        raise LanguageError(_("Choose at least one weekday."))
    today = timezone.localdate()
    pause = offer.pauses.filter(resumed_on__isnull=True).first()
    if pause is not None:
        pause.resumed_on, pause.resumed_by = today, actor
        pause.save(update_fields=["resumed_on", "resumed_by"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=pause,
            purpose=PURPOSE_OFFERS,
            changed_fields=["resumed_on", "resumed_by"],
        )
    offer.status = OfferStatus.ACTIVE
    offer.starts_on, offer.ends_on = starts_on, ends_on
    offer.weekdays = sorted(set(weekdays))
    offer.start_time, offer.end_time = start_time, end_time
    offer.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=offer,
        purpose=PURPOSE_OFFERS,
        changed_fields=["status", "starts_on", "ends_on", "weekdays", "start_time", "end_time"],
    )
    _sync_sessions(offer, since=max(starts_on, today))
    promoted = _promote_waiting(offer, actor=actor)
    run = None
    proposed = 0
    free = offer.capacity - Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.ENROLLED).count()
    if free > 0:
        run = _nearby_run(offer, free_seats=free, max_minutes=max_minutes)
        proposed = run.placed if run else 0
    notified = _notify_coordinators(offer, promoted=promoted, proposed=proposed, actor=actor)
    return Reactivation(offer, promoted, run, proposed, notified)


def _nearby_run(offer: Offer, *, free_seats: int, max_minutes: int) -> PlacementRun | None:
    from wegweiser.language.selectors import engine_learners, engine_offer, waiting_learners

    travel = TravelTimes.load()
    learners = [
        learner
        for learner in engine_learners(waiting_learners().filter(level__in=set(offer.levels)))
        if (minutes := travel(learner.home, offer.municipality_id, learner.has_car)) is not None
        and minutes <= max_minutes
    ]
    if not learners:
        return None
    offer.free_seats = free_seats
    result = placement.place(
        learners,
        [engine_offer(offer)],
        travel,
        max_minutes=max_minutes,
        priority_minutes_per_week=WAITING_PRIORITY_MINUTES_PER_WEEK,
    )
    return placement_run_store(
        actor=None,
        result=result,
        learners=learners,
        offers=[offer],
        travel=travel,
        max_minutes=max_minutes,
        offer=offer,
    )


def _coordinator_emails(offer: Offer) -> list[str]:
    from wegweiser.accounts.models import User

    emails = list(
        User.objects.filter(role=Role.COURSE_PROVIDER, organisation_id=offer.provider_id, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    for extra in (offer.contact_email, offer.provider.email):
        if extra and extra not in emails:
            emails.append(extra)
    return emails


def _notify_coordinators(offer: Offer, *, promoted: int, proposed: int, actor: Any) -> list[str]:
    recipients = _coordinator_emails(offer)
    if not recipients:
        return []
    subject = _("Re-activated: %(title)s") % {"title": offer.title}
    body = _(
        "%(title)s in %(municipality)s is active again from %(start)s to %(end)s, on %(days)s, %(from)s-%(until)s.\n"
        "%(promoted)s people from its waiting list have their seat; %(proposed)s more people waiting nearby have "
        "been proposed for the remaining seats and will be confirmed by the integration office.\n\n"
        "Wegweiser"
    ) % {
        "title": offer.title,
        "municipality": offer.municipality.name,
        "start": offer.starts_on.strftime("%d.%m.%Y"),
        "end": offer.ends_on.strftime("%d.%m.%Y"),
        "days": ", ".join(offer.weekday_labels()),
        "from": offer.start_time.strftime("%H:%M"),
        "until": offer.end_time.strftime("%H:%M"),
        "promoted": promoted,
        "proposed": proposed,
    }
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    # Mail leaves only when the re-activation has been committed.
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return recipients


# Learners and enrolments (personal data: audited)
