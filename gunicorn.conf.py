"""Gunicorn reads this file from the directory it starts in (`make run` and README's production line).

Its own logs (the access log and its error log) come as the same JSON lines as Django's, times in UTC: the
access log used to print local time with an offset beside the application's UTC, and lines could not be
sorted together."""

from wegweiser.core.logging import JSON_FORMATTER

# The time comes from the formatter (UTC, "Z"); gunicorn's own %(t)s would repeat it in local time.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}},
    # Gunicorn lays this over its own defaults, whose root logger names a "console" handler: name ours.
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
