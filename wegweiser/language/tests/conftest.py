import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _messages_in_english():
    """Services' refusals are matched in English; pages requested through the client still answer in the
    language the request asks for."""
    with translation.override("en"):
        yield
