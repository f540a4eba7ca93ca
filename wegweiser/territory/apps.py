from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "wegweiser.territory"
    label = "territory"
