"""The Lagebild's figures at scale, on SQLite and PostgreSQL.

For each database the script (in a child process with its own DATABASE_URL) migrates an empty database, loads
the demo district (34 municipalities, 4 Samtgemeinden) and its ten years of statistics (`lagebild.demo`), and
bulk-inserts N person records spread over the 34 municipalities with arrival dates over the last two years.
It then times, cold (the first call in the process) and warm (the median of the next runs):

- dashboard: every figure and chart of `/lagebild/` for the whole district (statistics sums, the casework and
  language aggregates with their suppression, the SVG charts and tables);
- map: the VG250 choropleth of the foreign share;
- drill-down: every chart of one municipality (Melle);
- forecast: Melle's six-year Kita and course forecast with its back-test.

Target: the dashboard under 300 ms warm and under 1 s cold. Everything is counted in the database (GROUP BY);
no loop runs over persons.

    .venv/bin/python bench/lagebild.py [--persons 1000000] [--runs 5] [--databases sqlite postgres]

PostgreSQL: `postgres://postgres@127.0.0.1:5432/wegweiser_lagebild_bench` (created and dropped), or
--postgres-url. SQLite: a file under a temporary folder.

Measured on 3 December 2026 (2 shared cores, other engineers' tests running), 1,000,000 persons, ms cold / warm:

    database     dashboard    map        drill-down   forecast   snapshot refresh   counting on every request
    SQLite       472 / 222    334 / 116  213 / 187    96 / 93    10,259             12,118
    PostgreSQL   253 / 260    134 / 55   246 / 281    72 / 66    1,052              1,037

Counting a million persons on every request would miss the target (12 s on SQLite); the dashboard reads the
snapshot the worker's housekeeping refreshes instead.
"""

# ruff: noqa: E402
import sys
from pathlib import Path

# bench/http.py would hide the standard library's `http` from this folder.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import tempfile
import time

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Last on the path, so that the standard library still comes before bench/http.py.
sys.path.append(str(PROJECT_DIR / "bench"))

from casework_search import postgres_database  # noqa: E402 - the bench's one way to make a scratch database

SEED = 20261203
BATCH = 5000


def child(persons: int, runs: int) -> dict:
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegweiser.settings_test")
    import django

    django.setup()
    from datetime import date, timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    from wegweiser.casework.models import Person
    from wegweiser.core.partial_dates import PartialDate
    from wegweiser.core.request_memo import request_memo_scope
    from wegweiser.lagebild import dashboard, indicators, planning
    from wegweiser.lagebild.demo import load_demo
    from wegweiser.lagebild.forms import ForecastScenarioForm
    from wegweiser.territory.demo import load_demo as load_territory
    from wegweiser.territory.models import Municipality

    call_command("migrate", verbosity=0)
    out = io.StringIO()
    started = time.perf_counter()
    load_territory(out=out)
    load_demo(out=out)
    statistics_seconds = time.perf_counter() - started

    towns = list(Municipality.objects.local().exclude(ags=None).values_list("id", "population"))
    weights = [population or 1 for _pk, population in towns]
    rng = random.Random(SEED)
    today = date.today()  # noqa: DTZ011 - the benchmark's calendar
    nationalities = ["UA", "SY", "AF", "IQ", "TR", "RO", "PL", "ER"]
    started = time.perf_counter()
    made = 0
    while made < persons:
        size = min(BATCH, persons - made)
        chosen = rng.choices(towns, weights=weights, k=size)
        Person.objects.bulk_create(
            [
                Person(
                    given_names="Bench",
                    family_names=f"Person{made + index}",
                    name_key=f"bench person{made + index}",
                    birth_date=PartialDate(rng.randint(1950, 2024)),
                    nationalities=[rng.choice(nationalities)],
                    municipality_id=town,
                    arrival_date=today - timedelta(days=rng.randint(0, 730)),
                )
                for index, (town, _population) in enumerate(chosen)
            ],
            batch_size=BATCH,
        )
        made += size
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    persons_seconds = time.perf_counter() - started

    translation.activate("de")
    district = indicators.lagebild_regions()[0]
    melle = indicators.region_by_key("03459024")
    form = ForecastScenarioForm({name: field.initial for name, field in ForecastScenarioForm.base_fields.items()})
    assert form.is_valid(), form.errors

    # Each as its view runs it: the district, tables and regions read once per request.
    def full_dashboard():
        with request_memo_scope():
            figures = indicators.own_figures(municipality_ids=None, today=today)
            return dashboard.region_charts(district, figures)

    def drill_down():
        with request_memo_scope():
            figures = indicators.own_figures(municipality_ids=None, today=today)
            return dashboard.region_charts(melle, figures)

    def forecast():
        with request_memo_scope():
            figures = indicators.own_figures(municipality_ids=None, today=today)
            return planning.forecast_page(melle, form.cleaned_data, figures)

    def district_forecast():
        with request_memo_scope():
            figures = indicators.own_figures(municipality_ids=None, today=today)
            return planning.forecast_page(district, form.cleaned_data, figures)

    def own_counts():
        return indicators.own_figures(municipality_ids=None, today=today)

    from wegweiser.lagebild.services import own_figures_snapshot_refresh

    timings = {}
    started = time.perf_counter()
    own_figures_snapshot_refresh(today=today)
    timings["snapshot refresh (worker)"] = {"cold": (time.perf_counter() - started) * 1000, "warm": 0.0}
    for name, work in (
        ("dashboard", full_dashboard),
        ("map", lambda: dashboard.map_chart("foreign_share")),
        ("drill-down", drill_down),
        ("forecast", forecast),
        ("district forecast", district_forecast),
        ("own counts (read)", own_counts),
        ("own counts (count)", lambda: indicators.own_figures_counted(today=today)),
    ):
        started = time.perf_counter()
        work()
        cold = (time.perf_counter() - started) * 1000
        warm = []
        for _ in range(runs):
            started = time.perf_counter()
            work()
            warm.append((time.perf_counter() - started) * 1000)
        timings[name] = {"cold": cold, "warm": statistics.median(warm)}
    return {
        "database": connection.vendor,
        "persons": persons,
        "statistics_seconds": statistics_seconds,
        "persons_seconds": persons_seconds,
        "timings": timings,
    }


def run_child(url: str, persons: int, runs: int) -> dict:
    env = dict(os.environ, DATABASE_URL=url, WEGWEISER_BENCH_CHILD="1")
    done = subprocess.run(  # noqa: S603 - this script, run again as its own child
        [sys.executable, __file__, "--child", "--persons", str(persons), "--runs", str(runs)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT_DIR,
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark on {url} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(result: dict) -> None:
    print(
        f"\n== {result['database']}: {result['persons']:,} persons (inserted in {result['persons_seconds']:.0f} s), "
        f"ten years of statistics (loaded in {result['statistics_seconds']:.0f} s)"
    )
    for name, timing in result["timings"].items():
        print(f"  {name:<26} cold {timing['cold']:8.1f} ms   warm {timing['warm']:8.1f} ms")
    dashboard = result["timings"]["dashboard"]
    met = dashboard["warm"] < 300 and dashboard["cold"] < 1000
    print(f"  target (dashboard < 300 ms warm, < 1 s cold): {'met' if met else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/wegweiser_lagebild_bench")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.persons, args.runs)))
        return
    for database in args.databases:
        if database == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                report(run_child(f"sqlite:///{folder}/bench.sqlite3", args.persons, args.runs))
        else:
            try:
                postgres_database(args.postgres_url, "create")
            except Exception as error:  # noqa: BLE001 - say why PostgreSQL was skipped, go on
                print(f"\n== postgresql: skipped ({error})")
                continue
            try:
                report(run_child(args.postgres_url, args.persons, args.runs))
            finally:
                postgres_database(args.postgres_url, "drop")


if __name__ == "__main__":
    main()
