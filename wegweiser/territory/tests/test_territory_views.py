"""The district administrator's upload page, the background job it starts, and the list of municipalities."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.accounts.tests.factories import UserFactory
from wegweiser.jobs.models import HeldUpload, Job, JobStatus
from wegweiser.jobs.services import HELD_UPLOAD_KEPT_FOR, held_uploads_expire
from wegweiser.territory.models import District, Municipality

REGISTER_FILE = Path(__file__).resolve().parent.parent / "data" / "gv-auszug-03459.csv"
REGISTER = REGISTER_FILE.read_bytes()


@pytest.fixture
def admin_client(client, db):
    """The district administrator, in English; no municipalities loaded yet (the world's would mix in)."""
    client.force_login(UserFactory(username="kreisadmin", role=Role.DISTRICT_ADMIN))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, content: bytes = REGISTER, name: str = "gv-auszug.csv", **data):
    """The first step: the file is checked and its changes previewed."""
    return client.post(
        reverse("territory:upload"), {"file": SimpleUploadedFile(name, content, content_type="text/csv"), **data}
    )


def confirm(client, preview):
    held = re.search(r'name="held" value="([^"]+)"', preview.content.decode()).group(1)
    population_date = re.search(r'name="population_date" value="([^"]*)"', preview.content.decode()).group(1)
    return client.post(reverse("territory:upload"), {"held": held, "population_date": population_date})


def load(client, content: bytes = REGISTER, name: str = "gv-auszug.csv", **data):
    """Upload, preview and confirm: the confirmation queues the job."""
    return confirm(client, upload(client, content, name, **data))


def test_the_confirmed_preview_starts_a_job_that_loads_the_register_and_the_job_page_shows_the_outcome(
    admin_client, run_jobs
):
    response = load(admin_client, population_date="2019-12-31")

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert (job.kind, job.status, job.created_by.username) == ("territory.import", JobStatus.QUEUED, "kreisadmin")
    assert job.input.filename == "gv-auszug.csv"
    assert bytes(job.input.content) == REGISTER
    assert not Municipality.objects.exists(), "the page only queues the work"
    waiting = admin_client.get(response["Location"])
    assert "Status: <strong>Waiting</strong>" in waiting.content.decode()
    assert f'hx-get="{reverse("jobs:progress", kwargs={"job_id": job.pk})}"' in waiting.content.decode()

    run_jobs()

    page = admin_client.get(response["Location"]).content.decode()
    assert "The job has finished." in page
    assert "Landkreis Osnabrück: 38 municipalities added, 0 updated, 0 unchanged." in page
    assert f'<a href="{reverse("territory:list")}">Show the result</a>' in page
    assert "hx-get" not in page, "a finished job stops polling"
    job.refresh_from_db()
    assert (job.status, job.percent, job.result["created"]) == (JobStatus.SUCCEEDED, 100, 38)
    assert Municipality.objects.local().count() == 34
    assert Municipality.objects.get(ags="03459024").population_date == date(2019, 12, 31)


def test_uploading_the_same_file_again_changes_nothing(admin_client, run_jobs):
    load(admin_client)
    run_jobs()

    preview = upload(admin_client)
    assert "0 municipalities changed" in preview.content.decode()
    confirm(admin_client, preview)
    run_jobs()

    second = Job.objects.order_by("created_at").last()
    assert second.result["summary"] == "Landkreis Osnabrück: 0 municipalities added, 0 updated, 38 unchanged."
    assert Municipality.objects.count() == 38


def test_a_broken_file_is_refused_with_each_problem_listed_and_nothing_loaded(admin_client):
    broken = REGISTER.replace(b" 15 738,", b" 15 7x8,").replace(b'"Melle, Stadt", 253.95', b'"", 253.95')

    response = upload(admin_client, broken, name="kaputt.csv")

    page = response.content.decode()
    assert "2 problems in the file; nothing was loaded." in page
    assert "<li>kaputt.csv, line 4, field “bevoelkerung”: “15 7x8” is not a whole number.</li>" in page
    assert "<li>kaputt.csv, line 30, field “gemeindename”: The name is empty.</li>" in page
    assert 'name="held"' not in page, "a file with problems cannot be confirmed"
    assert not Job.objects.exists()
    assert not HeldUpload.objects.exists()
    assert not District.objects.exists()
    assert not Municipality.objects.exists()


def test_a_file_of_another_district_is_refused_and_the_loaded_district_stays(admin_client, run_jobs):
    load(admin_client)
    run_jobs()
    other = REGISTER.replace(b",03,4,59,", b",03,4,58,").replace(b"Osnab", b"Oldenb")

    response = upload(admin_client, other, name="oldenburg.csv")

    page = response.content.decode()
    assert Job.objects.count() == 1
    assert "This installation serves Landkreis Osnabrück; a file for another district (03458) cannot be loaded." in page
    assert list(District.objects.values_list("ags", flat=True)) == ["03459"]
    assert Municipality.objects.count() == 38


def test_the_progress_fragment_shows_the_outcome_without_the_page_around_it(admin_client, run_jobs):
    load(admin_client)
    job = Job.objects.get()
    run_jobs()

    fragment = admin_client.get(reverse("jobs:progress", kwargs={"job_id": job.pk})).content.decode()

    assert fragment.lstrip().startswith("<section")
    assert "<html" not in fragment
    assert 'value="100"' in fragment
    assert "38 municipalities added" in fragment


def test_the_preview_shows_what_would_change_and_changes_nothing(admin_client, run_jobs):
    load(admin_client, population_date="2019-12-31")
    run_jobs()
    renamed = REGISTER.replace(b'024,"Melle, Stadt"', b'024,"Melle an der Else, Stadt"').replace(
        b"40,44,03,4,59,,,Osnabr\xc3\xbcck,", b"40,44,03,4,59,,,Osnabrueck,"
    )

    preview = upload(admin_client, renamed, name="neu.csv", population_date="2019-12-31")

    page = preview.content.decode()
    assert "This is what loading <bdi>neu.csv</bdi> would change. Nothing has changed yet." in page
    assert "1 municipality changed" in page
    assert "renamed, was <bdi>Landkreis Osnabrück</bdi>" in page
    assert "name: <bdi>Melle, Stadt</bdi> → <bdi>Melle an der Else, Stadt</bdi>" in page
    assert Municipality.objects.get(ags="03459024").name == "Melle, Stadt"
    assert Job.objects.count() == 1

    confirm(admin_client, preview)
    run_jobs()

    assert Municipality.objects.get(ags="03459024").name == "Melle an der Else, Stadt"


def test_a_preview_is_confirmed_once_and_only_by_its_uploader(admin_client, run_jobs):
    preview = upload(admin_client)
    colleague = Client()
    colleague.force_login(UserFactory(username="zweitadmin", role=Role.DISTRICT_ADMIN))

    assert confirm(colleague, preview).status_code == 409
    assert confirm(admin_client, preview).status_code == 302
    again = confirm(admin_client, preview)

    assert again.status_code == 409
    assert "The previewed file is no longer here" in again.content.decode()
    assert Job.objects.count() == 1


def test_a_held_upload_that_nobody_confirms_is_deleted_by_the_housekeeping(admin_client):
    upload(admin_client)
    assert held_uploads_expire() == 0

    assert held_uploads_expire(now=timezone.now() + HELD_UPLOAD_KEPT_FOR + timedelta(minutes=1)) == 1
    assert not HeldUpload.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("gv.xlsx", REGISTER, "Upload a CSV file (.csv or .txt)."),
        ("gv.csv", b"x" * (5 * 1024 * 1024 + 1), "The file is larger than 5 MB."),
    ],
)
def test_the_upload_form_refuses_what_is_not_a_register_file(admin_client, name, content, message):
    response = upload(admin_client, content, name=name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_the_upload_form_asks_for_a_file(admin_client):
    response = admin_client.post(reverse("territory:upload"), {"population_date": ""})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Job.objects.exists()


def test_the_list_shows_the_district_its_municipalities_and_their_population(
    client_as, world, django_assert_max_num_queries
):
    from wegweiser.territory.register import parse_register
    from wegweiser.territory.services import territory_load_register

    Municipality.objects.filter(pk__in=[world.municipality.pk, world.other_municipality.pk]).update(population=None)
    territory_load_register(register=parse_register(REGISTER, "gv.csv"), population_date=date(2019, 12, 31))
    client = client_as(Role.CASEWORKER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    with django_assert_max_num_queries(8):
        page = client.get(reverse("territory:list")).content.decode()

    assert "<h1>Municipalities of Landkreis Osnabrück</h1>" in page
    assert "36 towns and municipalities with 358,080 inhabitants." in page
    assert "<td>Quakenbrück, Stadt</td>" in page
    assert "<td>Artland</td>" in page
    assert "12/31/2019" in page
