from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    PUBLIC_AGENCY = "public_agency", _("Public agency")
    JOBCENTER = "jobcenter", _("Jobcenter / employment agency")
    WELFARE = "welfare", _("Welfare association")
    COURSE_PROVIDER = "course_provider", _("Course provider")
    COUNSELLING = "counselling", _("Counselling service")
    CLUB = "club", _("Club or association")
    MIGRANT_ORGANISATION = "migrant_organisation", _("Migrant organisation")
    KITA_SCHOOL = "kita_school", _("Kita or school")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """A partner in the network: course providers, counselling services, clubs, agencies.

    The network directory (volunteers, participation) builds on this table in a later stage; casework refers
    people to organisations and language offers belong to a provider organisation.
    """

    DECISION = True  # which partners the district works with: audited (audit/registry.py)

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name
