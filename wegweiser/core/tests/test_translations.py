"""German and English are complete for the whole UI; Ukrainian, Russian and Arabic for the public pages."""

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract
from django.conf import settings
from django.utils.translation.template import templatize

from wegweiser.core.i18n import (
    KEYWORDS,
    PACKAGE_DIR,
    app_dirs,
    compile_catalog,
    extract_catalog,
    is_translated,
    po_path,
    read_catalog,
)

# Pages a newcomer or a visitor sees without an account; their strings exist in every public language.
PUBLIC_TEMPLATES = [
    "core/templates/base.html",
    "core/templates/403.html",
    "core/templates/404.html",
    "core/templates/500.html",
    "core/templates/core/about.html",
    "accounts/templates/accounts/login.html",
    "accounts/templates/accounts/locked_out.html",
    # The volunteer's answer page, opened by the link in their mail without an account.
    "network/templates/network/answer.html",
    "network/templates/network/_answer_need.html",
    "network/templates/network/answer_done.html",
    "network/templates/network/answer_problem.html",
]
PUBLIC_LANGUAGES = ["uk", "ru", "ar"]
APPS_WITH_STRINGS = [d for d in app_dirs() if len(extract_catalog(d))]


def _key(message_id):
    return message_id[0] if isinstance(message_id, tuple) else message_id


@pytest.mark.parametrize("language", settings.WEGWEISER_COMPLETE_LANGUAGES)
@pytest.mark.parametrize("app_dir", APPS_WITH_STRINGS, ids=lambda d: d.name)
def test_every_string_in_the_source_is_translated(app_dir: Path, language: str):
    source = {_key(m.id): m for m in extract_catalog(app_dir) if m.id}
    path = po_path(app_dir, language)
    assert path.exists(), f"{path} is missing: run `make messages`"
    catalog = {_key(m.id): m for m in read_catalog(path, language) if m.id}
    not_in_catalog = sorted(set(source) - set(catalog))
    assert not not_in_catalog, (
        f"{app_dir.name}/{language}: strings missing from the catalogue (run `make messages`): {not_in_catalog[:10]}"
    )
    untranslated = sorted(key for key in source if not is_translated(catalog[key]))
    assert not untranslated, f"{app_dir.name}/{language}: untranslated or fuzzy: {untranslated[:10]}"


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("app_dir", APPS_WITH_STRINGS, ids=lambda d: d.name)
def test_compiled_catalogue_matches_its_source(app_dir: Path, language: str):
    path = po_path(app_dir, language)
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `make messages`"
    assert mo.read_bytes() == compile_catalog(read_catalog(path, language)), f"{mo} is stale: run `make messages`"


def _template_messages(relative: str) -> set[str]:
    source = templatize((PACKAGE_DIR / relative).read_text(encoding="utf-8"))
    found = extract("python", io.BytesIO(source.encode()), keywords=KEYWORDS, options={"encoding": "utf-8"})
    return {_key(message) for _line, message, _comments, _context in found}


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES)
def test_public_pages_are_translated(language: str):
    catalogs = {}
    for app_dir in APPS_WITH_STRINGS:
        for message in read_catalog(po_path(app_dir, language), language):
            if message.id and is_translated(message):
                catalogs[_key(message.id)] = message
    missing = {template: sorted(_template_messages(template) - set(catalogs)) for template in PUBLIC_TEMPLATES}
    missing = {template: ids for template, ids in missing.items() if ids}
    assert not missing, f"{language}: public strings without translation: {missing}"


def test_login_page_in_arabic_is_right_to_left(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="ar" dir="rtl"' in page
    assert "تسجيل الدخول" in page


@pytest.mark.parametrize(
    ("language", "heading"),
    [("de", "Anmelden"), ("en", "Log in"), ("uk", "Увійти"), ("ru", "Войти")],
)
def test_login_page_speaks_the_chosen_language(client, db, language, heading):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/accounts/login/").content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert 'dir="ltr"' in page


def test_an_untranslated_plural_falls_back_to_german_not_to_the_message_id(client, db):
    """The register preview in Arabic said "38 municipalities added" in English: Babel compiles a plural with
    empty forms as the English message ids, which hid the German fallback."""
    import gettext

    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="ar")
    catalog.add(("%(counter)s municipality added", "%(counter)s municipalities added"), ("",) * 6)
    catalog.add("Line", "")
    catalog.add("Key", "مفتاح")
    compiled = gettext.GNUTranslations(io.BytesIO(compile_catalog(catalog)))

    # Babel fills the empty forms with the English message ids; left out, Django's fallback (German) answers.
    assert ("%(counter)s municipality added", 0) not in compiled._catalog
    assert "Line" not in compiled._catalog
    assert compiled.gettext("Key") == "مفتاح"


def test_a_staff_page_in_arabic_shows_german_where_arabic_is_missing():
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override("ar"):
        text = ngettext("%(counter)s municipality added", "%(counter)s municipalities added", 38) % {"counter": 38}

    assert text == "38 Kommunen hinzugefügt"


# Django merges every app's catalogue into one: a message translated one way in one app and another way in the
# next shows the first app's words everywhere (the placement's "Accept" read "Zusagen", the volunteer's answer).
# A message whose meaning differs by app takes a context (`pgettext`, `{% trans "..." context "..." %}`). These
# differed before the rule was checked; each is a word to settle (same word, or a context), and the list only
# shrinks.
DIFFERING_BEFORE_THE_CHECK = {
    "Caseworker",
    "Comments",
    "Decision",
    "Due date",
    "Follow-up",
    "Lives in",
    "Municipality",
    "Needs",
    "No comments yet.",
    "Other",
    "Partner organisation",
    "Population",
    "Reason",
    "Source",
    "Start",
    "Time",
    "Typesetting",
    "Version",
    "Volunteer",
    "Waiting",
    "Withdraw",
    "active",
    "address",
    "cancelled",
    "caseworker",
    "comment",
    "decision",
    "dropped",
    "due date",
    "municipality",
    "none",
    "notes",
    "present",
    "reason",
    "source",
    "step-free access",
    "the whole district",
    "title",
    "withdrawn",
}


def _german_by_app() -> dict[tuple[str | None, str], dict[str, str]]:
    from babel.messages.pofile import read_po

    found: dict[tuple[str | None, str], dict[str, str]] = {}
    for app_dir in app_dirs():
        path = app_dir / "locale" / "de" / "LC_MESSAGES" / "django.po"
        if not path.exists():
            continue
        with path.open("rb") as handle:
            for message in read_po(handle):
                msgid = message.id[0] if isinstance(message.id, tuple) else message.id
                text = message.string[0] if isinstance(message.string, tuple) else message.string
                if msgid and text:
                    found.setdefault((message.context, msgid), {})[app_dir.name] = text
    return found


def test_a_message_has_one_german_translation_across_the_apps():
    differing = {key: apps for key, apps in _german_by_app().items() if len(set(apps.values())) > 1}
    new = {
        key: apps for key, apps in differing.items() if key[0] is not None or key[1] not in DIFFERING_BEFORE_THE_CHECK
    }
    assert not new, f"translated differently by two apps (give one a context, or use the same words): {new}"
    settled = DIFFERING_BEFORE_THE_CHECK - {msgid for (_context, msgid) in differing}
    assert not settled, f"no longer differ: take them off DIFFERING_BEFORE_THE_CHECK: {sorted(settled)}"
