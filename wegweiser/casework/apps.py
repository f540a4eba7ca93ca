from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "wegweiser.casework"
    label = "casework"
