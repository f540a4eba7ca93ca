from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.territory.remit import RemitQuerySet


class District(models.Model):
    """The Landkreis that runs this installation (one per installation, kept as a row for its key)."""

    ags = models.CharField(_("official key (AGS)"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class MunicipalityKind(models.TextChoices):
    STADT = "stadt", _("Town (Stadt)")
    GEMEINDE = "gemeinde", _("Municipality (Gemeinde)")
    SAMTGEMEINDE = "samtgemeinde", _("Joint municipality (Samtgemeinde)")


class MunicipalityQuerySet(RemitQuerySet):
    def local(self) -> "MunicipalityQuerySet":
        """Towns and Gemeinden where people live, without the Samtgemeinden that group them."""
        return self.exclude(kind=MunicipalityKind.SAMTGEMEINDE)


class Municipality(models.Model):
    """A Kommune of the district: a Stadt or Gemeinde, or a Samtgemeinde grouping member Gemeinden.

    `regional_key` (ARS, 12 digits for Gemeinden, 9 for Samtgemeinden) identifies every row; `ags` (8 digits)
    exists only for Stadt and Gemeinde.
    """

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="municipalities")
    regional_key = models.CharField(_("regional key (ARS)"), max_length=12, unique=True)
    ags = models.CharField(_("official municipality key (AGS)"), max_length=8, unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=MunicipalityKind.choices)
    samtgemeinde = models.ForeignKey(
        "self",
        verbose_name=_("Samtgemeinde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": MunicipalityKind.SAMTGEMEINDE},
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_male = models.PositiveIntegerField(_("male population"), null=True, blank=True)
    population_female = models.PositiveIntegerField(_("female population"), null=True, blank=True)
    population_date = models.DateField(_("population reference date"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)

    REMIT_FIELD = "pk"

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name
