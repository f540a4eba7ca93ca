import pytest
from django.utils import translation
from django.utils.translation import trans_real


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English texts (the msgids); German is checked by the catalogue test."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
    # Django keeps each loaded catalogue with the fallback of the LANGUAGE_CODE it was loaded under (and does
    # not drop them when LANGUAGE_CODE changes): left in place, a later test in this worker would see English
    # where an Arabic page falls back to German.
    trans_real._translations = {}
    trans_real._default = None
