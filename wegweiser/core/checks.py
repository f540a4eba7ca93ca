from django.core.checks import Tags, Warning, register
from django.db import connection

from wegweiser.core.database_role import database_role_warnings


@register(Tags.security, deploy=True)
def check_database_role(app_configs, **kwargs):
    """`check --deploy` warns when the app would run as a role that may switch off the audit triggers."""
    return [
        Warning(message, hint="See README, Production: the app role.", id="wegweiser.W001")
        for message in database_role_warnings(connection)
    ]
