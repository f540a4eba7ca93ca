"""The JSON log: times in UTC with their zone, and a refused request as one line instead of a traceback."""

import logging
import time

from pythonjsonlogger.json import JsonFormatter

# The one JSON line format, for Django's log (settings.LOGGING) and gunicorn's (gunicorn.conf.py) alike.
JSON_FORMATTER = {
    "()": "wegweiser.core.logging.UtcJsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}


class UtcJsonFormatter(JsonFormatter):
    """Every time in UTC and marked so (`2026-12-02T17:05:01.123Z`): the access log, the JSON log and gunicorn
    used to disagree on the zone, and a bare local time could not be put beside the others."""

    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"


class RefusalsWithoutTraceback(logging.Filter):
    """A 403 is a refusal the application meant (a role without the permission, a municipality outside the
    remit): worth one line, not a full traceback at WARNING for every refused link."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
