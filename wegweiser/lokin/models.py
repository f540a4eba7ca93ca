"""LokIn: the district's grants for local integration management in its municipalities.

Money is `Decimal` with two places (whole cents) everywhere; no float is ever stored or summed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.followups import FollowUpBase
from wegweiser.territory.remit import RemitQuerySet

MONEY = {"max_digits": 12, "decimal_places": 2}


class Indicator(models.TextChoices):
    POPULATION = "population", _("Population")
    FOREIGN_RESIDENTS = "foreign_residents", _("Foreign residents")
    PROTECTION_SEEKERS = "protection_seekers", _("Protection seekers")
    CHILDREN_UNDER_6 = "children_under_6", _("Children under 6")


class CostCategory(models.TextChoices):
    STAFF = "staff", _("Staff")
    MATERIAL = "material", _("Material")
    FEES = "fees", _("Fees")
    TRAVEL = "travel", _("Travel")
    EVENTS = "events", _("Events")
    INTERPRETING = "interpreting", _("Interpreting")


class UnspentFunds(models.TextChoices):
    RETURN = "return", _("Returned to the district")
    CARRY_OVER = "carry_over", _("Carried over to the next year")


class Programme(models.Model):
    """One year's LokIn programme of the district: budget, rules and deadlines."""

    DECISION = True

    district = models.ForeignKey("territory.District", on_delete=models.PROTECT, related_name="lokin_programmes")
    year = models.PositiveIntegerField(_("year"))
    budget = models.DecimalField(_("budget (EUR)"), **MONEY)
    funding_rate = models.DecimalField(_("funding rate (%)"), max_digits=5, decimal_places=2, default=100)
    eligible_categories = models.JSONField(_("eligible cost categories"), default=list)
    application_deadline = models.DateField(_("application deadline"))
    interim_report_due = models.DateField(_("interim report due"), null=True, blank=True)
    final_report_due = models.DateField(_("final report due"), null=True, blank=True)
    unspent_funds = models.CharField(
        _("unspent funds"), max_length=20, choices=UnspentFunds.choices, default=UnspentFunds.RETURN
    )
    # The allocation rule: indicator key -> weight (as text, a Decimal), base amount, floor and cap per municipality.
    weights = models.JSONField(_("indicator weights"), default=dict)
    base_amount = models.DecimalField(_("base amount per municipality (EUR)"), default=0, **MONEY)
    floor = models.DecimalField(_("floor (EUR)"), null=True, blank=True, **MONEY)
    cap = models.DecimalField(_("cap (EUR)"), null=True, blank=True, **MONEY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="lokin_programme_one_per_year"),
            models.CheckConstraint(condition=models.Q(budget__gte=0), name="lokin_programme_budget_not_negative"),
        ]
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"LokIn {self.year}"


class IndicatorInput(models.Model):
    """An indicator value entered for one municipality (used where the Lagebild has no figure)."""

    REMIT_FIELD = "municipality"
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicator_inputs")
    municipality = models.ForeignKey("territory.Municipality", on_delete=models.PROTECT, related_name="+")
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    reference_date = models.DateField(_("reference date"))

    objects = RemitQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality", "indicator"], name="lokin_indicator_one_per_municipality"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="lokin_indicator_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.value}"


class FixedAllocation(models.Model):
    """The allocation table as decided: kept as it was, whatever the indicators say later."""

    DECISION = True

    programme = models.OneToOneField(Programme, on_delete=models.PROTECT, related_name="fixed_allocation")
    rule = models.JSONField()  # the rule as applied (weights, base, floor, cap)
    tie_order = models.CharField(max_length=200)
    total = models.DecimalField(**MONEY)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    decided_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"LokIn allocation {self.programme_id}"


class AllocationRow(models.Model):
    """One municipality's amount in a fixed allocation, with its working."""

    REMIT_FIELD = "municipality"
    allocation = models.ForeignKey(FixedAllocation, on_delete=models.PROTECT, related_name="rows")
    municipality = models.ForeignKey("territory.Municipality", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(**MONEY)
    working = models.JSONField()

    objects = RemitQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["allocation", "municipality"], name="lokin_allocation_row_unique"),
        ]
        ordering = ["municipality__name"]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.amount}"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Application(models.Model):
    """A municipality's application for its LokIn grant."""

    DECISION = True
    REMIT_FIELD = "municipality"
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="applications")
    municipality = models.ForeignKey("territory.Municipality", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    measures = models.TextField(_("measures"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    staff_hours = models.DecimalField(_("staff hours per week"), max_digits=6, decimal_places=2, default=0)
    own_funds = models.DecimalField(_("own co-funding (EUR)"), default=0, **MONEY)
    third_party_funds = models.DecimalField(_("third-party co-funding (EUR)"), default=0, **MONEY)
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT)
    version = models.PositiveIntegerField(default=0)  # 0 until submitted, then one more per change
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_amount = models.DecimalField(_("approved amount (EUR)"), null=True, blank=True, **MONEY)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RemitQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approved_amount__isnull=True) | models.Q(approved_amount__gte=0),
                name="lokin_application_approved_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def planned_total(self):
        return sum((cost.amount for cost in self.planned_costs.all()), start=0)


class PlannedCost(models.Model):
    REMIT_FIELD = "application__municipality"
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="planned_costs")
    category = models.CharField(_("cost category"), max_length=20, choices=CostCategory.choices)
    year = models.PositiveIntegerField(_("year"))
    amount = models.DecimalField(_("amount (EUR)"), **MONEY)

    objects = RemitQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "category", "year"], name="lokin_planned_cost_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="lokin_planned_cost_not_negative"),
        ]
        ordering = ["year", "category"]

    def __str__(self) -> str:
        return f"{self.category} {self.year}: {self.amount}"


class VersionSnapshot(models.Model):
    """What a municipality sent, frozen at one submission: the numbered snapshot the district decided on,
    kept unchanged while the living row moves on. Applications and use-of-funds reports each keep theirs."""

    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RemitQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["number"]


class ApplicationVersion(VersionSnapshot):
    """The application as it stood at one submission or change after submission."""

    REMIT_FIELD = "application__municipality"
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")

    class Meta(VersionSnapshot.Meta):
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="lokin_application_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} v{self.number}"


class ApplicationComment(models.Model):
    REMIT_FIELD = "application__municipality"
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"comment {self.pk}"


class InstalmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RELEASED = "released", _("Released")
    PAID = "paid", _("Paid")


class Instalment(models.Model):
    """One instalment of an approved grant's payment plan."""

    DECISION = True
    REMIT_FIELD = "application__municipality"
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="instalments")
    due_date = models.DateField(_("due date"))
    amount = models.DecimalField(_("amount (EUR)"), **MONEY)
    status = models.CharField(max_length=20, choices=InstalmentStatus.choices, default=InstalmentStatus.PLANNED)
    released_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    objects = RemitQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="lokin_instalment_positive"),
        ]
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.due_date}: {self.amount}"


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("Interim report (Zwischennachweis)")
    FINAL = "final", _("Use-of-funds report (Verwendungsnachweis)")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SENT_BACK = "sent_back", _("Sent back")
    ACCEPTED = "accepted", _("Accepted")


class UseReport(models.Model):
    """A grant's report on the use of its funds: spending per cost category against the plan, the measures
    delivered and the number of people reached. Due by the programme's date unless the district set one for the
    grant; each submission is a new version."""

    DECISION = True
    REMIT_FIELD = "application__municipality"
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind of report"), max_length=20, choices=ReportKind.choices)
    due_date = models.DateField(_("due date"))
    measures_delivered = models.TextField(_("measures delivered"), blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = RemitQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="lokin_report_one_per_kind"),
        ]
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.application_id}"

    def spent_total(self):
        return sum((cost.amount for cost in self.costs.all()), start=0)


class ReportCost(models.Model):
    REMIT_FIELD = "report__application__municipality"
    report = models.ForeignKey(UseReport, on_delete=models.CASCADE, related_name="costs")
    category = models.CharField(_("cost category"), max_length=20, choices=CostCategory.choices)
    amount = models.DecimalField(_("amount spent (EUR)"), **MONEY)

    objects = RemitQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "category"], name="lokin_report_cost_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="lokin_report_cost_not_negative"),
        ]
        ordering = ["category"]

    def __str__(self) -> str:
        return f"{self.category}: {self.amount}"


class ReportVersion(VersionSnapshot):
    """The report as submitted, one per submission."""

    REMIT_FIELD = "report__application__municipality"
    report = models.ForeignKey(UseReport, on_delete=models.CASCADE, related_name="versions")

    class Meta(VersionSnapshot.Meta):
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="lokin_report_version_unique")]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the due date")
    AFTER = "after", _("After the due date")


class ReportReminder(models.Model):
    """A reminder sent by the worker about a report: at most one of each kind per report."""

    REMIT_FIELD = "report__application__municipality"
    report = models.ForeignKey(UseReport, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField()

    objects = RemitQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "kind"], name="lokin_report_reminder_once")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"


class Consultation(models.Model):
    """An advice meeting between the district and one municipality: what was discussed and agreed."""

    DECISION = True
    REMIT_FIELD = "municipality"
    municipality = models.ForeignKey("territory.Municipality", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=300)
    participants = models.TextField(_("participants"), help_text=_("Roles or offices, one a line."))
    agreements = models.TextField(_("agreements"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.topic


class FollowUp(FollowUpBase):
    """Something agreed in a consultation: who does it by when, and whether it is done (fields and ordering
    shared with the meetings' follow-ups in `core.followups`)."""

    REMIT_FIELD = "consultation__municipality"
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="follow_ups")

    objects = RemitQuerySet.as_manager()

    class Meta(FollowUpBase.Meta):
        pass


class ReportAttachment(models.Model):
    """A receipt or document attached to a use-of-funds report, kept in the database like casework's documents;
    type and size checked by `core.uploads`."""

    REMIT_FIELD = "report__application__municipality"
    report = models.ForeignKey(UseReport, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.filename


class Settlement(models.Model):
    """A grant's books closed at the programme's year end: what the accepted final report spent, and the unspent
    rest, returned to the district or carried over as the programme says."""

    DECISION = True
    REMIT_FIELD = "application__municipality"
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="settlement")
    spent = models.DecimalField(**MONEY)
    unspent = models.DecimalField(**MONEY)
    disposition = models.CharField(max_length=20, choices=UnspentFunds.choices)
    settled_at = models.DateTimeField()

    objects = RemitQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(spent__gte=0) & models.Q(unspent__gte=0), name="lokin_settlement_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.unspent} {self.disposition}"
