from django.apps import AppConfig


class IntegrationskonzeptConfig(AppConfig):
    name = "wegweiser.integrationskonzept"
    label = "integrationskonzept"

    def ready(self) -> None:
        from wegweiser.integrationskonzept import hooks

        hooks.connect()
