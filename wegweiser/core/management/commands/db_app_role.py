import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from wegweiser.core.database_role import app_role_statements


class Command(BaseCommand):
    help = (
        "PostgreSQL: create or correct the login role the app runs as. Run it as the owner of the tables (the "
        "user that runs migrate): the role owns no table, may SELECT/INSERT/UPDATE/DELETE the tables and use "
        "the sequences, only SELECT/INSERT the audit log, and gets the same on tables of later migrations."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", default="wegweiser_app", help="Name of the role (default: wegweiser_app).")
        parser.add_argument(
            "--password-env",
            default="WEGWEISER_APP_DB_PASSWORD",
            help="Environment variable that holds the role's password (default: WEGWEISER_APP_DB_PASSWORD); "
            "unset: the password is left as it is.",
        )
        parser.add_argument("--print-sql", action="store_true", help="Print the statements instead of running them.")

    def handle(self, *args, role, password_env, print_sql, **options):
        if connection.vendor != "postgresql":
            raise CommandError("db_app_role is for PostgreSQL; SQLite has no roles.")
        password = os.environ.get(password_env) or None
        connection.ensure_connection()
        try:
            statements = app_role_statements(
                role=role, password=None if print_sql else password, raw_connection=connection.connection
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if print_sql:
            for statement in statements:
                self.stdout.write(statement + ";")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement, None)
        self.stdout.write(f"role {role} is ready: set the app's DATABASE_URL to connect as {role}")
