"""The only writers of the language app. Every write of personal data (learners, enrolments, attendance,
absence flags, proposals, pauses) records its audit entry in the same transaction."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record, audit_record_many, changed_field_names
from wegweiser.casework.selectors import persons_for_user
from wegweiser.language import placement
from wegweiser.language.models import (
    OPEN_STATUSES,
    AbsenceFlag,
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Learner,
    LearnerSource,
    Offer,
    OfferPause,
    OfferSession,
    OfferStatus,
    PlacementProposal,
    PlacementRun,
    PlacementRunStatus,
    ProposalDecision,
    SeatKind,
    TravelMatrixUpload,
    TravelTime,
    WaitingReason,
)
from wegweiser.language.schedule import session_dates
from wegweiser.language.travel import TravelTimes
from wegweiser.territory.remit import remit_require

logger = logging.getLogger(__name__)

PURPOSE_ENROLMENT = gettext_noop("German course enrolment")
PURPOSE_ATTENDANCE = gettext_noop("course attendance")
PURPOSE_PLACEMENT = gettext_noop("placement into German courses")
PURPOSE_OFFERS = gettext_noop("coordination of German offers")
# So many sessions missed in a row flag the learner to the caseworker.
ABSENCES_IN_A_ROW = 3
# Travel limit for offering a re-activated Deutschtreff's seats to the people waiting nearby.
NEARBY_MINUTES = 45

SCHEDULE_FIELDS = ("starts_on", "ends_on", "weekdays", "start_time", "end_time")
OFFER_FIELDS = (
    "title",
    "kind",
    "provider",
    "status",
    "municipality",
    "venue_name",
    "venue_address",
    "latitude",
    "longitude",
    "accessible",
    "levels",
    "capacity",
    "childcare",
    "support_languages",
    "cost",
    *SCHEDULE_FIELDS,
    "contact_email",
)
LEARNER_FIELDS = (
    "first_name",
    "last_name",
    "home_municipality",
    "level",
    "weekdays",
    "needs_childcare",
    "has_car",
    "phone",
    "email",
    "preferred_language",
    "caseworker",
)

# How much a week on the waiting list outweighs travel in the placement: measured on the demo district
# (bench/placement.py --weights), 10 minutes per week leaves about a fifth of the priority violations of 1
# minute per week for 2 more minutes of mean travel, with the same number placed.
WAITING_PRIORITY_MINUTES_PER_WEEK = 10.0


class LanguageError(Exception):
    """A refused change, with a message for the user."""


# Offers and their sessions (no personal data)


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


@transaction.atomic
def learner_create(*, actor: Any, source: str = LearnerSource.CASEWORK, person: Any = None, **fields: Any) -> Learner:
    """A new learner; `person` links them to the Migrationszentrum's record of the same human being."""
    if person is not None:
        _check_person_link(actor, person)
    learner = Learner(source=source, person=person, **{name: fields[name] for name in LEARNER_FIELDS if name in fields})
    learner.weekdays = sorted(set(learner.weekdays))
    remit_require(actor, learner.home_municipality_id)
    learner.full_clean()
    learner.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=learner,
        purpose=PURPOSE_ENROLMENT,
        municipality_id=learner.home_municipality_id,
        summary=f"linked to person #{person.pk}" if person is not None else "",
    )
    return learner


def _check_person_link(actor: Any, person: Any) -> None:
    """A learner is linked only to a current record the actor may open, and only once per person."""
    if person.merged_into_id is not None:
        raise LanguageError(_("This record was merged into another one; enrol the remaining record."))
    if getattr(actor, "is_authenticated", False) and not persons_for_user(actor).filter(pk=person.pk).exists():
        raise LanguageError(_("You may not open this person's record."))
    if Learner.objects.filter(person=person).exists():
        raise LanguageError(_("This person has a learner record already."))


@transaction.atomic
def learner_update(*, actor: Any, learner: Learner, **fields: Any) -> Learner:
    data = {name: fields[name] for name in LEARNER_FIELDS if name in fields}
    if "weekdays" in data:
        data["weekdays"] = sorted(set(data["weekdays"]))
    changed = changed_field_names(learner, data)
    for name, value in data.items():
        setattr(learner, name, value)
    if "home_municipality" in changed:
        remit_require(actor, learner.home_municipality_id)
    learner.full_clean()
    learner.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=learner,
        purpose=PURPOSE_ENROLMENT,
        changed_fields=changed,
        municipality_id=learner.home_municipality_id,
    )
    return learner


@transaction.atomic
def learner_follow_merge(*, actor: Any, survivor: Any, duplicate: Any) -> Learner | None:
    """Two person records were merged: the duplicate's learner record follows to the survivor.

    If the survivor has no learner yet, the duplicate's learner is linked to the survivor. If both were learners,
    the survivor's learner takes over the other's enrolments (with their attendance) and placement proposals,
    fills its empty contact fields from it, and the other learner is deleted; a second place on the same list, or a
    second seat of the same kind (two courses), is withdrawn, so nobody holds two seats of a kind or waits twice
    for the same offer.
    """
    _lock_offers_of(survivor, duplicate)
    moving = Learner.objects.select_for_update().filter(person=duplicate).first()
    if moving is None:
        return None
    kept = Learner.objects.select_for_update().filter(person=survivor).first()
    if kept is None:
        moving.person = survivor
        moving.save(update_fields=["person"])
        _audit_learner(actor, moving, AuditAction.UPDATE, changed=["person"])
        return moving
    for enrolment in moving.enrolments.order_by("pk"):
        # Read again: a withdrawal above may have given this waiting place a seat.
        enrolment.refresh_from_db()
        for other in _merge_rivals(kept, enrolment):
            # The better place stays: a seat before a waiting place, then the earlier request.
            keep_moving = (enrolment.status == EnrolmentStatus.ENROLLED, -enrolment.requested_at.timestamp()) > (
                other.status == EnrolmentStatus.ENROLLED,
                -other.requested_at.timestamp(),
            )
            enrolment_withdraw(
                actor=actor, enrolment=other if keep_moving else enrolment, reason=_("Record merged with another one")
            )
            enrolment.refresh_from_db()
            if not keep_moving:
                break
        enrolment.learner = kept
        enrolment.save(update_fields=["learner"])
        _audit_enrolment(actor, enrolment, AuditAction.UPDATE, ["learner"])
    for proposal in moving.proposals.order_by("pk"):
        proposal.learner = kept
        proposal.save(update_fields=["learner"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=proposal,
            purpose=PURPOSE_PLACEMENT,
            changed_fields=["learner"],
        )
    filled = [name for name in ("phone", "email", "preferred_language", "caseworker") if _fill(kept, moving, name)]
    if filled:
        kept.save(update_fields=filled)
        _audit_learner(actor, kept, AuditAction.UPDATE, changed=filled)
    _audit_learner(actor, moving, AuditAction.DELETE, summary=f"merged into learner #{kept.pk}")
    moving.delete()
    return kept


def _lock_offers_of(*persons: Any) -> None:
    """Lock the offers the persons' learners wait for or sit in, before their learner rows: the order in which
    `enrolment_create` locks (offer, then learner), so a parallel enrolment waits instead of deadlocking."""
    offer_ids = Enrolment.objects.filter(
        learner__person__in=persons,
        status__in=[EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED],
        offer__isnull=False,
    ).values_list("offer_id", flat=True)
    list(Offer.objects.select_for_update().filter(pk__in=list(offer_ids)).order_by("pk").values_list("pk", flat=True))


def _merge_rivals(kept: Learner, enrolment: Enrolment):
    """The kept learner's places that cannot stand beside `enrolment` once it is theirs: a place on the same list,
    then a seat of the same kind in another offer (each read when it is asked for, after the last withdrawal)."""
    active = (EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED)
    if enrolment.status not in active:
        return
    same_list = kept.enrolments.filter(status__in=active)
    same_list = (
        same_list.filter(offer__isnull=True)
        if enrolment.offer_id is None
        else same_list.filter(offer_id=enrolment.offer_id)
    )
    other = same_list.first()
    if other is not None:
        yield other
    if enrolment.status == EnrolmentStatus.ENROLLED:
        other = (
            kept.enrolments.filter(status=EnrolmentStatus.ENROLLED, seat_kind=enrolment.seat_kind)
            .exclude(offer_id=enrolment.offer_id)
            .first()
        )
        if other is not None:
            yield other


def _fill(target: Learner, source: Learner, name: str) -> bool:
    attribute = f"{name}_id" if name == "caseworker" else name
    if getattr(target, attribute) or not getattr(source, attribute):
        return False
    setattr(target, attribute, getattr(source, attribute))
    return True


def _audit_learner(actor: Any, learner: Learner, action: str, *, changed=(), summary: str = "", purpose: str = ""):
    audit_record(
        actor=actor,
        action=action,
        obj=learner,
        purpose=purpose or PURPOSE_ENROLMENT,
        changed_fields=list(changed),
        municipality_id=learner.home_municipality_id,
        summary=summary,
    )


@transaction.atomic
def learner_erase_for_person(*, actor: Any, person: Any, purpose: str) -> int:
    """Delete the learner record of a person whose data is erased, with everything hanging off it (enrolments,
    attendance, absence flags, placement proposals); each row leaves a deletion in the audit log (ids only).

    Seats the person held go to the first people on those waiting lists, as after a withdrawal. Returns the
    number of rows deleted.
    """
    _lock_offers_of(person)
    deleted = 0
    for learner in Learner.objects.select_for_update().filter(person=person).order_by("pk"):
        deleted += _learner_erase(actor, learner, purpose)
    return deleted


def _learner_erase(actor: Any, learner: Learner, purpose: str) -> int:
    seats = (
        Enrolment.objects.filter(learner=learner, status=EnrolmentStatus.ENROLLED, offer__isnull=False)
        .values_list("offer_id", flat=True)
        .distinct()
    )
    # Offers first, in one order, as enrolment_create locks them: a parallel enrolment waits for the freed seat.
    offers = list(Offer.objects.select_for_update().filter(pk__in=list(seats)).order_by("pk"))
    rows: list[Any] = [
        *Attendance.objects.filter(enrolment__learner=learner),
        *AbsenceFlag.objects.filter(enrolment__learner=learner),
        *PlacementProposal.objects.filter(learner=learner),
        *Enrolment.objects.filter(learner=learner),
    ]
    for row in rows:
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=row,
            purpose=purpose,
            municipality_id=learner.home_municipality_id,
        )
    _audit_learner(
        actor, learner, AuditAction.DELETE, purpose=purpose, summary=f"erased with {len(rows)} related records"
    )
    learner.delete()
    for offer in offers:
        if offer.status in OPEN_STATUSES:
            _promote_waiting(offer, actor=actor)
    return len(rows) + 1


@transaction.atomic
def learner_export_record(*, actor: Any, person: Any, export_format: str, purpose: str) -> None:
    """Record that a person's learner record went out with the export of everything held on them."""
    for learner in Learner.objects.filter(person=person):
        _audit_learner(actor, learner, AuditAction.EXPORT, purpose=purpose, summary=f"format {export_format}")


@transaction.atomic
def learner_request_from_portal(*, offer: Offer | None = None, **fields: Any) -> Enrolment:
    """A request for a German course from the public portal: a learner without a person record, on the
    offer's waiting list (or the district's general list when no offer was chosen).

    The request always waits, even where a seat is free, until staff enrol the person. Nobody is signed in, so
    the learner and the enrolment have no creator and their audit entries no user.
    """
    learner = learner_create(actor=None, source=LearnerSource.PORTAL, **fields)
    return enrolment_create(actor=None, learner=learner, offer=offer, reason=WaitingReason.PORTAL_REQUEST, seat=False)


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


@transaction.atomic
def travel_matrix_replace(*, actor: Any, filename: str, rows: list[tuple[int, int, Any, Any]]) -> TravelMatrixUpload:
    """Replace the whole matrix with checked rows (origin id, destination id, car, public transport)."""
    TravelTime.objects.all().delete()
    TravelTime.objects.bulk_create(
        TravelTime(origin_id=origin, destination_id=destination, car_minutes=car, public_transport_minutes=public)
        for origin, destination, car, public in rows
    )
    return TravelMatrixUpload.objects.create(filename=filename[:255], pairs=len(rows))


# Placement


def placement_run_store(
    *,
    actor: Any,
    result: placement.PlacementResult,
    learners: list[placement.Learner],
    offers: list[Offer],
    travel: TravelTimes,
    max_minutes: float,
    job: Any = None,
    offer: Offer | None = None,
) -> PlacementRun:
    """Store a run of the engine with one proposal per learner (nothing is enrolled yet)."""
    with transaction.atomic():
        by_id = {learner.id: learner for learner in learners}
        offer_places = {item.pk: item.municipality_id for item in offers}
        sources = set()
        run = PlacementRun.objects.create(
            job=job,
            offer=offer,
            max_minutes=int(max_minutes),
            method=result.method[:40],
            learners=len(learners),
            offers=len(offers),
            seats=sum(getattr(item, "free_seats", 0) for item in offers),
            placed=result.placed,
            total_travel_minutes=result.total_travel_minutes,
            solve_seconds=result.solve_seconds,
            travel_source="",
        )
        proposals = []
        for item in result.proposals:
            learner = by_id[item.learner_id]
            source = ""
            if item.offer_id is not None:
                source = travel.source(learner.home, offer_places[item.offer_id])
                sources.add(source)
            proposals.append(
                PlacementProposal(
                    run=run,
                    learner_id=item.learner_id,
                    offer_id=item.offer_id,
                    travel_minutes=None if item.travel_minutes is None else round(item.travel_minutes, 1),
                    travel_source=source,
                    reason=item.reason[:40],
                    details=_proposal_details(item.details),
                    waiting_days=learner.waiting_days,
                )
            )
        created = PlacementProposal.objects.bulk_create(proposals, batch_size=1000)
        audit_record_many(actor=actor, action=AuditAction.CREATE, objects=created, purpose=PURPOSE_PLACEMENT)
        run.travel_source = "+".join(sorted(sources)) or "none"
        run.save(update_fields=["travel_source"])
    return run


def _proposal_details(details: dict) -> dict:
    from wegweiser.language.selectors import engine_level

    clean = _jsonable(details)
    if "level" in clean:
        clean["level"] = engine_level(clean["level"])
    return clean


def _jsonable(details: dict) -> dict:
    clean = {}
    for key, value in (details or {}).items():
        if isinstance(value, set | frozenset | tuple):
            value = sorted(value)
        elif isinstance(value, float):
            value = round(value, 1)
        elif not isinstance(value, str | int | bool | list | dict | type(None)):
            value = str(value)
        clean[str(key)] = value
    return clean


@transaction.atomic
def proposal_decide(
    *, actor: Any, proposal: PlacementProposal, decision: str, offer: Offer | None = None
) -> PlacementProposal:
    """Accept a proposal (enrol the learner), accept it with another offer, or reject it."""
    proposal = PlacementProposal.objects.select_for_update().select_related("learner", "run").get(pk=proposal.pk)
    if proposal.decision != ProposalDecision.PENDING:
        raise LanguageError(_("This proposal has been decided already."))
    if proposal.run.status != PlacementRunStatus.OPEN:
        raise LanguageError(_("This placement run is closed."))
    if decision == ProposalDecision.ACCEPTED:
        if proposal.offer_id is None:
            raise LanguageError(_("There is no offer to accept; choose one instead."))
        target = proposal.offer
    elif decision == ProposalDecision.CHANGED:
        if offer is None:
            raise LanguageError(_("Choose the offer."))
        target = offer
    elif decision == ProposalDecision.REJECTED:
        target = None
    else:
        raise LanguageError(_("Unknown decision."))
    if target is not None:
        proposal.enrolment = enrolment_create(
            actor=actor, learner=proposal.learner, offer=target, require_seat=True, reason=WaitingReason.FULL
        )
    proposal.decision = decision
    proposal.final_offer = target
    proposal.decided_by = _user(actor)
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["decision", "final_offer", "decided_by", "decided_at", "enrolment"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=proposal,
        purpose=PURPOSE_PLACEMENT,
        changed_fields=["decision", "final_offer"],
    )
    return proposal


@transaction.atomic
def placement_run_close(*, actor: Any, run: PlacementRun) -> PlacementRun:
    """Close a run: its undecided proposals are no longer offered (a newer run sees the new situation)."""
    run.status = PlacementRunStatus.CLOSED
    run.save(update_fields=["status"])
    return run
