from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "wegweiser.participation"
    label = "participation"
