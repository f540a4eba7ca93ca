"""The only writers of the Integrationskonzept, each with its audit entry in the same transaction."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.integrationskonzept.models import (
    TRANSITIONS,
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
    Responsible,
    SubGoal,
    SubGoalStatus,
    VersionStatus,
)
from wegweiser.territory.remit import OutsideRemit, remit_require

PURPOSE = "integrationskonzept: the district's integration concept"
HONEYPOT = "website"


class ConceptError(ValidationError):
    """A write the plan refuses (a transition out of order, an edit of an adopted version)."""


def _require_editable(version: ConceptVersion) -> None:
    if not version.editable:
        raise ConceptError(_("An adopted concept is not changed; start a new version instead."))


def _tree_audit(actor: Any, version: ConceptVersion, action: str, summary: str, changed: list[str] | None = None):
    """The tree's rows carry no person; their writes are audited on the version they belong to."""
    audit_record(
        actor=actor, action=action, obj=version, purpose=PURPOSE, changed_fields=changed or [], summary=summary
    )


@transaction.atomic
def concept_version_create(*, actor: Any, title: str, period_start: int, period_end: int) -> ConceptVersion:
    version = ConceptVersion.objects.create(title=title, period_start=period_start, period_end=period_end)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=version, purpose=PURPOSE, summary=title)
    return version


@transaction.atomic
def field_create(*, actor: Any, version: ConceptVersion, title: str, description: str = "") -> FieldOfAction:
    _require_editable(version)
    position = (version.fields.aggregate(top=Max("position"))["top"] or 0) + 1
    field = FieldOfAction.objects.create(version=version, position=position, title=title, description=description)
    _tree_audit(actor, version, AuditAction.CREATE, f"field {field.number}")
    return field


@transaction.atomic
def goal_create(*, actor: Any, field_of_action: FieldOfAction, title: str, description: str = "") -> Objective:
    _require_editable(field_of_action.version)
    position = (field_of_action.goals.aggregate(top=Max("position"))["top"] or 0) + 1
    goal = Objective.objects.create(
        field_of_action=field_of_action, position=position, title=title, description=description
    )
    _tree_audit(actor, field_of_action.version, AuditAction.CREATE, f"goal {goal.number}")
    return goal


@transaction.atomic
def sub_goal_create(*, actor: Any, goal: Objective, title: str) -> SubGoal:
    _require_editable(goal.field_of_action.version)
    position = (goal.sub_goals.aggregate(top=Max("position"))["top"] or 0) + 1
    sub_goal = SubGoal.objects.create(goal=goal, position=position, title=title)
    _tree_audit(actor, goal.field_of_action.version, AuditAction.CREATE, f"sub-goal {sub_goal.number}")
    return sub_goal


@transaction.atomic
def sub_goal_assess(*, actor: Any, sub_goal: SubGoal, status: str, evidence: str = "") -> SubGoal:
    """Set how far a sub-goal has come; an assessment as achieved, partly or not achieved needs its evidence."""
    if status not in SubGoalStatus.values:
        raise ConceptError(_("Unknown status."))
    judged = status in (SubGoalStatus.ACHIEVED, SubGoalStatus.PARTLY, SubGoalStatus.NOT_ACHIEVED)
    if judged and not evidence.strip():
        raise ConceptError(_("Name the evidence for this assessment."))
    sub_goal.status = status
    sub_goal.evidence = evidence.strip()
    sub_goal.save(update_fields=["status", "evidence"])
    version = sub_goal.goal.field_of_action.version
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=version,
        purpose=PURPOSE,
        changed_fields=["sub_goal.status", "sub_goal.evidence"],
        summary=f"{sub_goal.number}: {status}",
    )
    return sub_goal


@transaction.atomic
def indicator_create(
    *,
    actor: Any,
    sub_goal: SubGoal,
    title: str,
    unit: str,
    baseline: Decimal,
    baseline_date: date,
    target: Decimal,
    target_date: date,
    direction: str | None = None,
    lagebild: tuple[str, str, str] | tuple[str, str, str, str] | None = None,
) -> Indicator:
    """An indicator of the sub-goal; `lagebild` = (table, variable, region[, breakdown]) links it to a figure,
    whose values it then takes (at once and after every import)."""
    _require_editable(sub_goal.goal.field_of_action.version)
    table, variable, region, breakdown = _link_check(lagebild)
    if target_date <= baseline_date:
        raise ConceptError(_("The target date must lie after the baseline date."))
    direction = direction or ("fall" if target < baseline else "rise")
    indicator = Indicator.objects.create(
        sub_goal=sub_goal,
        title=title,
        unit=unit,
        baseline=baseline,
        baseline_date=baseline_date,
        target=target,
        target_date=target_date,
        direction=direction,
        lagebild_table=table,
        lagebild_variable=variable,
        lagebild_region=region,
        lagebild_breakdown=breakdown,
    )
    if indicator.linked:
        _follow(indicator)
    _tree_audit(actor, sub_goal.goal.field_of_action.version, AuditAction.CREATE, f"indicator {indicator.pk}")
    return indicator


@transaction.atomic
def indicator_value_record(
    *, actor: Any, indicator: Indicator, value: Decimal, observed_on: date | None, source: str
) -> IndicatorValue:
    """A value entered by hand: always with the date it describes and where it comes from. Planners record any; a
    municipal manager only for an indicator that a measure of a municipality in their remit moves."""
    if getattr(actor, "is_authenticated", False) and not user_can(actor, Perm.CONCEPT_PLAN):
        if not user_can(actor, Perm.CONCEPT_MEASURES_REPORT):
            raise PermissionDenied
        municipalities = set(indicator.measures.exclude(municipality=None).values_list("municipality_id", flat=True))
        if not municipalities:
            raise OutsideRemit(_("Only the district office records values of this indicator."))
        for municipality_id in sorted(municipalities):
            try:
                remit_require(actor, municipality_id)
            except OutsideRemit:
                continue
            break
        else:
            raise OutsideRemit(_("No measure of your municipality moves this indicator."))
    if indicator.linked:
        raise ConceptError(_("This indicator follows a Lagebild figure; its values come from there."))
    if observed_on is None:
        raise ConceptError(_("Give the date the value describes."))
    if not (source or "").strip():
        raise ConceptError(_("Give the source of the value."))
    if IndicatorValue.objects.filter(indicator=indicator, observed_on=observed_on, source=source.strip()).exists():
        raise ConceptError(_("This source already has a value for this date."))
    row = IndicatorValue.objects.create(
        indicator=indicator, value=value, observed_on=observed_on, source=source.strip()
    )
    version = indicator.sub_goal.goal.field_of_action.version
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=version, purpose=PURPOSE, changed_fields=["indicator.values"]
    )
    return row


def _follow(indicator: Indicator) -> int:
    """Replace the indicator's Lagebild values by the figure's series as loaded now."""
    from wegweiser.lagebild.selectors import observation_series

    series = observation_series(
        table_code=indicator.lagebild_table,
        measure_code=indicator.lagebild_variable,
        region_key=indicator.lagebild_region,
        breakdown_key=indicator.lagebild_breakdown,
    )
    indicator.values.filter(from_lagebild=True).delete()
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(indicator=indicator, value=value, observed_on=day, source=source[:300], from_lagebild=True)
            for day, value, source in series
        ]
    )
    return len(series)


@transaction.atomic
def indicators_refresh_linked(*, table_code: str | None = None, actor: Any = "lagebild") -> int:
    """Bring every linked indicator (of one table, or all) up to date with the Lagebild; called after each
    statistics import and deletion (hooks.py). Evaluated versions keep the values they were judged on."""
    indicators = Indicator.objects.exclude(lagebild_table="").exclude(
        sub_goal__goal__field_of_action__version__status=VersionStatus.EVALUATED
    )
    if table_code is not None:
        indicators = indicators.filter(lagebild_table=table_code)
    count = 0
    for indicator in indicators:
        _follow(indicator)
        count += 1
    return count


def _responsible_check(*, actor: Any, responsible: str, municipality: Any, organisation: Any) -> None:
    if responsible == Responsible.MUNICIPALITY and municipality is None:
        raise ConceptError(_("Choose the responsible municipality."))
    if responsible == Responsible.ORGANISATION and organisation is None:
        raise ConceptError(_("Choose the responsible organisation."))
    if responsible not in Responsible.values:
        raise ConceptError(_("Choose who is responsible."))


def _grant_check(
    *, version: ConceptVersion, responsible: str, municipality: Any, grant: Any, budget: Decimal | None, measure_pk=None
) -> None:
    """A measure names a LokIn grant only of its own municipality and of the concept's years, and the measures of
    one version funded by a grant together budget no more than the grant's approved amount."""
    from wegweiser.integrationskonzept.selectors import grant_claims, grants_for_version

    if grant is None:
        return
    if responsible != Responsible.MUNICIPALITY or municipality is None:
        raise ConceptError(_("Only a measure of a municipality is funded by a LokIn grant."))
    if not grants_for_version(version, municipality_id=municipality.pk).filter(pk=grant.pk).exists():
        raise ConceptError(_("Choose an approved LokIn grant of the responsible municipality in the concept's years."))
    claimed = (grant_claims(grant.pk, version=version, excluding=measure_pk) or Decimal("0")) + (budget or 0)
    if grant.approved_amount is not None and claimed > grant.approved_amount:
        raise ConceptError(
            _(
                "The measures funded by this grant would budget %(claimed)s EUR, more than its approved %(approved)s EUR."
            )
            % {"claimed": f"{claimed:.2f}", "approved": f"{grant.approved_amount:.2f}"}
        )


@transaction.atomic
def measure_create(
    *,
    actor: Any,
    sub_goal: SubGoal,
    title: str,
    output: str,
    responsible: str,
    starts_on: date,
    ends_on: date,
    municipality: Any = None,
    organisation: Any = None,
    indicator: Indicator | None = None,
    budget: Decimal | None = None,
    grant: Any = None,
    grant_note: str = "",
    status: str = MeasureStatus.PLANNED,
) -> Measure:
    """A measure of a sub-goal; `indicator` (of the same sub-goal) is the one its output moves."""
    _require_editable(sub_goal.goal.field_of_action.version)
    _responsible_check(actor=actor, responsible=responsible, municipality=municipality, organisation=organisation)
    if ends_on < starts_on:
        raise ConceptError(_("A measure cannot end before it starts."))
    if indicator is not None and indicator.sub_goal_id != sub_goal.pk:
        raise ConceptError(_("The indicator belongs to another sub-goal."))
    if budget is not None and budget != budget.quantize(Decimal("0.01")):
        raise ConceptError(_("A budget is given in whole cents."))
    _grant_check(
        version=sub_goal.goal.field_of_action.version,
        responsible=responsible,
        municipality=municipality,
        grant=grant,
        budget=budget,
    )
    measure = Measure.objects.create(
        sub_goal=sub_goal,
        title=title,
        output=output,
        responsible=responsible,
        municipality=municipality if responsible == Responsible.MUNICIPALITY else None,
        organisation=organisation if responsible == Responsible.ORGANISATION else None,
        indicator=indicator,
        starts_on=starts_on,
        ends_on=ends_on,
        budget=budget,
        grant=grant,
        grant_note=grant_note,
        status=status,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=measure,
        purpose=PURPOSE,
        summary=sub_goal.number,
        municipality_id=measure.municipality_id,
    )
    return measure


@transaction.atomic
def measure_status_update(*, actor: Any, measure: Measure, status: str) -> Measure:
    """Report a measure's status. Planners may report any; a municipal manager only the measures their
    municipality is responsible for (the remit decides)."""
    if status not in MeasureStatus.values:
        raise ConceptError(_("Unknown status."))
    # A write by the system (demo loader, tests' setup) has no account and no remit to keep to.
    if getattr(actor, "is_authenticated", False) and not user_can(actor, Perm.CONCEPT_PLAN):
        if not user_can(actor, Perm.CONCEPT_MEASURES_REPORT):
            raise PermissionDenied
        if measure.municipality_id is None:
            raise OutsideRemit(_("Only the district office reports on this measure."))
        remit_require(actor, measure.municipality_id)
    if measure.status == status:
        return measure
    measure.status = status
    measure.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=measure,
        purpose=PURPOSE,
        changed_fields=["status"],
        summary=status,
        municipality_id=measure.municipality_id,
    )
    return measure


@transaction.atomic
def concept_version_transition(
    *,
    actor: Any,
    version: ConceptVersion,
    status: str,
    council_decision_date: date | None = None,
    council_decision_number: str = "",
) -> ConceptVersion:
    """Move a version along draft -> consultation -> adopted -> evaluation -> evaluated. The adoption records
    the council's decision (date and number); the audit entry names who recorded it."""
    given = version
    version = ConceptVersion.objects.select_for_update().get(pk=version.pk)
    if status not in TRANSITIONS.get(version.status, frozenset()):
        raise ConceptError(
            _("A concept %(from)s cannot become %(to)s.")
            % {"from": version.get_status_display(), "to": dict(VersionStatus.choices).get(status, status)}
        )
    changed = ["status"]
    if status == VersionStatus.ADOPTED:
        number = (council_decision_number or "").strip()
        if council_decision_date is None or not number:
            raise ConceptError(_("Record the council's decision: its date and number."))
        version.council_decision_date = council_decision_date
        version.council_decision_number = number
        changed += ["council_decision_date", "council_decision_number"]
    version.status = status
    version.save(update_fields=changed)
    summary = f"{status}"
    if status == VersionStatus.ADOPTED:
        summary = f"{status}: {version.council_decision_number} ({version.council_decision_date:%d.%m.%Y})"
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=version, purpose=PURPOSE, changed_fields=changed, summary=summary
    )
    for name in changed:  # the caller's instance shows the new state too
        setattr(given, name, getattr(version, name))
    return version


def _grant_in(grant: Any, version: ConceptVersion) -> bool:
    return grant is not None and version.period_start <= grant.programme.year <= version.period_end


@transaction.atomic
def concept_version_copy(
    *, actor: Any, source: ConceptVersion, title: str, period_start: int, period_end: int
) -> ConceptVersion:
    """A new draft that starts as a copy of `source`: its tree, measures and indicators (linked ones take the
    Lagebild's values again; hand-entered values stay with the version they were entered for). Each copied
    row remembers the row it came from, for the comparison goal by goal."""
    version = ConceptVersion.objects.create(
        title=title, period_start=period_start, period_end=period_end, predecessor=source
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=version, purpose=PURPOSE, summary=f"copy of {source.pk}")
    measures: list[Measure] = []
    fields = source.fields.prefetch_related(
        "goals__sub_goals__indicators", "goals__sub_goals__measures__grant__programme"
    )
    for old_field in fields:
        new_field = FieldOfAction.objects.create(
            version=version,
            position=old_field.position,
            title=old_field.title,
            description=old_field.description,
            copied_from=old_field,
        )
        for old_goal in old_field.goals.all():
            new_goal = Objective.objects.create(
                field_of_action=new_field,
                position=old_goal.position,
                title=old_goal.title,
                description=old_goal.description,
                copied_from=old_goal,
            )
            for old_sub in old_goal.sub_goals.all():
                new_sub = SubGoal.objects.create(
                    goal=new_goal, position=old_sub.position, title=old_sub.title, copied_from=old_sub
                )
                indicators: dict[int, Indicator] = {}
                for old_indicator in old_sub.indicators.all():
                    new_indicator = Indicator.objects.create(
                        sub_goal=new_sub,
                        title=old_indicator.title,
                        unit=old_indicator.unit,
                        direction=old_indicator.direction,
                        baseline=old_indicator.baseline,
                        baseline_date=old_indicator.baseline_date,
                        target=old_indicator.target,
                        target_date=old_indicator.target_date,
                        lagebild_table=old_indicator.lagebild_table,
                        lagebild_variable=old_indicator.lagebild_variable,
                        lagebild_region=old_indicator.lagebild_region,
                        lagebild_breakdown=old_indicator.lagebild_breakdown,
                        copied_from=old_indicator,
                    )
                    if new_indicator.linked:
                        _follow(new_indicator)
                    indicators[old_indicator.pk] = new_indicator
                for old_measure in old_sub.measures.all():
                    measures.append(
                        Measure(
                            sub_goal=new_sub,
                            title=old_measure.title,
                            output=old_measure.output,
                            indicator=indicators.get(old_measure.indicator_id),
                            responsible=old_measure.responsible,
                            municipality_id=old_measure.municipality_id,
                            organisation_id=old_measure.organisation_id,
                            starts_on=old_measure.starts_on,
                            ends_on=old_measure.ends_on,
                            budget=old_measure.budget,
                            # A grant of a year outside the new period funds nothing of it.
                            grant=old_measure.grant if _grant_in(old_measure.grant, version) else None,
                            grant_note=old_measure.grant_note,
                            copied_from=old_measure,
                        )
                    )
    for measure in measures:
        measure.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=measure,
            purpose=PURPOSE,
            summary="copied",
            municipality_id=measure.municipality_id,
        )
    return version


@transaction.atomic
def comment_submit(
    *,
    version: ConceptVersion,
    group: str,
    language: str,
    text: str,
    goal: Objective | None = None,
    actor: Any = "portal",
) -> Comment:
    """A comment on a draft in consultation, from the public page or a staff member: group and language, no name."""
    if not version.open_for_comments:
        raise ConceptError(_("This concept is not open for comments."))
    if group not in CommentGroup.values:
        raise ConceptError(_("Say as whom you comment."))
    if not text.strip():
        raise ConceptError(_("Write your comment."))
    if goal is not None and goal.field_of_action.version_id != version.pk:
        raise ConceptError(_("This goal belongs to another version."))
    comment = Comment.objects.create(version=version, goal=goal, group=group, language=language, text=text.strip())
    audit_record(actor=actor, action=AuditAction.CREATE, obj=comment, purpose=PURPOSE, summary=group)
    return comment


@transaction.atomic
def comment_moderate(
    *,
    actor: Any,
    comment: Comment,
    status: str,
    answer: str = "",
    decline_reason: str = "",
    changed_goal: Objective | None = None,
) -> Comment:
    """Publish, answer (the answer is published with the comment) or decline a comment (with a reason)."""
    answer, decline_reason = answer.strip(), decline_reason.strip()
    if status == CommentStatus.DECLINED and not decline_reason:
        raise ConceptError(_("Give the reason for declining."))
    if status == CommentStatus.ANSWERED and not answer:
        raise ConceptError(_("Write the answer."))
    if status not in (CommentStatus.PUBLISHED, CommentStatus.ANSWERED, CommentStatus.DECLINED):
        raise ConceptError(_("Unknown status."))
    if changed_goal is not None and changed_goal.field_of_action.version_id != comment.version_id:
        raise ConceptError(_("This goal belongs to another version."))
    comment.status = status
    comment.answer = answer if status == CommentStatus.ANSWERED else comment.answer
    comment.decline_reason = decline_reason if status == CommentStatus.DECLINED else ""
    comment.changed_goal = changed_goal
    comment.save(update_fields=["status", "answer", "decline_reason", "changed_goal"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=comment,
        purpose=PURPOSE,
        changed_fields=["status", "answer", "decline_reason", "changed_goal"],
        summary=status,
    )
    return comment


# --- Editing the tree (issue 21): update and delete each level of a draft ---------------------------------


def _version_of(row: Any) -> ConceptVersion:
    if isinstance(row, FieldOfAction):
        return row.version
    if isinstance(row, Objective):
        return row.field_of_action.version
    if isinstance(row, SubGoal):
        return row.goal.field_of_action.version
    return row.sub_goal.goal.field_of_action.version  # Indicator, Measure


def _set(row: Any, values: dict[str, Any]) -> list[str]:
    values = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    if changed:
        row.save(update_fields=changed)
    return changed


@transaction.atomic
def field_update(*, actor: Any, field_of_action: FieldOfAction, title: str, description: str = "") -> FieldOfAction:
    version = field_of_action.version
    _require_editable(version)
    changed = _set(field_of_action, {"title": title, "description": description})
    if changed:
        _tree_audit(
            actor, version, AuditAction.UPDATE, f"field {field_of_action.number}", [f"field.{c}" for c in changed]
        )
    return field_of_action


@transaction.atomic
def field_delete(*, actor: Any, field_of_action: FieldOfAction) -> None:
    """Only an empty field of action goes: its goals are deleted one by one first, so nothing goes unseen."""
    version = field_of_action.version
    _require_editable(version)
    if field_of_action.goals.exists():
        raise ConceptError(_("This field of action still has goals; delete them first."))
    number = field_of_action.number
    field_of_action.delete()
    _tree_audit(actor, version, AuditAction.DELETE, f"field {number}")


@transaction.atomic
def goal_update(*, actor: Any, goal: Objective, title: str, description: str = "") -> Objective:
    version = goal.field_of_action.version
    _require_editable(version)
    changed = _set(goal, {"title": title, "description": description})
    if changed:
        _tree_audit(actor, version, AuditAction.UPDATE, f"goal {goal.number}", [f"goal.{c}" for c in changed])
    return goal


@transaction.atomic
def goal_delete(*, actor: Any, goal: Objective) -> None:
    version = goal.field_of_action.version
    _require_editable(version)
    if goal.sub_goals.exists():
        raise ConceptError(_("This goal still has sub-goals; delete them first."))
    number = goal.number
    goal.delete()
    _tree_audit(actor, version, AuditAction.DELETE, f"goal {number}")


@transaction.atomic
def sub_goal_update(*, actor: Any, sub_goal: SubGoal, title: str) -> SubGoal:
    version = sub_goal.goal.field_of_action.version
    _require_editable(version)
    changed = _set(sub_goal, {"title": title})
    if changed:
        _tree_audit(actor, version, AuditAction.UPDATE, f"sub-goal {sub_goal.number}", ["sub_goal.title"])
    return sub_goal


@transaction.atomic
def sub_goal_delete(*, actor: Any, sub_goal: SubGoal) -> None:
    """A sub-goal with measures is not deleted (no measure is left without its goal), nor one with indicators
    (their values would go with it)."""
    version = sub_goal.goal.field_of_action.version
    _require_editable(version)
    if sub_goal.measures.exists():
        raise ConceptError(_("This sub-goal still has measures; delete them first."))
    if sub_goal.indicators.exists():
        raise ConceptError(_("This sub-goal still has indicators; delete them first."))
    number = sub_goal.number
    sub_goal.delete()
    _tree_audit(actor, version, AuditAction.DELETE, f"sub-goal {number}")


def _link_check(lagebild: tuple[str, ...] | None) -> tuple[str, str, str, str]:
    table, variable, region, breakdown = (tuple(lagebild) + ("",))[:4] if lagebild else ("", "", "", "")
    if any((table, variable, region)) and not all((table, variable, region)):
        raise ConceptError(_("A Lagebild figure is named by its table, variable and region together."))
    return table, variable, region, breakdown


@transaction.atomic
def indicator_update(
    *,
    actor: Any,
    indicator: Indicator,
    title: str,
    unit: str,
    baseline: Decimal,
    baseline_date: date,
    target: Decimal,
    target_date: date,
    direction: str | None = None,
    lagebild: tuple[str, ...] | None = None,
) -> Indicator:
    """Change an indicator; a changed Lagebild link takes the new figure's values, and an indicator no longer
    linked keeps no values from the Lagebild."""
    version = _version_of(indicator)
    _require_editable(version)
    table, variable, region, breakdown = _link_check(lagebild)
    if target_date <= baseline_date:
        raise ConceptError(_("The target date must lie after the baseline date."))
    if table and indicator.values.filter(from_lagebild=False).exists():
        raise ConceptError(_("This indicator has values entered by hand; it cannot follow a Lagebild figure."))
    direction = direction or ("fall" if target < baseline else "rise")
    changed = _set(
        indicator,
        {
            "title": title,
            "unit": unit,
            "baseline": baseline,
            "baseline_date": baseline_date,
            "target": target,
            "target_date": target_date,
            "direction": direction,
            "lagebild_table": table,
            "lagebild_variable": variable,
            "lagebild_region": region,
            "lagebild_breakdown": breakdown,
        },
    )
    if any(name.startswith("lagebild_") for name in changed):
        if indicator.linked:
            _follow(indicator)
        else:
            indicator.values.filter(from_lagebild=True).delete()
    if changed:
        _tree_audit(
            actor, version, AuditAction.UPDATE, f"indicator {indicator.pk}", [f"indicator.{c}" for c in changed]
        )
    return indicator


@transaction.atomic
def indicator_delete(*, actor: Any, indicator: Indicator) -> None:
    """An indicator a measure names as the one its output moves stays until the measure names another."""
    version = _version_of(indicator)
    _require_editable(version)
    if indicator.measures.exists():
        raise ConceptError(_("A measure names this indicator as the one its output moves; change the measure first."))
    pk = indicator.pk
    indicator.delete()
    _tree_audit(actor, version, AuditAction.DELETE, f"indicator {pk}")


@transaction.atomic
def measure_update(
    *,
    actor: Any,
    measure: Measure,
    title: str,
    output: str,
    responsible: str,
    starts_on: date,
    ends_on: date,
    municipality: Any = None,
    organisation: Any = None,
    indicator: Indicator | None = None,
    budget: Decimal | None = None,
    grant: Any = None,
    grant_note: str = "",
) -> Measure:
    """Change a measure of a draft; its status is reported separately (measure_status_update)."""
    _require_editable(_version_of(measure))
    _responsible_check(actor=actor, responsible=responsible, municipality=municipality, organisation=organisation)
    if ends_on < starts_on:
        raise ConceptError(_("A measure cannot end before it starts."))
    if indicator is not None and indicator.sub_goal_id != measure.sub_goal_id:
        raise ConceptError(_("The indicator belongs to another sub-goal."))
    if budget is not None and budget != budget.quantize(Decimal("0.01")):
        raise ConceptError(_("A budget is given in whole cents."))
    _grant_check(
        version=_version_of(measure),
        responsible=responsible,
        municipality=municipality,
        grant=grant,
        budget=budget,
        measure_pk=measure.pk,
    )
    changed = _set(
        measure,
        {
            "title": title,
            "output": output,
            "responsible": responsible,
            "municipality": municipality if responsible == Responsible.MUNICIPALITY else None,
            "organisation": organisation if responsible == Responsible.ORGANISATION else None,
            "indicator": indicator,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "budget": budget,
            "grant": grant,
            "grant_note": grant_note,
        },
    )
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=measure,
            purpose=PURPOSE,
            changed_fields=changed,
            municipality_id=measure.municipality_id,
        )
    return measure


@transaction.atomic
def measure_delete(*, actor: Any, measure: Measure) -> None:
    _require_editable(_version_of(measure))
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=measure,
        purpose=PURPOSE,
        summary=measure.sub_goal.number,
        municipality_id=measure.municipality_id,
    )
    measure.delete()
