"""Browser journey of the editing pages: a planner adds a measure carried by an organisation of the directory,
tries to delete its sub-goal (refused, with the reason), deletes the measure after the confirmation step.
axe-core checks every step; the pages are saved as pictures."""

import pytest

from wegweiser.integrationskonzept.models import Measure
from wegweiser.integrationskonzept.tests.factories import build_concept
from wegweiser.integrationskonzept.tests.test_journey_konzept import log_in
from wegweiser.network.tests.factories import OrganisationFactory
from wegweiser.testing.world import build_world


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_planner_adds_and_deletes_a_measure(page, journey, live_server):
    world = build_world()
    version, _field, _goal, sub, _indicator, _measures = build_concept(municipality=world.municipality)
    OrganisationFactory(name="Caritasverband Osnabrück")

    log_in(page, "planung")
    page.goto(f"/konzept/{version.pk}/")
    journey.snap("planner-draft-with-edit-links")
    page.goto(f"/konzept/sub-goals/{sub.pk}/measures/add/")
    page.locator("#id_title").fill("Sprachpaten vermitteln")
    page.locator("#id_output").fill("Zwanzig Patenschaften im Jahr")
    page.locator("input[name=responsible][value=organisation]").check()
    page.locator("#id_organisation").select_option(label="Caritasverband Osnabrück")
    page.locator("#id_starts_on").fill("2025-01-01")
    page.locator("#id_ends_on").fill("2026-12-31")
    journey.snap("planner-measure-form")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    journey.snap("planner-measure-added")
    measure = Measure.objects.get(title="Sprachpaten vermitteln")
    assert measure.organisation.name == "Caritasverband Osnabrück"

    page.goto(f"/konzept/sub-goals/{sub.pk}/delete/")
    journey.snap("planner-confirm-sub-goal-delete")
    page.get_by_role("button", name="Löschen").click()
    page.wait_for_load_state()
    journey.snap("planner-sub-goal-delete-refused")
    assert page.get_by_text("Dieses Teilziel hat noch Maßnahmen").is_visible()

    page.goto(f"/konzept/measures/{measure.pk}/delete/")
    page.get_by_role("button", name="Löschen").click()
    page.wait_for_load_state()
    journey.snap("planner-measure-deleted")
    assert not Measure.objects.filter(pk=measure.pk).exists()
