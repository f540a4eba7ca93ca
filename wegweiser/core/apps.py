from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wegweiser.core"
    label = "core"

    def ready(self):
        from wegweiser.core import (
            checks,  # noqa: F401 (registers the system checks)
            request_memo,
        )

        request_memo.connect()
