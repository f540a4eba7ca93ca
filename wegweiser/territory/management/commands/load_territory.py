from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wegweiser.territory.register import parse_register
from wegweiser.territory.services import TerritoryLoadError, territory_load_register


class Command(BaseCommand):
    help = "Load a district and its municipalities from a GV-ISys register extract (CSV). All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--population-date",
            type=date.fromisoformat,
            default=None,
            help="Reference date of the population figures in the file (YYYY-MM-DD).",
        )

    def handle(self, *args, file: Path, population_date: date | None, **options):
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        register = parse_register(file.read_bytes(), file.name)
        if register.problems:
            for problem in register.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(register.problems)} problems in {file.name}; nothing was loaded.")
        try:
            result = territory_load_register(register=register, population_date=population_date)
        except TerritoryLoadError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(result.summary())
