"""Issue 21's remaining parts through HTTP: a measure names the LokIn grant that funds it (of its municipality, in
the concept's years, the grant's measures budgeting no more than was approved); a municipal manager updates the
status of their municipality's measures and records a dated, sourced value of a hand-entered indicator from
"our measures", never another municipality's; the tree's forms answer htmx in place; the board's charts."""

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.integrationskonzept import services
from wegweiser.integrationskonzept.models import FieldOfAction, IndicatorValue, Measure, Responsible
from wegweiser.integrationskonzept.tests.factories import build_concept
from wegweiser.lokin.tests import factories as lokin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def planner(client, world):
    client.force_login(world.user(Role.INTEGRATION_OFFICE))
    return client


@pytest.fixture
def manager(client, world):
    client.force_login(world.user(Role.MUNICIPAL_MANAGER))
    return client


def _grant(world, *, year=2026, amount=Decimal("10000.00")):
    made = lokin.fixed_programme(world, year=year, base_amount=Decimal("20000"))
    return lokin.approved_application(world, made, amount=amount)


def _measure_data(world, indicator, **extra):
    return {
        "title": "Lotsenprojekt",
        "output": "Eine Sprechstunde pro Woche",
        "indicator": indicator.pk,
        "responsible": Responsible.MUNICIPALITY,
        "municipality": world.municipality.pk,
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "budget": "6000.00",
        **extra,
    }


def test_a_measure_names_its_municipality_s_grant_and_shows_the_approved_amount(planner, world):
    version, _f, _g, sub, indicator, _m = build_concept(municipality=world.municipality)
    grant = _grant(world)
    form = planner.get(reverse("konzept:measure_add", args=[sub.pk])).content.decode()
    assert f'<option value="{grant.pk}">' in form
    assert "LokIn 2026" in form
    page = planner.post(reverse("konzept:measure_add", args=[sub.pk]), _measure_data(world, indicator, grant=grant.pk))
    assert page.status_code == 302
    measure = Measure.objects.get(title="Lotsenprojekt")
    assert measure.grant == grant
    text = planner.get(reverse("konzept:version", args=[version.pk])).content.decode()
    assert "LokIn grant 2026: Integrationsmanagement" in text
    assert "approved 10,000.00 €" in text


def test_a_grant_outside_the_concept_s_years_or_of_another_municipality_is_refused(planner, world):
    _v, _f, _g, sub, indicator, _m = build_concept(municipality=world.municipality)
    late = _grant(world, year=2030)
    form = planner.get(reverse("konzept:measure_add", args=[sub.pk])).content.decode()
    assert "LokIn 2030" not in form
    page = planner.post(reverse("konzept:measure_add", args=[sub.pk]), _measure_data(world, indicator, grant=late.pk))
    assert page.status_code == 400
    grant = _grant(world)
    other = _measure_data(world, indicator, grant=grant.pk, municipality=world.other_municipality.pk)
    page = planner.post(reverse("konzept:measure_add", args=[sub.pk]), other)
    assert page.status_code == 400
    assert "Choose a grant of the responsible municipality." in page.content.decode()
    district = _measure_data(world, indicator, grant=grant.pk, responsible=Responsible.DISTRICT_OFFICE)
    assert planner.post(reverse("konzept:measure_add", args=[sub.pk]), district).status_code == 400
    assert not Measure.objects.filter(title="Lotsenprojekt").exists()


def test_the_measures_of_a_grant_budget_no_more_than_it_approved(planner, world):
    _v, _f, _g, sub, indicator, _m = build_concept(municipality=world.municipality)
    grant = _grant(world)
    url = reverse("konzept:measure_add", args=[sub.pk])
    assert planner.post(url, _measure_data(world, indicator, grant=grant.pk)).status_code == 302
    page = planner.post(url, _measure_data(world, indicator, grant=grant.pk, title="Zweites", budget="4000.01"))
    assert page.status_code == 400
    assert "would budget 10000.01 EUR, more than its approved 10000.00 EUR" in page.content.decode()
    assert planner.post(url, _measure_data(world, indicator, grant=grant.pk, title="Zweites", budget="4000.00"))
    assert Measure.objects.filter(grant=grant).count() == 2
    # Editing a measure does not count its own old budget twice.
    first = Measure.objects.get(title="Lotsenprojekt")
    edit = reverse("konzept:measure_edit", args=[first.pk])
    assert planner.post(edit, _measure_data(world, indicator, grant=grant.pk, budget="6000.00")).status_code == 302


def test_a_grant_named_by_a_measure_is_not_deleted_under_it(world):
    from django.db.models import ProtectedError

    _v, _f, _g, sub, indicator, _m = build_concept(municipality=world.municipality)
    grant = _grant(world)
    services.measure_create(
        actor="test",
        sub_goal=sub,
        title="Gefördert",
        output="x",
        responsible=Responsible.MUNICIPALITY,
        municipality=world.municipality,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        grant=grant,
    )
    with pytest.raises(ProtectedError):
        grant.delete()


def test_the_data_migration_resolves_words_that_name_one_grant_and_keeps_the_others(world):
    migration = importlib.import_module("wegweiser.integrationskonzept.migrations.0002_measure_lokin_grant")
    version, _f, _g, sub, _i, measures = build_concept(municipality=world.municipality)
    grant = _grant(world)
    town_measure, district_measure = measures
    Measure.objects.filter(pk=town_measure.pk).update(grant_note="LokIn 2026")
    Measure.objects.filter(pk=district_measure.pk).update(grant_note="Bundesmittel")
    migration.resolve(apps, None)
    town_measure.refresh_from_db()
    district_measure.refresh_from_db()
    assert (town_measure.grant, town_measure.grant_note) == (grant, "")
    assert (district_measure.grant, district_measure.grant_note) == (None, "Bundesmittel")
    # A year without a grant of the municipality stays in words.
    Measure.objects.filter(pk=town_measure.pk).update(grant=None, grant_note="LokIn 2021")
    migration.resolve(apps, None)
    town_measure.refresh_from_db()
    assert (town_measure.grant, town_measure.grant_note) == (None, "LokIn 2021")


# --- The municipality's measures -------------------------------------------------------------------------------


def test_the_workspace_links_the_page_where_the_manager_updates_their_measures(manager, world):
    build_concept(municipality=world.municipality)
    workspace = manager.get(reverse("lokin:workspace")).content.decode()
    assert "Deutschtreff im Rathaus" in workspace
    assert reverse("konzept:measures") in workspace
    page = manager.get(reverse("konzept:measures")).content.decode()
    assert "Deutschtreff im Rathaus" in page
    assert "Kurskoordination" not in page  # the district office's measure


def test_a_manager_updates_the_status_in_place_and_without_javascript(manager, world):
    _v, _f, _g, _s, _i, measures = build_concept(municipality=world.municipality)
    mine = measures[0]
    url = reverse("konzept:measure_status", args=[mine.pk])
    row = manager.post(url, {"status": "running"}, headers={"HX-Request": "true"})
    assert row.status_code == 200
    text = row.content.decode()
    assert text.lstrip().startswith(f'<tr id="measure-{mine.pk}"')
    assert "The status of the measure was saved." in text
    mine.refresh_from_db()
    assert mine.status == "running"
    page = manager.post(url, {"status": "done"})
    assert page.status_code == 302
    assert page["Location"].endswith(f"#measure-{mine.pk}")
    mine.refresh_from_db()
    assert mine.status == "done"


def test_a_manager_records_a_dated_sourced_value_of_their_measure_s_indicator(manager, world):
    _v, _f, _g, _s, indicator, measures = build_concept(municipality=world.municipality)
    url = reverse("konzept:indicator_value", args=[indicator.pk])
    data = {"value": "10", "observed_on": "2025-06-30", "source": "Kursträgerabfrage", "next": "measures"}
    row = manager.post(url, {**data, "measure": measures[0].pk}, headers={"HX-Request": "true"})
    assert row.status_code == 200
    assert "The value was recorded." in row.content.decode()
    value = IndicatorValue.objects.get(indicator=indicator)
    assert (value.value, value.observed_on, value.source) == (Decimal(10), date(2025, 6, 30), "Kursträgerabfrage")
    # Without a source nothing is kept, and the row says why.
    row = manager.post(url, {**data, "source": "", "measure": measures[0].pk}, headers={"HX-Request": "true"})
    assert "Give value, date and source." in row.content.decode()
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1
    # Without JavaScript: back to the list.
    page = manager.post(url, {**data, "observed_on": "2025-12-31", "measure": measures[0].pk})
    assert page.status_code == 302
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 2


def test_another_municipality_s_measure_and_its_indicator_are_not_found(manager, world):
    _v, _f, _g, _s, indicator, measures = build_concept(municipality=world.other_municipality, title="Anderes")
    foreign = measures[0]
    assert manager.post(reverse("konzept:measure_status", args=[foreign.pk]), {"status": "done"}).status_code == 404
    data = {"value": "1", "observed_on": "2025-06-30", "source": "x", "next": "measures", "measure": foreign.pk}
    assert manager.post(reverse("konzept:indicator_value", args=[indicator.pk]), data).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "planned"
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()


def test_the_service_refuses_a_manager_an_indicator_only_the_district_office_moves(world):
    from wegweiser.territory.remit import OutsideRemit

    _v, _f, _g, _s, indicator, _m = build_concept()
    with pytest.raises(OutsideRemit):
        services.indicator_value_record(
            actor=world.user(Role.MUNICIPAL_MANAGER),
            indicator=indicator,
            value=Decimal(1),
            observed_on=date(2025, 1, 1),
            source="x",
        )


# --- htmx on the tree's forms ----------------------------------------------------------------------------------


def test_a_tree_form_comes_in_place_and_saves_into_the_tree(planner, world):
    version, field, *_ = build_concept()
    url = reverse("konzept:field_add", args=[version.pk])
    form = planner.get(url, headers={"HX-Request": "true"})
    assert form.status_code == 200
    text = form.content.decode()
    assert "<html" not in text
    assert f'hx-post="{url}"' in text
    # A refused form comes back in place with its error (200: htmx swaps only successful answers).
    refused = planner.post(url, {"title": ""}, headers={"HX-Request": "true"})
    assert refused.status_code == 200
    assert "errorlist" in refused.content.decode()
    saved = planner.post(url, {"title": "Wohnen"}, headers={"HX-Request": "true"})
    assert saved.status_code == 200
    assert saved["HX-Retarget"] == "#tree"
    tree = saved.content.decode()
    assert tree.lstrip().startswith('<div id="tree">')
    assert "Wohnen" in tree
    assert FieldOfAction.objects.filter(version=version, title="Wohnen").exists()
    # The same form without JavaScript: a page, then back to the version.
    assert "<html" in planner.get(url).content.decode()
    assert planner.post(url, {"title": "Arbeit"}).status_code == 302


def test_the_version_page_offers_each_form_in_place(planner, world):
    version, field, goal, sub, indicator, measures = build_concept(municipality=world.municipality)
    text = planner.get(reverse("konzept:version", args=[version.pk])).content.decode()
    for name, pk, target in [
        ("konzept:field_edit", field.pk, f"#editor-field-{field.pk}"),
        ("konzept:goal_add", field.pk, f"#editor-field-{field.pk}"),
        ("konzept:sub_goal_add", goal.pk, f"#editor-goal-{goal.pk}"),
        ("konzept:measure_edit", measures[0].pk, f"#editor-sub-{sub.pk}"),
        ("konzept:indicator_edit", indicator.pk, f"#editor-sub-{sub.pk}"),
    ]:
        url = reverse(name, args=[pk])
        assert f'href="{url}" hx-get="{url}" hx-target="{target}"' in text
        assert f'id="{target[1:]}"' in text


# --- The board's charts ----------------------------------------------------------------------------------------


def _off_track(indicator):
    services.indicator_value_record(
        actor="test", indicator=indicator, value=Decimal(12), observed_on=date(2026, 1, 1), source="Abfrage"
    )


def test_the_board_draws_its_charts_beside_their_tables_with_downloads(planner, world):
    version, _f, _g, _s, indicator, _m = build_concept(municipality=world.municipality)
    _off_track(indicator)  # no fall in two of four years: below the target line
    text = planner.get(reverse("konzept:board", args=[version.pk])).content.decode()
    assert text.count("<svg") == 2
    assert "Sub-goals by status per field of action" in text
    assert "Wartezeit auf einen Integrationskurs against its target line" in text
    assert reverse("konzept:board_chart", args=[version.pk, "status", "csv"]) in text
    key = f"indicator-{indicator.pk}"
    csv = planner.get(reverse("konzept:board_chart", args=[version.pk, key, "csv"]))
    assert csv.status_code == 200
    body = csv.content.decode("utf-8-sig")
    assert "Target line" in body
    assert "12" in body
    xlsx = planner.get(reverse("konzept:board_chart", args=[version.pk, "status", "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert planner.get(reverse("konzept:board_chart", args=[version.pk, "indicator-0", "csv"])).status_code == 404
    assert planner.get(reverse("konzept:board_chart", args=[version.pk, "status", "pdf"])).status_code == 404
