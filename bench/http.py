"""HTTP throughput of Wegweiser under gunicorn on loopback against PostgreSQL, beside a bare Django view.

Prepares a PostgreSQL database (created if missing, migrated, demo district loaded with `load_demo --force`),
collects static files, gives the demo caseworker a logged-in session with a confirmed second factor, starts
gunicorn with production settings, and loads, with a bounded number of concurrent keep-alive clients:

- the login page (anonymous),
- a logged-in caseworker's pages: their home `/casework/my-work/` (where `/` leads them) and the municipality list `/territory/`,
- `/health` (one database query, no template),
- a bare Django view: a second gunicorn serving a minimal Django project written by this script (one view, no
  middleware, no database): the limit of Django plus gunicorn on this machine.

It prints requests per second, p50 and p95 latency for each and the ratio to the bare view. The clients run
on the same machine as the server, so the figures compare pages with each other; they are not a capacity.

    .venv/bin/python bench/http.py [--database-url postgres://...] [--seconds 5] [--clients 8]
"""

# ruff: noqa: E402
import sys
from pathlib import Path

# This file is named http.py, as the issue asks; its own folder must not hide the standard library's `http`.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import http.client
import multiprocessing
import os
import secrets
import signal
import socket
import statistics
import subprocess
import tempfile
import textwrap
import time
from dataclasses import dataclass
from urllib.parse import urlparse

PROJECT_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

SESSION_SNIPPET = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from wegweiser.accounts.middleware import SECOND_FACTOR_SESSION_KEY
from wegweiser.accounts.models import User

user = User.objects.get(username="beratung")
device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
    user=user, name="bench", confirmed=True
)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session[SECOND_FACTOR_SESSION_KEY] = True
session.save()
print(session.session_key)
"""

BARE_APP = """
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
)

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", ok)]
application = get_wsgi_application()
"""


@dataclass
class Target:
    label: str
    port: int
    path: str
    headers: dict[str, str]


@dataclass
class Result:
    label: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            admin.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def start_gunicorn(
    app: str, port: int, env: dict[str, str], workers: int, threads: int, chdir: Path
) -> subprocess.Popen:
    return subprocess.Popen(
        [
            GUNICORN,
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--chdir",
            str(chdir),
            "--log-level",
            "warning",
        ],
        env=env,
        start_new_session=True,
    )


def wait_until_up(port: int, path: str, headers: dict[str, str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path, headers=headers)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"server on port {port} did not answer {path} with 200 within {timeout} s")


def check_page(target: Target, expect: str) -> None:
    """The page answers 200 and is the page meant (not a login or second-factor page)."""
    conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=10)
    conn.request("GET", target.path, headers=target.headers)
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    if response.status != 200 or expect not in body:
        sys.exit(f"{target.label}: {target.path} answered {response.status}, without {expect!r}")


def client_loop(args: tuple[Target, float, float]) -> tuple[int, int, list[float]]:
    target, start_at, stop_at = args
    conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=30)
    latencies: list[float] = []
    errors = 0
    while time.time() < start_at:
        time.sleep(0.001)
    while time.time() < stop_at:
        began = time.perf_counter()
        try:
            conn.request("GET", target.path, headers=target.headers)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=30)
            ok = False
        latencies.append(time.perf_counter() - began)
        errors += 0 if ok else 1
    conn.close()
    return len(latencies), errors, latencies


def load(pool, target: Target, clients: int, seconds: float, warmup: float) -> Result:
    start_at = time.time() + 0.5
    pool.map(client_loop, [(target, start_at, start_at + warmup)] * clients)
    start_at = time.time() + 0.5
    stop_at = start_at + seconds
    parts = pool.map(client_loop, [(target, start_at, stop_at)] * clients)
    return Result(
        label=target.label,
        requests=sum(p[0] for p in parts),
        errors=sum(p[1] for p in parts),
        seconds=seconds,
        latencies=[latency for p in parts for latency in p[2]],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wegweiser_bench"),
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="measuring time per target")
    parser.add_argument("--warmup", type=float, default=1.0, help="warm-up time per target")
    parser.add_argument("--clients", type=int, default=8, help="concurrent keep-alive clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    options = parser.parse_args()

    var_dir = PROJECT_DIR / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WEGWEISER_"))},
        "DJANGO_SETTINGS_MODULE": "wegweiser.settings",
        "DATABASE_URL": options.database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEGWEISER_VAR_DIR": str(var_dir),
        "LOG_LEVEL": "WARNING",
    }
    print(f"database {options.database_url}: migrate, load_demo --force, collectstatic", flush=True)
    ensure_database(options.database_url)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--force")
    manage(env, "collectstatic", "--noinput")
    session_key = manage(env, "shell", "-c", SESSION_SNIPPET).strip().splitlines()[-1]

    bare_dir = Path(tempfile.mkdtemp(prefix="wegweiser-bare-"))
    (bare_dir / "bare_app.py").write_text(textwrap.dedent(BARE_APP))
    app_port, bare_port = free_port(), free_port()
    bare_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
    servers = [
        start_gunicorn("wegweiser.wsgi", app_port, env, options.workers, options.threads, PROJECT_DIR),
        start_gunicorn("bare_app:application", bare_port, bare_env, options.workers, options.threads, bare_dir),
    ]
    # Production settings redirect plain HTTP to HTTPS; the TLS proxy in front says the request was HTTPS.
    proxy = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    caseworker = {**proxy, "Cookie": f"sessionid={session_key}"}
    try:
        wait_until_up(app_port, "/health", proxy)
        wait_until_up(bare_port, "/", {"Host": "127.0.0.1"})
        targets = [
            Target("login page (anonymous)", app_port, "/accounts/login/", proxy),
            Target("caseworker home (my work)", app_port, "/casework/my-work/", caseworker),
            Target("municipality list (caseworker)", app_port, "/territory/", caseworker),
            Target("/health (one query, JSON)", app_port, "/health", proxy),
            Target("bare Django view (the limit)", bare_port, "/", {"Host": "127.0.0.1"}),
        ]
        check_page(targets[0], 'name="username"')
        check_page(targets[1], "Clara Beraterin")
        check_page(targets[2], "Melle")
        print(
            f"gunicorn: {options.workers} workers x {options.threads} threads; {options.clients} keep-alive clients; "
            f"{options.seconds:g} s per target after {options.warmup:g} s warm-up; {os.cpu_count()} CPUs",
            flush=True,
        )
        context = multiprocessing.get_context("fork")
        with context.Pool(options.clients) as pool:
            results = [load(pool, target, options.clients, options.seconds, options.warmup) for target in targets]
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)

    bare = results[-1].rps
    print()
    print(f"| {'page':<32} | {'req/s':>7} | {'p50 ms':>7} | {'p95 ms':>7} | {'of bare':>7} | {'errors':>6} |")
    print(f"|{'-' * 34}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 8}|")
    for result in results:
        print(
            f"| {result.label:<32} | {result.rps:7.0f} | {result.percentile(0.50):7.1f} | "
            f"{result.percentile(0.95):7.1f} | {result.rps / bare:7.1%} | {result.errors:6d} |"
        )
    if any(result.errors for result in results):
        sys.exit("some requests failed")
    print(f"\nmean latency of the bare view: {statistics.mean(results[-1].latencies) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
