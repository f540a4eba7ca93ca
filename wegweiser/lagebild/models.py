"""Official statistics and the district's own figures, as loaded for the Lagebild.

A `StatisticTable` is one table (12411-01-01-4, or the district's own `EIGEN-KITA`); a `StatisticRelease` is one
reference date of it as loaded, the unit an import replaces; an `Observation` is one cell. Every row keeps its
district, so the schema can be split by district. Region keys are text: `DG`, 03459, 03459024.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wegweiser.lagebild.statistics.types import MARKER_LABELS, Layout, Marker
from wegweiser.territory.models import District

MARKER_CHOICES = [(marker.value, MARKER_LABELS[marker]) for marker in Marker]
LAYOUT_CHOICES = [(layout.value, layout.label) for layout in Layout]


class StatisticTable(models.Model):
    # Which figures the district plans with is a planner's decision: loads and deletions are audited.
    DECISION = True

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="statistic_tables")
    code = models.CharField(_("table code"), max_length=64)
    title = models.CharField(_("title"), max_length=500, blank=True)
    statistic = models.CharField(_("statistic"), max_length=300, blank=True)
    layout = models.CharField(_("layout"), max_length=30, choices=LAYOUT_CHOICES)
    source = models.CharField(_("source"), max_length=300, blank=True)
    licence = models.TextField(_("licence"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("statistical table")
        verbose_name_plural = _("statistical tables")
        constraints = [models.UniqueConstraint(fields=["district", "code"], name="lagebild_table_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class StatisticRelease(models.Model):
    """One reference date of a table as loaded. Loading the same table and date again replaces it."""

    DECISION = True

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    table = models.ForeignKey(StatisticTable, on_delete=models.CASCADE, related_name="releases")
    reference_date = models.DateField(_("reference date"))
    filename = models.CharField(_("file"), max_length=255, blank=True)
    layout = models.CharField(_("layout"), max_length=30, choices=LAYOUT_CHOICES)
    encoding = models.CharField(_("encoding"), max_length=30, blank=True)
    stand = models.CharField(_("as of (Stand)"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    value_count = models.PositiveIntegerField(_("values"), default=0)
    marker_count = models.PositiveIntegerField(_("markers"), default=0)
    region_count = models.PositiveIntegerField(_("regions"), default=0)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        ordering = ["table__code", "-reference_date"]
        verbose_name = _("loaded reference date")
        verbose_name_plural = _("loaded reference dates")
        constraints = [models.UniqueConstraint(fields=["table", "reference_date"], name="lagebild_release_unique_date")]

    def __str__(self) -> str:
        return f"{self.table.code} {self.reference_date:%d.%m.%Y}"


class Observation(models.Model):
    """One cell of a table: a figure, or a marker that says why there is none (a marker is not zero)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    table = models.ForeignKey(StatisticTable, on_delete=models.CASCADE, related_name="+")
    release = models.ForeignKey(StatisticRelease, on_delete=models.CASCADE, related_name="observations")
    reference_date = models.DateField(_("reference date"))
    region_key = models.CharField(_("region key"), max_length=12)
    region_name = models.CharField(_("region"), max_length=200, blank=True)
    measure_code = models.CharField(pgettext_lazy("statistics", "measure"), max_length=100)
    measure_label = models.CharField(pgettext_lazy("statistics", "measure"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    # `GES=GESM|STAAG5=ST475`: the breakdown as one text to group and compare by; `breakdown` keeps the
    # labels: [[variable, attribute code, attribute label], ...].
    breakdown_key = models.CharField(_("breakdown"), max_length=500, blank=True)
    breakdown = models.JSONField(default=list, blank=True)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    marker = models.CharField(_("marker"), max_length=3, choices=MARKER_CHOICES, blank=True, default="")
    flags = models.CharField(_("flags"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("statistical value")
        verbose_name_plural = _("statistical values")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "region_key", "measure_code", "breakdown_key"], name="lagebild_observation_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | ~models.Q(marker__in=["", "()"]),
                name="lagebild_observation_value_or_marker",
            ),
        ]
        indexes = [
            # The dashboard: one measure of one table over time, for the district's regions.
            models.Index(fields=["table", "measure_code", "reference_date", "region_key"], name="lagebild_obs_series"),
            # A municipality's drill-down: everything about one region.
            models.Index(fields=["district", "region_key", "reference_date"], name="lagebild_obs_region"),
        ]

    def __str__(self) -> str:
        return f"{self.region_key} {self.measure_code} {self.breakdown_key} {self.reference_date}"


class OwnFiguresSnapshot(models.Model):
    """The platform's own counts for the Lagebild (arrivals per month, people waiting, free seats) as the
    district-wide publication shows them, after suppression: refreshed by the worker's housekeeping so the
    dashboard need not count a million persons per request. Holds no count that the rule hides."""

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="+")
    computed_at = models.DateTimeField(_("computed"))
    since = models.DateField(_("arrivals counted from"))
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("snapshot of the own figures")
        verbose_name_plural = _("snapshots of the own figures")

    def __str__(self) -> str:
        return f"{self.district_id} {self.computed_at:%Y-%m-%d %H:%M}"


class ReportFile(models.Model):
    """The council's PDF made by a report job, kept until its maker downloads it (for a day). Holds only what
    the report shows: published figures and the maker's own counts after suppression, no personal data."""

    job = models.OneToOneField("jobs.Job", on_delete=models.CASCADE, related_name="+")
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")

    def __str__(self) -> str:
        return f"{self.job_id} {self.created_at:%Y-%m-%d %H:%M}"
