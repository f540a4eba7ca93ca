"""Translation catalogues without GNU gettext: extraction and compilation in pure Python (Babel), so a fresh
machine needs no system package. Each app keeps its own catalogue in `wegweiser/<app>/locale/`.

Templates are turned into Python-like source with Django's own `templatize` (what `makemessages` does) and
read by Babel's Python extractor.
"""

import copy
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.utils.translation.template import templatize

PACKAGE_DIR = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
TEMPLATE_SUFFIXES = {".html", ".txt", ".typ"}
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
SKIP_PARTS = {"tests", "migrations", "locale", "static", "__pycache__"}


def app_dirs() -> list[Path]:
    return sorted(p.parent for p in PACKAGE_DIR.glob("*/apps.py"))


def _sources(app_dir: Path) -> Iterator[Path]:
    for path in sorted(app_dir.rglob("*")):
        if not path.is_file() or SKIP_PARTS & set(path.relative_to(app_dir).parts):
            continue
        if path.suffix == ".py" or path.suffix in TEMPLATE_SUFFIXES:
            yield path
    if app_dir.name == "core":  # settings and other project-level modules belong to core
        yield from sorted(PACKAGE_DIR.glob("*.py"))


def extract_catalog(app_dir: Path) -> Catalog:
    catalog = Catalog(project="wegweiser", fuzzy=False)
    for path in _sources(app_dir):
        source = path.read_text(encoding="utf-8")
        if path.suffix in TEMPLATE_SUFFIXES:
            if "trans" not in source and "translate" not in source:
                continue
            source = templatize(source, origin=str(path))
        messages = extract(
            "python", io.BytesIO(source.encode("utf-8")), keywords=KEYWORDS, options={"encoding": "utf-8"}
        )
        for lineno, message, comments, context in messages:
            if isinstance(message, tuple) and not message[0] or not message:
                continue
            location = (str(path.relative_to(PACKAGE_DIR.parent)), lineno)
            catalog.add(message, locations=[location], auto_comments=comments, context=context)
    return catalog


def po_path(app_dir: Path, language: str) -> Path:
    return app_dir / "locale" / language / "LC_MESSAGES" / "django.po"


def read_catalog(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def compile_catalog(catalog: Catalog) -> bytes:
    # An untranslated message stays out of the .mo, so Django falls back to the German catalogue for it. Babel
    # compiles a plural with empty forms as the English message ids, which hid the German text: an Arabic page
    # showed "38 municipalities added".
    for message in list(catalog):
        if message.id and not _translated(message):
            catalog.delete(message.id, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update_app_catalogs(app_dir: Path, *, fill_english: bool = True) -> dict[str, int]:
    """Merge the app's current strings into its catalogues and compile them; returns untranslated counts.

    Files are only rewritten when a message changed, so running it leaves other apps' catalogues untouched.
    """
    template = extract_catalog(app_dir)
    untranslated: dict[str, int] = {}
    if not len(template) and not (app_dir / "locale").exists():
        return untranslated
    for language, _name in settings.LANGUAGES:
        path = po_path(app_dir, language)
        if path.exists():
            catalog = read_catalog(path, language)
        else:
            catalog = Catalog(locale=language, project="wegweiser", fuzzy=False, creation_date=FIXED_DATE)
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        for message in catalog:
            if not message.id:
                continue
            if fill_english and language == "en" and not _translated(message):
                message.string = message.id
            message.flags.discard("fuzzy")
        write_catalog(catalog, path)
        untranslated[language] = sum(1 for m in catalog if m.id and not _translated(m))
    return untranslated


def write_catalog(catalog: Catalog, path: Path) -> None:
    """Write the .po (with fixed header dates, so unchanged catalogues stay byte-identical) and its .mo."""
    catalog.creation_date = FIXED_DATE
    catalog.revision_date = FIXED_DATE
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=True, include_previous=False, include_lineno=False)
    content = buffer.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != content:
        path.write_bytes(content)
    mo = compile_catalog(read_catalog(path, catalog.locale_identifier))
    mo_path = path.with_suffix(".mo")
    if not mo_path.exists() or mo_path.read_bytes() != mo:
        mo_path.write_bytes(mo)


def _translated(message) -> bool:
    if isinstance(message.string, tuple | list):
        return all(message.string)
    return bool(message.string)


def is_translated(message) -> bool:
    return _translated(message) and not message.fuzzy
