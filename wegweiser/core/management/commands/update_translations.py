from django.core.management.base import BaseCommand

from wegweiser.core.i18n import app_dirs, update_app_catalogs


class Command(BaseCommand):
    help = "Extract translatable strings into every app's catalogues and compile them (no GNU gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument("apps", nargs="*", help="Only these apps (default: all).")

    def handle(self, *args, apps, **options):
        for app_dir in app_dirs():
            if apps and app_dir.name not in apps:
                continue
            missing = update_app_catalogs(app_dir)
            if missing:
                summary = ", ".join(f"{language}: {count}" for language, count in missing.items())
                self.stdout.write(f"{app_dir.name}: untranslated {summary}")
