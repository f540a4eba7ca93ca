"""Factories for the concept's tree, and `build_concept`, a small plan made through the services."""

from datetime import date
from decimal import Decimal

import factory

from wegweiser.integrationskonzept import services
from wegweiser.integrationskonzept.models import ConceptVersion, Responsible


class ConceptVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConceptVersion

    title = factory.Sequence(lambda n: f"Konzept {n}")
    period_start = 2024
    period_end = 2028


def build_concept(*, municipality=None, organisation=None, title="Migration und Integration 2024-2028"):
    """A draft with one field of action, one goal, one sub-goal, a hand-entered indicator and two measures:
    one of `municipality` (if given), one of the district office."""
    version = services.concept_version_create(actor="test", title=title, period_start=2024, period_end=2028)
    field = services.field_create(actor="test", version=version, title="Sprache")
    goal = services.goal_create(actor="test", field_of_action=field, title="Deutsch lernen ohne Wartezeit")
    sub = services.sub_goal_create(actor="test", goal=goal, title="Wartezeit auf einen Kurs sinkt")
    indicator = services.indicator_create(
        actor="test",
        sub_goal=sub,
        title="Wartezeit auf einen Integrationskurs",
        unit="Wochen",
        baseline=Decimal(12),
        baseline_date=date(2024, 1, 1),
        target=Decimal(6),
        target_date=date(2028, 1, 1),
    )
    measures = []
    if municipality is not None:
        measures.append(
            services.measure_create(
                actor="test",
                sub_goal=sub,
                title="Deutschtreff im Rathaus",
                output="Ein Deutschtreff pro Woche",
                indicator=indicator,
                responsible=Responsible.MUNICIPALITY,
                municipality=municipality,
                starts_on=date(2024, 3, 1),
                ends_on=date(2025, 12, 31),
                budget=Decimal("4800.00"),
            )
        )
    measures.append(
        services.measure_create(
            actor="test",
            sub_goal=sub,
            title="Kurskoordination",
            output="Kursplätze nach Bedarf",
            indicator=indicator,
            responsible=Responsible.ORGANISATION if organisation else Responsible.DISTRICT_OFFICE,
            organisation=organisation,
            starts_on=date(2024, 1, 1),
            ends_on=date(2027, 12, 31),
        )
    )
    return version, field, goal, sub, indicator, measures
