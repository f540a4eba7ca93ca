from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "wegweiser.portal"
    label = "portal"
