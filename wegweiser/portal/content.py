"""Rich text of information pages and the status of their translations; no database.

A translation is outdated when the German source it was made from is not the German source of today, compared
by content hash (title and sanitised body), never by timestamps: a timestamp moves when nothing was changed
(a re-save, a machine translation run) and stays when a change was saved elsewhere.
"""

import hashlib
from enum import StrEnum

import nh3
from django.utils.translation import gettext_lazy as _

# What staff may use in a page: paragraphs, headings, lists, links, emphasis, simple tables.
ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "b", "i", "a", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "bdi", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "span": {"lang", "dir"}, "bdi": {"lang"}, "th": {"scope"}}


def sanitise(html: str) -> str:
    """The body as it may be stored and shown: no script, style, event handler or foreign scheme."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    ).strip()


def content_hash(*, title: str, body: str) -> str:
    """The hash a translation remembers of the source it was made from (title and sanitised body)."""
    normalised = title.strip() + "\x1f" + sanitise(body)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class TranslationStatus(StrEnum):
    MISSING = "missing"
    IN_REVIEW = "in_review"
    OUTDATED = "outdated"
    CURRENT = "current"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    TranslationStatus.MISSING: _("missing"),
    TranslationStatus.IN_REVIEW: _("in review"),
    TranslationStatus.OUTDATED: _("outdated"),
    TranslationStatus.CURRENT: _("current"),
}


def translation_status(*, source_hash: str | None, translation_source_hash: str | None, in_review: bool) -> str:
    """missing (no translation), in review (made, not yet approved), outdated (made from another source text),
    current. In review wins over outdated: the reviewer sees the source of today beside it."""
    if translation_source_hash is None:
        return TranslationStatus.MISSING
    if in_review:
        return TranslationStatus.IN_REVIEW
    if translation_source_hash != source_hash:
        return TranslationStatus.OUTDATED
    return TranslationStatus.CURRENT
