from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.roles import DISTRICT_WIDE_ROLES, ROLES_SEEING_PERSONAL_DATA, Role


class User(AbstractUser):
    """A staff account. Every account has exactly one role; municipal roles name their municipalities."""

    PERSONAL_DATA = True

    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    municipalities = models.ManyToManyField(
        "territory.Municipality",
        verbose_name=_("municipalities"),
        blank=True,
        related_name="staff",
        help_text=_("Municipal integration managers see only the people and offers of these municipalities."),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Course providers and partner organisations act for this organisation."),
    )
    preferred_language = models.CharField(_("preferred language"), max_length=8, choices=settings.LANGUAGES, blank=True)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_district_wide(self) -> bool:
        return self.role in DISTRICT_WIDE_ROLES

    @property
    def sees_personal_data(self) -> bool:
        return self.role in ROLES_SEEING_PERSONAL_DATA

    def municipality_ids(self) -> set[int]:
        """The municipalities this user works in (Samtgemeinde members included); cached per instance."""
        cached = getattr(self, "_municipality_ids", None)
        if cached is None:
            from wegweiser.territory.models import Municipality

            direct = set(self.municipalities.values_list("id", flat=True))
            members = set(Municipality.objects.filter(samtgemeinde_id__in=direct).values_list("id", flat=True))
            cached = self._municipality_ids = direct | members
        return cached
