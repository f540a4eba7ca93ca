"""Values in words for the person's export: local times in the language's format, codes resolved."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from wegweiser.core.partial_dates import PartialDate
from wegweiser.core.readable import words_for


@pytest.mark.parametrize(
    ("language", "value", "kind", "words"),
    [
        ("de", datetime(2026, 12, 3, 9, 0, tzinfo=UTC), "", "3. Dezember 2026 10:00"),
        ("de", datetime(2026, 7, 3, 9, 0, tzinfo=UTC), "", "3. Juli 2026 11:00"),  # summer time
        ("en", date(2026, 12, 3), "", "Dec. 3, 2026"),
        ("ru", date(2026, 12, 3), "", "3 декабря 2026 г."),
        ("de", PartialDate(1990), "", "1990"),
        ("de", PartialDate(1990, 3), "", "März 1990"),
        ("de", True, "", "ja"),
        ("de", [], "", "–"),
        ("de", Decimal("2.0"), "", "2"),
        ("de", Decimal("2.5"), "", "2,5"),
        ("de", ["UA", "SY"], "country", "Ukraine, Syrien"),
        ("uk", "UA", "country", "Україна"),
        ("ar", "uk", "language", "الأوكرانية"),
        ("de", "prs", "language", "Dari"),
    ],
)
def test_values_read_in_words(language, value, kind, words):
    with translation.override(language):
        assert words_for(value, kind=kind) == words
