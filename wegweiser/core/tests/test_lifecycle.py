"""The person lifecycle registry: every model about a person is covered, and casework reaches other apps only
through it."""

from unittest import mock

from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from wegweiser.accounts.roles import Role
from wegweiser.casework import selectors as casework_selectors
from wegweiser.casework import services as casework_services
from wegweiser.casework.models import Person
from wegweiser.casework.tests.factories import PersonFactory
from wegweiser.core import lifecycle
from wegweiser.core.lifecycle import PersonHandlers, models_without_handler, person_handlers


def test_every_model_about_a_person_is_covered_by_an_apps_handlers():
    assert models_without_handler(apps.get_models()) == []


@isolate_apps("wegweiser.casework")
def test_a_new_model_pointing_at_a_person_without_handlers_is_caught():
    class VolunteerContact(models.Model):  # noqa: DJ008
        person = models.ForeignKey(Person, on_delete=models.CASCADE)

        class Meta:
            app_label = "casework"

    class ContactNote(models.Model):  # noqa: DJ008
        contact = models.ForeignKey(VolunteerContact, on_delete=models.CASCADE)

        class Meta:
            app_label = "casework"

    found = models_without_handler([*apps.get_models(), VolunteerContact, ContactNote])
    # Also a model that reaches the person only through another one.
    assert found == ["casework.contactnote", "casework.volunteercontact"]


def test_the_registry_finds_the_apps_that_hold_rows_about_a_person():
    sections = {handlers.section for handlers in person_handlers()}
    assert "german_courses" in sections
    covered = {label for handlers in person_handlers() for label in handlers.models}
    assert {"casework.case", "language.learner", "language.enrolment"} <= covered


def test_casework_imports_no_other_apps_services_for_the_lifecycle():
    import inspect

    source = inspect.getsource(casework_services)
    assert "wegweiser.language" not in source
    assert "wegweiser.language" not in inspect.getsource(casework_selectors)


def _recording_app(calls):
    return PersonHandlers(
        models=(),
        section="volunteering",
        merge=lambda **kw: calls.append(("merge", kw["survivor"].pk, kw["duplicate"].pk)),
        erase=lambda **kw: calls.append(("erase", kw["person"].pk)) or 2,
        export=lambda person: {"hours": 3},
        export_record=lambda **kw: calls.append(("export_record", kw["export_format"])),
    )


def test_a_new_app_takes_part_in_merge_erasure_and_export_without_an_edit_to_casework(world):
    calls = []
    handlers = (*person_handlers(), _recording_app(calls))
    actor = world.user(Role.CASEWORKER)
    survivor = PersonFactory(municipality=world.municipality)
    duplicate = PersonFactory(municipality=world.municipality, birth_date=survivor.birth_date)
    survivor_id, duplicate_id = survivor.pk, duplicate.pk
    with mock.patch.object(lifecycle, "person_handlers", return_value=handlers):
        casework_services.person_merge(actor=actor, survivor=survivor, duplicate=duplicate)
        export = casework_selectors.person_export(survivor)
        casework_services.person_export_record(actor=actor, person=survivor, export_format="json")
        result = casework_services.person_erase(actor=actor, person=survivor)
    assert calls[0] == ("merge", survivor_id, duplicate_id)
    assert ("export_record", "json") in calls
    # The merged record goes with the survivor: both are erased, each with the new app's rows.
    assert {("erase", survivor_id), ("erase", duplicate_id)} <= set(calls)
    assert result.rows >= 4
    assert export["volunteering"] == {"hours": 3}
