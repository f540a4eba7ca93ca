"""HTTP throughput of Wegweiser under gunicorn on loopback against PostgreSQL, beside a bare Django view.

Prepares a PostgreSQL database (created if missing, migrated, demo district loaded with `load_demo --force`),
collects static files, gives the demo caseworker a logged-in session with a confirmed second factor, starts
gunicorn with production settings, and loads, with a bounded number of concurrent keep-alive clients:

- the pages of `bench/pages.py`: the login page (anonymous), every role's home (where `/` leads them), and the
  heaviest page of each app: the person page, the case page, an offer with 25 learners, a placement run, the
  audit search and the municipality list, each as a role that works with it (with a confirmed second factor),
- `/health` (the database and the worker's heartbeat, no template),
- a bare Django view: a second gunicorn serving a minimal Django project written by this script (one view, no
  middleware, no database): the limit of Django plus gunicorn on this machine.

It prints requests per second, p50 and p95 latency for each, the ratio to the bare view and the target the
issue sets for that ratio (caseworker home 10 %, other staff pages 15 %, login 25 %, /health 50 %). The clients run
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
import json
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
    target: float | None = None  # the target share of the bare view's requests per second


def target_share(label: str) -> float:
    """The issue's targets: the caseworker's home at least 10 % of the bare view, the login page 25 %, every
    other staff page 15 %."""
    if label.startswith("login"):
        return 0.25
    if label == "home: caseworker":
        return 0.10
    return 0.15


def run_pages(env: dict[str, str]) -> str:
    """bench/pages.py in the benchmark's database: the pages to load, each with a signed-in session."""
    done = subprocess.run(
        [PYTHON, str(PROJECT_DIR / "bench" / "pages.py")],
        cwd=PROJECT_DIR,
        env={**env, "PYTHONPATH": str(PROJECT_DIR)},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"bench/pages.py failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


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
    parser.add_argument("--only", default="", help="only the pages whose label contains this text (and /health)")
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
    pages = [page for page in json.loads(run_pages(env)) if not options.only or options.only in page["label"]]

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
    try:
        wait_until_up(app_port, "/health", proxy)
        wait_until_up(bare_port, "/", {"Host": "127.0.0.1"})
        targets = [
            Target(
                page["label"],
                app_port,
                page["path"],
                {**proxy, "Cookie": f"sessionid={page['session']}"} if page["session"] else proxy,
                target_share(page["label"]),
            )
            for page in pages
        ]
        for target, page in zip(targets, pages, strict=True):
            check_page(target, page["expect"])
        targets += [
            Target("/health (database and worker)", app_port, "/health", proxy, 0.50),
            Target("bare Django view (the limit)", bare_port, "/", {"Host": "127.0.0.1"}, None),
        ]
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
    print(
        f"| {'page':<36} | {'req/s':>7} | {'p50 ms':>7} | {'p95 ms':>7} | {'of bare':>7} | {'target':>6} | {'errors':>6} |"
    )
    print(f"|{'-' * 38}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 8}|{'-' * 8}|")
    for result, target in zip(results, targets, strict=True):
        share = result.rps / bare
        goal = f"{target.target:.0%}{'' if share >= target.target else ' !'}" if target.target else ""
        print(
            f"| {result.label:<36} | {result.rps:7.0f} | {result.percentile(0.50):7.1f} | "
            f"{result.percentile(0.95):7.1f} | {share:7.1%} | {goal:>6} | {result.errors:6d} |"
        )
    if any(result.errors for result in results):
        sys.exit("some requests failed")
    print(f"\nmean latency of the bare view: {statistics.mean(results[-1].latencies) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
