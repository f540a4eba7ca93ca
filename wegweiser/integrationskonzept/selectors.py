"""Reads of the Integrationskonzept; who may see what is answered here."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.core.publication import Publication, publish_table
from wegweiser.integrationskonzept.models import (
    Comment,
    CommentGroup,
    CommentStatus,
    ConceptVersion,
    FieldOfAction,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Objective,
    SubGoal,
    VersionStatus,
)
from wegweiser.integrationskonzept.progress import Reading, reading


def concept_versions_for_user(user: Any) -> QuerySet[ConceptVersion]:
    if not user_can(user, Perm.CONCEPT_VIEW):
        return ConceptVersion.objects.none()
    return ConceptVersion.objects.all()


def versions_open_for_comments() -> QuerySet[ConceptVersion]:
    """For the public consultation page: only drafts in consultation."""
    return ConceptVersion.objects.filter(status=VersionStatus.CONSULTATION)


def one_of(rows: QuerySet, pk: Any):
    """The row `pk` among the rows a user may see, else 404: the same answer for "missing" and "not yours", so
    no view looks a row up by bare id."""
    return get_object_or_404(rows, pk=pk)


def measures_for_user(user: Any) -> QuerySet[Measure]:
    """Planners see every measure; a municipal manager the measures of the municipalities in their remit."""
    base = Measure.objects.select_related(
        "municipality",
        "organisation",
        "indicator",
        "grant__programme",
        "sub_goal__goal__field_of_action__version",
    )
    if user_can(user, Perm.CONCEPT_PLAN):
        return base
    if user_can(user, Perm.CONCEPT_MEASURES_REPORT):
        return base.filter(municipality__isnull=False).in_remit(user)
    return Measure.objects.none()


def municipal_measures_for_user(user: Any) -> QuerySet[Measure]:
    """The measures a municipality is responsible for, as far as this user sees them (the "our measures" page and
    the LokIn workspace), ordered by their end."""
    values = Prefetch("indicator__values", queryset=IndicatorValue.objects.order_by("observed_on", "pk"))
    return measures_for_user(user).exclude(municipality=None).prefetch_related(values).order_by("ends_on", "pk")


def measure_for_user(user: Any, pk: Any) -> Measure:
    """A measure whose status this user reports (404 for another municipality's)."""
    return one_of(measures_for_user(user), pk)


def value_indicators_for_user(user: Any) -> QuerySet[Indicator]:
    """The hand-entered indicators this user records values for: a planner every one of the versions they see, a
    municipal manager those that a measure of their municipality moves."""
    hand = Indicator.objects.filter(lagebild_table="").select_related("sub_goal__goal__field_of_action__version")
    if user_can(user, Perm.CONCEPT_PLAN):
        return hand.filter(sub_goal__goal__field_of_action__version__in=concept_versions_for_user(user))
    if user_can(user, Perm.CONCEPT_MEASURES_REPORT):
        return hand.filter(pk__in=measures_for_user(user).exclude(indicator=None).values("indicator_id"))
    return Indicator.objects.none()


def comments_for_user(user: Any) -> QuerySet[Comment]:
    if not user_can(user, Perm.CONCEPT_PLAN):
        return Comment.objects.none()
    return Comment.objects.select_related("goal__field_of_action", "changed_goal__field_of_action", "version")


def published_comments(version: ConceptVersion) -> QuerySet[Comment]:
    return version.comments.filter(status__in=[CommentStatus.PUBLISHED, CommentStatus.ANSWERED]).select_related(
        "goal__field_of_action"
    )


def version_tree(version: ConceptVersion) -> list[FieldOfAction]:
    """The fields of action with their goals, sub-goals, indicators (with values) and measures, in five queries."""
    values = Prefetch("values", queryset=IndicatorValue.objects.order_by("observed_on", "pk"))
    indicators = Prefetch("indicators", queryset=Indicator.objects.prefetch_related(values))
    measures = Prefetch(
        "measures",
        queryset=Measure.objects.select_related("municipality", "organisation", "indicator", "grant__programme"),
    )
    sub_goals = SubGoal.objects.prefetch_related(indicators, measures)
    return list(
        version.fields.prefetch_related(
            Prefetch("goals", queryset=Objective.objects.prefetch_related(Prefetch("sub_goals", queryset=sub_goals)))
        )
    )


def latest_value(indicator: Indicator) -> IndicatorValue | None:
    return indicator.current


def indicator_reading(indicator: Indicator) -> Reading | None:
    current = latest_value(indicator)
    if current is None:
        return None
    return reading(
        baseline=indicator.baseline,
        target=indicator.target,
        baseline_date=indicator.baseline_date,
        target_date=indicator.target_date,
        current=current.value,
        on=current.observed_on,
    )


@dataclass
class Board:
    by_field: list[tuple[FieldOfAction, dict[str, int]]]
    statuses: list[tuple[str, str]]
    overdue: list[Measure]
    off_track: list[tuple[Indicator, Reading, IndicatorValue]]
    on_track: list[tuple[Indicator, Reading, IndicatorValue]] = field(default_factory=list)


def progress_board(version: ConceptVersion, *, today: date) -> Board:
    """All sub-goals by status and field, measures past their end and not done, indicators below their line."""
    from wegweiser.integrationskonzept.models import SubGoalStatus

    tree = version_tree(version)
    by_field = []
    overdue: list[Measure] = []
    off_track, on_track = [], []
    for field_of_action in tree:
        counts = dict.fromkeys(SubGoalStatus.values, 0)
        for goal in field_of_action.goals.all():
            for sub in goal.sub_goals.all():
                counts[sub.status] += 1
                for measure in sub.measures.all():
                    if measure.ends_on < today and measure.status not in (MeasureStatus.DONE, MeasureStatus.STOPPED):
                        overdue.append(measure)
                for indicator in sub.indicators.all():
                    result = indicator_reading(indicator)
                    if result is None:
                        continue
                    entry = (indicator, result, latest_value(indicator))
                    (on_track if result.on_track else off_track).append(entry)
        by_field.append((field_of_action, counts))
    return Board(
        by_field=by_field,
        statuses=list(SubGoalStatus.choices),
        overdue=sorted(overdue, key=lambda m: m.ends_on),
        off_track=off_track,
        on_track=on_track,
    )


def participation_summary(version: ConceptVersion) -> Publication:
    """Who took part, by group only, under the publication rule for counts about people."""
    counts = dict.fromkeys(CommentGroup.values, 0)
    for group in version.comments.values_list("group", flat=True):
        counts[group] += 1
    return publish_table(counts)


@dataclass
class GoalComparison:
    number: str
    title_before: str | None
    title_after: str | None
    sub_goals_before: list[str]
    sub_goals_after: list[str]

    @property
    def change(self) -> str:
        if self.title_before is None:
            return "new"
        if self.title_after is None:
            return "dropped"
        if self.title_before != self.title_after or self.sub_goals_before != self.sub_goals_after:
            return "changed"
        return "same"


def version_compare(before: ConceptVersion, after: ConceptVersion) -> list[GoalComparison]:
    """Goal by goal: a goal of `after` is matched with the goal it was copied from, if that lies in `before`."""

    def goals(version):
        return {goal.pk: goal for f in version_tree(version) for goal in f.goals.all()}

    old, new = goals(before), goals(after)
    matched: set[int] = set()
    rows = []
    for goal in new.values():
        source = old.get(goal.copied_from_id) if goal.copied_from_id else None
        if source is not None:
            matched.add(source.pk)
        rows.append(
            GoalComparison(
                number=goal.number,
                title_before=source.title if source else None,
                title_after=goal.title,
                sub_goals_before=[s.title for s in source.sub_goals.all()] if source else [],
                sub_goals_after=[s.title for s in goal.sub_goals.all()],
            )
        )
    for goal in old.values():
        if goal.pk not in matched:
            rows.append(
                GoalComparison(
                    number=goal.number,
                    title_before=goal.title,
                    title_after=None,
                    sub_goals_before=[s.title for s in goal.sub_goals.all()],
                    sub_goals_after=[],
                )
            )
    return rows


# --- For the editing pages (issue 21) ----------------------------------------------------------------------


def version_for_user(user: Any, pk: Any) -> ConceptVersion:
    return one_of(concept_versions_for_user(user), pk)


def version_goals(version: ConceptVersion | int) -> QuerySet[Objective]:
    """The goals of one version, to name in a comment or its moderation."""
    return Objective.objects.filter(field_of_action__version=version).select_related("field_of_action")


def sub_goal_indicators(sub_goal: SubGoal) -> QuerySet[Indicator]:
    """The indicators a measure of `sub_goal` may name as the one its output moves."""
    return Indicator.objects.filter(sub_goal=sub_goal)


def grants_for_version(version: ConceptVersion, *, municipality_id: int | None = None):
    """The LokIn grants a measure of `version` may name: approved, of the concept's years (and of one
    municipality, if given). Imported lazily: LokIn's workspace reads this module, and this module LokIn's
    selectors only, so neither app's modules import each other when loaded."""
    from wegweiser.lokin.selectors import concept_grants

    return concept_grants(
        first_year=version.period_start, last_year=version.period_end, municipality_id=municipality_id
    )


def grant_claims(grant_id: int, *, version: ConceptVersion, excluding: int | None = None):
    """What the measures of `version` funded by one grant budget together (without the measure `excluding`)."""
    from django.db.models import Sum

    rows = Measure.objects.filter(grant_id=grant_id, sub_goal__goal__field_of_action__version=version)
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    return rows.aggregate(total=Sum("budget"))["total"]


def fields_for_user(user: Any) -> QuerySet[FieldOfAction]:
    return FieldOfAction.objects.filter(version__in=concept_versions_for_user(user)).select_related("version")


def goals_for_user(user: Any) -> QuerySet[Objective]:
    return Objective.objects.filter(field_of_action__version__in=concept_versions_for_user(user)).select_related(
        "field_of_action__version"
    )


def sub_goals_for_user(user: Any) -> QuerySet[SubGoal]:
    return SubGoal.objects.filter(goal__field_of_action__version__in=concept_versions_for_user(user)).select_related(
        "goal__field_of_action__version"
    )


def indicators_for_user(user: Any) -> QuerySet[Indicator]:
    return Indicator.objects.filter(
        sub_goal__goal__field_of_action__version__in=concept_versions_for_user(user)
    ).select_related("sub_goal__goal__field_of_action__version")


def planned_measures_for_user(user: Any) -> QuerySet[Measure]:
    """The measures a planner edits (all of the versions they see; a municipal manager edits none)."""
    if not user_can(user, Perm.CONCEPT_PLAN):
        return Measure.objects.none()
    return Measure.objects.filter(
        sub_goal__goal__field_of_action__version__in=concept_versions_for_user(user)
    ).select_related("sub_goal__goal__field_of_action__version")


def field_for_user(user: Any, pk: Any) -> FieldOfAction:
    return one_of(fields_for_user(user), pk)


def goal_for_user(user: Any, pk: Any) -> Objective:
    return one_of(goals_for_user(user), pk)


def sub_goal_for_user(user: Any, pk: Any) -> SubGoal:
    return one_of(sub_goals_for_user(user), pk)


def indicator_for_user(user: Any, pk: Any) -> Indicator:
    return one_of(indicators_for_user(user), pk)


def planned_measure_for_user(user: Any, pk: Any) -> Measure:
    return one_of(planned_measures_for_user(user), pk)


def comment_for_user(user: Any, pk: Any) -> Comment:
    return one_of(comments_for_user(user), pk)


def value_indicator_for_user(user: Any, pk: Any) -> Indicator:
    return one_of(value_indicators_for_user(user), pk)


@dataclass(frozen=True)
class LagebildChoices:
    tables: list[tuple[str, str]]
    variables: list[str]
    regions: list[str]


def lagebild_choices() -> LagebildChoices:
    """The tables, variables and region keys loaded in the Lagebild, to choose an indicator's figure from."""
    from wegweiser.lagebild.models import Observation, StatisticTable

    tables = sorted({(t.code, str(t)) for t in StatisticTable.objects.only("code", "title")})
    observations = Observation.objects.order_by()
    variables = sorted(set(observations.values_list("measure_code", flat=True).distinct()))
    regions = sorted(set(observations.values_list("region_key", flat=True).distinct()))
    return LagebildChoices(tables=tables, variables=variables, regions=regions)


def lagebild_figure_has_values(table: str, variable: str, region: str, breakdown: str = "") -> bool:
    from wegweiser.lagebild.selectors import observation_series

    return bool(observation_series(table_code=table, measure_code=variable, region_key=region, breakdown_key=breakdown))
