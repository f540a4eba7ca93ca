"""Background jobs as a user sees them: progress while running, the outcome, a worker that died, who may look."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import TaskContext, task
from django_tasks_db.models import DBTaskResult

from wegweiser.accounts.roles import Role
from wegweiser.accounts.tests.factories import UserFactory
from wegweiser.jobs.models import Job, JobStatus, WorkerHeartbeat
from wegweiser.jobs.runner import JobError, RunningJob, run_job
from wegweiser.jobs.services import job_enqueue, jobs_fail_orphaned
from wegweiser.network.models import Organisation
from wegweiser.network.services import organisation_create

PROJECT_DIR = Path(__file__).resolve().parents[3]

# Set by a test: called while the job runs, to look at it from outside (as the polling browser does).
PEEK = None
SEEN: list[str] = []


@task(takes_context=True)
def counting_task(context: TaskContext, job_id: str, steps: int = 4, ending: str = "") -> dict:
    def work(job: RunningJob) -> dict:
        for done in range(1, steps + 1):
            job.progress(done, steps, f"Step {done}", force=True)
            if done == 2 and PEEK is not None:
                SEEN.append(PEEK())
        if ending == "job_error":
            raise JobError("2 rows are wrong; nothing was loaded.", ["line 2: <b>bad</b>", "line 5: empty"])
        if ending == "crash":
            raise ZeroDivisionError("division by zero")
        if ending == "worker_stopped":
            # The work applies in one transaction at the end; the worker is stopped half-way through it.
            with transaction.atomic():
                organisation_create(actor=None, name="Half-way Verein", kind="club")
                raise SystemExit(1)
        return {"summary": f"{steps} steps done."}

    return run_job(context, job_id, work)


@task(takes_context=True)
def stuck_task(context: TaskContext, job_id: str, marker: str) -> dict:
    """Checks, then applies in one transaction and hangs there (until its worker is killed)."""

    def work(job: RunningJob) -> dict:
        job.progress(1, 2, "Checked", force=True)
        with transaction.atomic():
            organisation_create(actor=None, name="Never committed", kind="club")
            Path(marker).write_text("inside the transaction")
            time.sleep(60)
        return {}

    return run_job(context, job_id, work)


def enqueue(user, **kwargs) -> Job:
    with translation.override("en"):
        return job_enqueue(task=counting_task, kind="test.count", label="Count to four", actor=user, **kwargs)


def fragment(client, job: Job) -> str:
    return client.get(reverse("jobs:progress", kwargs={"job_id": job.pk})).content.decode()


@pytest.fixture
def admin(client_as, client):
    client_as(Role.DISTRICT_ADMIN)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def peek(monkeypatch):
    def install(look):
        SEEN.clear()
        monkeypatch.setattr(f"{__name__}.PEEK", look)
        return SEEN

    return install


def test_progress_is_recorded_while_the_job_runs_and_the_fragment_shows_it(admin, world, run_jobs, peek):
    job = enqueue(world.user(Role.DISTRICT_ADMIN))
    seen = peek(lambda: fragment(admin, job))
    assert "Status: <strong>Waiting</strong>" in fragment(admin, job)

    run_jobs()

    [while_running] = seen
    assert "Status: <strong>Running</strong>" in while_running
    assert "2 of 4 · 50 % · Step 2" in " ".join(while_running.split())
    assert 'value="50"' in while_running
    assert 'hx-trigger="every 1s"' in while_running
    job.refresh_from_db()
    assert (job.status, job.progress_done, job.progress_total, job.message) == (JobStatus.SUCCEEDED, 4, 4, "Step 4")
    assert job.started_at <= job.finished_at
    assert job.worker_id


def test_a_finished_job_shows_its_result_and_stops_polling(admin, world, run_jobs):
    job = enqueue(world.user(Role.DISTRICT_ADMIN), result_url="/territory/")

    run_jobs()

    shown = fragment(admin, job)
    assert "The job has finished." in shown
    assert "4 steps done." in shown
    assert '<a href="/territory/">Show the result</a>' in shown
    assert 'value="100"' in shown
    assert "hx-get" not in shown
    assert job.task_result_id
    assert DBTaskResult.objects.get(pk=job.task_result_id).status == "SUCCESSFUL"


def test_a_job_error_is_shown_in_words_with_each_detail(admin, world, run_jobs):
    job = enqueue(world.user(Role.DISTRICT_ADMIN), ending="job_error")

    run_jobs()

    shown = fragment(admin, job)
    assert "The job failed." in shown
    assert "2 rows are wrong; nothing was loaded." in shown
    assert "<li>line 2: &lt;b&gt;bad&lt;/b&gt;</li>" in shown
    assert "<li>line 5: empty</li>" in shown
    assert 'role="alert"' in shown
    job.refresh_from_db()
    assert (job.status, job.result["errors"]) == (JobStatus.FAILED, ["line 2: <b>bad</b>", "line 5: empty"])


def test_an_unexpected_exception_fails_the_job_without_showing_internals(admin, world, run_jobs):
    job = enqueue(world.user(Role.DISTRICT_ADMIN), ending="crash")

    run_jobs()

    shown = fragment(admin, job)
    assert "The job failed." in shown
    assert "The job stopped with an unexpected error; nothing of it was applied. (ZeroDivisionError)" in shown
    assert "division by zero" not in shown
    assert "Traceback" not in shown
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert DBTaskResult.objects.get(pk=job.task_result_id).status == "FAILED"


def test_a_job_whose_worker_stopped_mid_way_applied_nothing_and_is_marked_failed(admin, world, run_jobs):
    job = enqueue(world.user(Role.DISTRICT_ADMIN), ending="worker_stopped")
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING, "nobody was left to record the end"
    assert not Organisation.objects.filter(name="Half-way Verein").exists()
    a_while_ago = timezone.now() - settings.WEGWEISER_WORKER_STALE_AFTER - timedelta(seconds=1)
    Job.objects.filter(pk=job.pk).update(started_at=a_while_ago)
    WorkerHeartbeat.objects.create(worker_id=job.worker_id, started_at=a_while_ago, seen_at=a_while_ago)

    shown = fragment(admin, job)

    assert "The worker stopped while running this job; nothing of it was applied. Please start it again." in shown
    assert "hx-get" not in shown
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.finished_at is not None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process needs a database it can share")
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_killed_mid_job_leaves_nothing_applied(tmp_path):
    """A real `manage.py worker` is killed (SIGKILL) inside the job's transaction."""
    user = UserFactory(username="admin", role=Role.DISTRICT_ADMIN)
    marker = tmp_path / "inside"
    with translation.override("en"):
        job = job_enqueue(task=stuck_task, kind="test.stuck", label="Stuck", actor=user, marker=str(marker))
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wegweiser.settings_test",
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "worker", "--interval", "0.1", "--heartbeat", "0.2"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the worker never reached the job's transaction"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)

    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.RUNNING, "Checked")
    assert WorkerHeartbeat.objects.filter(worker_id=job.worker_id).exists()
    assert not Organisation.objects.filter(name="Never committed").exists()
    later = timezone.now() + settings.WEGWEISER_WORKER_STALE_AFTER + timedelta(seconds=1)
    assert jobs_fail_orphaned(now=later) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert DBTaskResult.objects.get(pk=job.task_result_id).status == "FAILED"


def _running_job(user, *, worker_id: str, started_ago: timedelta, seen_ago: timedelta | None) -> Job:
    """A job a worker has claimed and started, as the database shows it when that worker is gone (or not)."""
    job = enqueue(user)
    now = timezone.now()
    DBTaskResult.objects.get(pk=job.task_result_id).claim(worker_id)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, worker_id=worker_id, started_at=now - started_ago)
    if seen_ago is not None:
        WorkerHeartbeat.objects.create(worker_id=worker_id, started_at=now - started_ago, seen_at=now - seen_ago)
    return job


def test_jobs_fail_orphaned_fails_the_jobs_of_dead_workers_only(world):
    user = world.user(Role.DISTRICT_ADMIN)
    long_ago = timedelta(minutes=5)
    dead = _running_job(user, worker_id="dead", started_ago=long_ago, seen_ago=long_ago)
    vanished = _running_job(user, worker_id="vanished", started_ago=long_ago, seen_ago=None)
    alive = _running_job(user, worker_id="alive", started_ago=long_ago, seen_ago=timedelta(seconds=2))
    just_started = _running_job(user, worker_id="new", started_ago=timedelta(seconds=1), seen_ago=None)

    with translation.override("en"):
        assert jobs_fail_orphaned() == 2

    statuses = dict(Job.objects.values_list("worker_id", "status"))
    assert statuses == {
        "dead": JobStatus.FAILED,
        "vanished": JobStatus.FAILED,
        "alive": JobStatus.RUNNING,
        "new": JobStatus.RUNNING,
    }
    for job in (dead, vanished):
        job.refresh_from_db()
        assert job.error.startswith("The worker stopped while running this job")
        task_result = DBTaskResult.objects.get(pk=job.task_result_id)
        assert (task_result.status, task_result.exception_class_path) == ("FAILED", "wegweiser.jobs.WorkerLost")
    assert DBTaskResult.objects.get(pk=alive.task_result_id).status == "RUNNING"
    assert DBTaskResult.objects.get(pk=just_started.task_result_id).status == "RUNNING"
    assert jobs_fail_orphaned() == 0, "marking is done once"


def test_a_job_whose_task_failed_before_it_began_is_marked_failed(world):
    job = enqueue(world.user(Role.DISTRICT_ADMIN))
    DBTaskResult.objects.filter(pk=job.task_result_id).update(status="FAILED")

    assert jobs_fail_orphaned() == 0, "a moment's grace: the worker may still be recording it"
    with translation.override("en"):
        assert jobs_fail_orphaned(now=timezone.now() + timedelta(seconds=10)) == 1

    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "The job could not be started; nothing of it was applied.")


def test_the_job_page_survives_a_reload(admin, world):
    job = enqueue(world.user(Role.DISTRICT_ADMIN))
    url = reverse("jobs:detail", kwargs={"job_id": job.pk})

    first, again = admin.get(url).content.decode(), admin.get(url).content.decode()

    for page in (first, again):
        assert "<h1>Background job</h1>" in page
        assert f'id="job-{job.pk}"' in page
        assert f'hx-get="{reverse("jobs:progress", kwargs={"job_id": job.pk})}"' in page


JOB_URLS = ["jobs:detail", "jobs:progress", "api:jobs_detail"]


@pytest.mark.parametrize("url_name", JOB_URLS)
def test_a_job_is_seen_by_its_creator_and_the_district_admin_only(client, world, url_name):
    job = enqueue(world.user(Role.CASEWORKER))
    url = reverse(url_name, kwargs={"job_id": job.pk})

    answers = {}
    for role in Role:
        client.force_login(world.user(role))
        answers[str(role)] = client.get(url).status_code

    assert answers == {str(role): 200 if role in {Role.CASEWORKER, Role.DISTRICT_ADMIN} else 404 for role in Role}


def test_the_job_list_shows_a_user_their_own_jobs_and_the_admin_all(client, world, django_assert_max_num_queries):
    enqueue(world.user(Role.CASEWORKER))
    Job.objects.update(label="Caseworker's job")
    enqueue(world.user(Role.INTEGRATION_OFFICE))
    Job.objects.exclude(label="Caseworker's job").update(label="Planner's job")

    client.force_login(world.user(Role.CASEWORKER))
    own = client.get(reverse("jobs:list")).content.decode()
    client.force_login(world.user(Role.DISTRICT_ADMIN))
    with django_assert_max_num_queries(8):
        everything = client.get(reverse("jobs:list")).content.decode()

    assert "Caseworker&#x27;s job" in own
    assert "Planner&#x27;s job" not in own
    assert "Caseworker&#x27;s job" in everything
    assert "Planner&#x27;s job" in everything


def test_the_api_reports_a_job_to_its_creator(client, world, run_jobs):
    job = enqueue(world.user(Role.CASEWORKER))
    run_jobs()
    client.force_login(world.user(Role.CASEWORKER))

    answer = client.get(reverse("api:jobs_detail", kwargs={"job_id": job.pk}))

    assert answer.status_code == 200
    body = answer.json()
    assert {key: body[key] for key in ("id", "kind", "label", "status", "percent", "error", "result")} == {
        "id": str(job.pk),
        "kind": "test.count",
        "label": "Count to four",
        "status": "succeeded",
        "percent": 100,
        "error": "",
        "result": {"summary": "4 steps done."},
    }
    assert body["finished_at"] is not None


def test_the_api_refuses_anonymous_callers(client, world):
    job = enqueue(world.user(Role.CASEWORKER))

    assert client.get(reverse("api:jobs_detail", kwargs={"job_id": job.pk})).status_code == 401


def test_a_failing_housekeeping_chore_does_not_stop_the_others(settings, caplog):
    from wegweiser.jobs.services import jobs_housekeeping

    settings.WEGWEISER_HOUSEKEEPING = ["builtins.len", "builtins.dict"]  # len() without an argument fails
    with caplog.at_level("ERROR"):
        outcomes = jobs_housekeeping()
    assert outcomes == {"builtins.len": None, "builtins.dict": {}}
    assert "housekeeping failed" in caplog.text
