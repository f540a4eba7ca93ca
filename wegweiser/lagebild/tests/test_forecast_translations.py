"""German for every string of the forecast.

The `lagebild` app (built on another branch) owns the catalogue; until it lands, the German lives in
`forecast/translations_de.json`, ready for `scripts/po.py fill de wegweiser/lagebild/forecast/translations_de.json
lagebild` after `manage.py update_translations lagebild`.
"""

import json
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from django.utils import translation

from wegweiser.core.i18n import compile_catalog, extract_catalog, is_translated, po_path, read_catalog
from wegweiser.lagebild.forecast import Assumptions, Births, MunicipalityData, forecast_municipality, kita_bands

FORECAST_DIR = Path(__file__).resolve().parent.parent / "forecast"
GERMAN = json.loads((FORECAST_DIR / "translations_de.json").read_text(encoding="utf-8"))
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def forecast_msgids() -> set[str]:
    return {message.id for message in extract_catalog(FORECAST_DIR) if message.id}


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_every_forecast_string_has_german_with_the_same_placeholders():
    msgids = forecast_msgids()
    assert msgids, "the extractor found no strings: the test would prove nothing"
    assert sorted(msgids - set(GERMAN)) == []
    assert sorted(set(GERMAN) - msgids) == [], "German for strings the code no longer has"
    for msgid, german in GERMAN.items():
        assert german.strip(), msgid
        assert placeholders(german) == placeholders(msgid), msgid


def test_the_lagebild_catalogue_holds_the_forecast_german_once_it_exists():
    path = po_path(FORECAST_DIR.parent, "de")
    if not path.exists():
        pytest.skip("the lagebild app and its catalogue come from another branch")
    catalog = {message.id: message for message in read_catalog(path, "de") if message.id}
    for msgid in forecast_msgids():
        assert msgid in catalog, msgid
        assert is_translated(catalog[msgid]), msgid


def test_a_figure_reads_in_german_with_these_translations(settings, tmp_path):
    """The German compiled into a catalogue of its own (as the app's will be) renders the working in German."""
    catalog = Catalog(locale="de")
    for msgid, german in GERMAN.items():
        catalog.add(msgid, german)
    target = tmp_path / "de" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.mo").write_bytes(compile_catalog(catalog))
    settings.LOCALE_PATHS = [tmp_path]

    data = MunicipalityData(
        key="03459024",
        name="Melle",
        base_year=2024,
        population={0: D(12), 1: D(10), 2: D(12)},
        births={2024: D(12)},
        kita_places={"U3": {2024: D(10)}},
    )
    bands = kita_bands(u3_care_rate=D("0.35"), ue3_care_rate=D("0.95"), buffer=D("0.1"))
    u3 = forecast_municipality(data, Assumptions(bands=bands, births=Births(1))).years[0].kita["U3"]
    with translation.override("de"):
        # 12 + 12 + 10 = 34 children; 34 x 0.35 x 1.1 = 13.09 places.
        assert u3.need.formula_text() == "34 Kinder × Betreuungsquote 35 % × (1 + Puffer 10 %) = 13,09 Plätze"
        assert str(u3.band.label) == "U3 (unter drei Jahren)"
