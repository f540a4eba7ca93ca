"""Gunicorn's access and error logs come as the application's JSON lines, in UTC (gunicorn.conf.py)."""

import io
import json
import logging
import logging.config
import runpy
from pathlib import Path

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

CONF = Path(__file__).resolve().parents[3] / "gunicorn.conf.py"


@pytest.fixture
def gunicorn_logger(monkeypatch):
    settings = runpy.run_path(str(CONF))
    stream = io.StringIO()
    monkeypatch.setattr("sys.stdout", stream)
    config = Config()
    config.set("logconfig_dict", settings["logconfig_dict"])
    config.set("access_log_format", settings["access_log_format"])
    config.set("accesslog", "-")
    yield Logger(config), stream
    logging.config.dictConfig({"version": 1, "disable_existing_loggers": False})


def test_an_access_line_is_json_with_the_time_in_utc(gunicorn_logger):
    logger, stream = gunicorn_logger

    class Response:
        status = "200 OK"
        sent = 1234
        headers = []

    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/health/", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.1"}
    from datetime import timedelta

    logger.access(Response(), [], environ, timedelta(milliseconds=12))

    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["logger"] == "gunicorn.access"
    assert line["time"].endswith("Z")
    assert '"GET /health/ HTTP/1.1" 200 1234' in line["message"]
    assert "+0" not in line["message"], "no second, local time inside the line"


def test_gunicorns_own_messages_are_json_too(gunicorn_logger):
    logger, stream = gunicorn_logger

    logger.info("Booting worker with pid: %s", 4711)

    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert (line["logger"], line["level"], line["message"]) == (
        "gunicorn.error",
        "INFO",
        "Booting worker with pid: 4711",
    )
    assert line["time"].endswith("Z")
