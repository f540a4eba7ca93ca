from django.apps import AppConfig


class LagebildConfig(AppConfig):
    name = "wegweiser.lagebild"
    label = "lagebild"
