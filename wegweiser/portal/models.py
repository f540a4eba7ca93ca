"""Information pages (a tree, German source and translations) and the abuse counter of the public forms."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InfoPage(models.Model):
    """One page of the information tree (arrival, residence, language, ...); its texts are `InfoPageText` rows,
    the German one the source."""

    DECISION = True  # what the district tells the public, in whose words: audited (audit/registry.py)

    parent = models.ForeignKey(
        "self", verbose_name=_("parent page"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")

    def __str__(self) -> str:
        return self.slug


class InfoPageText(models.Model):
    """A page's text in one language. For a translation, `source_hash` is the content hash of the German text it
    was translated from (the hash of the German text the translator had in front of them)."""

    page = models.ForeignKey(InfoPage, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    content_hash = models.CharField(max_length=64, editable=False)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    in_review = models.BooleanField(_("in review"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["page", "language"]
        verbose_name = _("page text")
        verbose_name_plural = _("page texts")
        constraints = [models.UniqueConstraint(fields=["page", "language"], name="portal_one_text_per_language")]

    def __str__(self) -> str:
        return f"{self.page_id}:{self.language}"


class SubmissionCounter(models.Model):
    """How many public forms one address sent in one window, kept in the database so that every app server
    counts the same. `address_key` is a keyed hash of the address, never the address itself."""

    address_key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["address_key", "window_start"], name="portal_one_counter_per_window")
        ]

    def __str__(self) -> str:
        return f"{self.address_key[:8]}@{self.window_start:%Y-%m-%d %H:%M}"
