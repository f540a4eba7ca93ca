"""Meetings of the network's bodies (the integration network, the Migrationsbeirat, a municipal round table):
agenda, minutes per item, decisions and follow-ups. A meeting whose minutes are approved is read-only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wegweiser.core.followups import FollowUpBase
from wegweiser.territory.remit import RemitQuerySet


class BodyKind(models.TextChoices):
    NETWORK = "integration_network", _("Integration network")
    ADVISORY_COUNCIL = "advisory_council", _("Migrant advisory council (Migrationsbeirat)")
    ROUND_TABLE = "round_table", _("Round table")
    WORKING_GROUP = "working_group", _("Working group")
    OTHER = "other", _("Other body")


class Body(models.Model):
    """A body that meets: district-wide (no municipality) or of one municipality; its members are organisations
    from the network directory, which read its meetings."""

    REMIT_FIELD = "municipality"
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
        help_text=_("Empty for a district-wide body."),
    )
    members = models.ManyToManyField(
        "network.Organisation", blank=True, related_name="bodies", verbose_name=_("member organisations")
    )

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    APPROVED = "approved", _("minutes approved")


class Meeting(models.Model):
    """One meeting of a body. Approving its minutes is a decision the body answers for (audited); afterwards
    nothing of the meeting changes."""

    DECISION = True
    REMIT_FIELD = "body__municipality"
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body"))
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    present = models.TextField(_("present"), blank=True, help_text=_("Organisations or offices present, one a line."))
    approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.body.name} {self.starts_at:%Y-%m-%d}"

    @property
    def read_only(self) -> bool:
        return self.status == MeetingStatus.APPROVED


class AgendaItem(models.Model):
    """An item of a meeting's agenda, in order, with its papers and (once held) its minutes."""

    REMIT_FIELD = "meeting__body__municipality"
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    papers = models.TextField(_("papers"), blank=True, help_text=_("Documents for this item, one a line."))
    minutes = models.TextField(pgettext_lazy("record of a meeting", "minutes"), blank=True)

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """What the body decided on an agenda item, with the votes where it voted."""

    DECISION = True
    REMIT_FIELD = "item__meeting__body__municipality"
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def voted(self) -> bool:
        return any(value is not None for value in (self.votes_for, self.votes_against, self.abstentions))


class FollowUp(FollowUpBase):
    """Something a meeting agreed: who does it by when. It comes from an agenda item, and from a decision on
    it where there is one; the owner may be an organisation of the directory (its name is then the owner)."""

    REMIT_FIELD = "item__meeting__body__municipality"
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="follow_ups")
    decision = models.ForeignKey(Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups")
    owner_organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RemitQuerySet.as_manager()

    class Meta(FollowUpBase.Meta):
        pass
