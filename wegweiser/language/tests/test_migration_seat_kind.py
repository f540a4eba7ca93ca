"""The migration that adds `Enrolment.seat_kind` and the constraints "once per list" and "one seat per kind"."""

from datetime import date, time

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("language", "0002_learner_person_link")]
AFTER = [("language", "0003_enrolment_once_per_list_and_one_seat_per_kind")]


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():
    """Leave every app at its newest migration: a later test in this worker expects its tables (the casework
    migrations after the BEFORE state add some)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _district(apps):
    District = apps.get_model("territory", "District")
    Municipality = apps.get_model("territory", "Municipality")
    Organisation = apps.get_model("network", "Organisation")
    district = District.objects.create(ags="03459", name="Landkreis Osnabrück")
    melle = Municipality.objects.create(district=district, regional_key="034590019019", name="Melle", kind="stadt")
    vhs = Organisation.objects.create(name="VHS", kind="course_provider")
    Offer = apps.get_model("language", "Offer")
    Learner = apps.get_model("language", "Learner")
    Enrolment = apps.get_model("language", "Enrolment")

    def offer(kind):
        return Offer.objects.create(
            title=kind,
            kind=kind,
            provider=vhs,
            municipality=melle,
            capacity=10,
            starts_on=date(2026, 1, 5),
            ends_on=date(2026, 6, 30),
            start_time=time(9),
            end_time=time(12),
        )

    def learner(name):
        return Learner.objects.create(first_name=name, last_name="Test", home_municipality=melle, level="A1")

    def enrolment(learner, offer, status="enrolled"):
        return Enrolment.objects.create(learner=learner, offer=offer, status=status, requested_at=timezone.now()).pk

    return offer, learner, enrolment


@pytest.mark.django_db(transaction=True)
def test_existing_enrolments_get_the_seat_kind_of_their_offer():
    offer, learner, enrolment = _district(_migrate(BEFORE))
    treff, course, job_course = offer("deutschtreff"), offer("integration_course"), offer("job_course")
    olena, ahmad = learner("Olena"), learner("Ahmad")
    in_treff = enrolment(olena, treff)
    in_course = enrolment(olena, course)
    waiting = enrolment(olena, job_course, status="waiting")
    general = enrolment(ahmad, None, status="waiting")

    kinds = dict(_migrate(AFTER).get_model("language", "Enrolment").objects.values_list("pk", "seat_kind"))
    assert kinds == {in_treff: "deutschtreff", in_course: "course", waiting: "course", general: ""}


@pytest.mark.django_db(transaction=True)
def test_places_against_the_new_rules_stop_the_migration_with_the_learners_named():
    old = _migrate(BEFORE)
    offer, learner, enrolment = _district(old)
    course, other_course = offer("integration_course"), offer("literacy")
    olena, ahmad = learner("Olena"), learner("Ahmad")
    enrolment(olena, course)
    second_seat = enrolment(olena, other_course)
    enrolment(ahmad, None, status="waiting")
    enrolment(ahmad, None, status="waiting")

    with pytest.raises(RuntimeError) as refused:
        _migrate(AFTER)
    message = str(refused.value)
    assert f"two seats of one kind (two courses or two Deutschtreffs): learner ids {olena.pk}" in message
    assert f"twice on the general waiting list: learner ids {ahmad.pk}" in message
    assert "waiting or enrolled twice for one offer" not in message

    # Once the extra places are withdrawn, the migration runs.
    Enrolment = old.get_model("language", "Enrolment")
    Enrolment.objects.filter(pk=second_seat).update(status="withdrawn")
    first_general = Enrolment.objects.filter(learner=ahmad).order_by("pk")[0]
    Enrolment.objects.filter(learner=ahmad).exclude(pk=first_general.pk).update(status="withdrawn")
    _migrate(AFTER)
