"""The concept's tree and its invariants, versions, linked indicators and moderation."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditEntry
from wegweiser.integrationskonzept import services
from wegweiser.integrationskonzept.models import (
    CommentStatus,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Responsible,
    SubGoal,
    VersionStatus,
)
from wegweiser.integrationskonzept.selectors import (
    measures_for_user,
    participation_summary,
    progress_board,
    published_comments,
    version_compare,
)
from wegweiser.integrationskonzept.services import ConceptError
from wegweiser.integrationskonzept.tests.factories import build_concept
from wegweiser.lagebild import services as lagebild_services
from wegweiser.lagebild.statistics import read_statistics
from wegweiser.territory.remit import OutsideRemit

pytestmark = pytest.mark.django_db
LAGEBILD_DATA = Path(__file__).resolve().parents[2] / "lagebild" / "tests" / "data"


def test_a_measure_cannot_be_left_without_its_sub_goal(world):
    _version, _field, _goal, sub, _indicator, _measures = build_concept(municipality=world.municipality)
    with pytest.raises(ProtectedError):
        SubGoal.objects.filter(pk=sub.pk).delete()
    assert Measure.objects.filter(sub_goal__isnull=True).count() == 0


def test_a_measure_has_exactly_one_responsible_party(world):
    _v, _f, _g, sub, _i, (measure, _office) = build_concept(municipality=world.municipality)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(
            organisation=world.provider, responsible=Responsible.DISTRICT_OFFICE
        )
    with pytest.raises(ConceptError):
        services.measure_create(
            actor="test",
            sub_goal=sub,
            title="x",
            output="y",
            responsible=Responsible.MUNICIPALITY,
            starts_on=date(2024, 1, 1),
            ends_on=date(2024, 2, 1),
        )


def test_a_budget_is_in_whole_cents(world):
    _v, _f, _g, sub, _i, _m = build_concept()
    with pytest.raises(ConceptError):
        services.measure_create(
            actor="test",
            sub_goal=sub,
            title="x",
            output="y",
            responsible=Responsible.DISTRICT_OFFICE,
            starts_on=date(2024, 1, 1),
            ends_on=date(2024, 2, 1),
            budget=Decimal("10.005"),
        )


def test_every_indicator_value_is_dated_and_sourced(world):
    _v, _f, _g, _s, indicator, _m = build_concept()
    with pytest.raises(ConceptError):
        services.indicator_value_record(
            actor="test", indicator=indicator, value=Decimal(9), observed_on=None, source="BAMF"
        )
    with pytest.raises(ConceptError):
        services.indicator_value_record(
            actor="test", indicator=indicator, value=Decimal(9), observed_on=date(2025, 1, 1), source=" "
        )
    # The database refuses an unsourced or undated value from any other path too.
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=indicator, value=1, observed_on=date(2025, 1, 1), source="")
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=indicator, value=1, observed_on=None, source="x")
    services.indicator_value_record(
        actor="test", indicator=indicator, value=Decimal(9), observed_on=date(2025, 1, 1), source="BAMF"
    )
    assert indicator.current.value == 9


def _load(name: str):
    statistics = read_statistics((LAGEBILD_DATA / name).read_bytes(), name)
    return lagebild_services.statistics_import(statistics=statistics, actor="test")


def _a_figure():
    from wegweiser.lagebild.models import Observation

    observation = (
        Observation.objects.exclude(value=None).order_by("region_key", "measure_code", "breakdown_key").first()
    )
    return observation


def test_a_linked_indicator_follows_its_lagebild_figure_after_each_import(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _load("22541-01-01-4.csv")
    figure = _a_figure()
    _v, _f, _g, sub, _i, _m = build_concept()
    link = (figure.table.code, figure.measure_code, figure.region_key, figure.breakdown_key)
    indicator = services.indicator_create(
        actor="test",
        sub_goal=sub,
        title="Betreute Kinder",
        unit="Kinder",
        baseline=Decimal(0),
        baseline_date=date(2010, 1, 1),
        target=Decimal(1000),
        target_date=date(2030, 1, 1),
        lagebild=link,
    )
    assert indicator.current.value == figure.value
    assert indicator.current.observed_on == figure.reference_date
    assert indicator.current.source.startswith("Lagebild")
    # A hand entry is refused: the indicator follows its figure.
    with pytest.raises(ConceptError):
        services.indicator_value_record(
            actor="test", indicator=indicator, value=Decimal(1), observed_on=date(2025, 1, 1), source="x"
        )
    # The figure changes in the Lagebild (a corrected file loaded again): the indicator follows.
    from wegweiser.lagebild.models import Observation

    Observation.objects.filter(pk=figure.pk).update(value=figure.value + 7)
    release = figure.release
    with django_capture_on_commit_callbacks(execute=True):
        lagebild_services.statistic_release_delete(release=release, actor="test")
    assert not indicator.values.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _load("22541-01-01-4.csv")
    assert indicator.current.value == figure.value


def test_the_status_moves_in_order_and_the_adoption_names_the_council_decision(world):
    planner = world.user(Role.INTEGRATION_OFFICE)
    version, *_ = build_concept()
    with pytest.raises(ConceptError):
        services.concept_version_transition(actor=planner, version=version, status=VersionStatus.ADOPTED)
    services.concept_version_transition(actor=planner, version=version, status=VersionStatus.CONSULTATION)
    with pytest.raises(ConceptError):
        services.concept_version_transition(actor=planner, version=version, status=VersionStatus.ADOPTED)
    services.concept_version_transition(
        actor=planner,
        version=version,
        status=VersionStatus.ADOPTED,
        council_decision_date=date(2024, 6, 20),
        council_decision_number="KT/2024/17",
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.ADOPTED
    assert version.council_decision_number == "KT/2024/17"
    entry = (
        AuditEntry.objects.filter(object_type="integrationskonzept.conceptversion", object_id=str(version.pk))
        .order_by("pk")
        .last()
    )
    assert entry.actor == planner
    assert "KT/2024/17" in entry.summary


def test_a_new_version_is_a_copy_of_the_last_and_compares_goal_by_goal(world):
    version, _f, goal, sub, indicator, measures = build_concept(municipality=world.municipality)
    copy = services.concept_version_copy(
        actor="test", source=version, title="Nachfolger", period_start=2029, period_end=2033
    )
    assert copy.predecessor == version
    assert copy.status == VersionStatus.DRAFT
    copied = Measure.objects.filter(sub_goal__goal__field_of_action__version=copy)
    assert sorted(m.title for m in copied) == sorted(m.title for m in measures)
    assert all(m.indicator.sub_goal_id == m.sub_goal_id for m in copied)
    assert [r.change for r in version_compare(version, copy)] == ["same"]
    new_goal = copy.fields.get().goals.get()
    new_goal.title = "Deutsch lernen von Anfang an"
    new_goal.save()
    field = copy.fields.get()
    services.goal_create(actor="test", field_of_action=field, title="Sprachmittlung")
    changes = {r.number: r.change for r in version_compare(version, copy)}
    assert changes == {"1.1": "changed", "1.2": "new"}


def test_a_municipal_manager_reports_only_on_their_municipality_s_measures(world):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    _v, _f, _g, _s, _i, (own, office) = build_concept(municipality=world.municipality)
    *_rest, (foreign, _office2) = build_concept(municipality=world.other_municipality, title="Anderes")
    assert set(measures_for_user(manager)) == {own}
    services.measure_status_update(actor=manager, measure=own, status=MeasureStatus.DONE)
    with pytest.raises(OutsideRemit):
        services.measure_status_update(actor=manager, measure=foreign, status=MeasureStatus.DONE)
    with pytest.raises(OutsideRemit):
        services.measure_status_update(actor=manager, measure=office, status=MeasureStatus.DONE)
    own.refresh_from_db()
    assert own.status == MeasureStatus.DONE


def test_moderation_publishes_answers_and_declines_with_a_reason(world):
    planner = world.user(Role.INTEGRATION_OFFICE)
    version, _f, goal, *_ = build_concept()
    with pytest.raises(ConceptError):
        services.comment_submit(version=version, group="newcomer", language="uk", text="Закрито")
    services.concept_version_transition(actor=planner, version=version, status=VersionStatus.CONSULTATION)
    a = services.comment_submit(version=version, group="newcomer", language="uk", text="Більше курсів", goal=goal)
    b = services.comment_submit(version=version, group="citizen", language="de", text="Werbung")
    c = services.comment_submit(version=version, group="organisation", language="de", text="Mehr Kitaplätze")
    assert list(published_comments(version)) == []
    services.comment_moderate(
        actor=planner, comment=a, status=CommentStatus.ANSWERED, answer="Aufgenommen", changed_goal=goal
    )
    with pytest.raises(ConceptError):
        services.comment_moderate(actor=planner, comment=b, status=CommentStatus.DECLINED)
    services.comment_moderate(actor=planner, comment=b, status=CommentStatus.DECLINED, decline_reason="Werbung")
    services.comment_moderate(actor=planner, comment=c, status=CommentStatus.PUBLISHED)
    assert set(published_comments(version)) == {a, c}
    a.refresh_from_db()
    assert a.changed_goal == goal


def test_participation_is_shown_by_group_and_small_groups_are_hidden(world):
    version, *_ = build_concept()
    services.concept_version_transition(actor="test", version=version, status=VersionStatus.CONSULTATION)
    for _n in range(7):
        services.comment_submit(version=version, group="newcomer", language="uk", text="...")
    for _n in range(2):
        services.comment_submit(version=version, group="municipality", language="de", text="...")
    summary = participation_summary(version)
    assert summary.cells["newcomer"].value == 7
    assert not summary.cells["municipality"].shown
    assert summary.cells["citizen"].value == 0


def test_the_board_lists_overdue_measures_and_indicators_off_track(world):
    version, _f, _g, sub, indicator, (own, office) = build_concept(municipality=world.municipality)
    # 12 -> 6 weeks from 2024-01-01 to 2028-01-01; 11 weeks on 2026-01-01 is 1/6 of the way at half time.
    services.indicator_value_record(
        actor="test", indicator=indicator, value=Decimal(11), observed_on=date(2026, 1, 1), source="BAMF"
    )
    board = progress_board(version, today=date(2026, 3, 1))
    assert board.overdue == [own]  # ended 31.12.2025, still planned
    assert [i for i, _r, _v in board.off_track] == [indicator]
    assert board.by_field[0][1]["planned"] == 1
    services.measure_status_update(actor="test", measure=own, status=MeasureStatus.DONE)
    services.indicator_value_record(
        actor="test", indicator=indicator, value=Decimal(8), observed_on=date(2026, 2, 1), source="BAMF"
    )
    board = progress_board(version, today=date(2026, 3, 1))
    assert board.overdue == []
    assert board.off_track == []
