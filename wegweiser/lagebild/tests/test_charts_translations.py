"""German for every string of the charts and the report.

The `lagebild` app (built on another branch) owns the catalogue; until it lands, the German lives in
`charts/translations_de.json` and `report/translations_de.json` (the forecast's convention), ready for
`scripts/po.py fill de <file> lagebild` after `manage.py update_translations lagebild`.
"""

import datetime
import io
import json
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from django.utils import translation
from pypdf import PdfReader

from wegweiser.core.i18n import compile_catalog, extract_catalog, is_translated, po_path, read_catalog
from wegweiser.lagebild.charts import Datum, Series, choropleth, load_boundaries, time_series
from wegweiser.lagebild.report import Report, Section, Source, render_report_pdf

LAGEBILD_DIR = Path(__file__).resolve().parent.parent
PACKAGES = ["charts", "report"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def german(package: str) -> dict:
    return json.loads((LAGEBILD_DIR / package / "translations_de.json").read_text(encoding="utf-8"))


def msgids(package: str) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in extract_catalog(LAGEBILD_DIR / package) if m.id}


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("package", PACKAGES)
def test_every_string_has_german_with_the_same_placeholders(package):
    ids, translations = msgids(package), german(package)
    assert ids, "the extractor found no strings: the test would prove nothing"
    assert sorted(ids - set(translations)) == []
    assert sorted(set(translations) - ids) == [], "German for strings the code no longer has"
    for msgid, text in translations.items():
        for form in text if isinstance(text, list) else [text]:
            assert form.strip(), msgid
            assert placeholders(form) == placeholders(msgid), msgid


@pytest.mark.parametrize("package", PACKAGES)
def test_the_lagebild_catalogue_holds_the_german_once_it_exists(package):
    path = po_path(LAGEBILD_DIR, "de")
    if not path.exists():
        pytest.skip("the lagebild app and its catalogue come from another branch")
    catalog = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in read_catalog(path, "de") if m.id}
    for msgid in msgids(package):
        assert msgid in catalog, msgid
        assert is_translated(catalog[msgid]), msgid


@pytest.fixture
def german_catalogue(settings, tmp_path):
    catalog = Catalog(locale="de")
    for package in PACKAGES:
        for msgid, text in german(package).items():
            if isinstance(text, list):
                plural = {m.id[0]: m.id[1] for m in extract_catalog(LAGEBILD_DIR / package) if isinstance(m.id, tuple)}
                catalog.add((msgid, plural[msgid]), tuple(text))
            else:
                catalog.add(msgid, text)
    target = tmp_path / "de" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.mo").write_bytes(compile_catalog(catalog))
    settings.LOCALE_PATHS = [tmp_path]


def test_charts_and_report_read_in_german(german_catalogue):
    values = {m.key: Datum(index) for index, m in enumerate(load_boundaries().municipalities)}
    values["03459004"] = Datum(None, "geheim")
    with translation.override("de"):
        chart = choropleth(title="Ausländische Bevölkerung", values=values, unit="Personen")
        lines = time_series(
            title="t", periods=["2023", "2024"], series=[Series("Melle", (Datum(5), Datum(9)))], unit="x"
        )
        report = Report(
            date=datetime.date(2026, 12, 2),
            district="Landkreis Osnabrück",
            sections=(Section(heading="Bevölkerung", charts=(chart,)),),
            sources=(
                Source(
                    table="12521", title="Ausländer", licence="dl-de/by-2-0", attribution="© Destatis", stand="2025"
                ),
            ),
        )
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render_report_pdf(report))).pages)
    assert chart.description.startswith("Karte der 34 Gemeinden im Landkreis Osnabrück, in 5 Klassen")
    assert "1 Wert wird nicht veröffentlicht." in chart.description
    assert "nicht veröffentlicht" in chart.svg
    assert "Melle: 5 (2023), 9 (2024)." in lines.description
    assert "Quellen" in text
    assert "Zahlen unter 5 Personen werden nicht veröffentlicht" in text
    assert "Stand: 2. Dezember 2026" in text
    assert "Gemeindeschlüssel" in text
