from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "wegweiser.language"
    label = "language"
