"""The migration that turns `Learner.person_ref` (a plain number) into the foreign key `Learner.person`."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("language", "0001_offers_learners_enrolments_placement"), ("casework", "0002_person_name_search_index")]
AFTER = [("language", "0002_learner_person_link")]


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


@pytest.mark.django_db(transaction=True)
def test_person_ref_becomes_a_link_to_the_person_where_that_person_exists():
    old = _migrate(BEFORE)
    District = old.get_model("territory", "District")
    Municipality = old.get_model("territory", "Municipality")
    Person = old.get_model("casework", "Person")
    Learner = old.get_model("language", "Learner")
    district = District.objects.create(ags="03459", name="Landkreis Osnabrück")
    melle = Municipality.objects.create(district=district, regional_key="034590019019", name="Melle", kind="stadt")

    def person(name, **extra):
        return Person.objects.create(given_names=name, family_names="Test", name_key=name.lower(), **extra)

    def learner(name, ref):
        return Learner.objects.create(
            first_name=name, last_name="Test", home_municipality=melle, level="A1", weekdays=[1], person_ref=ref
        ).pk

    olena, survivor = person("Olena"), person("Oleksandr")
    merged = person("Olexandr", merged_into=survivor)
    linked = learner("Olena", olena.pk)
    second = learner("Olena", olena.pk)  # a second learner for the same person: the older one keeps the link
    follows_merge = learner("Olexandr", merged.pk)
    gone = learner("Ahmad", 999_999)  # that person's record was deleted
    portal = learner("Iryna", None)

    new = _migrate(AFTER)
    links = dict(new.get_model("language", "Learner").objects.values_list("pk", "person_id"))
    assert links == {linked: olena.pk, second: None, follows_merge: survivor.pk, gone: None, portal: None}

    # And back: the number is restored from the link.
    old = _migrate(BEFORE)
    refs = dict(old.get_model("language", "Learner").objects.values_list("pk", "person_ref"))
    assert refs == {linked: olena.pk, second: None, follows_merge: survivor.pk, gone: None, portal: None}
    _migrate(AFTER)
