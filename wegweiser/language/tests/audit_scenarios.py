"""For the audit coverage test (see wegweiser/audit/registry.py): one call of the language services per
personal-data model, writing that model the ways the app writes it."""

from datetime import time, timedelta

from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.casework import services as casework_services
from wegweiser.casework.tests.factories import PersonFactory
from wegweiser.language import services
from wegweiser.language.models import Level, OfferStatus, ProposalDecision
from wegweiser.language.tasks import placement_compute
from wegweiser.language.tests.factories import LearnerFactory, OfferFactory, OfferSessionFactory


def _person(world, given_names="Olha"):
    return casework_services.person_create(
        actor=world.user(Role.CASEWORKER),
        given_names=given_names,
        family_names="Bondarenko",
        municipality=world.municipality,
    )


def _linked_learner(world):
    """A learner linked to a person of the Migrationszentrum (so the person's erasure reaches them)."""
    return LearnerFactory(home_municipality=world.municipality, person=PersonFactory(municipality=world.municipality))


def _erase(world, *learners):
    """The person's erasure on request removes the learner with everything hanging off it."""
    for learner in learners:
        casework_services.person_erase(actor=world.user(Role.DATA_PROTECTION_OFFICER), person=learner.person)


def _learner(world):
    actor = world.user(Role.CASEWORKER)
    person = _person(world)
    learner = services.learner_create(
        actor=actor,
        person=person,
        first_name="Olha",
        last_name="Bondarenko",
        home_municipality=world.municipality,
        level=Level.A1,
        weekdays=[1, 3],
    )
    services.learner_update(actor=actor, learner=learner, level=Level.A2, has_car=True)
    # Merging two records: the duplicate's learner is linked to the survivor, who has none yet ...
    survivor, duplicate = _person(world, "Olga"), _person(world, "Olya")
    services.learner_create(
        actor=actor,
        person=duplicate,
        first_name="Olya",
        last_name="B",
        home_municipality=world.municipality,
        level="A1",
        weekdays=[2],
    )
    casework_services.person_merge(actor=actor, survivor=survivor, duplicate=duplicate)
    # ... or, when both were learners, the survivor's learner takes over and the other one is deleted.
    casework_services.person_merge(actor=actor, survivor=person, duplicate=survivor)
    casework_services.person_erase(actor=world.user(Role.DATA_PROTECTION_OFFICER), person=person)


def _enrolment(world):
    actor = world.user(Role.CASEWORKER)
    offer = OfferFactory(municipality=world.municipality, capacity=1)
    first = services.enrolment_create(actor=actor, learner=LearnerFactory(), offer=offer)
    services.enrolment_create(actor=actor, learner=LearnerFactory(), offer=offer)  # waits
    services.enrolment_create(actor=actor, learner=LearnerFactory(), offer=None)
    services.enrolment_withdraw(actor=actor, enrolment=first, reason="Found work")  # promotes the waiting one
    services.learner_request_from_portal(
        first_name="Ali", last_name="Haidari", home_municipality=world.municipality, level=Level.A1, weekdays=[0]
    )
    # Two records of one person, both waiting for the same offer: the merge keeps one place, moves the rest.
    kept, duplicate = _linked_learner(world), _linked_learner(world)
    for learner in (kept, duplicate):
        services.enrolment_create(actor=actor, learner=learner, offer=offer)
        services.enrolment_create(actor=actor, learner=learner, offer=None)
    casework_services.person_merge(actor=actor, survivor=kept.person, duplicate=duplicate.person)
    _erase(world, kept)


def _offer_pause(world):
    actor = world.user(Role.COURSE_PROVIDER)
    offer = OfferFactory(provider=world.provider, municipality=world.municipality, status=OfferStatus.ACTIVE)
    services.offer_pause(actor=actor, offer=offer, reason="Enough seats nearby")
    start = timezone.localdate() + timedelta(days=2)
    services.offer_reactivate(
        actor=actor,
        offer=offer,
        starts_on=start,
        ends_on=start + timedelta(days=30),
        weekdays=[1],
        start_time=time(10),
        end_time=time(11),
    )


def _course_with_sessions(world):
    offer = OfferFactory(provider=world.provider, municipality=world.municipality)
    enrolment = services.enrolment_create(actor=None, learner=_linked_learner(world), offer=offer)
    today = timezone.localdate()
    sessions = [OfferSessionFactory(offer=offer, date=today - timedelta(days=7 * weeks)) for weeks in (2, 1, 0)]
    return enrolment, sessions


def _attendance(world):
    actor = world.user(Role.COURSE_PROVIDER)
    enrolment, sessions = _course_with_sessions(world)
    services.attendance_set(actor=actor, session=sessions[0], enrolment=enrolment, present=True)
    services.attendance_set(actor=actor, session=sessions[0], enrolment=enrolment, present=False)
    _erase(world, enrolment.learner)


def _absence_flag(world):
    actor = world.user(Role.COURSE_PROVIDER)
    enrolment, sessions = _course_with_sessions(world)
    for session in sessions:
        services.attendance_set(actor=actor, session=session, enrolment=enrolment, present=False)
    flag = enrolment.absence_flags.get()
    services.absence_flag_resolve(actor=world.user(Role.CASEWORKER), flag=flag, note="Called")
    _erase(world, enrolment.learner)


def _placement_proposal(world):
    OfferFactory(municipality=world.municipality, capacity=2, levels=[Level.A1])
    learners = [_linked_learner(world) for _ in range(3)]
    for learner in learners:
        services.enrolment_create(actor=None, learner=learner, offer=None)
    run = placement_compute(max_minutes=60, actor=world.user(Role.INTEGRATION_OFFICE))
    proposal = run.proposals.exclude(offer=None).first()
    services.proposal_decide(
        actor=world.user(Role.INTEGRATION_OFFICE), proposal=proposal, decision=ProposalDecision.ACCEPTED
    )
    # A merge moves the duplicate's proposals to the survivor's learner; the erasure deletes them.
    casework_services.person_merge(actor=None, survivor=learners[0].person, duplicate=learners[1].person)
    _erase(world, learners[0], learners[2])


def _offer(world):
    actor = world.user(Role.INTEGRATION_OFFICE)
    start = timezone.localdate() + timedelta(days=7)
    offer = services.offer_create(
        actor=actor,
        title="Deutschtreff Wallenhorst",
        kind="deutschtreff",
        provider=world.provider,
        status=OfferStatus.ACTIVE,
        municipality=world.municipality,
        levels=[Level.A1],
        capacity=10,
        starts_on=start,
        ends_on=start + timedelta(days=28),
        weekdays=[2],
        start_time=time(10),
        end_time=time(11, 30),
    )
    services.offer_update(actor=actor, offer=offer, capacity=12, title="Deutschtreff Wallenhorst-Mitte")
    services.offer_pause(actor=world.user(Role.COURSE_PROVIDER), offer=offer, reason="Enough seats nearby")


def _paused_offer(world):
    offer = OfferFactory(provider=world.provider, municipality=world.municipality, status=OfferStatus.ACTIVE)
    services.offer_pause(actor=world.user(Role.COURSE_PROVIDER), offer=offer, reason="Enough seats nearby")
    return offer


def _offer_reactivation(world, offer):
    start = timezone.localdate() + timedelta(days=2)
    services.offer_reactivate(
        actor=world.user(Role.COURSE_PROVIDER),
        offer=offer,
        starts_on=start,
        ends_on=start + timedelta(days=30),
        weekdays=[1],
        start_time=time(10),
        end_time=time(11),
    )


_offer_reactivation.setup = _paused_offer


def _full_offer_with_one_waiting(world):
    actor = world.user(Role.CASEWORKER)
    offer = OfferFactory(municipality=world.municipality, capacity=1, status=OfferStatus.ACTIVE)
    seated = services.enrolment_create(actor=actor, learner=LearnerFactory(), offer=offer)
    services.enrolment_create(actor=actor, learner=LearnerFactory(), offer=offer)  # waits
    return offer, seated


def _enrolment_withdrawal(world, state):
    """Withdrawing an existing enrolment (its own entry) frees the seat for the one waiting (theirs)."""
    _offer, seated = state
    services.enrolment_withdraw(actor=world.user(Role.CASEWORKER), enrolment=seated, reason="Found work")


_enrolment_withdrawal.setup = _full_offer_with_one_waiting


def _waiting_list_promotion(world, state):
    """More seats in the offer: the person waiting is promoted, without anyone withdrawing."""
    offer, _seated = state
    services.offer_update(actor=world.user(Role.INTEGRATION_OFFICE), offer=offer, capacity=2)


_waiting_list_promotion.setup = _full_offer_with_one_waiting


SCENARIOS = {
    "language.learner": _learner,
    "language.enrolment": [_enrolment, _enrolment_withdrawal, _waiting_list_promotion],
    "language.offer": [_offer, _offer_reactivation],
    "language.offerpause": _offer_pause,
    "language.attendance": _attendance,
    "language.absenceflag": _absence_flag,
    "language.placementproposal": _placement_proposal,
}
