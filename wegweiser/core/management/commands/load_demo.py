"""Load the demo district: Landkreis Osnabrück's real municipalities, organisations, one account per role,
and each app's demo data (`wegweiser/<app>/demo.py`, a function `load_demo(*, out)`). Idempotent: running it
again adds nothing twice and prints no password twice."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation

from wegweiser.core.discovery import app_modules


class Command(BaseCommand):
    help = "Load the demo district (only in demo mode, WEGWEISER_DEMO=1)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords", action="store_true", help="Give the demo accounts new passwords and print them."
        )
        parser.add_argument("--force", action="store_true", help="Load even outside demo mode.")

    def handle(self, *args, reset_passwords: bool, force: bool, **options):
        if not (settings.DEMO_MODE or force):
            raise CommandError("The demo district is only loaded in demo mode (WEGWEISER_DEMO=1).")
        # What it prints is for the operator who reads the English README: one language, not German values
        # inside English lines.
        with translation.override("en"):
            for _config, module in app_modules("demo"):
                module.load_demo(out=self.stdout, reset_passwords=reset_passwords)
        if connection.vendor == "postgresql":
            # Fresh statistics after thousands of new rows, so the first queries are planned on real counts.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
