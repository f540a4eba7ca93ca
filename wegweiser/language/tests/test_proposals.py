"""Placement runs as a background job; every proposal explained; staff accept, change or reject."""

import pytest
from django.urls import reverse
from django.utils import translation

from wegweiser.accounts.roles import Role
from wegweiser.jobs.models import Job, JobStatus
from wegweiser.language import services
from wegweiser.language.explain import proposal_reason_text
from wegweiser.language.models import (
    Enrolment,
    EnrolmentStatus,
    Level,
    OfferKind,
    PlacementProposal,
    PlacementRun,
    ProposalDecision,
)
from wegweiser.language.selectors import waiting_learners
from wegweiser.language.services import LanguageError
from wegweiser.language.tasks import placement_compute
from wegweiser.language.tests.factories import LearnerFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def situation(world):
    """Two waiting learners in Melle, one C1 learner nobody teaches; a Melle offer with one seat and a Bramsche
    offer with one seat."""
    near = OfferFactory(municipality=world.municipality, capacity=1, levels=[Level.A1], weekdays=[0, 1, 2])
    other = OfferFactory(municipality=world.other_municipality, capacity=1, levels=[Level.A1], weekdays=[0, 1, 2])
    learners = [LearnerFactory(home_municipality=world.municipality, level=Level.A1, has_car=True) for _ in range(2)]
    unplaceable = LearnerFactory(home_municipality=world.municipality, level=Level.C1)
    for learner in [*learners, unplaceable]:
        services.enrolment_create(actor=None, learner=learner, offer=None)
    return near, other, learners, unplaceable


# The worker closes its database connection between tasks, so the job runs outside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_starting_a_run_queues_a_job_that_stores_proposals(
    world, client_as, situation, run_jobs, django_capture_on_commit_callbacks
):
    client = client_as(Role.INTEGRATION_OFFICE)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("language:placement_list"), {"max_minutes": "60"})
    job = Job.objects.get(kind="language.placement")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    run = PlacementRun.objects.get(job=job)
    assert run.learners == 3
    assert run.seats == 2
    assert run.placed == 2
    assert run.travel_source == "estimate"
    proposals = {proposal.learner_id: proposal for proposal in run.proposals.all()}
    assert len(proposals) == 3
    assert proposals[situation[3].pk].offer is None
    assert not Enrolment.objects.filter(status=EnrolmentStatus.ENROLLED).exists()  # nothing enrolled yet


def test_a_run_without_anyone_waiting_fails_with_a_message(world):
    from wegweiser.jobs.runner import JobError

    with pytest.raises(JobError, match="Nobody is waiting"):
        placement_compute(max_minutes=45)


def test_each_proposal_is_explained_in_words(world, situation):
    run = placement_compute(max_minutes=60)
    with translation.override("en"):
        texts = {proposal.learner.level: proposal_reason_text(proposal) for proposal in run.proposals.all()}
    assert texts["C1"].startswith("Not placed")
    assert "C1" in texts["C1"]
    placed = run.proposals.exclude(offer=None).first()
    assert placed.travel_source == "estimate"
    with translation.override("en"):
        assert "minutes" in proposal_reason_text(placed)
        unknown = PlacementProposal(reason="something_new", details={}, travel_minutes=None)
        assert proposal_reason_text(unknown) == "Not placed (something_new)."


def test_accept_change_and_reject(world, client_as, situation):
    near, other, learners, unplaceable = situation
    run = placement_compute(max_minutes=60)
    client = client_as(Role.CASEWORKER)
    first, second = run.proposals.exclude(offer=None).order_by("id")
    response = client.post(
        reverse("language:proposal_decide", args=[run.pk, first.pk]),
        {"decision": "accepted"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.decision == ProposalDecision.ACCEPTED
    assert first.enrolment.status == EnrolmentStatus.ENROLLED
    assert first.enrolment.offer == first.offer
    assert first.decided_by == world.user(Role.CASEWORKER)
    # The learner is no longer waiting for placement.
    assert first.learner not in waiting_learners()

    client.post(reverse("language:proposal_decide", args=[run.pk, second.pk]), {"decision": "rejected"})
    second.refresh_from_db()
    assert second.decision == ProposalDecision.REJECTED
    assert second.enrolment is None

    none = run.proposals.get(offer=None)
    free = OfferFactory(municipality=world.municipality, levels=[Level.C1], capacity=3)
    client.post(reverse("language:proposal_decide", args=[run.pk, none.pk]), {"decision": "changed", "offer": free.pk})
    none.refresh_from_db()
    assert none.decision == ProposalDecision.CHANGED
    assert none.final_offer == free
    assert Enrolment.objects.get(learner=unplaceable, offer=free).status == EnrolmentStatus.ENROLLED


def test_accepting_refuses_when_the_seat_has_gone_meanwhile(world, situation):
    near, other, learners, unplaceable = situation
    run = placement_compute(max_minutes=60)
    proposal = run.proposals.exclude(offer=None).first()
    services.enrolment_create(actor=None, learner=LearnerFactory(), offer=proposal.offer)
    with pytest.raises(LanguageError, match="no free seat"):
        services.proposal_decide(actor=None, proposal=proposal, decision=ProposalDecision.ACCEPTED)
    proposal.refresh_from_db()
    assert proposal.decision == ProposalDecision.PENDING
    services.proposal_decide(actor=None, proposal=proposal, decision=ProposalDecision.REJECTED)
    with pytest.raises(LanguageError, match="decided already"):
        services.proposal_decide(actor=None, proposal=proposal, decision=ProposalDecision.ACCEPTED)


def test_accepting_refuses_when_the_learner_got_a_seat_of_the_kind_meanwhile(world, client_as, situation):
    """Between the run and the decision the learner was enrolled in another Deutschtreff: accepting the proposed
    Deutschtreff is refused with the reason, and the proposal stays open for another decision."""
    run = placement_compute(max_minutes=60)
    proposal = run.proposals.exclude(offer=None).select_related("learner").first()
    elsewhere = OfferFactory(title="Deutschtreff Gesmold", municipality=world.municipality)
    services.enrolment_create(actor=None, learner=proposal.learner, offer=elsewhere)
    response = client_as(Role.CASEWORKER).post(
        reverse("language:proposal_decide", args=[run.pk, proposal.pk]),
        {"decision": "accepted"},
        headers={"HX-Request": "true", "Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert "already has a seat in another Deutschtreff (Deutschtreff Gesmold)" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.decision == ProposalDecision.PENDING
    assert not Enrolment.objects.filter(learner=proposal.learner, offer=proposal.offer).exists()


def test_a_closed_run_takes_no_decisions(world, situation, client_as):
    run = placement_compute(max_minutes=60)
    client_as(Role.INTEGRATION_OFFICE).post(reverse("language:placement_close", args=[run.pk]))
    with translation.override("en"), pytest.raises(LanguageError, match="closed"):
        services.proposal_decide(
            actor=None, proposal=run.proposals.exclude(offer=None).first(), decision=ProposalDecision.ACCEPTED
        )


def test_placement_detail_query_count(world, client_as, django_assert_max_num_queries):
    offer = OfferFactory(municipality=world.municipality, capacity=30, levels=[Level.A1])
    for _ in range(25):
        services.enrolment_create(actor=None, learner=LearnerFactory(home_municipality=world.municipality), offer=None)
    run = placement_compute(max_minutes=60)
    assert run.placed == 25
    client = client_as(Role.INTEGRATION_OFFICE)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("language:placement_detail", args=[run.pk]))
    assert len(response.context["rows"]) == 25
    assert offer.title in response.content.decode()


def test_someone_in_a_deutschtreff_waiting_for_a_course_is_proposed_a_course_not_a_second_deutschtreff(world):
    home = world.municipality
    days = {"levels": [Level.A1], "weekdays": [0, 1, 2]}
    learner = LearnerFactory(home_municipality=home, level=Level.A1, has_car=True)
    services.enrolment_create(actor=None, learner=learner, offer=OfferFactory(municipality=home, **days))
    full_course = OfferFactory(municipality=home, kind=OfferKind.INTEGRATION_COURSE, capacity=1, **days)
    services.enrolment_create(actor=None, learner=LearnerFactory(home_municipality=home), offer=full_course)
    services.enrolment_create(actor=None, learner=learner, offer=full_course)  # waits for the course
    second_deutschtreff = OfferFactory(municipality=home, **days)
    far_course = OfferFactory(municipality=world.other_municipality, kind=OfferKind.INTEGRATION_COURSE, **days)

    assert learner in waiting_learners()
    run = placement_compute(max_minutes=90)
    proposal = run.proposals.get(learner=learner)
    assert proposal.offer == far_course != second_deutschtreff
    assert proposal.details["level"] == Level.A1
    with translation.override("en"):
        assert "level A1" in proposal_reason_text(proposal)

    services.enrolment_create(actor=None, learner=learner, offer=far_course, require_seat=True)
    assert learner not in waiting_learners()  # a seat of each kind: nothing left to wait for


def test_the_run_page_names_the_method_in_words(world, client_as, situation):
    run = placement_compute(max_minutes=60)
    page = client_as(Role.INTEGRATION_OFFICE).get(
        reverse("language:placement_detail", args=[run.pk]), headers={"Accept-Language": "en"}
    )
    assert "Method: the exact optimum (min-cost flow, OR-Tools)," in page.content.decode()
    assert "min_cost_flow" not in page.content.decode()
