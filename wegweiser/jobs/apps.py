from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "wegweiser.jobs"
    label = "jobs"
