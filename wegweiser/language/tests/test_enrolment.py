"""Enrolment, waiting lists and withdrawal: capacity is never exceeded, freed seats go to the first waiting."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditEntry
from wegweiser.language import services
from wegweiser.language.models import (
    Enrolment,
    EnrolmentStatus,
    LearnerSource,
    OfferKind,
    OfferStatus,
    SeatKind,
    WaitingReason,
)
from wegweiser.language.selectors import waiting_learners, waiting_list
from wegweiser.language.services import LanguageError
from wegweiser.language.tests.factories import EnrolmentFactory, LearnerFactory, OfferFactory

pytestmark = pytest.mark.django_db


def enrol(learner, offer, **kwargs):
    return services.enrolment_create(actor=None, learner=learner, offer=offer, **kwargs)


def test_a_free_seat_enrols_at_once_and_a_full_offer_queues_with_position_and_reason():
    offer = OfferFactory(capacity=2)
    first, second, third, fourth = LearnerFactory.create_batch(4)
    assert enrol(first, offer).status == EnrolmentStatus.ENROLLED
    assert enrol(second, offer).status == EnrolmentStatus.ENROLLED
    waiting = enrol(third, offer)
    enrol(fourth, offer)
    assert waiting.status == EnrolmentStatus.WAITING
    assert waiting.waiting_reason == WaitingReason.FULL
    assert [(entry.position, entry.enrolment.learner) for entry in waiting_list(offer)] == [(1, third), (2, fourth)]


def test_every_enrolment_write_is_audited_without_names():
    offer = OfferFactory(capacity=1)
    learner = LearnerFactory(first_name="Oksana")
    enrolment = enrol(learner, offer)
    entry = AuditEntry.objects.get(object_type="language.enrolment", object_id=str(enrolment.pk))
    assert entry.action == "create"
    assert entry.purpose == services.PURPOSE_ENROLMENT
    assert "Oksana" not in entry.summary


def test_a_paused_offer_only_queues():
    offer = OfferFactory(status=OfferStatus.PAUSED)
    enrolment = enrol(LearnerFactory(), offer)
    assert enrolment.status == EnrolmentStatus.WAITING
    assert enrolment.waiting_reason == WaitingReason.PAUSED


def test_refusals_already_enrolled_already_waiting_and_ended():
    offer = OfferFactory(capacity=1)
    learner, other = LearnerFactory.create_batch(2)
    enrol(learner, offer)
    with pytest.raises(LanguageError, match="already enrolled"):
        enrol(learner, offer)
    enrol(other, offer)
    with pytest.raises(LanguageError, match="waiting list"):
        enrol(other, offer)
    with pytest.raises(LanguageError, match="ended"):
        enrol(LearnerFactory(), OfferFactory(status=OfferStatus.ENDED))
    with pytest.raises(LanguageError, match="no free seat"):
        enrol(LearnerFactory(), offer, require_seat=True)


def course(**kwargs):
    return OfferFactory(kind=kwargs.pop("kind", OfferKind.INTEGRATION_COURSE), **kwargs)


def test_one_course_seat_and_one_deutschtreff_seat_at_a_time():
    learner = LearnerFactory()
    first_course, treff = course(title="Integrationskurs Melle"), OfferFactory(title="Deutschtreff Melle")
    assert enrol(learner, first_course).status == EnrolmentStatus.ENROLLED
    assert enrol(learner, treff).status == EnrolmentStatus.ENROLLED  # a Deutschtreff runs beside a course
    with pytest.raises(LanguageError, match=r"another course \(Integrationskurs Melle\).*one course at a time"):
        enrol(learner, course(kind=OfferKind.JOB_COURSE))
    with pytest.raises(LanguageError, match=r"another Deutschtreff \(Deutschtreff Melle\)"):
        enrol(learner, OfferFactory())
    # Waiting for the next course is allowed; the seat is refused, not the place on the list.
    full = course(capacity=1)
    enrol(LearnerFactory(), full)
    assert enrol(learner, full).status == EnrolmentStatus.WAITING
    assert enrol(learner, course(), seat=False).status == EnrolmentStatus.WAITING
    assert set(learner.enrolments.values_list("status", "seat_kind")) == {
        (EnrolmentStatus.ENROLLED, SeatKind.COURSE),
        (EnrolmentStatus.ENROLLED, SeatKind.DEUTSCHTREFF),
        (EnrolmentStatus.WAITING, SeatKind.COURSE),
    }


def test_a_withdrawn_course_seat_makes_room_for_the_next_course():
    learner = LearnerFactory()
    seat = enrol(learner, course())
    services.enrolment_withdraw(actor=None, enrolment=seat, reason="Course finished early")
    assert enrol(learner, course()).status == EnrolmentStatus.ENROLLED


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param({"status": EnrolmentStatus.WAITING}, {"status": EnrolmentStatus.ENROLLED}, id="twice-per-offer"),
        pytest.param(
            {"offer": None, "status": EnrolmentStatus.WAITING, "seat_kind": ""},
            {"offer": None, "status": EnrolmentStatus.WAITING, "seat_kind": ""},
            id="twice-on-the-general-list",
        ),
        pytest.param({"kind": OfferKind.INTEGRATION_COURSE}, {"kind": OfferKind.LITERACY}, id="two-courses"),
        pytest.param({"kind": OfferKind.DEUTSCHTREFF}, {"kind": OfferKind.DEUTSCHTREFF}, id="two-deutschtreffs"),
        pytest.param({}, {"offer": None, "seat_kind": ""}, id="a-seat-without-an-offer"),
        pytest.param({}, {"seat_kind": ""}, id="an-offer-without-a-seat-kind"),
    ],
)
def test_the_database_refuses_what_the_services_refuse(first, second):
    """Rows written past the services (a bug, an import, a race the services did not foresee) break a constraint."""
    learner, offer = LearnerFactory(), OfferFactory()

    def row(fields):
        fields = dict(fields)
        kind = fields.pop("kind", None)
        target = fields.pop("offer", OfferFactory(kind=kind) if kind else offer)
        return EnrolmentFactory(learner=learner, offer=target, **fields)

    row(first)
    with transaction.atomic(), pytest.raises(IntegrityError):
        row(second)


def test_the_database_allows_a_course_and_a_deutschtreff_and_ended_places_beside_a_seat():
    learner, offer = LearnerFactory(), course()
    EnrolmentFactory(learner=learner, offer=offer, status=EnrolmentStatus.WITHDRAWN)
    EnrolmentFactory(learner=learner, offer=offer, status=EnrolmentStatus.COMPLETED)
    EnrolmentFactory(learner=learner, offer=offer)
    EnrolmentFactory(learner=learner, offer=OfferFactory())
    EnrolmentFactory(learner=learner, offer=course(), status=EnrolmentStatus.WAITING)
    EnrolmentFactory(learner=learner, offer=None, status=EnrolmentStatus.WITHDRAWN, seat_kind="")
    EnrolmentFactory(learner=learner, offer=None, status=EnrolmentStatus.WAITING, seat_kind="")
    assert learner.enrolments.count() == 7


def test_a_freed_seat_passes_over_someone_seated_in_another_course_who_keeps_waiting():
    offer = course(capacity=1)
    holder, seated_elsewhere, next_in_line = LearnerFactory.create_batch(3)
    seat = enrol(holder, offer)
    enrol(seated_elsewhere, offer)
    enrol(next_in_line, offer)
    enrol(seated_elsewhere, course())
    services.enrolment_withdraw(actor=None, enrolment=seat, reason="Moved away")
    promoted = Enrolment.objects.get(learner=next_in_line, offer=offer)
    assert promoted.status == EnrolmentStatus.ENROLLED
    assert promoted.position_when_enrolled == 2  # where they stood, the person passed over included
    assert [entry.enrolment.learner for entry in waiting_list(offer)] == [seated_elsewhere]


def test_a_deutschtreff_seat_does_not_stop_the_promotion_into_a_course():
    offer = course(capacity=1)
    holder, in_a_treff = LearnerFactory.create_batch(2)
    seat = enrol(holder, offer)
    enrol(in_a_treff, offer)
    enrol(in_a_treff, OfferFactory())
    services.enrolment_withdraw(actor=None, enrolment=seat, reason="Moved away")
    assert Enrolment.objects.get(learner=in_a_treff, offer=offer).status == EnrolmentStatus.ENROLLED


def test_more_seats_go_to_the_next_people_who_have_no_course_seat():
    offer = course(capacity=1)
    enrol(LearnerFactory(), offer)
    seated, free_one, free_two = LearnerFactory.create_batch(3)
    for learner in (seated, free_one, free_two):
        enrol(learner, offer)
    enrol(seated, course())
    services.offer_update(actor=None, offer=offer, capacity=3)
    statuses = dict(Enrolment.objects.filter(offer=offer).values_list("learner", "status"))
    assert statuses[seated.pk] == EnrolmentStatus.WAITING
    assert statuses[free_one.pk] == statuses[free_two.pk] == EnrolmentStatus.ENROLLED


def test_re_activation_passes_over_people_seated_in_another_course(world):
    offer = course(capacity=2, status=OfferStatus.PAUSED, municipality=world.municipality)
    seated, waiting = LearnerFactory.create_batch(2, home_municipality=world.municipality)
    enrol(seated, offer)
    enrol(waiting, offer)
    enrol(seated, course())
    today = timezone.localdate()
    result = services.offer_reactivate(
        actor=None,
        offer=offer,
        starts_on=today,
        ends_on=today + timedelta(days=60),
        weekdays=[0, 2],
        start_time=offer.start_time,
        end_time=offer.end_time,
    )
    assert result.enrolled_from_waiting_list == 1
    statuses = dict(Enrolment.objects.filter(offer=offer).values_list("learner", "status"))
    assert statuses == {seated.pk: EnrolmentStatus.WAITING, waiting.pk: EnrolmentStatus.ENROLLED}


def test_capacity_below_the_people_enrolled_is_refused_with_both_numbers():
    offer = OfferFactory(capacity=4, title="Deutschtreff Melle")
    for learner in LearnerFactory.create_batch(3):
        enrol(learner, offer)
    with pytest.raises(LanguageError, match=r"fewer seats \(2\) than people enrolled \(3\)"):
        services.offer_update(actor=None, offer=offer, capacity=2, title="Renamed")
    offer.refresh_from_db()
    assert (offer.capacity, offer.title) == (4, "Deutschtreff Melle")  # nothing of the edit is kept
    services.offer_update(actor=None, offer=offer, capacity=3)
    offer.refresh_from_db()
    assert offer.capacity == 3


def test_a_deutschtreff_becomes_a_course_unless_someone_there_has_a_course_already():
    treff = OfferFactory()
    learner, in_a_course = LearnerFactory.create_batch(2)
    enrol(learner, treff)
    enrol(in_a_course, treff)
    enrol(in_a_course, course())
    with pytest.raises(LanguageError, match="1 person enrolled here has a seat in another course already"):
        services.offer_update(actor=None, offer=treff, kind=OfferKind.INTEGRATION_COURSE)
    assert set(treff.enrolments.values_list("seat_kind", flat=True)) == {SeatKind.DEUTSCHTREFF}
    services.enrolment_withdraw(
        actor=None, enrolment=in_a_course.enrolments.get(offer=treff), reason="Chose the course"
    )
    services.offer_update(actor=None, offer=treff, kind=OfferKind.INTEGRATION_COURSE)
    assert set(treff.enrolments.values_list("seat_kind", flat=True)) == {SeatKind.COURSE}
    entries = AuditEntry.objects.filter(object_type="language.enrolment", action="update")
    assert sum(entry.changed_fields == ["seat_kind"] for entry in entries) == 2  # the seat and the withdrawn place


def test_withdrawal_frees_the_seat_for_the_first_on_the_waiting_list():
    offer = OfferFactory(capacity=1)
    holder, first, second = LearnerFactory.create_batch(3)
    seat = enrol(holder, offer)
    enrol(first, offer)
    enrol(second, offer)
    services.enrolment_withdraw(actor=None, enrolment=seat, reason="Found work")
    seat.refresh_from_db()
    assert seat.status == EnrolmentStatus.WITHDRAWN
    assert seat.withdrawal_reason == "Found work"
    promoted = Enrolment.objects.get(learner=first, offer=offer)
    assert promoted.status == EnrolmentStatus.ENROLLED
    assert promoted.position_when_enrolled == 1
    assert promoted.waiting_reason == WaitingReason.FULL  # why they waited stays on record
    assert [entry.enrolment.learner for entry in waiting_list(offer)] == [second]


def test_withdrawing_from_the_waiting_list_frees_no_seat_and_needs_a_reason():
    offer = OfferFactory(capacity=1)
    holder, waiting = LearnerFactory.create_batch(2)
    enrol(holder, offer)
    queued = enrol(waiting, offer)
    with pytest.raises(LanguageError, match="Say why"):
        services.enrolment_withdraw(actor=None, enrolment=queued, reason=" ")
    services.enrolment_withdraw(actor=None, enrolment=queued, reason="Moved away")
    assert Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.ENROLLED).count() == 1
    with pytest.raises(LanguageError, match="ended already"):
        services.enrolment_withdraw(actor=None, enrolment=queued, reason="again")


def test_the_general_waiting_list_and_a_portal_request(world, client_as):
    learner = LearnerFactory()
    general = enrol(learner, None)
    assert general.offer is None
    assert general.status == EnrolmentStatus.WAITING
    with pytest.raises(LanguageError, match="general waiting list"):
        enrol(learner, None)
    request = services.learner_request_from_portal(
        first_name="Iryna",
        last_name="Melnyk",
        home_municipality=learner.home_municipality,
        level="A1",
        weekdays=[0, 2],
        phone="0151 000000",
    )
    assert request.learner.source == LearnerSource.PORTAL
    assert request.learner.person is None
    assert request.waiting_reason == WaitingReason.PORTAL_REQUEST
    assert set(waiting_learners()) == {learner, request.learner}

    # A request for a chosen offer waits on that offer's list even with seats free: someone first looks at it.
    offer = OfferFactory(provider=world.provider, municipality=world.municipality, capacity=12)
    request = services.learner_request_from_portal(
        offer=offer,
        first_name="Mariam",
        last_name="Haidari",
        home_municipality=world.municipality,
        level="A1",
        weekdays=[1, 3],
    )
    portal_learner = request.learner
    assert (portal_learner.source, portal_learner.person, portal_learner.caseworker) == (
        LearnerSource.PORTAL,
        None,
        None,
    )
    assert (request.offer, request.status, request.waiting_reason) == (
        offer,
        EnrolmentStatus.WAITING,
        WaitingReason.PORTAL_REQUEST,
    )
    assert request.created_by is None
    # Written by nobody signed in: the audit log says so, and names no one.
    entries = AuditEntry.objects.filter(
        Q(object_type="language.learner", object_id=str(portal_learner.pk))
        | Q(object_type="language.enrolment", object_id=str(request.pk))
    )
    assert sorted((e.object_type, e.action, e.actor_id, e.actor_label) for e in entries) == [
        ("language.enrolment", "create", None, "system"),
        ("language.learner", "create", None, "system"),
    ]
    assert not AuditEntry.objects.filter(summary__contains="Haidari").exists()
    # The coordinator of the offer's municipality finds the request on the waiting list; the course provider
    # sees the offer but no names.
    url = reverse("language:offer_detail", args=[offer.pk])
    response = client_as(Role.MUNICIPAL_MANAGER).get(url)
    assert [(entry.position, entry.enrolment) for entry in response.context["waiting"]] == [(1, request)]
    assert "Mariam Haidari" in response.content.decode()
    assert "Haidari" not in client_as(Role.COURSE_PROVIDER).get(url).content.decode()


def test_a_learner_with_a_seat_is_no_longer_waiting_for_placement():
    learner = LearnerFactory()
    enrol(learner, None)
    enrol(learner, OfferFactory())
    assert learner not in waiting_learners()


def test_raising_the_capacity_gives_the_new_seats_to_the_waiting_list():
    offer = OfferFactory(capacity=1)
    for learner in LearnerFactory.create_batch(3):
        enrol(learner, offer)
    services.offer_update(actor=None, offer=offer, capacity=2)
    assert Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.ENROLLED).count() == 2


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    capacity=st.integers(min_value=1, max_value=4),
    steps=st.lists(st.tuples(st.sampled_from(["enrol", "withdraw"]), st.integers(0, 7)), max_size=18),
)
def test_capacity_is_never_exceeded_and_nobody_waits_beside_a_free_seat(capacity, steps):
    offer = OfferFactory(capacity=capacity)
    learners = LearnerFactory.create_batch(8, home_municipality=offer.municipality)
    for action, index in steps:
        learner = learners[index]
        current = Enrolment.objects.filter(
            learner=learner, offer=offer, status__in=[EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED]
        ).first()
        if action == "enrol" and current is None:
            enrol(learner, offer)
        elif action == "withdraw" and current is not None:
            services.enrolment_withdraw(actor=None, enrolment=current, reason="test")
        enrolled = Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.ENROLLED).count()
        waiting = Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.WAITING).count()
        assert enrolled <= capacity
        assert waiting == 0 or enrolled == capacity


def test_sqlite_serialises_writers_with_immediate_transactions():
    """On SQLite, SELECT ... FOR UPDATE does not exist; the IMMEDIATE transaction mode takes the database's write
    lock when the enrolment's transaction begins, so two enrolments run one after the other."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only; PostgreSQL locks the offer row (see the test with parallel enrolments)")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    offer = OfferFactory(capacity=3)
    statuses = [enrol(learner, offer).status for learner in LearnerFactory.create_batch(5)]
    assert statuses.count(EnrolmentStatus.ENROLLED) == 3


PARALLEL_ON_SQLITE_FILE = """
import json, sys, threading
import django
django.setup()
from django.core.management import call_command
from django.db import connections
call_command("migrate", verbosity=0)
from wegweiser.language import services
from wegweiser.language.models import Enrolment, EnrolmentStatus
from wegweiser.language.tests.factories import EnrolmentFactory, LearnerFactory, OfferFactory
offer = OfferFactory(capacity=5)
learners = LearnerFactory.create_batch(20, home_municipality=offer.municipality)
barrier = threading.Barrier(len(learners))
errors = []
def worker(learner):
    try:
        barrier.wait(timeout=10)
        services.enrolment_create(actor=None, learner=learner, offer=offer)
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()
threads = [threading.Thread(target=worker, args=(learner,)) for learner in learners]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(timeout=60)
counts = {status: Enrolment.objects.filter(offer=offer, status=status).count() for status in ("enrolled", "waiting")}
json.dump({"errors": errors, **counts}, sys.stdout)
"""


def test_parallel_enrolments_on_a_sqlite_file_queue_behind_the_write_lock(tmp_path):
    """SQLite has no row locks; the IMMEDIATE transaction takes the database's write lock when the enrolment's
    transaction begins, so parallel enrolments wait for each other (up to the timeout) instead of both seeing the
    last free seat. Run against a database file, as in production (the test database lives in memory, where
    SQLite's shared cache refuses instead of waiting)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only; PostgreSQL locks the offer row (see the test with parallel enrolments)")
    import json
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'parallel.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "wegweiser.settings_test",
    }
    done = subprocess.run(  # noqa: S603 - the test's own interpreter and script
        [sys.executable, "-c", PARALLEL_ON_SQLITE_FILE], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result == {"errors": [], "enrolled": 5, "waiting": 15}


@pytest.mark.django_db(transaction=True)
def test_parallel_enrolments_never_exceed_the_capacity():
    if connection.vendor != "postgresql":
        pytest.skip("parallel enrolments need PostgreSQL (row locks); SQLite serialises writers instead")
    offer = OfferFactory(capacity=5)
    learners = LearnerFactory.create_batch(20, home_municipality=offer.municipality)
    barrier = threading.Barrier(len(learners))
    errors = []

    def worker(learner):
        try:
            barrier.wait(timeout=10)
            enrol(learner, offer)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.ENROLLED).count() == 5
    assert Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.WAITING).count() == 15
    positions = [entry.position for entry in waiting_list(offer)]
    assert positions == list(range(1, 16))


def test_waiting_days_count_from_the_request():
    enrolment = enrol(LearnerFactory(), None)
    enrolment.requested_at = timezone.now() - timedelta(days=10, hours=1)
    assert enrolment.waiting_days == 10


def _in_parallel(calls):
    """Run the calls at the same moment, each in its own thread and connection; return what each raised."""
    barrier = threading.Barrier(len(calls))
    raised = []

    def worker(call):
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):  # the language is per thread
                call()
        except Exception as error:  # noqa: BLE001 - collected and asserted by the caller
            raised.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return raised


@pytest.mark.django_db(transaction=True)
def test_parallel_enrolments_of_one_learner_into_several_courses_give_one_seat():
    """The learner's row is locked after the offer's: the other enrolments wait, then see the seat and are refused
    with the reason (not a database error)."""
    if connection.vendor != "postgresql":
        pytest.skip("parallel enrolments need PostgreSQL (row locks); SQLite serialises writers instead")
    learner = LearnerFactory()
    courses = [course(capacity=3) for _ in range(6)]
    raised = _in_parallel([lambda offer=offer: enrol(learner, offer) for offer in courses])
    assert len(raised) == 5
    assert all(isinstance(error, LanguageError) and "another course" in str(error) for error in raised), raised
    assert Enrolment.objects.filter(learner=learner, status=EnrolmentStatus.ENROLLED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_for_the_general_waiting_list_leave_one_place():
    if connection.vendor != "postgresql":
        pytest.skip("parallel enrolments need PostgreSQL (row locks); SQLite serialises writers instead")
    learner = LearnerFactory()
    raised = _in_parallel([lambda: enrol(learner, None) for _ in range(6)])
    assert len(raised) == 5
    assert all(isinstance(error, LanguageError) and "general waiting list" in str(error) for error in raised), raised
    assert Enrolment.objects.filter(learner=learner, offer=None).count() == 1


def test_a_seat_for_someone_already_waiting_turns_their_waiting_place_into_the_seat():
    offer = OfferFactory(capacity=1)
    holder, waiting = LearnerFactory.create_batch(2)
    seat = enrol(holder, offer)
    place = enrol(waiting, offer)
    assert place.status == EnrolmentStatus.WAITING
    services.offer_update(actor=None, offer=offer, capacity=2)
    place.refresh_from_db()
    # The same row: the request keeps its date and its reason for waiting, and no second row is made.
    assert place.status == EnrolmentStatus.ENROLLED
    assert Enrolment.objects.filter(learner=waiting, offer=offer).count() == 1
    assert place.requested_at < place.enrolled_at
    assert seat.status == EnrolmentStatus.ENROLLED


def test_a_seat_required_for_someone_waiting_takes_their_waiting_place():
    offer = OfferFactory(capacity=1)
    holder, waiting = LearnerFactory.create_batch(2)
    seat = enrol(holder, offer)
    place = enrol(waiting, offer)
    services.enrolment_withdraw(actor=None, enrolment=seat, reason="Moved away")
    place.refresh_from_db()
    assert place.status == EnrolmentStatus.ENROLLED
    with pytest.raises(LanguageError):
        enrol(waiting, offer, require_seat=True)
    assert Enrolment.objects.filter(learner=waiting, offer=offer).count() == 1
