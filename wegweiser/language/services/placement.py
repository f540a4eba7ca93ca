"""Placement runs: the travel matrix, storing a solver's proposals and deciding on them."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record, audit_record_ids, object_type_of
from wegweiser.core.bulk import insert_rows
from wegweiser.language import placement
from wegweiser.language.models import (
    Offer,
    PlacementProposal,
    PlacementRun,
    PlacementRunStatus,
    ProposalDecision,
    TravelMatrixUpload,
    TravelTime,
    WaitingReason,
)
from wegweiser.language.services._common import PURPOSE_PLACEMENT, LanguageError
from wegweiser.language.services.enrolment import _user, enrolment_create
from wegweiser.language.travel import TravelTimes


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
        rows = []
        for item in result.proposals:
            learner = by_id[item.learner_id]
            source = ""
            if item.offer_id is not None:
                source = travel.source(learner.home, offer_places[item.offer_id])
                sources.add(source)
            rows.append(
                (
                    run.pk,
                    item.learner_id,
                    item.offer_id,
                    None if item.travel_minutes is None else round(item.travel_minutes, 1),
                    source,
                    item.reason[:40],
                    _proposal_details(item.details),
                    learner.waiting_days,
                    ProposalDecision.PENDING.value,
                )
            )
        # Thousands of rows: plain values in one COPY (PostgreSQL) or one prepared INSERT (SQLite), not a model
        # instance each; the audit entries name the proposals by the ids the database gave them.
        insert_rows(
            PlacementProposal,
            ["run_id", "learner_id", "offer_id", "travel_minutes", "travel_source", "reason", "details"]
            + ["waiting_days", "decision"],
            rows,
        )
        audit_record_ids(
            actor=actor,
            action=AuditAction.CREATE,
            purpose=PURPOSE_PLACEMENT,
            object_type=object_type_of(PlacementProposal),
            object_ids=PlacementProposal.objects.filter(run=run).order_by("id").values_list("id", flat=True),
        )
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
