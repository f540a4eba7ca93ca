"""Planners edit the tree of a draft through its pages (issue 21): fields of action, goals, sub-goals, measures
with exactly one responsible party, indicators by hand or following a Lagebild figure; deletions with a
confirmation step, refused where the plan would lose rows; an adopted version and a municipal manager refused."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditAction, AuditEntry
from wegweiser.integrationskonzept import services
from wegweiser.integrationskonzept.models import (
    FieldOfAction,
    Indicator,
    Measure,
    Objective,
    Responsible,
    SubGoal,
    VersionStatus,
)
from wegweiser.integrationskonzept.tests.factories import build_concept
from wegweiser.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LAGEBILD_DATA = Path(__file__).resolve().parents[2] / "lagebild" / "tests" / "data"


@pytest.fixture(autouse=True)
def english(client):
    """The pages in English, so the assertions read the messages as written in the code."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def planner(client, world):
    client.force_login(world.user(Role.INTEGRATION_OFFICE))
    return client


def _adopt(version):
    services.concept_version_transition(actor="test", version=version, status=VersionStatus.CONSULTATION)
    services.concept_version_transition(
        actor="test",
        version=version,
        status=VersionStatus.ADOPTED,
        council_decision_date=date(2024, 6, 20),
        council_decision_number="KT/2024/17",
    )


def test_a_planner_builds_a_field_goal_and_sub_goal_through_the_pages(planner):
    version = services.concept_version_create(actor="test", title="Neu", period_start=2025, period_end=2029)
    page = planner.post(reverse("konzept:field_add", args=[version.pk]), {"title": "Arbeit", "description": ""})
    assert page.status_code == 302
    field = FieldOfAction.objects.get(version=version)
    assert (field.position, field.title) == (1, "Arbeit")
    planner.post(reverse("konzept:goal_add", args=[field.pk]), {"title": "Anerkennung beschleunigen"})
    goal = Objective.objects.get(field_of_action=field)
    planner.post(reverse("konzept:sub_goal_add", args=[goal.pk]), {"title": "Beratung binnen 4 Wochen"})
    sub = SubGoal.objects.get(goal=goal)
    assert sub.number == "1.1.1"
    planner.post(reverse("konzept:sub_goal_edit", args=[sub.pk]), {"title": "Beratung binnen 3 Wochen"})
    sub.refresh_from_db()
    assert sub.title == "Beratung binnen 3 Wochen"
    text = planner.get(reverse("konzept:version", args=[version.pk])).content.decode()
    assert "Beratung binnen 3 Wochen" in text
    assert reverse("konzept:measure_add", args=[sub.pk]) in text
    # Each write is audited on the version, naming the level it changed.
    summaries = set(AuditEntry.objects.filter(object_id=str(version.pk)).values_list("summary", flat=True))
    assert {"field 1", "goal 1.1", "sub-goal 1.1.1"} <= summaries


def test_an_empty_title_is_refused_on_the_form(planner):
    version, field, *_ = build_concept()
    page = planner.post(reverse("konzept:field_edit", args=[field.pk]), {"title": ""})
    assert page.status_code == 400
    field.refresh_from_db()
    assert field.title == "Sprache"


def test_a_measure_names_exactly_one_responsible_party(planner, world):
    _v, _f, _g, sub, indicator, _m = build_concept()
    organisation = OrganisationFactory(name="Caritas Osnabrück")
    url = reverse("konzept:measure_add", args=[sub.pk])
    base = {
        "title": "Jobbörse",
        "output": "Zwei Börsen im Jahr",
        "indicator": indicator.pk,
        "starts_on": "2025-01-01",
        "ends_on": "2026-12-31",
        "budget": "1200.50",
        # A municipality chosen too, but the kind says organisation: only the organisation counts.
        "municipality": world.municipality.pk,
        "organisation": organisation.pk,
    }
    page = planner.post(url, {**base, "responsible": Responsible.ORGANISATION})
    assert page.status_code == 302
    measure = Measure.objects.get(title="Jobbörse")
    assert (measure.organisation, measure.municipality) == (organisation, None)
    assert measure.budget == Decimal("1200.50")
    # The municipality is the responsible party: the municipality must be named.
    page = planner.post(
        url, {**base, "title": "Ohne Kommune", "responsible": Responsible.MUNICIPALITY, "municipality": ""}
    )
    assert page.status_code == 400
    assert "Choose the responsible municipality." in page.content.decode()
    assert not Measure.objects.filter(title="Ohne Kommune").exists()
    # Edited to the district office: neither municipality nor organisation remains.
    edit = reverse("konzept:measure_edit", args=[measure.pk])
    assert planner.post(edit, {**base, "responsible": Responsible.DISTRICT_OFFICE}).status_code == 302
    measure.refresh_from_db()
    assert (measure.responsible, measure.municipality, measure.organisation) == ("district_office", None, None)
    assert AuditEntry.objects.filter(object_id=str(measure.pk), action=AuditAction.UPDATE).exists()


def test_a_measure_cannot_end_before_it_starts(planner):
    _v, _f, _g, sub, _i, _m = build_concept()
    page = planner.post(
        reverse("konzept:measure_add", args=[sub.pk]),
        {
            "title": "X",
            "output": "Y",
            "responsible": "district_office",
            "starts_on": "2025-02-01",
            "ends_on": "2025-01-01",
        },
    )
    assert page.status_code == 400
    assert "A measure cannot end before it starts." in page.content.decode()


def test_an_indicator_entered_by_hand_and_then_edited(planner):
    _v, _f, _g, sub, _i, _m = build_concept()
    data = {
        "title": "Beratene",
        "unit": "Personen",
        "direction": "rise",
        "baseline": "10",
        "baseline_date": "2024-01-01",
        "target": "40",
        "target_date": "2028-01-01",
        "source": "hand",
    }
    assert planner.post(reverse("konzept:indicator_add", args=[sub.pk]), data).status_code == 302
    indicator = Indicator.objects.get(title="Beratene")
    assert not indicator.linked
    page = planner.post(reverse("konzept:indicator_edit", args=[indicator.pk]), {**data, "target_date": "2023-01-01"})
    assert page.status_code == 400
    assert "The target date must lie after the baseline date." in page.content.decode()
    planner.post(reverse("konzept:indicator_edit", args=[indicator.pk]), {**data, "target": "50"})
    indicator.refresh_from_db()
    assert indicator.target == 50


def test_an_indicator_linked_to_a_lagebild_figure_takes_its_values(planner, django_capture_on_commit_callbacks):
    from wegweiser.lagebild import services as lagebild_services
    from wegweiser.lagebild.models import Observation
    from wegweiser.lagebild.statistics import read_statistics

    name = "22541-01-01-4.csv"
    with django_capture_on_commit_callbacks(execute=True):
        statistics = read_statistics((LAGEBILD_DATA / name).read_bytes(), name)
        lagebild_services.statistics_import(statistics=statistics, actor="test")
    figure = Observation.objects.exclude(value=None).order_by("region_key", "measure_code", "breakdown_key").first()
    _v, _f, _g, sub, _i, _m = build_concept()
    url = reverse("konzept:indicator_add", args=[sub.pk])
    form = planner.get(url).content.decode()
    assert f'value="{figure.table.code}"' in form  # the table is chosen from the loaded ones
    data = {
        "title": "Betreute Kinder",
        "unit": "Kinder",
        "direction": "rise",
        "baseline": "0",
        "baseline_date": "2010-01-01",
        "target": "1000",
        "target_date": "2030-01-01",
        "source": "lagebild",
        "lagebild_table": figure.table.code,
        "lagebild_variable": figure.measure_code,
        "lagebild_region": figure.region_key,
        "lagebild_breakdown": figure.breakdown_key,
    }
    # A region the Lagebild has no values for is refused, not linked to nothing.
    page = planner.post(url, {**data, "lagebild_region": "999999999999"})
    assert page.status_code == 400
    assert "The Lagebild has no values" in page.content.decode()
    # Naming the table without variable and region is refused on the form.
    page = planner.post(url, {**data, "lagebild_variable": "", "lagebild_region": ""})
    assert page.status_code == 400
    assert planner.post(url, data).status_code == 302
    indicator = Indicator.objects.get(title="Betreute Kinder")
    assert indicator.linked
    assert indicator.current.value == figure.value
    # Unlinked again: entered by hand, without the Lagebild's values.
    planner.post(reverse("konzept:indicator_edit", args=[indicator.pk]), {**data, "source": "hand"})
    indicator.refresh_from_db()
    assert not indicator.linked
    assert not indicator.values.exists()


def test_deleting_asks_first_and_refuses_where_rows_would_be_lost(planner):
    version, field, goal, sub, indicator, measures = build_concept()
    confirm = planner.get(reverse("konzept:sub_goal_delete", args=[sub.pk]))
    assert confirm.status_code == 200
    assert "Delete this sub-goal?" in confirm.content.decode()
    assert SubGoal.objects.filter(pk=sub.pk).exists()  # asking deletes nothing
    # A sub-goal with measures stays, and the planner is told why.
    page = planner.post(reverse("konzept:sub_goal_delete", args=[sub.pk]), follow=True)
    assert "This sub-goal still has measures; delete them first." in page.content.decode()
    assert SubGoal.objects.filter(pk=sub.pk).exists()
    # The indicator a measure names stays until no measure names it.
    page = planner.post(reverse("konzept:indicator_delete", args=[indicator.pk]), follow=True)
    assert "A measure names this indicator" in page.content.decode()
    for level, pk in [("field_delete", field.pk), ("goal_delete", goal.pk)]:
        planner.post(reverse(f"konzept:{level}", args=[pk]))
    assert FieldOfAction.objects.filter(pk=field.pk).exists()
    assert Objective.objects.filter(pk=goal.pk).exists()
    # From the bottom up, everything goes.
    for measure in measures:
        planner.post(reverse("konzept:measure_delete", args=[measure.pk]))
    for level, pk in [
        ("indicator_delete", indicator.pk),
        ("sub_goal_delete", sub.pk),
        ("goal_delete", goal.pk),
        ("field_delete", field.pk),
    ]:
        assert planner.post(reverse(f"konzept:{level}", args=[pk])).status_code == 302
    assert not FieldOfAction.objects.filter(version=version).exists()
    assert AuditEntry.objects.filter(object_id=str(measures[0].pk), action=AuditAction.DELETE).exists()
    assert AuditEntry.objects.filter(object_id=str(version.pk), action=AuditAction.DELETE, summary="field 1").exists()


def test_an_adopted_version_is_read_only(planner):
    version, field, goal, sub, indicator, measures = build_concept()
    _adopt(version)
    text = planner.get(reverse("konzept:version", args=[version.pk])).content.decode()
    assert "read-only" in text
    assert reverse("konzept:field_add", args=[version.pk]) not in text
    page = planner.get(reverse("konzept:goal_edit", args=[goal.pk]))
    assert "read-only" in page.content.decode()
    assert "<form" not in page.content.decode().split("read-only")[1]
    # Posting anyway changes nothing.
    planner.post(reverse("konzept:goal_edit", args=[goal.pk]), {"title": "Geändert"})
    planner.post(reverse("konzept:field_add", args=[version.pk]), {"title": "Neu"})
    planner.post(reverse("konzept:measure_delete", args=[measures[0].pk]))
    goal.refresh_from_db()
    assert goal.title == "Deutsch lernen ohne Wartezeit"
    assert FieldOfAction.objects.filter(version=version).count() == 1
    assert Measure.objects.filter(pk=measures[0].pk).exists()


def test_a_municipal_manager_reads_the_plan_but_cannot_edit_it(client, world):
    version, field, goal, sub, indicator, measures = build_concept(municipality=world.municipality)
    client.force_login(world.user(Role.MUNICIPAL_MANAGER))
    text = client.get(reverse("konzept:version", args=[version.pk])).content.decode()
    assert reverse("konzept:goal_edit", args=[goal.pk]) not in text
    assert client.get(reverse("konzept:goal_edit", args=[goal.pk])).status_code == 403
    assert client.post(reverse("konzept:goal_edit", args=[goal.pk]), {"title": "Geändert"}).status_code == 403
    # Not even the measure of their own municipality: they report its status, the planners plan it.
    assert client.post(reverse("konzept:measure_delete", args=[measures[0].pk])).status_code == 403
    goal.refresh_from_db()
    assert goal.title == "Deutsch lernen ohne Wartezeit"
    assert Measure.objects.filter(pk=measures[0].pk).exists()


def test_the_refusal_is_said_in_german_to_a_german_planner(planner):
    _v, _f, _g, sub, _i, _m = build_concept()
    url = reverse("konzept:sub_goal_delete", args=[sub.pk])
    page = planner.post(url, follow=True, HTTP_ACCEPT_LANGUAGE="de")
    assert "Dieses Teilziel hat noch Maßnahmen; löschen Sie zuerst diese." in page.content.decode()
