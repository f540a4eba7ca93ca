"""Reads of the portal: what a visitor sees of an information page, and what needs work per language for staff."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.core.public_languages import SOURCE_LANGUAGE, translation_languages
from wegweiser.portal.content import TranslationStatus, translation_status
from wegweiser.portal.models import InfoPage, InfoPageText


@dataclass(frozen=True)
class VisitorPage:
    """A page as one visitor reads it: the translation when current, else the German text with a notice."""

    slug: str
    title: str
    body: str
    language: str  # the language the text is in (the visitor's or German)
    status: str  # the translation's status in the visitor's language
    children: tuple[tuple[str, str], ...]  # (slug, title) in the same choice of language
    parent: tuple[str, str] | None


def _text_for(texts: dict[str, InfoPageText], language: str) -> tuple[InfoPageText | None, str]:
    source = texts.get(SOURCE_LANGUAGE)
    if language == SOURCE_LANGUAGE:
        return source, TranslationStatus.CURRENT
    translation = texts.get(language)
    status = translation_status(
        source_hash=source.content_hash if source else None,
        translation_source_hash=translation.source_hash if translation else None,
        in_review=translation.in_review if translation else False,
    )
    if status == TranslationStatus.CURRENT:
        return translation, status
    return source, status


def _pages_with_texts():
    return InfoPage.objects.filter(published=True).prefetch_related(Prefetch("texts"))


def visitor_tree(language: str) -> list[tuple[str, str]]:
    """The top-level pages as (slug, title) in the visitor's language where current, else German."""
    result = []
    for page in _pages_with_texts().filter(parent__isnull=True):
        text, _status = _text_for({t.language: t for t in page.texts.all()}, language)
        if text is not None:
            result.append((page.slug, text.title))
    return result


def visitor_page(slug: str, language: str) -> VisitorPage | None:
    page = _pages_with_texts().filter(slug=slug).select_related("parent").first()
    if page is None:
        return None
    text, status = _text_for({t.language: t for t in page.texts.all()}, language)
    if text is None:
        return None
    children = []
    for child in _pages_with_texts().filter(parent=page):
        child_text, _ = _text_for({t.language: t for t in child.texts.all()}, language)
        if child_text is not None:
            children.append((child.slug, child_text.title))
    parent = None
    if page.parent is not None and page.parent.published:
        parent_text, _ = _text_for({t.language: t for t in page.parent.texts.all()}, language)
        if parent_text is not None:
            parent = (page.parent.slug, parent_text.title)
    return VisitorPage(page.slug, text.title, text.body, text.language, status, tuple(children), parent)


def visitor_page_version(slug: str) -> str | None:
    """What the page's ETag is made of (its texts' hashes and review flags): a conditional GET answered from this
    one query needs no rendering."""
    rows = list(
        InfoPageText.objects.filter(
            Q(page__slug=slug) | Q(page__parent__slug=slug) | Q(page__children__slug=slug)
        ).values_list(
            "page__slug", "page__published", "page__position", "language", "content_hash", "source_hash", "in_review"
        )
    )
    if not any(row[0] == slug and row[1] for row in rows):
        return None
    # The page's own texts, and its parent's and children's (their titles are shown as links).
    return "|".join(sorted({":".join(str(value) for value in row) for row in rows}))


@dataclass(frozen=True)
class OverviewRow:
    page: InfoPage
    depth: int
    title: str
    statuses: tuple[tuple[str, str], ...]  # (language, status) in the order of translation_languages()


def pages_for_user(user):
    if not user_can(user, Perm.PORTAL_EDIT):
        return InfoPage.objects.none()
    return InfoPage.objects.all()


def translation_overview(user) -> tuple[list[OverviewRow], dict[str, dict[str, int]]]:
    """Every page in tree order with each language's status, and per language how many pages need work."""
    languages = [language.code for language in translation_languages()]
    pages = list(pages_for_user(user).prefetch_related("texts"))
    by_parent: dict[int | None, list[InfoPage]] = {}
    for page in pages:
        by_parent.setdefault(page.parent_id, []).append(page)
    rows: list[OverviewRow] = []
    totals = {code: {status.value: 0 for status in TranslationStatus} for code in languages}

    def walk(parent_id, depth):
        for page in by_parent.get(parent_id, []):
            texts = {t.language: t for t in page.texts.all()}
            source = texts.get(SOURCE_LANGUAGE)
            statuses = []
            for code in languages:
                translation = texts.get(code)
                status = translation_status(
                    source_hash=source.content_hash if source else None,
                    translation_source_hash=translation.source_hash if translation else None,
                    in_review=translation.in_review if translation else False,
                )
                totals[code][status] += 1
                statuses.append((code, status))
            rows.append(OverviewRow(page, depth, source.title if source else page.slug, tuple(statuses)))
            walk(page.pk, depth + 1)

    walk(None, 0)
    return rows, totals
