"""How well the name keys find persons across scripts, on generated persons; no database needed.

    .venv/bin/python bench/names_quality.py [--persons 100000] [--queries 1000] [--seed 1]

Generates the persons (wegweiser/casework/name_corpus.py), indexes their keys, searches one spelling variant
of `--queries` registered persons the way the intake search does (trigram candidates on the key in the
typed birth year, re-ranked by name similarity and birth date) and as many newcomers who are not registered
(strangers, twins, siblings), then prints recall by script, origin and kind of spelling, the precision of
automatic merge proposals with a threshold table, and the speed of key computation and similarity. The
search here is pure Python; bench/casework_search.py times the same path in SQLite and PostgreSQL.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

# bench/http.py (named as the issue asks) would hide the standard library's `http` from this folder.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wegweiser.casework import names  # noqa: E402
from wegweiser.testing.name_corpus import (  # noqa: E402
    PersonIndex,
    generate_persons,
    measure_matching,
    newcomer_queries,
    sample_queries,
    spelling_variants,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--misses", type=int, default=15, help="print this many missed queries")
    args = parser.parse_args()

    started = time.perf_counter()
    everyone = generate_persons(args.persons + 5000, seed=args.seed)
    registered, unregistered = everyone[: args.persons], everyone[args.persons :]
    generated = time.perf_counter() - started
    print(f"generated {len(everyone):,} persons in {generated:.1f} s")

    key_speed(registered)
    similarity_speed(registered, seed=args.seed)

    started = time.perf_counter()
    index = PersonIndex(registered)
    print(f"indexed {len(registered):,} keys (pure-Python trigram index) in {time.perf_counter() - started:.1f} s")
    queries = sample_queries(registered, seed=args.seed + 1, n=args.queries)
    newcomers = newcomer_queries(registered, unregistered, seed=args.seed + 2, n=args.queries // 2)

    started = time.perf_counter()
    figures = measure_matching(
        registered, queries, newcomers=newcomers, threshold=names.AUTOMATIC_PROPOSAL_SIMILARITY, index=index
    )
    elapsed = time.perf_counter() - started
    searches = len(queries) + len(newcomers)
    print(f"{searches:,} searches in {elapsed:.1f} s ({1000 * elapsed / searches:.1f} ms each, pure Python)\n")
    print(f"Name matching on {args.persons:,} persons, {args.queries:,} spelling variants, seed {args.seed}:")
    print("\n".join(figures.lines()))
    print("trigram candidates before re-ranking (birth year typed):")
    print("\n".join(figures.candidate_lines()))
    print("automatic proposals by threshold (precision over all queries and newcomers):")
    print("\n".join(figures.calibration_lines()))
    if figures.misses and args.misses:
        print(f"\nfirst {min(args.misses, len(figures.misses))} misses (birth year typed):")
        for person, variant in figures.misses[: args.misses]:
            original = f"{person.given_names_original} {person.family_name_original}".strip()
            print(
                f"  {person.origin}: {person.given_names} {person.family_name} {original} "
                f"typed as {variant.text!r} {'/'.join(variant.kinds)}"
            )


def key_speed(persons: list) -> None:
    """Keys of persons, with cold caches (every name new to the process) and warm ones."""
    sample = persons[:20_000]
    texts = [(p.given_names, p.family_name, p.given_names_original, p.family_name_original) for p in sample]
    names._skeleton.cache_clear()
    names._text_tokens.cache_clear()
    started = time.perf_counter()
    for parts in texts:
        names.person_name_key(*parts)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for parts in texts:
        names.person_name_key(*parts)
    warm = time.perf_counter() - started
    # Every name part unseen: the cost of a person whose names the process has not met yet.
    names._skeleton.cache_clear()
    names._text_tokens.cache_clear()
    unseen = [(f"{g}x{i}", f"{f}q{i}", go, fo) for i, (g, f, go, fo) in enumerate(texts[:5000])]
    started = time.perf_counter()
    for parts in unseen:
        names.person_name_key(*parts)
    fresh = time.perf_counter() - started
    print(
        f"person_name_key: {1e6 * fresh / len(unseen):.0f} µs per person with unseen names, "
        f"{1e6 * cold / len(texts):.0f} µs from a cold cache on real names, {1e6 * warm / len(texts):.1f} µs warm"
    )


def similarity_speed(persons: list, *, seed: int) -> None:
    pairs = []
    for i, person in enumerate(persons[:2000]):
        variant = spelling_variants(person, seed=seed, n=1)[0]
        other = persons[(i * 7919) % len(persons)]
        for target in (person, other):
            key = names.person_name_key(
                target.given_names, target.family_name, target.given_names_original, target.family_name_original
            )
            pairs.append((variant.text, key))
    names._token_similarity.cache_clear()
    names._tokens_similarity.cache_clear()
    names._text_tokens.cache_clear()
    timings = []
    for query, key in pairs:
        started = time.perf_counter()
        names.name_similarity(query, key)
        timings.append(time.perf_counter() - started)
    timings.sort()
    print(
        f"name_similarity (cold caches, half right person, half another): "
        f"p50 {1e6 * statistics.median(timings):.0f} µs, p95 {1e6 * timings[int(0.95 * len(timings))]:.0f} µs"
    )


if __name__ == "__main__":
    main()
