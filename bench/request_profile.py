"""Where a logged-in request spends its time, in process: queries and a CPU profile per page.

Runs the production settings (DEBUG off, cached templates, the second factor required and confirmed) with
Django's test client against a database that `bench/http.py` prepared (demo district loaded), so the figures
are those of the pages `bench/http.py` loads, without gunicorn and the network. For each page it prints the
number of queries (and the statements repeated within one request), the mean time of a request, and with
`--profile` the functions that took the most CPU over all requests of that page.

    .venv/bin/python bench/request_profile.py [--database-url postgres://...] [--repeat 50] [--profile]
"""

# ruff: noqa: E402
import sys
from pathlib import Path

# bench/http.py (named as the issue asks) would hide the standard library's `http` from this folder.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import cProfile
import io
import os
import pstats
import secrets
import time
from collections import Counter

PROJECT_DIR = Path(__file__).resolve().parent.parent


def wsgi_get(handler, path: str, session_cookie) -> None:
    """One GET through Django's WSGI handler with the environ gunicorn would pass (behind the TLS proxy)."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": path.partition("?")[2],
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_X_FORWARDED_PROTO": "https",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    if session_cookie is not None:
        environ["HTTP_COOKIE"] = f"sessionid={session_cookie.value}"
    status = []
    body = b"".join(handler(environ, lambda s, headers, exc_info=None: status.append(s)))
    if not status[0].startswith("200") or not body:
        raise SystemExit(f"{path} answered {status[0]} through WSGI")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wegweiser_bench"),
    )
    parser.add_argument("--repeat", type=int, default=50, help="requests per page")
    parser.add_argument("--profile", action="store_true", help="print the top functions by cumulative CPU time")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="cumulative or tottime")
    parser.add_argument(
        "--wsgi",
        action="store_true",
        help="call the WSGI handler as gunicorn does (request signals, connection health checks) for the timed runs",
    )
    parser.add_argument("--queries", action="store_true", help="print every statement of one request")
    parser.add_argument("--only", default="", help="only pages whose label contains this text")
    options = parser.parse_args()

    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "wegweiser.settings",
            "DATABASE_URL": options.database_url,
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "LOG_LEVEL": "WARNING",
            "WEGWEISER_VAR_DIR": str(PROJECT_DIR / "var" / "bench"),
        }
    )
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import heavy_pages, signed_in_session

    handler = WSGIHandler()
    pages = heavy_pages()
    for page in pages:
        if options.only and options.only not in page.label:
            continue
        client = Client(HTTP_X_FORWARDED_PROTO="https")
        if page.username:
            client.cookies["sessionid"] = signed_in_session(page.username)
        response = client.get(page.path, secure=True)
        if response.status_code != 200 or page.expect.encode() not in response.content:
            sys.exit(f"{page.label}: {page.path} answered {response.status_code} without {page.expect!r}")
        with CaptureQueriesContext(connection) as captured:
            client.get(page.path, secure=True)
        # Read now: the next request's start empties the connection's query log.
        queries = [query["sql"] for query in captured.captured_queries]
        repeated = Counter(queries)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        cpu_started = time.process_time()
        if options.profile:
            profiler.enable()
        for _ in range(options.repeat):
            if options.wsgi:
                wsgi_get(handler, page.path, client.cookies.get("sessionid"))
            else:
                client.get(page.path, secure=True)
        if options.profile:
            profiler.disable()
        wall = (time.perf_counter() - started) / options.repeat * 1000
        cpu = (time.process_time() - cpu_started) / options.repeat * 1000
        print(f"{page.label:<40} {len(queries):3d} queries  {wall:6.1f} ms  ({cpu:5.1f} ms CPU)")
        for sql, count in repeated.items():
            if options.queries:
                print(f"    {count} x {sql[:400]}")
            elif count > 1:
                print(f"    {count} x {sql[:150]}")
        if options.profile:
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats(options.sort).print_stats(options.top)
            print(text.getvalue())


if __name__ == "__main__":
    main()
