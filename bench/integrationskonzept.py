"""The Integrationskonzept's heavy pages at the demo district's size and at a concept ten times larger.

For each database the script (in a child process with its own DATABASE_URL) migrates an empty database, loads
the demo district (territory, network, accounts, ten years of Lagebild statistics and the demo concept
"Migration und Integration 2018-2022" with its successor draft), then times through the test client, signed in
as the integration office (`planung`), cold (the first request) and warm (the median of the next runs):

- board: `/konzept/<id>/board/`, the sub-goals by status per field, overdue measures, indicators off track and
  the charts (SVG) with their tables;
- compare: `/konzept/<id>/compare/`, the successor against the adopted version goal by goal;
- evaluation PDF: `/konzept/<id>/report.pdf` (typst).

Then the adopted version grows to `--scale` times its tree (fields of action, goals, sub-goals, each sub-goal's
hand-entered indicator with three values, off track, and a measure), its successor is copied again from it,
and the same three are timed, with the number of queries of each page (it must not grow with the concept).

    .venv/bin/python bench/integrationskonzept.py [--scale 10] [--runs 5] [--databases sqlite postgres]

PostgreSQL: `postgres://postgres@127.0.0.1:5432/wegweiser_konzept_bench` (created and dropped), or
--postgres-url. SQLite: a file under a temporary folder.

Measured on 6 December 2026 (2 shared cores, other engineers' tests running; PostgreSQL's run beside them),
`--runs 3`, ms cold / warm (queries):

    database     sub-goals   board                 compare              evaluation PDF
    SQLite       14          2,017 / 79 (10)       72 / 75 (18)         133 / 108 (9)
    SQLite       140         602 / 630 (10)        274 / 850 (18)       951 / 1,082 (9)
    PostgreSQL   14          4,699 / 95 (10)       557 / 138 (18)       423 / 364 (9)
    PostgreSQL   140         1,266 / 1,426 (10)    1,845 / 667 (18)     2,726 / 2,310 (9)

The queries stay the same at ten times the concept; the time grows with it, mostly in drawing: at 140 sub-goals
every grown indicator is off track, so the board draws 127 SVG charts and the PDF typesets them. The first
board request pays for loading the chart code and the templates.
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
import statistics
import subprocess
import tempfile
import time

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Last on the path, so that the standard library still comes before bench/http.py.
sys.path.append(str(PROJECT_DIR / "bench"))

from casework_search import postgres_database  # noqa: E402 - the bench's one way to make a scratch database


def grow(version, scale: int) -> None:
    """Repeat the version's tree `scale - 1` more times (through the services, as a planner would write it)."""
    from datetime import date
    from decimal import Decimal

    from wegweiser.integrationskonzept import services
    from wegweiser.integrationskonzept.models import ConceptVersion, Responsible, VersionStatus

    status = version.status
    # An adopted concept is read-only: open it for the growth as the loader would, then restore its status.
    ConceptVersion.objects.filter(pk=version.pk).update(status=VersionStatus.DRAFT)
    version.refresh_from_db()
    fields = list(version.fields.prefetch_related("goals__sub_goals"))
    for copy in range(1, scale):
        for old_field in fields:
            field = services.field_create(actor="bench", version=version, title=f"{old_field.title} ({copy})")
            for old_goal in old_field.goals.all():
                goal = services.goal_create(actor="bench", field_of_action=field, title=old_goal.title)
                for old_sub in old_goal.sub_goals.all():
                    sub = services.sub_goal_create(actor="bench", goal=goal, title=old_sub.title)
                    indicator = services.indicator_create(
                        actor="bench",
                        sub_goal=sub,
                        title=f"Wartezeit {sub.pk}",
                        unit="Wochen",
                        baseline=Decimal(12),
                        baseline_date=date(2018, 1, 1),
                        target=Decimal(6),
                        target_date=date(2022, 12, 31),
                    )
                    for year, value in ((2019, 12), (2020, 11), (2021, 11)):
                        services.indicator_value_record(
                            actor="bench",
                            indicator=indicator,
                            value=Decimal(value),
                            observed_on=date(year, 6, 30),
                            source="Bench",
                        )
                    services.measure_create(
                        actor="bench",
                        sub_goal=sub,
                        title=f"Maßnahme {sub.pk}",
                        output="x",
                        indicator=indicator,
                        responsible=Responsible.DISTRICT_OFFICE,
                        starts_on=date(2018, 4, 1),
                        ends_on=date(2021, 12, 31),
                        budget=Decimal("5000.00"),
                    )
    ConceptVersion.objects.filter(pk=version.pk).update(status=status)


def child(scale: int, runs: int) -> dict:
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegweiser.settings_test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wegweiser.accounts.demo import load_demo as load_accounts
    from wegweiser.accounts.models import User
    from wegweiser.integrationskonzept import services
    from wegweiser.integrationskonzept.demo import load_demo as load_concept
    from wegweiser.integrationskonzept.models import ConceptVersion, SubGoal
    from wegweiser.lagebild.demo import load_demo as load_lagebild
    from wegweiser.network.demo import load_demo as load_network
    from wegweiser.territory.demo import load_demo as load_territory

    call_command("migrate", verbosity=0)
    out = io.StringIO()
    started = time.perf_counter()
    for load in (load_territory, load_network, load_accounts, load_lagebild, load_concept):
        load(out=out)
    load_seconds = time.perf_counter() - started
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(User.objects.get(username="planung"))

    def measure(adopted, successor) -> dict:
        pages = {
            "board": f"/konzept/{adopted.pk}/board/",
            "compare": f"/konzept/{successor.pk}/compare/?other={adopted.pk}",
            "evaluation PDF": f"/konzept/{adopted.pk}/report.pdf",
        }
        timings = {}
        for name, path in pages.items():
            started = time.perf_counter()
            response = client.get(path)
            cold = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            warm = []
            for _ in range(runs):
                started = time.perf_counter()
                client.get(path)
                warm.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            timings[name] = {"cold": cold, "warm": statistics.median(warm), "queries": len(queries)}
        return timings

    def size(version) -> int:
        return SubGoal.objects.filter(goal__field_of_action__version=version).count()

    adopted = ConceptVersion.objects.get(predecessor=None)
    successor = ConceptVersion.objects.get(predecessor=adopted)
    results = [{"sub_goals": size(adopted), "timings": measure(adopted, successor)}]
    started = time.perf_counter()
    grow(adopted, scale)
    successor = services.concept_version_copy(
        actor="bench", source=adopted, title="Nachfolger (Bench)", period_start=2024, period_end=2028
    )
    grow_seconds = time.perf_counter() - started
    results.append({"sub_goals": size(adopted), "timings": measure(adopted, successor)})
    return {
        "database": connection.vendor,
        "load_seconds": load_seconds,
        "grow_seconds": grow_seconds,
        "scale": scale,
        "results": results,
    }


def run_child(url: str, scale: int, runs: int) -> dict:
    env = dict(os.environ, DATABASE_URL=url, WEGWEISER_BENCH_CHILD="1")
    done = subprocess.run(  # noqa: S603 - this script, run again as its own child
        [sys.executable, __file__, "--child", "--scale", str(scale), "--runs", str(runs)],
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
        f"\n== {result['database']}: demo loaded in {result['load_seconds']:.0f} s, "
        f"grown to {result['scale']}x in {result['grow_seconds']:.0f} s"
    )
    for row in result["results"]:
        print(f"  {row['sub_goals']:,} sub-goals")
        for name, timing in row["timings"].items():
            print(
                f"    {name:<16} cold {timing['cold']:8.1f} ms   warm {timing['warm']:8.1f} ms   "
                f"{timing['queries']:3d} queries"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=10, help="how many times the demo concept's tree")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/wegweiser_konzept_bench")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.scale, args.runs)))
        return
    for database in args.databases:
        if database == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                report(run_child(f"sqlite:///{folder}/bench.sqlite3", args.scale, args.runs))
        else:
            try:
                postgres_database(args.postgres_url, "create")
            except Exception as error:  # noqa: BLE001 - say why PostgreSQL was skipped, go on
                print(f"\n== postgresql: skipped ({error})")
                continue
            try:
                report(run_child(args.postgres_url, args.scale, args.runs))
            finally:
                postgres_database(args.postgres_url, "drop")


if __name__ == "__main__":
    main()
