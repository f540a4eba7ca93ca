from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wegweiser.lagebild.selectors import statistics_preview
from wegweiser.lagebild.services import StatisticsImportError, statistics_import
from wegweiser.lagebild.statistics import StatisticsParseError, read_statistics


class Command(BaseCommand):
    help = (
        "Load official statistics (GENESIS table CSV, old or new flat CSV, zipped or not) or the district's own "
        "figures (template CSV or XLSX). The same table and reference date again replace the earlier figures; "
        "a file with a problem loads nothing and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check the file, print what it holds, load nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        content = file.read_bytes()
        if dry_run:
            preview = statistics_preview(content=content, filename=file.name)
            if preview.error:
                raise CommandError(preview.error)
            for line in preview.summary.lines():
                self.stdout.write(line)
            self._refuse_on(preview.problems, file)
            self.stdout.write("Dry run: nothing was loaded.")
            return
        try:
            statistics = read_statistics(content, file.name)
        except StatisticsParseError as error:
            raise CommandError(str(error)) from error
        try:
            summary = statistics_import(statistics=statistics, actor="manage.py lagebild_import")
        except StatisticsImportError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(str(error)) from error
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write("Loaded.")

    def _refuse_on(self, problems, file: Path) -> None:
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(problems)} problems in {file.name}; nothing would be loaded.")
