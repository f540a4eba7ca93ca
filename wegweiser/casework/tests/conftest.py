import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English texts (the msgids); German is checked by the catalogue test."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
