"""Learners: created from casework or the portal, corrected, merged with their person, erased and exported."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record, changed_field_names
from wegweiser.casework.selectors import persons_for_user
from wegweiser.language.models import (
    OPEN_STATUSES,
    AbsenceFlag,
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Learner,
    LearnerSource,
    Offer,
    PlacementProposal,
    WaitingReason,
)
from wegweiser.language.services._common import LEARNER_FIELDS, PURPOSE_ENROLMENT, PURPOSE_PLACEMENT, LanguageError
from wegweiser.language.services.enrolment import (
    _audit_enrolment,
    _promote_waiting,
    enrolment_create,
    enrolment_withdraw,
)
from wegweiser.territory.remit import assignee_require, remit_require


@transaction.atomic
def learner_create(*, actor: Any, source: str = LearnerSource.CASEWORK, person: Any = None, **fields: Any) -> Learner:
    """A new learner; `person` links them to the Migrationszentrum's record of the same human being."""
    if person is not None:
        _check_person_link(actor, person)
    learner = Learner(source=source, person=person, **{name: fields[name] for name in LEARNER_FIELDS if name in fields})
    learner.weekdays = sorted(set(learner.weekdays))
    remit_require(actor, learner.home_municipality_id)
    assignee_require(learner.caseworker, learner.home_municipality_id)
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
    if {"home_municipality", "caseworker"} & set(changed):
        assignee_require(learner.caseworker, learner.home_municipality_id)
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
