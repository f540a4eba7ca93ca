"""The district's integration concept as a living plan.

A `ConceptVersion` (2018-2022, its successor) holds a tree: `FieldOfAction` -> `Objective` -> `SubGoal`. A sub-goal
is carried out by `Measure`s (each with exactly one responsible party: the district office, a municipality or
an organisation of the network) and measured by `Indicator`s; a measure names the indicator its output moves,
so the chain measure -> output -> indicator -> goal is explicit. An indicator's values (`IndicatorValue`) are
each dated and sourced; an indicator linked to a Lagebild figure (table, variable, region) takes its values from
the Lagebild's observations. A draft in consultation collects `Comment`s, moderated by the planners.

Rows of a later version keep `copied_from`, the row of the version before it was copied from, so two versions
can be compared goal by goal.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wegweiser.territory.remit import RemitQuerySet


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    ADOPTED = "adopted", _("Adopted")
    EVALUATION = "evaluation", _("In evaluation")
    EVALUATED = "evaluated", _("Evaluated")


# Which status may follow which; a consultation can be closed back into the draft.
TRANSITIONS: dict[str, frozenset[str]] = {
    VersionStatus.DRAFT: frozenset({VersionStatus.CONSULTATION}),
    VersionStatus.CONSULTATION: frozenset({VersionStatus.DRAFT, VersionStatus.ADOPTED}),
    VersionStatus.ADOPTED: frozenset({VersionStatus.EVALUATION}),
    VersionStatus.EVALUATION: frozenset({VersionStatus.EVALUATED}),
    VersionStatus.EVALUATED: frozenset(),
}
DECIDED = (VersionStatus.ADOPTED, VersionStatus.EVALUATION, VersionStatus.EVALUATED)


class ConceptVersion(models.Model):
    # Adopting a concept is the district council's decision; every status change is audited.
    DECISION = True

    title = models.CharField(_("title"), max_length=200)
    period_start = models.PositiveSmallIntegerField(_("from (year)"))
    period_end = models.PositiveSmallIntegerField(_("to (year)"))
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    council_decision_date = models.DateField(_("council decision of"), null=True, blank=True)
    council_decision_number = models.CharField(_("council decision number"), max_length=50, blank=True)
    predecessor = models.ForeignKey(
        "self", verbose_name=_("predecessor"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "-pk"]
        verbose_name = _("concept version")
        verbose_name_plural = _("concept versions")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="konzept_period"),
            # An adopted concept names the council's decision: no adoption without date and number.
            models.CheckConstraint(
                condition=~Q(status__in=DECIDED)
                | (Q(council_decision_date__isnull=False) & ~Q(council_decision_number="")),
                name="konzept_adopted_by_council",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def open_for_comments(self) -> bool:
        return self.status == VersionStatus.CONSULTATION

    @property
    def editable(self) -> bool:
        return self.status in (VersionStatus.DRAFT, VersionStatus.CONSULTATION)


class FieldOfAction(models.Model):
    version = models.ForeignKey(ConceptVersion, on_delete=models.CASCADE, related_name="fields")
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="konzept_field_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def number(self) -> str:
        return str(self.position)


class Objective(models.Model):
    field_of_action = models.ForeignKey(FieldOfAction, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["field_of_action__position", "position"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [models.UniqueConstraint(fields=["field_of_action", "position"], name="konzept_goal_position")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return f"{self.field_of_action.position}.{self.position}"


class SubGoalStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class SubGoal(models.Model):
    goal = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="sub_goals")
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=SubGoalStatus.choices, default=SubGoalStatus.PLANNED)
    # What the evaluation found, in words: the evidence for achieved / partly / not achieved.
    evidence = models.TextField(_("evidence"), blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["goal__field_of_action__position", "goal__position", "position"]
        verbose_name = _("sub-goal")
        verbose_name_plural = _("sub-goals")
        constraints = [models.UniqueConstraint(fields=["goal", "position"], name="konzept_subgoal_position")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return f"{self.goal.number}.{self.position}"


class Direction(models.TextChoices):
    RISE = "rise", _("Higher is better")
    FALL = "fall", _("Lower is better")


class Indicator(models.Model):
    sub_goal = models.ForeignKey(SubGoal, on_delete=models.CASCADE, related_name="indicators")
    title = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.RISE)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=4)
    baseline_date = models.DateField(_("baseline date"))
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=4)
    target_date = models.DateField(_("target date"))
    # The Lagebild figure the indicator follows (all empty for an indicator entered by hand).
    lagebild_table = models.CharField(_("Lagebild table"), max_length=64, blank=True)
    lagebild_variable = models.CharField(_("Lagebild variable"), max_length=100, blank=True)
    lagebild_region = models.CharField(_("Lagebild region key"), max_length=12, blank=True)
    lagebild_breakdown = models.CharField(_("Lagebild breakdown"), max_length=500, blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["sub_goal", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(condition=Q(target_date__gt=models.F("baseline_date")), name="konzept_target_later"),
            # A link names its table, variable and region together, or nothing.
            models.CheckConstraint(
                condition=(Q(lagebild_table="") & Q(lagebild_variable="") & Q(lagebild_region=""))
                | (~Q(lagebild_table="") & ~Q(lagebild_variable="") & ~Q(lagebild_region="")),
                name="konzept_indicator_link_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def linked(self) -> bool:
        return bool(self.lagebild_table)

    @property
    def current(self) -> "IndicatorValue | None":
        """The latest value (by the date it describes); uses prefetched values when there are any."""
        values = sorted(self.values.all(), key=lambda v: (v.observed_on, v.pk))
        return values[-1] if values else None


class IndicatorValue(models.Model):
    """One value of an indicator, always with the date it describes and its source."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    observed_on = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=300)
    from_lagebild = models.BooleanField(_("from the Lagebild"), default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "observed_on", "pk"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.CheckConstraint(condition=~Q(source=""), name="konzept_value_sourced"),
            models.UniqueConstraint(fields=["indicator", "observed_on", "source"], name="konzept_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.observed_on}, {self.source})"


class Responsible(models.TextChoices):
    DISTRICT_OFFICE = "district_office", _("District office")
    MUNICIPALITY = "municipality", _("Municipality")
    ORGANISATION = "organisation", _("Organisation")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


class Measure(models.Model):
    # Who carries out what with which budget is a decision; its status is reported by the one responsible.
    DECISION = True
    REMIT_FIELD = "municipality"

    # PROTECT: a sub-goal with measures cannot be deleted, so no measure is ever left without its goal.
    sub_goal = models.ForeignKey(SubGoal, on_delete=models.PROTECT, related_name="measures")
    title = models.CharField(_("measure"), max_length=300)
    output = models.CharField(_("output"), max_length=300, help_text=_("What the measure produces."))
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator its output moves"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    responsible = models.CharField(_("responsible"), max_length=20, choices=Responsible.choices)
    municipality = models.ForeignKey(
        "territory.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "network.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    budget = models.DecimalField(_("budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True)
    # The LokIn grant (an approved `lokin.Application` of the responsible municipality) that funds the measure.
    # PROTECT: the measure documents a funding decision; a grant the concept names is not deleted under it.
    grant = models.ForeignKey(
        "lokin.Application",
        verbose_name=_("LokIn grant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A funding reference in words that names no grant of LokIn (kept from before the link existed).
    grant_note = models.CharField(_("funding note"), max_length=100, blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["sub_goal", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="konzept_measure_timeline"),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0), name="konzept_budget"),
            # Exactly one responsible party, and the one the kind names.
            models.CheckConstraint(
                condition=(
                    Q(responsible=Responsible.DISTRICT_OFFICE, municipality__isnull=True, organisation__isnull=True)
                    | Q(responsible=Responsible.MUNICIPALITY, municipality__isnull=False, organisation__isnull=True)
                    | Q(responsible=Responsible.ORGANISATION, municipality__isnull=True, organisation__isnull=False)
                ),
                name="konzept_measure_one_responsible",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def responsible_label(self) -> str:
        if self.municipality_id:
            return self.municipality.name
        if self.organisation_id:
            return self.organisation.name
        return str(Responsible.DISTRICT_OFFICE.label)


class CommentGroup(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    ORGANISATION = "organisation", _("Organisation or association")
    NEWCOMER = "newcomer", _("Newcomer")
    VOLUNTEER = "volunteer", _("Volunteer")
    CITIZEN = "citizen", _("Citizen")


class CommentStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PUBLISHED = "published", _("Published")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")


class Comment(models.Model):
    """A comment on a draft in consultation. It keeps the commenter's group and language, never a name."""

    DECISION = True  # moderation is a decision someone answers for

    version = models.ForeignKey(ConceptVersion, on_delete=models.CASCADE, related_name="comments")
    goal = models.ForeignKey(
        Objective, verbose_name=_("goal"), null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    group = models.CharField(_("I comment as"), max_length=20, choices=CommentGroup.choices)
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("comment"))
    status = models.CharField(_("status"), max_length=20, choices=CommentStatus.choices, default=CommentStatus.RECEIVED)
    answer = models.TextField(_("answer"), blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # The goal the comment changed, when it did.
    changed_goal = models.ForeignKey(
        Objective, verbose_name=_("goal it changed"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=CommentStatus.DECLINED) | ~Q(decline_reason=""), name="konzept_declined_with_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status=CommentStatus.ANSWERED) | ~Q(answer=""), name="konzept_answered_with_answer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} {self.submitted_at:%d.%m.%Y}"
