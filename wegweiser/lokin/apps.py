from django.apps import AppConfig


class LokinConfig(AppConfig):
    name = "wegweiser.lokin"
    label = "lokin"
