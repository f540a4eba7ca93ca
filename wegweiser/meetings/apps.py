from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "wegweiser.meetings"
    label = "meetings"
