"""For the audit coverage test (audit/registry.py): the services writing each DECISION model of the concept."""

from datetime import date
from decimal import Decimal

from wegweiser.accounts.roles import Role
from wegweiser.integrationskonzept import services
from wegweiser.integrationskonzept.models import CommentStatus, MeasureStatus, VersionStatus
from wegweiser.integrationskonzept.tests.factories import build_concept


def version_through_its_life(world):
    planner = world.user(Role.INTEGRATION_OFFICE)
    version, *_rest = build_concept(municipality=world.municipality)
    services.concept_version_transition(actor=planner, version=version, status=VersionStatus.CONSULTATION)
    services.concept_version_transition(
        actor=planner,
        version=version,
        status=VersionStatus.ADOPTED,
        council_decision_date=date(2024, 6, 20),
        council_decision_number="KT/2024/17",
    )
    services.concept_version_copy(actor=planner, source=version, title="Nachfolger", period_start=2029, period_end=2033)


def plan_assessed_and_measured(world):
    """Assessments and indicator values are recorded on the version they belong to."""
    planner = world.user(Role.INTEGRATION_OFFICE)
    _version, _field, _goal, sub, indicator, _measures = build_concept()
    services.sub_goal_assess(actor=planner, sub_goal=sub, status="partly", evidence="Wartezeit 9 statt 6 Wochen")
    services.indicator_value_record(
        actor=planner, indicator=indicator, value=Decimal(9), observed_on=date(2025, 12, 31), source="BAMF"
    )
    services.indicators_refresh_linked()


def measure_created_copied_and_reported(world):
    version, *_rest, measures = build_concept(municipality=world.municipality)
    services.measure_status_update(
        actor=world.user(Role.MUNICIPAL_MANAGER), measure=measures[0], status=MeasureStatus.DONE
    )
    services.concept_version_copy(actor="test", source=version, title="Kopie", period_start=2029, period_end=2033)


def comment_submitted_and_moderated(world):
    version, _field, goal, *_rest = build_concept()
    services.concept_version_transition(actor="test", version=version, status=VersionStatus.CONSULTATION)
    comment = services.comment_submit(version=version, group="newcomer", language="uk", text="Більше курсів")
    services.comment_moderate(
        actor=world.user(Role.INTEGRATION_OFFICE),
        comment=comment,
        status=CommentStatus.ANSWERED,
        answer="Aufgenommen",
        changed_goal=goal,
    )


def tree_edited_and_deleted(world):
    """The editing pages' services: each level changed, then deleted from the bottom up."""
    planner = world.user(Role.INTEGRATION_OFFICE)
    _version, field, goal, sub, indicator, measures = build_concept(municipality=world.municipality)
    services.field_update(actor=planner, field_of_action=field, title="Sprache und Bildung")
    services.goal_update(actor=planner, goal=goal, title="Deutsch lernen")
    services.sub_goal_update(actor=planner, sub_goal=sub, title="Kurs binnen 6 Wochen")
    services.indicator_update(
        actor=planner,
        indicator=indicator,
        title="Wartezeit",
        unit="Wochen",
        baseline=Decimal(12),
        baseline_date=date(2024, 1, 1),
        target=Decimal(5),
        target_date=date(2028, 1, 1),
    )
    measure = measures[0]
    services.measure_update(
        actor=planner,
        measure=measure,
        title=measure.title,
        output=measure.output,
        responsible=measure.responsible,
        municipality=measure.municipality,
        starts_on=measure.starts_on,
        ends_on=measure.ends_on,
        budget=Decimal("5000.00"),
    )
    for each in measures:
        services.measure_delete(actor=planner, measure=each)
    services.indicator_delete(actor=planner, indicator=indicator)
    services.sub_goal_delete(actor=planner, sub_goal=sub)
    services.goal_delete(actor=planner, goal=goal)
    services.field_delete(actor=planner, field_of_action=field)


SCENARIOS = {
    "integrationskonzept.conceptversion": [
        version_through_its_life,
        plan_assessed_and_measured,
        tree_edited_and_deleted,
    ],
    "integrationskonzept.measure": [measure_created_copied_and_reported, tree_edited_and_deleted],
    "integrationskonzept.comment": [comment_submitted_and_moderated],
}
