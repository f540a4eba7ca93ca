"""The only writers of the portal's data: information pages and their translations, and the public forms'
abuse counter. Page changes are audited like other apps' writes (who changed which page in which language)."""

from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.core.public_languages import SOURCE_LANGUAGE, portal_language_codes
from wegweiser.portal import page_cache
from wegweiser.portal.content import content_hash, sanitise
from wegweiser.portal.models import InfoPage, InfoPageText, SubmissionCounter

PURPOSE_PORTAL_CONTENT = "portal content"


class PortalError(Exception):
    pass


@transaction.atomic
def info_page_create(
    *, actor: Any, slug: str, title: str, body: str, parent: InfoPage | None = None, position: int = 0
) -> InfoPage:
    """A new page with its German source text."""
    page = InfoPage.objects.create(slug=slug, parent=parent, position=position)
    transaction.on_commit(page_cache.forget_all)  # pages show their neighbours' titles: forget them all
    _write_text(page=page, language=SOURCE_LANGUAGE, title=title, body=body, source_hash="", in_review=False)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=page, purpose=PURPOSE_PORTAL_CONTENT, summary="de")
    return page


@transaction.atomic
def info_page_update(
    *,
    actor: Any,
    page: InfoPage,
    title: str,
    body: str,
    parent: InfoPage | None,
    position: int,
    published: bool,
) -> InfoPage:
    """Change a page's place in the tree and its German source. Translations keep the hash of the source they were
    made from, so a changed source makes them outdated by itself; a re-save of the same text changes nothing."""
    if parent is not None and (parent.pk == page.pk or _is_below(parent, page)):
        raise PortalError("A page cannot be placed below itself.")
    changed = [
        name
        for name, value in {"parent": parent, "position": position, "published": published}.items()
        if getattr(page, name) != value
    ]
    page.parent, page.position, page.published = parent, position, published
    transaction.on_commit(page_cache.forget_all)  # pages show their neighbours' titles: forget them all
    page.save()
    if _write_text(page=page, language=SOURCE_LANGUAGE, title=title, body=body, source_hash="", in_review=False):
        changed.append("text:de")
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=page,
            purpose=PURPOSE_PORTAL_CONTENT,
            changed_fields=changed,
        )
    return page


@transaction.atomic
def info_page_translate(
    *, actor: Any, page: InfoPage, language: str, title: str, body: str, source_hash: str, in_review: bool
) -> InfoPageText:
    """Store a translation made from the German source whose hash is `source_hash` (the one the translator saw:
    if the source changed meanwhile, the translation is outdated at once). `in_review` marks a draft, for
    example a machine translation, that a person has not yet approved."""
    if language not in portal_language_codes() or language == SOURCE_LANGUAGE:
        raise PortalError(f"Not a portal translation language: {language}")
    transaction.on_commit(page_cache.forget_all)  # pages show their neighbours' titles: forget them all
    _write_text(page=page, language=language, title=title, body=body, source_hash=source_hash, in_review=in_review)
    text = InfoPageText.objects.get(page=page, language=language)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=page,
        purpose=PURPOSE_PORTAL_CONTENT,
        changed_fields=[f"text:{language}"],
        summary="in review" if in_review else "",
    )
    return text


def _write_text(*, page: InfoPage, language: str, title: str, body: str, source_hash: str, in_review: bool) -> bool:
    """Create or change a text; whether anything changed."""
    clean = sanitise(body)
    values = {
        "title": title.strip(),
        "body": clean,
        "content_hash": content_hash(title=title, body=clean),
        "source_hash": source_hash,
        "in_review": in_review,
    }
    text = InfoPageText.objects.filter(page=page, language=language).first()
    if text is None:
        InfoPageText.objects.create(page=page, language=language, **values)
        return True
    if all(getattr(text, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(text, name, value)
    text.save()
    return True


def _is_below(candidate: InfoPage, page: InfoPage) -> bool:
    node = candidate
    while node.parent_id is not None:
        if node.parent_id == page.pk:
            return True
        node = node.parent
    return False


# --- The public forms' rate limit --------------------------------------------------------------------------

SUBMISSION_WINDOW = timedelta(hours=1)
SUBMISSIONS_PER_WINDOW = 5


def submission_allowed(*, address_key: str, now: datetime | None = None) -> bool:
    """Count one submission from `address_key` in the current window; whether it is within the limit.

    The counter lives in the database (every app server counts the same); an atomic `count + 1` keeps two
    requests at the same moment from both reading the old number.
    """
    now = now or timezone.now()
    seconds = int(SUBMISSION_WINDOW.total_seconds())
    window_start = datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=UTC)
    with transaction.atomic():
        updated = SubmissionCounter.objects.filter(address_key=address_key, window_start=window_start).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    SubmissionCounter.objects.create(address_key=address_key, window_start=window_start, count=1)
            except IntegrityError:
                SubmissionCounter.objects.filter(address_key=address_key, window_start=window_start).update(
                    count=F("count") + 1
                )
        count = SubmissionCounter.objects.get(address_key=address_key, window_start=window_start).count
    return count <= SUBMISSIONS_PER_WINDOW


def submission_counters_expire(*, now: datetime | None = None) -> int:
    """Housekeeping: forget counters of windows that have ended."""
    now = now or timezone.now()
    deleted, _ = SubmissionCounter.objects.filter(window_start__lt=now - SUBMISSION_WINDOW).delete()
    return deleted
