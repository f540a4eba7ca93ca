"""The placement run as staff start it, reading from and writing to the database, on SQLite and PostgreSQL.

    .venv/bin/python bench/placement_database.py                       # 5,000 learners x 200 offers, both
    .venv/bin/python bench/placement_database.py --database postgres --learners 50000 --offers 2000

The instance is bench/placement.py's (`generate`: the demo district's 34 municipalities from the official
register, the same learners and offers for the same seed). For each database the script, in a child process
with its own DATABASE_URL, migrates an empty database and writes the instance with the app's models: the
municipalities through `territory_load_register` (their centres give the travel estimate, no matrix is
uploaded), one provider, the offers (active, capacity = the instance's free seats, nobody enrolled) and the
learners, each waiting on the district's general list since as many days ago as the instance says.

It then runs `wegweiser.language.tasks.placement_compute(max_minutes=45)` --repeat times (each run stores a
new run with one proposal and one audit entry per learner) and prints the median of each phase, marked by the
progress the task reports:

- read: `engine_learners(waiting_learners())` (the query, then each row as the engine's learner),
  `offers_with_free_seats` and `TravelTimes.load` (the selectors);
- solve: the engine's own time (`PlacementRun.solve_seconds`: eligibility, min-cost flow, explanations);
- store: `placement_run_store`, the proposals and their audit entries in one transaction;
- read + solve, the figure the team's target speaks of, and total.

Below the table: the reading selectors timed one by one (median of --repeat) and the number of queries of
reading and of storing. The machine may be shared; compare figures from the same run.

"in memory" is bench/placement.py's engine run on the same instance without a database, to show that the
database run places the same share (the database rounds travel estimates to 0.1 minute, so a pair right at
the limit can differ).

PostgreSQL: `postgres://postgres@127.0.0.1:5432/wegweiser_bench_placement` (created and dropped), or
--postgres-url; skipped with a message when no server answers. SQLite: a file under a temporary folder.
"""

# ruff: noqa: E402
import sys
from pathlib import Path

# bench/http.py (named as the issue asks) would hide the standard library's `http` from this folder.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
# Last on the path, so that the standard library still comes before bench/http.py.
sys.path.append(str(BENCH_DIR))

from casework_search import postgres_database

MAX_MINUTES = 45
TARGET_SECONDS = 0.5  # the exact optimum for 5,000 x 200 including reading from the database
OFFER_KINDS = {"womens_course": "women", "parents_course": "parents"}  # bench/placement.py's kind -> OfferKind


def child(learner_count: int, offer_count: int, seed: int, repeat: int) -> dict:
    import placement as instances  # bench/placement.py; sets up Django with this process's DATABASE_URL
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from wegweiser.language import placement as engine
    from wegweiser.language.models import Enrolment, EnrolmentStatus, Learner, Offer, OfferStatus, WaitingReason
    from wegweiser.language.selectors import engine_learners, offers_with_free_seats, waiting_learners
    from wegweiser.language.services import WAITING_PRIORITY_MINUTES_PER_WEEK
    from wegweiser.language.tasks import placement_compute
    from wegweiser.language.travel import TravelTimes
    from wegweiser.network.models import Organisation, OrganisationKind
    from wegweiser.territory.demo import REGISTER_FILE
    from wegweiser.territory.models import Municipality
    from wegweiser.territory.register import parse_register
    from wegweiser.territory.services import territory_load_register

    call_command("migrate", verbosity=0)
    instance = instances.generate(learner_count, offer_count, seed)
    memory_runs = [
        engine.place(
            instance.learners,
            instance.offers,
            instance.travel,
            max_minutes=MAX_MINUTES,
            priority_minutes_per_week=WAITING_PRIORITY_MINUTES_PER_WEEK,
        )
        for _ in range(repeat + 1)  # the first call pays for imports and caches
    ]
    memory = memory_runs[-1]

    started = time.perf_counter()
    with transaction.atomic():
        territory_load_register(
            register=parse_register(REGISTER_FILE.read_bytes(), REGISTER_FILE.name), population_date=None
        )
        # bench/placement.py names a municipality by its AGS as a number.
        municipality = {int(ags): pk for ags, pk in Municipality.objects.local().values_list("ags", "pk")}
        provider = Organisation.objects.create(name="Bench provider", kind=OrganisationKind.COURSE_PROVIDER)
        today = timezone.localdate()
        Offer.objects.bulk_create(
            Offer(
                title=f"Offer {offer.id}",
                kind=OFFER_KINDS.get(kind, kind),
                provider=provider,
                status=OfferStatus.ACTIVE,
                municipality_id=municipality[offer.municipality],
                levels=sorted(offer.levels),
                capacity=offer.free_seats,
                childcare=offer.has_childcare,
                starts_on=today,
                ends_on=today.replace(year=today.year + 1),
                weekdays=sorted(offer.weekdays),
                start_time="09:00",
                end_time="11:00",
            )
            for offer, kind in zip(instance.offers, instance.offer_kinds, strict=True)
        )
        learners = Learner.objects.bulk_create(
            (
                Learner(
                    first_name="Learner",
                    last_name=str(learner.id),
                    home_municipality_id=municipality[learner.home],
                    level=learner.level,
                    weekdays=sorted(learner.weekdays),
                    needs_childcare=learner.needs_childcare,
                    has_car=learner.has_car,
                )
                for learner in instance.learners
            ),
            batch_size=2000,
        )
        # An hour more than the days waited, so that `(now - requested_at).days` is the instance's figure.
        now = timezone.now() - timezone.timedelta(hours=1)
        Enrolment.objects.bulk_create(
            (
                Enrolment(
                    learner=row,
                    offer=None,
                    status=EnrolmentStatus.WAITING,
                    requested_at=now - timezone.timedelta(days=learner.waiting_days),
                    waiting_reason=WaitingReason.NO_OFFER_CHOSEN,
                )
                for row, learner in zip(learners, instance.learners, strict=True)
            ),
            batch_size=2000,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    load_seconds = time.perf_counter() - started

    runs = []
    for _ in range(repeat):
        queries = Queries()
        started = time.perf_counter()
        with connection.execute_wrapper(queries):
            run = placement_compute(max_minutes=MAX_MINUTES, on_progress=queries.mark)
        ended = time.perf_counter()
        marks = queries.marks
        runs.append(
            {
                "read": marks[1] - started,
                "solve": run.solve_seconds,
                "solve_phase": marks[2] - marks[1],
                "store": ended - marks[2],
                "total": ended - started,
                "placed": run.placed,
                "read_queries": queries.count[0],
                "store_queries": queries.count[2],
            }
        )

    # The reading in detail: the same selectors placement_compute calls, one at a time.
    parts: dict[str, list[float]] = {
        "waiting_learners SQL alone": [],
        "engine_learners (SQL + rows)": [],
        "offers": [],
        "travel": [],
    }
    for _ in range(repeat):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            sql, params = waiting_learners().query.sql_with_params()
            cursor.execute(sql, params)
            cursor.fetchall()
        parts["waiting_learners SQL alone"].append(time.perf_counter() - started)
        started = time.perf_counter()
        engine_learners(waiting_learners())
        parts["engine_learners (SQL + rows)"].append(time.perf_counter() - started)
        started = time.perf_counter()
        offers_with_free_seats()
        parts["offers"].append(time.perf_counter() - started)
        started = time.perf_counter()
        TravelTimes.load()
        parts["travel"].append(time.perf_counter() - started)
    assert len({item["placed"] for item in runs}) == 1, "the runs placed different numbers"

    def median(key: str) -> float:
        return statistics.median(item[key] for item in runs)

    return {
        "database": connection.vendor,
        "learners": run.learners,
        "offers": run.offers,
        "seats": run.seats,
        "method": run.method,
        "placed": run.placed,
        "placed_in_memory": memory.placed,
        "memory_seconds": statistics.median(item.solve_seconds for item in memory_runs[1:]),
        "load_seconds": load_seconds,
        "read": median("read"),
        "solve": median("solve"),
        "solve_phase": median("solve_phase"),
        "store": median("store"),
        "read_solve": statistics.median(item["read"] + item["solve_phase"] for item in runs),
        "total": median("total"),
        "repeat": repeat,
        "read_queries": runs[-1]["read_queries"],
        "store_queries": runs[-1]["store_queries"],
        "read_parts": {name: statistics.median(values) for name, values in parts.items()},
    }


class Queries:
    """Counts the queries of each phase of placement_compute, told apart by the progress it reports
    (0 reading, 1 solving, 2 storing); `marks` holds when each phase began."""

    def __init__(self) -> None:
        self.phase = 0
        self.marks: dict[int, float] = {}
        self.count: dict[int, int] = {0: 0, 1: 0, 2: 0}

    def mark(self, done: int, total: int, message: str) -> None:
        self.marks.setdefault(done, time.perf_counter())
        self.phase = done

    def __call__(self, execute, sql, params, many, context):
        self.count[self.phase] += 1
        return execute(sql, params, many, context)


def run_child(url: str, options: argparse.Namespace) -> dict:
    env = dict(os.environ, DATABASE_URL=url)
    done = subprocess.run(  # noqa: S603 (this script, run with this interpreter)
        [
            sys.executable,
            __file__,
            "--child",
            f"--learners={options.learners}",
            f"--offers={options.offers}",
            f"--seed={options.seed}",
            f"--repeat={options.repeat}",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT_DIR,
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark on {url} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def placed(count: int, learners: int) -> str:
    return f"{count:5,} {count / learners:6.1%}"


def print_table(results: list[dict]) -> None:
    header = (
        "| database   | learners | offers | seats | placed       | in memory    | read s | solve s | store s "
        "| read + solve s | total s | set-up s |"
    )
    print(header)
    print("|" + "|".join("-" * len(part) for part in header.split("|")[1:-1]) + "|")
    for item in results:
        print(
            f"| {item['database']:<10} | {item['learners']:8,} | {item['offers']:6,} | {item['seats']:5,} "
            f"| {placed(item['placed'], item['learners'])} | {placed(item['placed_in_memory'], item['learners'])} "
            f"| {item['read']:6.3f} | {item['solve']:7.3f} | {item['store']:7.3f} | {item['read_solve']:14.3f} "
            f"| {item['total']:7.3f} | {item['load_seconds']:8.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=5_000)
    parser.add_argument("--offers", type=int, default=200)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3, help="runs of placement_compute; medians are shown")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/wegweiser_bench_placement")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(options.learners, options.offers, options.seed, options.repeat)))
        return

    print(
        f"## placement_compute(max_minutes={MAX_MINUTES}) on {options.learners:,} learners x {options.offers:,} "
        f"offers (seed {options.seed}), median of {options.repeat}"
    )
    results = []
    if options.database in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            results.append(run_child(f"sqlite:///{folder}/bench.sqlite3", options))
    if options.database in ("postgres", "both"):
        try:
            postgres_database(options.postgres_url, "create")
        except Exception as error:  # noqa: BLE001 - say why PostgreSQL was skipped, go on
            print(f"postgresql: skipped ({error})")
        else:
            try:
                results.append(run_child(options.postgres_url, options))
            finally:
                postgres_database(options.postgres_url, "drop")
    if not results:
        return
    print_table(results)
    print()
    print(f"method: {results[0]['method']}; engine alone in memory {results[0]['memory_seconds']:.3f} s")
    for item in results:
        parts = ", ".join(f"{name} {seconds:.3f}" for name, seconds in item["read_parts"].items())
        print(
            f"{item['database']}: reading in detail (s): {parts}; queries: {item['read_queries']} reading, "
            f"{item['store_queries']:,} storing"
        )
    for item in results:
        verdict = "met" if item["read_solve"] < TARGET_SECONDS else "missed"
        print(
            f"target 'exact optimum in < {TARGET_SECONDS} s including reading from the database' on "
            f"{item['database']}: read + solve {item['read_solve']:.3f} s, {verdict}; with storing the "
            f"proposals and audit entries {item['total']:.3f} s"
        )


if __name__ == "__main__":
    main()
