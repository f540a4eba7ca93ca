"""Every Lagebild page as every role: planners (district administrator, integration office) load and delete
statistics; an upload awaiting its preview is seen only by the planner who uploaded it."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from wegweiser.accounts.roles import Role
from wegweiser.lagebild import services
from wegweiser.lagebild.models import StatisticRelease
from wegweiser.lagebild.statistics import read_statistics
from wegweiser.testing.matrix import UrlCase, roles

PLANNERS = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE)
SAMPLE = Path(__file__).parent / "data" / "12531-0043_175879554_flat_03459.csv"


def _release(world) -> dict:
    def make(world):
        statistics = read_statistics(SAMPLE.read_bytes(), SAMPLE.name)
        services.statistics_import(statistics=statistics, actor=world.user(Role.INTEGRATION_OFFICE))
        return StatisticRelease.objects.get()

    return {"release_id": world.obj("lagebild.release", make).pk}


def _upload(world) -> dict:
    def make(world):
        return services.statistic_upload_store(
            actor=world.user(Role.INTEGRATION_OFFICE), filename=SAMPLE.name, content=SAMPLE.read_bytes()
        )

    return {"upload_id": world.obj("lagebild.upload", make).pk}


CASES = [
    UrlCase("lagebild:tables", PLANNERS),
    UrlCase("lagebild:release_delete", PLANNERS, kwargs=_release),
    UrlCase("lagebild:release_delete", PLANNERS, kwargs=_release, method="POST"),
    UrlCase("lagebild:upload", PLANNERS),
    UrlCase(
        "lagebild:upload",
        PLANNERS,
        method="POST",
        data=lambda world: {"file": SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes(), content_type="text/csv")},
    ),
    UrlCase("lagebild:template", PLANNERS),
    UrlCase("lagebild:template", PLANNERS, query="format=csv", label="csv"),
    # The upload belongs to the integration office's account: the district administrator gets 404 as well.
    UrlCase("lagebild:preview", roles(Role.INTEGRATION_OFFICE), kwargs=_upload),
    UrlCase("lagebild:preview", roles(Role.INTEGRATION_OFFICE), kwargs=_upload, method="POST"),
    UrlCase("lagebild:discard", roles(Role.INTEGRATION_OFFICE), kwargs=_upload, method="POST"),
]

# The Lagebild's pages: every role that may read aggregates (planners, caseworkers, municipal managers).
READERS = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE, Role.CASEWORKER, Role.MUNICIPAL_MANAGER)


def _municipality(world) -> dict:
    return {"region_key": world.municipality.ags}


def _report_file(world) -> dict:
    def make(world):
        from wegweiser.jobs.models import Job
        from wegweiser.lagebild.models import ReportFile

        job = Job.objects.create(kind="lagebild.report", label="report", created_by=world.user(Role.INTEGRATION_OFFICE))
        ReportFile.objects.create(job=job, content=b"%PDF-1.4")
        return job

    return {"job_id": world.obj("lagebild.report_file", make).pk}


def _other_chart(world) -> dict:
    return {"region_key": world.other_municipality.ags, "chart": "arrivals", "fmt": "csv"}


CASES += [
    UrlCase("lagebild:dashboard", READERS),
    UrlCase("lagebild:map", READERS),
    UrlCase("lagebild:map_download", READERS, kwargs=lambda world: {"fmt": "csv"}),
    UrlCase("lagebild:map_download", READERS, kwargs=lambda world: {"fmt": "xlsx"}, label="xlsx"),
    UrlCase("lagebild:region", READERS, kwargs=_municipality),
    # Another municipality's drill-down opens for a municipal manager too: its statistics are published.
    UrlCase("lagebild:chart_download", READERS, kwargs=_other_chart),
    UrlCase("lagebild:forecast", READERS),
    # "Bericht erstellen" queues the council's PDF; only its maker downloads it (the administrator gets 404 too).
    UrlCase("lagebild:report", READERS, method="POST", data=lambda world: {"region": world.municipality.ags}),
    UrlCase("lagebild:report_download", roles(Role.INTEGRATION_OFFICE), kwargs=_report_file),
]
