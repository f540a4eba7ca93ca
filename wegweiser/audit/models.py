from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    READ = "read", _("read")
    EXPORT = "export", _("exported")
    MERGE = "merge", _("merged")
    SHARE = "share", _("shared")


class AuditEntry(models.Model):
    """One append-only line of who did what to which record, when and why.

    The database refuses UPDATE and DELETE on this table (triggers on SQLite and PostgreSQL, see the
    migration). Entries keep references and field names, not the personal data itself, so that deleting a
    person leaves nothing readable behind here.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(_("record type"), max_length=100, db_index=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    municipality_id = models.IntegerField(_("municipality"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
