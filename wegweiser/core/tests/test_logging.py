"""The JSON log writes a refused request as one line and every time in UTC."""

import io
import json
import logging

from django.conf import settings
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.core.logging import RefusalsWithoutTraceback, UtcJsonFormatter


def test_a_403_is_logged_as_one_line_with_a_utc_time(world, client_as):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        UtcJsonFormatter(**{k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"})
    )
    handler.addFilter(RefusalsWithoutTraceback())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client_as(Role.PARTNER).get(reverse("accounts:user_list"))
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 403
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    refused = [line for line in lines if line.get("status_code") == 403]
    assert refused
    assert "exc_info" not in refused[0]
    assert "Traceback" not in stream.getvalue()
    assert refused[0]["time"].endswith("Z")


def test_the_settings_use_the_utc_formatter_and_the_refusal_filter():
    assert settings.LOGGING["formatters"]["json"]["()"] == "wegweiser.core.logging.UtcJsonFormatter"
    assert "refusals_without_traceback" in settings.LOGGING["handlers"]["stdout"]["filters"]
