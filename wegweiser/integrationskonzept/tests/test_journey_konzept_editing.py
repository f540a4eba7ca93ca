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


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_planner_adds_a_grant_funded_measure_in_place_and_the_municipality_reports_on_it(page, journey, live_server):
    """The measure form opens inside the sub-goal (htmx), names the municipality's LokIn grant and saves into the
    tree without leaving the page; the municipal manager then records a value of its indicator in place."""
    from decimal import Decimal

    from wegweiser.integrationskonzept.models import IndicatorValue
    from wegweiser.integrationskonzept.tests.test_journey_konzept import log_out
    from wegweiser.lokin.tests import factories as lokin

    world = build_world()
    version, _field, _goal, sub, indicator, _measures = build_concept(municipality=world.municipality)
    made = lokin.fixed_programme(world, year=2026, base_amount=Decimal("20000"))
    grant = lokin.approved_application(world, made, amount=Decimal("12000.00"))

    log_in(page, "planung")
    page.goto(f"/konzept/{version.pk}/")
    page.locator(f"#sub-{sub.pk}").get_by_role("link", name="Maßnahme hinzufügen").click()
    form = page.locator(f"#editor-sub-{sub.pk} form")
    form.wait_for()
    assert page.url.endswith(f"/konzept/{version.pk}/")  # in place: the page did not change
    form.locator("#id_title").fill("Integrationslotsin im Rathaus")
    form.locator("#id_output").fill("Eine Sprechstunde pro Woche")
    form.locator("#id_indicator").select_option(value=str(indicator.pk))
    form.locator("input[name=responsible][value=municipality]").check()
    form.locator("#id_municipality").select_option(label=world.municipality.name)
    form.locator("#id_grant").select_option(value=str(grant.pk))
    form.locator("#id_starts_on").fill("2026-01-01")
    form.locator("#id_ends_on").fill("2026-12-31")
    form.locator("#id_budget").fill("9000")
    journey.snap("planner-measure-form-in-place")
    form.get_by_role("button", name="Speichern").click()
    page.locator("#tree-saved").wait_for()
    assert page.url.endswith(f"/konzept/{version.pk}/")
    assert page.get_by_text("LokIn-Förderung 2026").first.is_visible()
    journey.snap("planner-measure-saved-into-the-tree")
    assert Measure.objects.get(title="Integrationslotsin im Rathaus").grant == grant

    log_out(page)
    log_in(page, "kommune")
    page.goto("/lokin/workspace/")
    page.get_by_role("link", name="Maßnahmen des Konzepts aktualisieren").click()
    page.wait_for_load_state()
    row = page.locator("tr", has_text="Integrationslotsin im Rathaus")
    row.get_by_label("Wert", exact=True).fill("9")
    row.get_by_label("Stand").fill("2026-06-30")
    row.get_by_label("Quelle des Werts").fill("Kursträgerabfrage Juni")
    row.get_by_role("button", name="Wert erfassen").click()
    page.get_by_text("Der Wert wurde erfasst.").wait_for()
    journey.snap("municipality-value-recorded-in-place")
    assert IndicatorValue.objects.filter(indicator=indicator, source="Kursträgerabfrage Juni").exists()

    # The value lies below the target line: the planner's board draws it against the line, beside its table.
    log_out(page)
    log_in(page, "planung")
    page.goto(f"/konzept/{version.pk}/board/")
    assert page.locator("svg").count() == 2
    journey.snap("planner-board-with-charts")
