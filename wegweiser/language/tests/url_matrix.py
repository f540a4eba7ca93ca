"""Every page of the language app as every role; `foreign` rows use objects of world.other_municipality
(and of another provider), which a municipal manager and a course provider must not open."""

from datetime import timedelta

from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.casework.tests import world as cw
from wegweiser.language.models import (
    AbsenceFlag,
    EnrolmentStatus,
    OfferStatus,
    PlacementProposal,
    PlacementRun,
)
from wegweiser.language.tests.factories import EnrolmentFactory, LearnerFactory, OfferFactory, OfferSessionFactory
from wegweiser.testing.matrix import UrlCase, roles

ADMIN = Role.DISTRICT_ADMIN
OFFICE = Role.INTEGRATION_OFFICE
CASEWORKER = Role.CASEWORKER
MANAGER = Role.MUNICIPAL_MANAGER
PROVIDER = Role.COURSE_PROVIDER

OFFER_VIEWERS = roles(ADMIN, OFFICE, CASEWORKER, MANAGER, PROVIDER)
DISTRICT_OFFER_VIEWERS = roles(ADMIN, OFFICE, CASEWORKER)
OFFER_MANAGERS = roles(ADMIN, OFFICE)
COORDINATORS = roles(OFFICE, MANAGER, PROVIDER)
ENROLMENT_MANAGERS = roles(OFFICE, CASEWORKER, MANAGER)
DISTRICT_ENROLMENT_MANAGERS = roles(OFFICE, CASEWORKER)
PLACERS = roles(OFFICE, CASEWORKER)
REGISTER_TAKERS = roles(PROVIDER)
TRAVEL = roles(ADMIN, OFFICE)


def _offer(world, *, foreign=False, status=OfferStatus.ACTIVE, key=""):
    name = f"language.offer{'.foreign' if foreign else ''}.{status}{key}"
    return world.obj(
        name,
        lambda w: OfferFactory(
            provider=w.other_provider if foreign else w.provider,
            municipality=w.other_municipality if foreign else w.municipality,
            status=status,
        ),
    )


def _learner(world, *, foreign=False):
    return world.obj(
        f"language.learner{'.foreign' if foreign else ''}",
        lambda w: LearnerFactory(home_municipality=w.other_municipality if foreign else w.municipality),
    )


def _enrolment(world, *, foreign=False):
    return world.obj(
        f"language.enrolment{'.foreign' if foreign else ''}",
        lambda w: EnrolmentFactory(learner=_learner(w, foreign=foreign), offer=_offer(w, foreign=foreign)),
    )


def _session(world, *, foreign=False, days=0):
    return world.obj(
        f"language.session{'.foreign' if foreign else ''}{days}",
        lambda w: OfferSessionFactory(
            offer=_offer(w, foreign=foreign), date=timezone.localdate() + timedelta(days=days)
        ),
    )


def _flag(world, *, foreign=False):
    def make(w):
        return AbsenceFlag.objects.create(
            enrolment=_enrolment(w, foreign=foreign), missed_in_a_row=3, last_missed_on=timezone.localdate()
        )

    return world.obj(f"language.flag{'.foreign' if foreign else ''}", make)


def _run(world):
    def make(w):
        run = PlacementRun.objects.create(
            max_minutes=45,
            method="test",
            learners=1,
            offers=1,
            seats=1,
            placed=1,
            total_travel_minutes=20,
            solve_seconds=0.01,
            travel_source="estimate",
        )
        learner = _learner(w)
        waiting = EnrolmentFactory(learner=learner, offer=None, status=EnrolmentStatus.WAITING)
        proposal = PlacementProposal.objects.create(
            run=run,
            learner=waiting.learner,
            offer=_offer(w, key=".seats"),
            travel_minutes=20,
            travel_source="estimate",
            reason="placed_nearest",
            details={"level": "A1"},
            waiting_days=20,
        )
        return run, proposal

    return world.obj("language.run", make)


def offer_kwargs(world):
    return {"offer_id": _offer(world).pk}


def foreign_offer_kwargs(world):
    return {"offer_id": _offer(world, foreign=True).pk}


CASES = [
    UrlCase("language:offer_list", OFFER_VIEWERS),
    UrlCase("language:offer_create", OFFER_MANAGERS),
    UrlCase("language:offer_detail", OFFER_VIEWERS, kwargs=offer_kwargs),
    UrlCase("language:offer_detail", DISTRICT_OFFER_VIEWERS, kwargs=foreign_offer_kwargs, label="foreign"),
    UrlCase("language:offer_edit", OFFER_MANAGERS, kwargs=offer_kwargs),
    UrlCase("language:offer_pause", COORDINATORS, kwargs=offer_kwargs),
    UrlCase("language:offer_pause", roles(OFFICE), kwargs=foreign_offer_kwargs, label="foreign"),
    UrlCase(
        "language:offer_pause",
        COORDINATORS,
        kwargs=offer_kwargs,
        method="POST",
        data=lambda w: {"reason": "Enough seats nearby"},
    ),
    UrlCase(
        "language:offer_reactivate",
        COORDINATORS,
        kwargs=lambda w: {"offer_id": _offer(w, status=OfferStatus.PAUSED).pk},
    ),
    UrlCase(
        "language:offer_reactivate",
        roles(OFFICE),
        kwargs=lambda w: {"offer_id": _offer(w, foreign=True, status=OfferStatus.PAUSED).pk},
        label="foreign",
    ),
    UrlCase("language:session_list", REGISTER_TAKERS),
    UrlCase("language:session_register", REGISTER_TAKERS, kwargs=lambda w: {"session_id": _session(w).pk}),
    UrlCase(
        "language:session_cancel",
        COORDINATORS,
        kwargs=lambda w: {"session_id": _session(w, days=7).pk},
        method="POST",
        data=lambda w: {"reason": "Room not available"},
    ),
    UrlCase(
        "language:session_cancel",
        roles(OFFICE),
        kwargs=lambda w: {"session_id": _session(w, foreign=True, days=7).pk},
        method="POST",
        data=lambda w: {"reason": "Room not available"},
        label="foreign",
    ),
    UrlCase(
        "language:attendance_set",
        REGISTER_TAKERS,
        kwargs=lambda w: {"session_id": _session(w).pk, "enrolment_id": _enrolment(w).pk},
        method="POST",
        data=lambda w: {"present": "1"},
    ),
    UrlCase("language:learner_list", ENROLMENT_MANAGERS),
    UrlCase("language:learner_create", ENROLMENT_MANAGERS),
    # Started from a person's page: only roles that may open the person's record (the integration office may not).
    UrlCase(
        "language:learner_create_for_person",
        roles(CASEWORKER, MANAGER),
        kwargs=lambda w: {"person_id": cw.person(w).pk},
    ),
    UrlCase(
        "language:learner_create_for_person",
        roles(CASEWORKER),
        kwargs=lambda w: {"person_id": cw.person(w, foreign=True).pk},
        label="foreign",
    ),
    UrlCase("language:learner_detail", ENROLMENT_MANAGERS, kwargs=lambda w: {"learner_id": _learner(w).pk}),
    UrlCase(
        "language:learner_detail",
        DISTRICT_ENROLMENT_MANAGERS,
        kwargs=lambda w: {"learner_id": _learner(w, foreign=True).pk},
        label="foreign",
    ),
    UrlCase("language:learner_edit", ENROLMENT_MANAGERS, kwargs=lambda w: {"learner_id": _learner(w).pk}),
    UrlCase(
        "language:learner_edit",
        DISTRICT_ENROLMENT_MANAGERS,
        kwargs=lambda w: {"learner_id": _learner(w, foreign=True).pk},
        label="foreign",
    ),
    UrlCase(
        "language:learner_enrol",
        ENROLMENT_MANAGERS,
        kwargs=lambda w: {"learner_id": _learner(w).pk},
        method="POST",
        data=lambda w: {"offer": ""},
    ),
    UrlCase(
        "language:learner_enrol",
        DISTRICT_ENROLMENT_MANAGERS,
        kwargs=lambda w: {"learner_id": _learner(w, foreign=True).pk},
        method="POST",
        data=lambda w: {"offer": ""},
        label="foreign",
    ),
    UrlCase(
        "language:enrolment_withdraw",
        ENROLMENT_MANAGERS,
        kwargs=lambda w: {"enrolment_id": _enrolment(w).pk},
        method="POST",
        data=lambda w: {"reason": "Moved away"},
    ),
    UrlCase(
        "language:enrolment_withdraw",
        DISTRICT_ENROLMENT_MANAGERS,
        kwargs=lambda w: {"enrolment_id": _enrolment(w, foreign=True).pk},
        method="POST",
        data=lambda w: {"reason": "Moved away"},
        label="foreign",
    ),
    UrlCase("language:absence_list", ENROLMENT_MANAGERS),
    UrlCase(
        "language:absence_resolve",
        ENROLMENT_MANAGERS,
        kwargs=lambda w: {"flag_id": _flag(w).pk},
        method="POST",
        data=lambda w: {"note": "Called"},
    ),
    UrlCase(
        "language:absence_resolve",
        DISTRICT_ENROLMENT_MANAGERS,
        kwargs=lambda w: {"flag_id": _flag(w, foreign=True).pk},
        method="POST",
        data=lambda w: {"note": "Called"},
        label="foreign",
    ),
    UrlCase("language:placement_list", PLACERS),
    UrlCase("language:placement_detail", PLACERS, kwargs=lambda w: {"run_id": _run(w)[0].pk}),
    UrlCase(
        "language:proposal_change_form",
        PLACERS,
        kwargs=lambda w: {"run_id": _run(w)[0].pk, "proposal_id": _run(w)[1].pk},
    ),
    UrlCase(
        "language:proposal_decide",
        PLACERS,
        kwargs=lambda w: {"run_id": _run(w)[0].pk, "proposal_id": _run(w)[1].pk},
        method="POST",
        data=lambda w: {"decision": "rejected"},
    ),
    UrlCase("language:placement_close", PLACERS, kwargs=lambda w: {"run_id": _run(w)[0].pk}, method="POST"),
    UrlCase("language:travel_matrix", TRAVEL),
    UrlCase("api:language_offers", OFFER_VIEWERS),
    UrlCase("api:language_offer", OFFER_VIEWERS, kwargs=offer_kwargs),
    UrlCase("api:language_offer", DISTRICT_OFFER_VIEWERS, kwargs=foreign_offer_kwargs, label="foreign"),
    UrlCase("api:language_waiting_and_seats", roles(ADMIN, OFFICE, CASEWORKER, MANAGER)),
]
