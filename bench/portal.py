"""Throughput of the public portal under gunicorn on loopback, beside a bare Django view on the same machine.

Loads, with a bounded number of concurrent keep-alive clients (anonymous, as a visitor): an information page in
Ukrainian, the offer finder with filters, and the bare Django view of `bench/http.py` (the limit). Targets of
issue 20: the information page at least half the bare view's requests per second, the finder a quarter. The
database is prepared as `bench/http.py` does (migrate, `load_demo --force`, collectstatic); its helpers are
reused, not copied.

    .venv/bin/python bench/portal.py [--database-url postgres://...] [--seconds 5] [--clients 8]
"""

# ruff: noqa: E402
import sys
from pathlib import Path

# Like bench/http.py: this folder must not hide the standard library's `http`.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import importlib.util
import multiprocessing
import os
import secrets
import signal
import tempfile
import textwrap

_spec = importlib.util.spec_from_file_location("bench_http", Path(__file__).resolve().parent / "http.py")
bench_http = importlib.util.module_from_spec(_spec)
sys.modules["bench_http"] = bench_http  # the client processes find its functions by this name
_spec.loader.exec_module(bench_http)

PAGES = [
    ("information page (uk)", "/portal/uk/info/ankommen/", "Прибуття", 0.50),
    ("information page, German fallback (ar)", "/portal/ar/info/arbeit/", 'dir="rtl"', 0.50),
    (
        "offer finder with filters (de)",
        "/portal/de/offers/?level=A1&time_of_day=evening&places_free=on",
        "p-card",
        0.25,
    ),
    ("offer finder, whole district (uk)", "/portal/uk/offers/", "p-card", 0.25),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wegweiser_portal"),
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="measuring time per target")
    parser.add_argument("--warmup", type=float, default=1.0, help="warm-up time per target")
    parser.add_argument("--clients", type=int, default=8, help="concurrent keep-alive clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    options = parser.parse_args()

    var_dir = bench_http.PROJECT_DIR / "var" / "bench"
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
    bench_http.ensure_database(options.database_url)
    bench_http.manage(env, "migrate", "--noinput")
    bench_http.manage(env, "load_demo", "--force")
    bench_http.manage(env, "collectstatic", "--noinput")

    bare_dir = Path(tempfile.mkdtemp(prefix="wegweiser-bare-"))
    (bare_dir / "bare_app.py").write_text(textwrap.dedent(bench_http.BARE_APP))
    app_port, bare_port = bench_http.free_port(), bench_http.free_port()
    bare_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
    servers = [
        bench_http.start_gunicorn(
            "wegweiser.wsgi", app_port, env, options.workers, options.threads, bench_http.PROJECT_DIR
        ),
        bench_http.start_gunicorn(
            "bare_app:application", bare_port, bare_env, options.workers, options.threads, bare_dir
        ),
    ]
    proxy = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    try:
        bench_http.wait_until_up(app_port, "/health", proxy)
        bench_http.wait_until_up(bare_port, "/", {"Host": "127.0.0.1"})
        targets = [bench_http.Target(label, app_port, path, proxy, share) for label, path, _expect, share in PAGES]
        for target, (_label, _path, expect, _share) in zip(targets, PAGES, strict=True):
            bench_http.check_page(target, expect)
        targets.append(bench_http.Target("bare Django view (the limit)", bare_port, "/", {"Host": "127.0.0.1"}))
        print(
            f"gunicorn: {options.workers} workers x {options.threads} threads; {options.clients} keep-alive clients; "
            f"{options.seconds:g} s per target after {options.warmup:g} s warm-up; {os.cpu_count()} CPUs",
            flush=True,
        )
        with multiprocessing.get_context("fork").Pool(options.clients) as pool:
            results = [
                bench_http.load(pool, target, options.clients, options.seconds, options.warmup) for target in targets
            ]
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)

    bare = results[-1].rps
    print(f"\n| {'page':<40} | {'req/s':>7} | {'p50 ms':>7} | {'p95 ms':>7} | {'of bare':>7} | {'target':>6} |")
    print(f"|{'-' * 42}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 8}|")
    for result, target in zip(results, targets, strict=True):
        share = result.rps / bare
        goal = f"{target.target:.0%}{'' if share >= target.target else ' !'}" if target.target else ""
        print(
            f"| {result.label:<40} | {result.rps:7.0f} | {result.percentile(0.50):7.1f} | "
            f"{result.percentile(0.95):7.1f} | {share:7.1%} | {goal:>6} |"
        )
    if any(result.errors for result in results):
        sys.exit("some requests failed")


if __name__ == "__main__":
    main()
