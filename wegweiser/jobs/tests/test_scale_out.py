"""Scale-out: two app servers (gunicorn) and two workers share one PostgreSQL database.

Every job runs exactly once, a session started on one server works on the other, and a register uploaded
through one server is loaded by a worker and shown by the other. This is the test README's "Growing"
paragraph names. PostgreSQL only (SQLite is one file on one machine).
"""

import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from django.db import connection

from wegweiser.accounts.roles import Role
from wegweiser.accounts.services import user_create
from wegweiser.jobs.models import Job, JobStatus
from wegweiser.jobs.services import job_enqueue
from wegweiser.jobs.tests.scale_out_tasks import RUNS_TABLE, scale_out_probe
from wegweiser.territory.models import Municipality

ROOT = Path(__file__).resolve().parents[3]
REGISTER = (ROOT / "wegweiser" / "territory" / "data" / "gv-auszug-03459.csv").read_bytes()
JOBS = 300
DEADLINE = 50  # seconds for the whole test, start-up included


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database (test_..., with xdist's suffix) as the subprocesses must see it."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def cluster(transactional_db, tmp_path):
    """Two gunicorn app servers and two workers on the test database; stopped and the probe table dropped after."""
    if connection.vendor != "postgresql":
        pytest.skip("scale-out test skipped: it runs on PostgreSQL; this run uses SQLite")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {RUNS_TABLE} (job_id text NOT NULL, pid integer NOT NULL)")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "wegweiser.settings_test",
        "WORKER_HEARTBEAT_SECONDS": "1",
    }
    ports = [free_port(), free_port()]
    commands = [
        [sys.executable, "-m", "gunicorn", "wegweiser.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
        for port in ports
    ] + [[sys.executable, "manage.py", "worker", "--interval", "0.1"]] * 2
    processes = []
    for number, command in enumerate(commands):
        log = (tmp_path / f"process-{number}.log").open("wb")
        processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))  # noqa: S603
    servers = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for server in servers:
            wait_until(lambda server=server: answers(f"{server}/health"), timeout=20, what=f"{server} to start")
        yield servers
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {RUNS_TABLE}")


def local_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment between the test and 127.0.0.1
    return session


def answers(url: str) -> bool:
    try:
        return local_session().get(url, timeout=10).status_code < 500
    except requests.RequestException:
        return False


def wait_until(condition, *, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def csrf_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


@pytest.mark.postgres
def test_two_app_servers_and_two_workers_share_one_database(cluster):
    started = time.monotonic()
    first, second = cluster
    admin, password = user_create(actor=None, username="kreisadmin", role=Role.DISTRICT_ADMIN)

    jobs = [
        job_enqueue(task=scale_out_probe, kind="test.scale_out", label=f"probe {n}", actor=None) for n in range(JOBS)
    ]

    # A session started on the first server...
    browser = local_session()
    browser.cookies.set("wegweiser_language", "en")
    login = browser.post(
        f"{first}/accounts/login/",
        data={
            "csrfmiddlewaretoken": csrf_token(browser, f"{first}/accounts/login/"),
            "username": "kreisadmin",
            "password": password,
        },
        headers={"Referer": f"{first}/accounts/login/"},
        timeout=10,
        allow_redirects=False,
    )
    assert login.status_code == 302, login.text[:500]
    # ... works on the second, which uploads a register there.
    upload = browser.post(
        f"{second}/territory/upload/",
        data={"csrfmiddlewaretoken": csrf_token(browser, f"{second}/territory/upload/"), "population_date": ""},
        files={"file": ("gv-auszug.csv", REGISTER, "text/csv")},
        headers={"Referer": f"{second}/territory/upload/"},
        timeout=10,
        allow_redirects=False,
    )
    assert upload.status_code == 200, upload.text[:500]
    held = re.search(r'name="held" value="([^"]+)"', upload.text).group(1)
    # The preview held on the second server is confirmed through the first.
    confirmed = browser.post(
        f"{first}/territory/upload/",
        data={
            "csrfmiddlewaretoken": csrf_token(browser, f"{first}/territory/upload/"),
            "held": held,
            "population_date": "",
        },
        headers={"Referer": f"{first}/territory/upload/"},
        timeout=10,
        allow_redirects=False,
    )
    assert confirmed.status_code == 302, confirmed.text[:500]
    job_page = confirmed.headers["Location"]

    wait_until(
        lambda: Job.objects.filter(status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]).count() == JOBS + 1,
        timeout=DEADLINE - (time.monotonic() - started),
        what="every job to finish",
    )

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT job_id, pid FROM {RUNS_TABLE}")  # noqa: S608
        runs = cursor.fetchall()
    assert Counter(job_id for job_id, _pid in runs) == Counter(str(job.pk) for job in jobs), "each job ran once"
    assert set(Job.objects.filter(kind="test.scale_out").values_list("status", flat=True)) == {JobStatus.SUCCEEDED}
    assert len(set(Job.objects.filter(kind="test.scale_out").values_list("worker_id", flat=True))) == 2, (
        "both workers took jobs"
    )
    # The upload made through the second server was loaded by a worker and shows on the first.
    assert Municipality.objects.local().count() == 34
    finished = browser.get(f"{first}{job_page}", timeout=10).text
    assert "Landkreis Osnabrück: 38 municipalities added, 0 updated, 0 unchanged." in finished
    listing = browser.get(f"{first}/territory/", timeout=10).text
    assert "Municipalities of Landkreis Osnabrück" in listing
    assert "Quakenbrück, Stadt" in listing
    assert admin.username in browser.get(f"{second}/territory/", timeout=10).text
    assert time.monotonic() - started < DEADLINE
