"""The planner's pages: upload, preview, confirm, the job with its progress, the list of loaded tables, delete."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.jobs.models import HeldUpload, Job, JobStatus
from wegweiser.lagebild.models import Observation, StatisticRelease

DATA = Path(__file__).parent / "data"


@pytest.fixture
def planner(client, world):
    client.force_login(world.user(Role.INTEGRATION_OFFICE))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, name: str, content: bytes | None = None):
    content = content if content is not None else (DATA / name).read_bytes()
    return client.post(reverse("lagebild:upload"), {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


def test_upload_preview_confirm_job_and_list(planner, run_jobs):
    response = upload(planner, "22541-01-01-4.csv")

    stored = HeldUpload.objects.get()
    assert response["Location"] == reverse("lagebild:preview", kwargs={"upload_id": stored.pk})
    page = planner.get(response["Location"]).content.decode()
    assert "22541-01-01-4" in page
    assert "GENESIS table (CSV), encoding Windows-1252" in page
    assert "5,918" in page, "values counted"
    assert "- 1,006" in page, "markers counted"
    assert "Osnabrück, Landkreis" in page, "the sample shows the district's own row"
    assert "Load these figures" in page
    assert not Observation.objects.exists(), "the preview writes nothing"

    confirmed = planner.post(response["Location"])
    job = Job.objects.get()
    assert confirmed["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert (job.kind, job.status) == ("lagebild.import", JobStatus.QUEUED)
    assert not HeldUpload.objects.exists(), "the upload moved into the job"
    waiting = planner.get(confirmed["Location"]).content.decode()
    assert f'hx-get="{reverse("jobs:progress", kwargs={"job_id": job.pk})}"' in waiting

    run_jobs()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert (job.progress_done, job.progress_total) == (2, 3)
    assert job.result["import"]["values"] == 5918
    done = planner.get(reverse("jobs:progress", kwargs={"job_id": job.pk})).content.decode()
    assert "Table: 22541-01-01-4" in done
    assert reverse("lagebild:tables") in done
    listing = planner.get(reverse("lagebild:tables")).content.decode()
    assert "22541-01-01-4" in listing
    assert "12/31/2002" in listing
    assert "23.03.2026 / 09:01:36" in listing


def test_a_broken_file_shows_its_problems_and_cannot_be_confirmed(planner):
    broken = (DATA / "22541-01-01-4.csv").read_bytes().replace(b";3142497;", b";3142497,,;", 1)
    response = upload(planner, "22541-01-01-4.csv", broken)

    page = planner.get(response["Location"]).content.decode()
    assert "1 problem in the file; it cannot be loaded." in page
    assert "Line 8, column 9" in page
    assert "Load these figures" not in page
    refused = planner.post(response["Location"], follow=True)
    assert "This file cannot be loaded" in refused.content.decode()
    assert not Job.objects.exists()


def test_a_file_of_no_known_layout_is_explained(planner):
    response = upload(planner, "liste.csv", b"Name;Wert\nMelle;1\n")

    page = planner.get(response["Location"]).content.decode()
    assert "The layout of the file is not known" in page
    assert "Load these figures" not in page


def test_dropping_an_upload(planner):
    response = upload(planner, "22541-01-01-4.csv")
    stored = HeldUpload.objects.get()

    dropped = planner.post(reverse("lagebild:discard", kwargs={"upload_id": stored.pk}))

    assert dropped["Location"] == reverse("lagebild:upload")
    assert not HeldUpload.objects.exists()
    assert planner.get(response["Location"]).status_code == 404


def test_a_wrong_kind_of_file_is_refused_by_the_form(planner):
    response = planner.post(
        reverse("lagebild:upload"), {"file": SimpleUploadedFile("bild.png", b"\x89PNG", content_type="image/png")}
    )

    assert response.status_code == 200
    assert "Upload a CSV, ZIP or XLSX file." in response.content.decode()
    assert not HeldUpload.objects.exists()


def test_another_planners_upload_is_not_found(client, world):
    stored = HeldUpload.objects.create(
        created_by=world.user(Role.INTEGRATION_OFFICE), purpose="lagebild.statistics", filename="x.csv", content=b"x"
    )
    client.force_login(world.user(Role.DISTRICT_ADMIN))

    assert client.get(reverse("lagebild:preview", kwargs={"upload_id": stored.pk})).status_code == 404


def test_delete_asks_first_then_removes_the_reference_date(planner, world):
    from wegweiser.lagebild.services import statistics_import
    from wegweiser.lagebild.statistics import read_statistics

    name = "12411-01-01-4.csv"
    statistics_import(
        statistics=read_statistics((DATA / name).read_bytes(), name), actor=world.user(Role.DISTRICT_ADMIN)
    )
    release = StatisticRelease.objects.get()
    url = reverse("lagebild:release_delete", kwargs={"release_id": release.pk})

    question = planner.get(url).content.decode()
    assert "1,614 values will be removed" in question
    assert StatisticRelease.objects.exists()

    response = planner.post(url, follow=True)
    assert "were deleted" in response.content.decode()
    assert not StatisticRelease.objects.exists()
    assert not Observation.objects.exists()


def test_the_list_needs_a_fixed_number_of_queries(planner, world, django_assert_max_num_queries):
    from wegweiser.lagebild.services import statistics_import
    from wegweiser.lagebild.statistics import read_statistics

    for name in ("12411-01-01-4.csv", "12411-01-01-4_1773175772751_de_flat.csv", "22541-01-01-4.csv"):
        statistics_import(statistics=read_statistics((DATA / name).read_bytes(), name), actor=None)

    with django_assert_max_num_queries(6):
        response = planner.get(reverse("lagebild:tables"))
    assert response.content.decode().count("Delete <span") == 3


def test_the_template_downloads_as_xlsx_and_csv(planner):
    from wegweiser.lagebild.statistics import read_statistics

    xlsx = planner.get(reverse("lagebild:template"))
    csv = planner.get(reverse("lagebild:template") + "?format=csv")

    assert xlsx["Content-Disposition"].endswith('lagebild-eigene-zahlen.xlsx"')
    assert csv.content.decode("utf-8-sig").splitlines()[0] == (
        "Merkmal;Stichtag;Gemeindeschlüssel;Gemeinde;Staatsangehörigkeit;Altersgruppe;Träger;Wert"
    )
    # The examples of the template mix sources, so the template itself is refused as one upload.
    for content, name in ((xlsx.content, "t.xlsx"), (csv.content, "t.csv")):
        result = read_statistics(content, name)
        assert len(result.observations) == 4
        assert [p.message.split(";")[0] for p in result.problems] == ["One file holds the figures of one source"]


def test_planners_see_the_entries_in_the_navigation_and_municipal_managers_do_not(client, world):
    client.force_login(world.user(Role.INTEGRATION_OFFICE))
    assert reverse("lagebild:upload") in client.get(reverse("lagebild:tables")).content.decode()
    client.force_login(world.user(Role.MUNICIPAL_MANAGER))
    assert client.get(reverse("lagebild:upload")).status_code == 403
    home = client.get("/", follow=True)
    assert home.status_code == 200
    assert reverse("lagebild:tables") not in home.content.decode()
