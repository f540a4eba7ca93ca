"""Person search and duplicate look-up of the Migrationszentrum at scale, on SQLite and PostgreSQL.

For each database the script (in a child process with its own DATABASE_URL) migrates an empty database,
inserts N generated persons (`casework.name_corpus`: Ukrainian, Russian, Syrian, Iraqi, Afghan, Turkish,
Kurdish, Romanian, Eritrean and German names, names in their scripts, partial birth dates) with their name
keys, and then asks Q queries, each a different spelling of an existing person as a caseworker would type it
(another transliteration, the original script, swapped fields, a missing second name, typos; the birth date
full, as a year or absent). It times

- search: `person_search_for_user` as a district-wide caseworker, with the birth date as typed;
- duplicate look-up: `person_duplicate_candidates`, what intake shows before a new person is saved;

and prints p50/p95 milliseconds, the share of queries with the right person in the top 10 (by script), and
the precision and recall of the duplicate warning. Recall: the right person is among the candidates shown.
Precision per warning: of the queries that raised a warning, the share whose candidates include the right
person; precision per candidate counts every candidate shown (namesakes shown beside the right person count
as wrong). Q further queries spell persons who are NOT in the database, so a warning for them is always
wrong. The warning is meant to show namesakes (a person decides), so its precision is bounded by how many
people share a name and a birth year. The last line is the strict tier: candidates marked "very likely the
same person" (the same real full birth date on both sides, no 1 January placeholder and no year slip, and names
alike), the only tier where a merge could ever be proposed without a person judging it. The corpus registers
a share of full birth dates as 1 January (the placeholder for an unknown day and month), which never makes that
tier. Last, the warning's operating points: recall and the share of newcomers warned about under other rules
(names against how the birth dates agree), from the same candidates. The CPU column is this process's time (on
SQLite the database's too), steadier than the wall time on a busy machine.

    .venv/bin/python bench/casework_search.py [--persons 100000] [--queries 1000] [--databases sqlite postgres]

PostgreSQL: `postgres://postgres@127.0.0.1:5432/wegweiser_bench_search` (created and dropped), or
--postgres-url. SQLite: a file under a temporary folder.
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
import random
import statistics
import subprocess
import tempfile
import time
from collections import defaultdict

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEED = 20261125


def child(persons: int, queries: int, *, misses: int = 0, profile: bool = False, candidates: int = 0) -> dict:
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegweiser.settings_test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from wegweiser.accounts.roles import Role
    from wegweiser.accounts.services import user_create
    from wegweiser.casework import search
    from wegweiser.casework.models import Person
    from wegweiser.casework.names import person_name_key
    from wegweiser.casework.selectors import person_duplicate_candidates, person_search_for_user
    from wegweiser.core.partial_dates import PartialDate
    from wegweiser.territory.models import District, Municipality
    from wegweiser.testing.name_corpus import generate_persons, spelling_variants

    if candidates:
        search.CANDIDATE_LIMIT = candidates
    call_command("migrate", verbosity=0)
    district = District.objects.create(ags="03459", name="Landkreis Osnabrück")
    municipality = Municipality.objects.create(
        district=district, regional_key="034590024024", ags="03459024", name="Melle", kind="stadt"
    )
    from django.db import transaction

    with transaction.atomic():
        caseworker, _password = user_create(actor=None, username="bench", role=Role.CASEWORKER)

    # Persons in the database and, beyond them, persons who never came: their spellings must not be flagged.
    generated = generate_persons(persons + queries, seed=SEED)
    stored, absent = generated[:persons], generated[persons:]

    def birth(person) -> PartialDate:
        return PartialDate(person.birth_year, person.birth_month, person.birth_day)

    started = time.perf_counter()
    batch = []
    ids: dict[int, int] = {}
    for person in stored:
        batch.append(
            Person(
                given_names=person.given_names,
                family_names=person.family_name,
                given_names_original=person.given_names_original,
                family_names_original=person.family_name_original,
                name_key=person_name_key(
                    person.given_names, person.family_name, person.given_names_original, person.family_name_original
                ),
                birth_date=birth(person),
                sex=person.sex,
                nationalities=[person.nationality],
                municipality=municipality,
            )
        )
        if len(batch) == 5000:
            for row, made in zip(
                stored[len(ids) : len(ids) + len(batch)], Person.objects.bulk_create(batch), strict=True
            ):
                ids[row.number] = made.pk
            batch = []
    if batch:
        for row, made in zip(stored[len(ids) :], Person.objects.bulk_create(batch), strict=True):
            ids[row.number] = made.pk
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    load_seconds = time.perf_counter() - started

    rng = random.Random(SEED)
    asked = rng.sample(stored, queries)

    def variant(person, salt: int):
        return spelling_variants(person, seed=SEED + salt, n=1)[0]

    def typed_birth(v) -> PartialDate | None:
        if v.birth_year is None:
            return None
        return PartialDate(v.birth_year, v.birth_month if v.birth_day or v.birth_month else None, v.birth_day)

    # Warm-up: the first queries fill caches that every later query finds warm.
    for person in asked[:20]:
        person_search_for_user(caseworker, variant(person, 0).text)

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    missed: list[str] = []
    search_ms, dup_ms = [], []
    search_cpu = dup_cpu = 0.0
    # Every candidate the re-ranking names (name similarity, how the birth dates agree, right or not), for the
    # operating points of the warning below.
    features: dict[str, list[list[tuple[float, str, bool, float]]]] = {"present": [], "absent": []}

    def candidates_seen(v, birth_typed, right: int | None) -> list[tuple[float, str, bool, float]]:
        query = " ".join([v.given_names, v.family_name, ""])
        ranked = search.rank(Person.objects.active(), query_text=query, birth=birth_typed, limit=15)
        typed = birth_typed.as_known().precision if birth_typed is not None else "none"

        def stored(m) -> str:
            return m.person.birth_date.as_known().precision if m.person.birth_date else "none"

        return [(m.name_score, m.birth_agreement, m.person.pk == right, m.score, typed, stored(m)) for m in ranked]

    placeholder_queries = placeholder_marks = 0
    hits: dict[str, list[int]] = defaultdict(list)
    tp = fp = found = 0
    warnings_right = warnings_wrong = 0
    auto_right = auto_wrong = full_date_queries = 0
    for person in asked:
        v = variant(person, 1)
        birth_typed = typed_birth(v)
        if profiler is not None:
            profiler.enable()
        t0, c0 = time.perf_counter(), time.process_time()
        matches = person_search_for_user(
            caseworker, v.text, birth_date_text=birth_typed.iso() if birth_typed else None, limit=10
        )
        search_ms.append((time.perf_counter() - t0) * 1000)
        if profiler is not None:
            profiler.disable()
        search_cpu += time.process_time() - c0
        right = ids[person.number]
        hit = int(any(m.person.pk == right for m in matches[:10]))
        hits["all"].append(hit)
        hits[person.script].append(hit)
        hits["with birth year" if v.birth_year else "without birth year"].append(hit)
        if v.birth_year:
            # Without a birth year a common name is a tie between namesakes (more than ten persons share the
            # skeleton key): no ranking can put the right one first, so the script targets read these rows.
            hits[f"{person.script} with birth year"].append(hit)
        if not hit and len(missed) < misses:
            stored_row = Person.objects.get(pk=right)
            missed.append(
                f"{person.script} {','.join(v.kinds)} | {v.text!r} {birth_typed} -> wanted {stored_row.name_key!r} "
                f"{stored_row.birth_date} | got "
                + "; ".join(f"{m.person.name_key!r} {m.person.birth_date} {m.score:.2f}" for m in matches[:3])
            )

        t0, c0 = time.perf_counter(), time.process_time()
        candidates = person_duplicate_candidates(
            given_names=v.given_names, family_names=v.family_name, birth_date=birth_typed
        )
        dup_ms.append((time.perf_counter() - t0) * 1000)
        dup_cpu += time.process_time() - c0
        features["present"].append(candidates_seen(v, birth_typed, right))
        right_found = any(c.person.pk == right for c in candidates)
        found += right_found
        if candidates:
            warnings_right += right_found
            warnings_wrong += not right_found
        tp += sum(1 for c in candidates if c.person.pk == right)
        fp += sum(1 for c in candidates if c.person.pk != right)
        if v.has_full_birth_date:
            full_date_queries += 1
        likely = [c for c in candidates if c.likely_same]
        if birth_typed is not None and birth_typed.is_placeholder:
            placeholder_queries += 1
            placeholder_marks += len(likely)
        auto_right += sum(1 for c in likely if c.person.pk == right)
        auto_wrong += sum(1 for c in likely if c.person.pk != right)

    flagged_absent = 0
    for person in absent:
        v = variant(person, 2)
        candidates = person_duplicate_candidates(
            given_names=v.given_names, family_names=v.family_name, birth_date=typed_birth(v)
        )
        features["absent"].append(candidates_seen(v, typed_birth(v), None))
        fp += len(candidates)
        flagged_absent += bool(candidates)
        warnings_wrong += bool(candidates)
        auto_wrong += sum(1 for c in candidates if c.likely_same)

    profile_text = ""
    if profiler is not None:
        import io
        import pstats

        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(25)
        profile_text = buffer.getvalue()

    def pct(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[int(q) - 1]

    def operating_point(name_min: dict[str, float], shown: int = 5) -> tuple[float, float]:
        """Recall (the right person among the first `shown` candidates warned about) and the share of newcomers
        not in the database warned about, for a rule: warn when the names reach `name_min[agreement]`."""

        def warned(seen):
            return [
                right
                for name, agreement, right, score, *_ in seen
                if name >= name_min.get(agreement, 9) and score >= search.DUPLICATE_THRESHOLD
            ]

        recall = sum(any(warned(seen)[:shown]) for seen in features["present"]) / len(features["present"])
        flagged = sum(bool(warned(seen)) for seen in features["absent"]) / len(features["absent"])
        return recall, flagged

    rules = {
        "in use (search.DUPLICATE_NAME_MIN_BY_BIRTH)": search.DUPLICATE_NAME_MIN_BY_BIRTH,
        "before issue 22 (any slip with names 1.0)": {
            "day": 0.75,
            "year": 0.8,
            "day_slip": 1.0,
            "slip": 1.0,
            "unknown": 0.9,
        },
        "names >= 0.75 whatever the dates say": {
            "day": 0.75,
            "year": 0.75,
            "day_slip": 0.75,
            "slip": 0.75,
            "unknown": 0.75,
        },
        "a year needs names alike in every part": {"day": 0.75, "year": 0.95, "day_slip": 0.9, "unknown": 1.0},
        "a year needs equal skeletons, no date never": {"day": 0.75, "year": 1.0, "day_slip": 0.9},
        "only an agreeing full date or no date": {"day": 0.75, "day_slip": 0.9, "unknown": 0.9},
        "only an agreeing full date": {"day": 0.75},
    }
    stored_full = [p for p in stored if p.birth_day is not None]
    return {
        "database": connection.vendor,
        "missed": missed,
        "features": features,
        "profile": profile_text,
        "search_cpu": search_cpu / queries * 1000,
        "dup_cpu": dup_cpu / queries * 1000,
        "operating_points": {label: operating_point(rule) for label, rule in rules.items()},
        "placeholder_share": sum(1 for p in stored_full if (p.birth_month, p.birth_day) == (1, 1)) / len(stored_full),
        "placeholder_queries": placeholder_queries,
        "placeholder_marks": placeholder_marks,
        "persons": persons,
        "queries": queries,
        "load_seconds": load_seconds,
        "search_p50": statistics.median(search_ms),
        "search_p95": pct(search_ms, 95),
        "dup_p50": statistics.median(dup_ms),
        "dup_p95": pct(dup_ms, 95),
        "top10": {key: (sum(values) / len(values), len(values)) for key, values in hits.items()},
        "dup_precision": tp / (tp + fp) if tp + fp else 1.0,
        "dup_recall": found / queries,
        "warning_precision": warnings_right / (warnings_right + warnings_wrong)
        if warnings_right + warnings_wrong
        else 1.0,
        "absent_flagged": flagged_absent / len(absent),
        "auto_precision": auto_right / (auto_right + auto_wrong) if auto_right + auto_wrong else 1.0,
        "auto_count": auto_right + auto_wrong,
        "auto_recall": auto_right / full_date_queries if full_date_queries else 0.0,
        "full_date_queries": full_date_queries,
    }


def run_child(url: str, persons: int, queries: int, extra: list[str]) -> dict:
    env = dict(os.environ, DATABASE_URL=url, WEGWEISER_BENCH_CHILD="1")
    done = subprocess.run(
        [sys.executable, __file__, "--child", "--persons", str(persons), "--queries", str(queries), *extra],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT_DIR,
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark on {url} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def postgres_database(url: str, action: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if action == "create":
            connection.execute(f'CREATE DATABASE "{name}"')


def report(result: dict) -> None:
    print(
        f"\n== {result['database']}: {result['persons']:,} persons, {result['queries']:,} queries "
        f"(loaded in {result['load_seconds']:.0f} s)"
    )
    print(
        f"  search              p50 {result['search_p50']:6.1f} ms   p95 {result['search_p95']:6.1f} ms   "
        f"CPU of this process {result['search_cpu']:5.1f} ms a query"
    )
    print(
        f"  duplicate look-up   p50 {result['dup_p50']:6.1f} ms   p95 {result['dup_p95']:6.1f} ms   "
        f"CPU of this process {result['dup_cpu']:5.1f} ms a query"
    )
    print("  right person in top 10:")
    for key, (share, count) in sorted(result["top10"].items(), key=lambda item: item[0] != "all"):
        print(f"    {key:<20} {share:6.3f}  ({count} queries)")
    print(
        f"  duplicate warning   recall {result['dup_recall']:.3f}   precision per warning "
        f"{result['warning_precision']:.3f}   per candidate shown {result['dup_precision']:.3f}   "
        f"newcomers not in the database warned about: {result['absent_flagged']:.3f}"
    )
    print(
        f"  'very likely the same person' (full birth dates): precision {result['auto_precision']:.3f} "
        f"over {result['auto_count']} marks, recall {result['auto_recall']:.3f} of {result['full_date_queries']} "
        "queries with a full birth date"
    )
    print(
        f"  1 January placeholders: {result['placeholder_share']:.1%} of the stored full birth dates; "
        f"{result['placeholder_queries']} queries typed one, {result['placeholder_marks']} 'very likely' marks on them"
    )
    for line in result["missed"]:
        print(f"  missed: {line}")
    if result["profile"]:
        print(result["profile"])
    print("  the warning's operating points (recall / newcomers not in the database warned about):")
    for label, (recall, flagged) in result["operating_points"].items():
        print(f"    {label:<45} {recall:.3f} / {flagged:.3f}")


def dump(path: str | None, result: dict) -> None:
    if path:
        Path(path.replace(".json", f".{result['database']}.json")).write_text(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/wegweiser_bench_search")
    parser.add_argument("--misses", type=int, default=0, help="print this many searches that missed the person")
    parser.add_argument("--profile", action="store_true", help="print where the search's time went (cProfile)")
    parser.add_argument("--dump", help="write each database's figures and the warning's candidates to FILE.json")
    parser.add_argument("--candidates", type=int, default=0, help="candidates the index hands to the re-ranking")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        figures = child(
            args.persons, args.queries, misses=args.misses, profile=args.profile, candidates=args.candidates
        )
        print(json.dumps(figures))
        return
    extra = ["--misses", str(args.misses), "--candidates", str(args.candidates)]
    extra += ["--profile"] if args.profile else []
    for database in args.databases:
        if database == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                result = run_child(f"sqlite:///{folder}/bench.sqlite3", args.persons, args.queries, extra)
                report(result)
                dump(args.dump, result)
        else:
            try:
                postgres_database(args.postgres_url, "create")
            except Exception as error:  # noqa: BLE001 - say why PostgreSQL was skipped, go on
                print(f"\n== postgresql: skipped ({error})")
                continue
            try:
                result = run_child(args.postgres_url, args.persons, args.queries, extra)
                report(result)
                dump(args.dump, result)
            finally:
                postgres_database(args.postgres_url, "drop")


if __name__ == "__main__":
    main()
