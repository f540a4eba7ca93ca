"""Operations: /health, the Content Security Policy, error pages, production settings and JSON logs."""

import json
import os
import secrets
import subprocess
import sys
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError, connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from wegweiser.accounts.roles import Role
from wegweiser.core.database_role import database_role_warnings
from wegweiser.core.views import error_500
from wegweiser.jobs.models import WorkerHeartbeat
from wegweiser.jobs.services import worker_heartbeat
from wegweiser.testing.matrix import collect_cases
from wegweiser.testing.world import ANONYMOUS

PROJECT_DIR = Path(__file__).resolve().parents[3]


# /health


@pytest.fixture
def no_workers(db):
    WorkerHeartbeat.objects.all().delete()


def health(client) -> dict:
    """The /health body apart from the database role warning (the suite runs PostgreSQL as a superuser)."""
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body.pop("warnings", []) == database_role_warnings(connection)
    return body


def test_health_reports_the_database_and_no_worker_yet(client, no_workers):
    assert health(client) == {"status": "ok", "database": "ok", "worker": "none"}


def test_health_reports_a_live_worker(client, no_workers):
    now = timezone.now()
    worker_heartbeat(worker_id="w1", hostname="app1", pid=4711, started_at=now - timedelta(hours=1))

    body = health(client)

    assert (body["status"], body["database"], body["worker"]) == ("ok", "ok", "ok")
    assert 0 <= body["worker_seen_seconds_ago"] < settings.WEGWEISER_WORKER_STALE_AFTER.total_seconds()


def test_health_reports_a_worker_that_stopped_sending_heartbeats(client, no_workers):
    long_ago = timezone.now() - settings.WEGWEISER_WORKER_STALE_AFTER - timedelta(seconds=30)
    WorkerHeartbeat.objects.create(worker_id="w1", started_at=long_ago, seen_at=long_ago)

    body = health(client)

    assert body["worker"] == "stale"
    assert body["worker_seen_seconds_ago"] >= settings.WEGWEISER_WORKER_STALE_AFTER.total_seconds() + 30


def test_health_reports_the_newest_of_several_workers(client, no_workers):
    long_ago = timezone.now() - timedelta(hours=1)
    WorkerHeartbeat.objects.create(worker_id="old", started_at=long_ago, seen_at=long_ago)
    worker_heartbeat(worker_id="new", hostname="app2", pid=1, started_at=long_ago)

    assert health(client)["worker"] == "ok"


def test_health_answers_503_when_the_database_does_not(client, no_workers):
    def unreachable(execute, sql, params, many, context):
        raise DatabaseError("connection refused")

    with connection.execute_wrapper(unreachable):
        response = client.get(reverse("core:health"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


# Content Security Policy: no inline script or style anywhere


DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}


class InlineCode(HTMLParser):
    """Collects what a Content Security Policy without 'unsafe-inline' would block."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        # A data block (JSON for the API documentation's settings) is never run, so the policy lets it be.
        if tag == "script" and not names.get("src") and names.get("type") not in DATA_BLOCK_TYPES:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"style= on <{tag}>")
            if name.startswith(("on", "hx-on")):  # event handlers; htmx's hx-on would need eval
                self.found.append(f"{name}= on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")


def test_every_response_carries_a_policy_without_unsafe_inline(client, world):
    for response in (client.get(reverse("accounts:login")), client.get(reverse("core:health"))):
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"


PAGES = [case for case in collect_cases() if case.method == "GET"]


@pytest.mark.parametrize("case", PAGES, ids=[case.id for case in PAGES])
def test_no_page_holds_inline_script_or_style(client, world, case):
    allowed = sorted(case.allowed - {ANONYMOUS})
    if allowed:
        client.force_login(world.user(allowed[0]))
    response = client.get(reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None), follow=True)
    if not response["Content-Type"].startswith("text/html"):
        pytest.skip(f"{case.name} answers {response['Content-Type']}")

    parser = InlineCode()
    parser.feed(response.content.decode())

    assert not parser.found, f"{case.name}: {parser.found}"


def test_error_pages_hold_no_inline_script_or_style(client_as):
    client = client_as(Role.CASEWORKER)
    for response in (client.get(reverse("accounts:user_list")), client.get("/no-such-page/")):
        parser = InlineCode()
        parser.feed(response.content.decode())
        assert not parser.found


# Localised error pages


@pytest.mark.parametrize(
    ("url", "status", "title"),
    [("/accounts/users/", 403, "Access denied"), ("/no-such-page/", 404, "Page not found")],
)
def test_error_pages_speak_german_by_default_and_english_after_switching(client_as, url, status, title):
    client = client_as(Role.CASEWORKER)
    with translation.override("de"):
        german = gettext(title)

    response = client.get(url)

    assert response.status_code == status
    page = response.content.decode()
    assert '<html lang="de"' in page
    assert f"<h1>{german}</h1>" in page
    assert 'href="/about/"' in page, "the page keeps the site's frame"

    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    english = client.get(url)

    assert english.status_code == status
    assert '<html lang="en"' in english.content.decode()
    assert f"<h1>{title}</h1>" in english.content.decode()


@pytest.mark.django_db
def test_the_server_error_page_renders_on_its_own():
    request = RequestFactory().get("/broken/")
    with translation.override("en"):
        response = error_500(request)

    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()


# Production settings (run in a fresh interpreter with only the environment given)


def run_python(code: str, tmp_path: Path, **environment: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "wegweiser.settings",
        "WEGWEISER_VAR_DIR": str(tmp_path / "var"),
        **environment,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {"DEBUG": "0", "ALLOWED_HOSTS": "example.org"}


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    started = run_python("import django; django.setup()", tmp_path, **PRODUCTION)

    assert started.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set." in started.stderr
    assert "Production mode (DEBUG off) refuses to start without a secret key" in started.stderr


def test_check_deploy_passes_with_production_settings(tmp_path):
    checked = run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(50),
        **PRODUCTION,
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "System check identified no issues" in checked.stdout


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_sessions_run_without_the_jit_compiler():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_a_log_record_is_one_json_line_on_stdout(tmp_path):
    code = """
import django, logging
django.setup()
log = logging.getLogger("wegweiser.ops")
log.warning("first line\\nsecond line", extra={"job_id": "j-1"})
try:
    1 / 0
except ZeroDivisionError:
    log.exception("it broke")
"""
    logged = run_python(code, tmp_path, SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION)

    assert logged.returncode == 0, logged.stderr
    records = [json.loads(line) for line in logged.stdout.splitlines()]  # every line is one JSON record
    first, second = [record for record in records if record["logger"] == "wegweiser.ops"]
    assert {key: first[key] for key in ("level", "logger", "message", "job_id")} == {
        "level": "WARNING",
        "logger": "wegweiser.ops",
        "message": "first line\nsecond line",
        "job_id": "j-1",
    }
    assert first["time"]
    assert second["message"] == "it broke"
    assert "ZeroDivisionError" in second["exc_info"]
