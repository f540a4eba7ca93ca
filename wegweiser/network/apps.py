from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "wegweiser.network"
    label = "network"
