import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _messages_in_english():
    """Services' refusals are matched in English."""
    with translation.override("en"):
        yield
