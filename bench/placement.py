"""Placing waiting learners into language offers: four methods side by side on realistic instances.

    .venv/bin/python bench/placement.py                 # 5,000 learners x 200 offers, four methods
    .venv/bin/python bench/placement.py --large         # plus 50,000 x 2,000 for the engine
    .venv/bin/python bench/placement.py --large --large-lp   # and the HiGHS LP at that size (about a minute)

The instance is the demo district: the 34 municipalities of Landkreis Osnabrück from the official register
(`wegweiser/territory/data/gv-auszug-03459.csv`) with their centres and populations. Learners live in a
municipality drawn by population and want a CEFR level (or literacy), can come on some weekdays, some need
childcare, few have a car, and they have waited between days and two years. Offers (Deutschtreffs,
integration, job-related, literacy, women's and parents' courses) sit more often in the larger towns; their
free seats add up to 80 % of the learners. Travel is `wegweiser/language/travel.py`'s estimate between
municipality centres (bus and train unless the learner has a car); the limit is 45 minutes.

The methods, all bound by the same rules (level, a shared weekday, childcare, a free seat, within 45 min):
- **first come, first served**: learners in waiting order (longest first); each takes the first offer with a
  free seat in the list of offers in the order the offers were registered, regardless of distance. This is
  a waiting list kept per district without looking at the map.
- **by hand today** ("the first on the list takes the nearest free seat"): learners in waiting order; each
  takes the nearest offer with a free seat. The issue names these two as separate methods; read literally
  they are one, so first come, first served is taken as the list-order variant above.
- **engine**: `wegweiser.language.placement.place`, the exact min-cost flow.
- **MILP optimum**: the same problem and objective as a mixed-integer programme in HiGHS (`highspy`), the
  limit the engine is measured against.

The objective (lower is better) is lexicographic: first the number placed, then the sum over placed learners
of (travel minutes - 10 minutes per week waited, the weight the language app uses). The gap compares that sum with the optimum's when both place
the same number; a method that places fewer is reported by how many fewer. A priority violation is an
unplaced learner who could have used a seat that went to someone who waited less.
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# bench/http.py (named as the issue asks) would hide the standard library's `http` from this folder.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegweiser.settings_test")

import django  # noqa: E402

django.setup()

from wegweiser.language.placement import Learner, Offer, place, priority_minutes  # noqa: E402
from wegweiser.language.services import (  # noqa: E402
    WAITING_PRIORITY_MINUTES_PER_WEEK as PRIORITY_MINUTES_PER_WEEK,
)
from wegweiser.language.travel import estimated_minutes  # noqa: E402
from wegweiser.territory.register import parse_register  # noqa: E402

REGISTER = ROOT / "wegweiser" / "territory" / "data" / "gv-auszug-03459.csv"
MAX_MINUTES = 45.0
SEAT_SHARE = 0.8  # free seats as a share of the learners waiting

LEARNER_LEVELS = {"A1": 0.35, "A2": 0.25, "B1": 0.20, "B2": 0.08, "C1": 0.03, "alpha": 0.09}
# kind: (share, possible level sets, days per week (low, high), Saturday possible, seats (low, high), childcare)
OFFER_KINDS = {
    "deutschtreff": (0.35, [("A1", "A2"), ("A1",), ("A2", "B1")], (1, 2), True, (8, 16), 0.3),
    "integration_course": (0.30, [("A1",), ("A2",), ("B1",)], (4, 5), False, (15, 25), 0.25),
    "job_course": (0.13, [("B1",), ("B2",), ("C1",), ("B2", "C1")], (2, 3), False, (12, 20), 0.1),
    "literacy": (0.10, [("alpha",), ("alpha", "A1")], (3, 5), False, (8, 14), 0.5),
    "womens_course": (0.07, [("A1", "A2")], (2, 3), False, (10, 15), 1.0),
    "parents_course": (0.05, [("A1", "A2"), ("A2", "B1")], (2, 2), False, (10, 15), 1.0),
}


@dataclass
class Municipality:
    id: int
    name: str
    population: int
    latitude: float
    longitude: float


@dataclass
class Instance:
    municipalities: list[Municipality]
    learners: list[Learner]  # in waiting order: longest waiting first
    offers: list[Offer]  # in the order they were registered
    minutes: dict[tuple[int, int, bool], float]
    offer_kinds: list[str]  # the kind of each offer (a key of OFFER_KINDS), for bench/placement_database.py

    def travel(self, home: int, place: int, has_car: bool) -> float | None:
        return self.minutes.get((home, place, has_car))


def load_municipalities() -> list[Municipality]:
    register = parse_register(REGISTER.read_bytes(), REGISTER.name)
    assert not register.problems, register.problems
    return [
        Municipality(int(item.ags), item.name, item.population, float(item.latitude), float(item.longitude))
        for item in register.municipalities
        if item.kind != "samtgemeinde"
    ]


def generate(learner_count: int, offer_count: int, seed: int = 4) -> Instance:
    rng = np.random.default_rng(seed)
    municipalities = load_municipalities()
    population = np.array([item.population for item in municipalities], dtype=float)
    minutes = {
        (a.id, b.id, car): estimated_minutes(a.latitude, a.longitude, b.latitude, b.longitude, has_car=car)
        for a in municipalities
        for b in municipalities
        for car in (False, True)
    }

    homes = rng.choice(len(municipalities), size=learner_count, p=population / population.sum())
    levels = rng.choice(list(LEARNER_LEVELS), size=learner_count, p=list(LEARNER_LEVELS.values()))
    waiting = np.minimum(rng.exponential(100.0, size=learner_count).astype(int), 730)
    learners = []
    for index in range(learner_count):
        pattern = rng.random()
        if pattern < 0.55:
            days = frozenset(range(5))  # free on every weekday
        elif pattern < 0.85:
            days = frozenset(int(day) for day in rng.choice(5, size=int(rng.integers(2, 4)), replace=False))
        else:
            days = frozenset({5, int(rng.integers(0, 5))})  # works: one weekday off and Saturdays
        learners.append(
            Learner(
                id=index + 1,
                home=municipalities[homes[index]].id,
                level=str(levels[index]),
                weekdays=days,
                needs_childcare=bool(rng.random() < 0.2),
                has_car=bool(rng.random() < 0.15),
                waiting_days=int(waiting[index]),
            )
        )
    learners.sort(key=lambda item: (-item.waiting_days, item.id))

    kinds = list(OFFER_KINDS)
    shares = np.array([OFFER_KINDS[kind][0] for kind in kinds])
    places = rng.choice(len(municipalities), size=offer_count, p=population**0.8 / (population**0.8).sum())
    drafts = []
    for index in range(offer_count):
        kind = kinds[rng.choice(len(kinds), p=shares / shares.sum())]
        _, level_sets, (low, high), saturday, (seats_low, seats_high), childcare = OFFER_KINDS[kind]
        weekday_pool = 6 if saturday else 5
        days = frozenset(
            int(day) for day in rng.choice(weekday_pool, size=int(rng.integers(low, high + 1)), replace=False)
        )
        drafts.append(
            (
                kind,
                municipalities[places[index]].id,
                frozenset(level_sets[int(rng.integers(len(level_sets)))]),
                days,
                int(rng.integers(seats_low, seats_high + 1)),
                bool(rng.random() < childcare),
            )
        )
    scale = SEAT_SHARE * learner_count / sum(draft[4] for draft in drafts)
    offers = [
        Offer(
            id=index + 1,
            municipality=place,
            levels=levels_taught,
            weekdays=days,
            free_seats=max(1, round(seats * scale)),
            has_childcare=childcare,
        )
        for index, (_kind, place, levels_taught, days, seats, childcare) in enumerate(drafts)
    ]
    return Instance(municipalities, learners, offers, minutes, [draft[0] for draft in drafts])


@dataclass
class Eligible:
    """The bench's own view of who may go where (written apart from the engine): the allowed pairs, by learner."""

    rows: np.ndarray  # learner of each allowed pair, ascending
    columns: np.ndarray  # offer of each pair, ascending within a learner
    minutes: np.ndarray  # travel of each pair
    start: np.ndarray  # the pairs of learner i are start[i]:start[i + 1]
    waiting: np.ndarray
    priority: np.ndarray
    seats: np.ndarray

    def pair_minutes(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """Travel of the given pairs; NaN where a pair is not allowed."""
        keys = self.rows * len(self.seats) + self.columns
        wanted = rows * len(self.seats) + columns
        found = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
        hit = keys[found] == wanted if len(keys) else np.zeros(len(wanted), dtype=bool)
        return np.where(hit, self.minutes[found] if len(keys) else np.nan, np.nan)


def eligible(
    instance: Instance, max_minutes: float = MAX_MINUTES, per_week: float = PRIORITY_MINUTES_PER_WEEK
) -> Eligible:
    learners, offers = instance.learners, instance.offers
    offer_days = np.array([sum(1 << day for day in offer.weekdays) for offer in offers], dtype=np.int64)
    offer_childcare = np.array([offer.has_childcare for offer in offers], dtype=bool)
    offer_open = np.array([offer.free_seats > 0 for offer in offers], dtype=bool)
    teaches = {
        level: np.array([level in offer.levels for offer in offers], dtype=bool)
        for level in {learner.level for learner in learners}
    }
    to_offers = {}
    for home, car in {(learner.home, learner.has_car) for learner in learners}:
        to_offers[home, car] = np.array(
            [np.nan if (value := instance.travel(home, offer.municipality, car)) is None else value for offer in offers]
        )
    by_profile = {}
    columns, minutes, counts = [], [], []
    for learner in learners:
        profile = (learner.home, learner.has_car, learner.level, learner.weekdays, learner.needs_childcare)
        if profile not in by_profile:
            travel = to_offers[learner.home, learner.has_car]
            days = sum(1 << day for day in learner.weekdays)
            with np.errstate(invalid="ignore"):
                allowed = teaches[learner.level] & ((offer_days & days) != 0) & offer_open & (travel <= max_minutes)
            if learner.needs_childcare:
                allowed &= offer_childcare
            chosen = np.nonzero(allowed)[0]
            by_profile[profile] = (chosen, travel[chosen])
        chosen, travel = by_profile[profile]
        columns.append(chosen)
        minutes.append(travel)
        counts.append(len(chosen))
    waiting = np.array([learner.waiting_days for learner in learners])
    return Eligible(
        rows=np.repeat(np.arange(len(learners)), counts),
        columns=np.concatenate(columns).astype(np.int64),
        minutes=np.concatenate(minutes).astype(float),
        start=np.concatenate([[0], np.cumsum(counts)]),
        waiting=waiting,
        priority=priority_minutes(waiting, per_week),
        seats=np.array([offer.free_seats for offer in offers]),
    )


def greedy(data: Eligible, *, nearest: bool) -> np.ndarray:
    """Learners in list order (longest waiting first) each take a free seat: the nearest or the first listed."""
    seats = data.seats.copy()
    assigned = np.full(len(data.waiting), -1)
    for row in range(len(data.waiting)):
        pairs = slice(data.start[row], data.start[row + 1])
        columns, minutes = data.columns[pairs], data.minutes[pairs]
        free = seats[columns] > 0
        if not free.any():
            continue
        pick = int(np.argmin(np.where(free, minutes, np.inf))) if nearest else int(np.argmax(free))
        seats[columns[pick]] -= 1
        assigned[row] = columns[pick]
    return assigned


def milp(data: Eligible, *, integer: bool = True) -> tuple[np.ndarray, str]:
    """The same lexicographic objective in HiGHS: each placement earns more than any swap chain can cost."""
    import highspy

    rows, columns = data.rows, data.columns
    learner_count, offer_count = len(data.waiting), len(data.seats)
    cost = data.minutes - data.priority[rows]
    if not len(cost):
        return np.full(learner_count, -1), "empty"
    chain = min(len(np.unique(rows)), len(np.unique(columns)))
    reward = cost.max() + chain * (cost.max() - cost.min()) + 1.0

    lp = highspy.HighsLp()
    lp.num_col_ = len(cost)
    lp.num_row_ = learner_count + offer_count
    lp.col_cost_ = cost - reward
    lp.col_lower_ = np.zeros(len(cost))
    lp.col_upper_ = np.ones(len(cost))
    lp.row_lower_ = np.full(lp.num_row_, -highspy.kHighsInf)
    lp.row_upper_ = np.concatenate([np.ones(learner_count), data.seats.astype(float)])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.arange(0, 2 * len(cost) + 1, 2, dtype=np.int32)
    lp.a_matrix_.index_ = np.column_stack([rows, learner_count + columns]).ravel().astype(np.int32)
    lp.a_matrix_.value_ = np.ones(2 * len(cost))
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * len(cost)
    # HiGHS prints its banner from C++ when the first solver is made; keep the table readable.
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
        try:
            solver = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("threads", 1)
    solver.setOptionValue("mip_rel_gap", 0.0)
    solver.setOptionValue("mip_abs_gap", 1e-6)
    solver.passModel(lp)
    solver.run()
    status = solver.modelStatusToString(solver.getModelStatus())
    values = np.asarray(solver.getSolution().col_value)
    fractional = int(np.sum(np.abs(values - np.round(values)) > 1e-6))
    if fractional:
        status += f", {fractional} fractional"
    chosen = values > 0.5
    assigned = np.full(learner_count, -1)
    assigned[rows[chosen]] = columns[chosen]
    return assigned, status


def fewest_minutes(data: Eligible, seats_filled: int) -> float:
    """The least mean travel with which exactly `seats_filled` seats can be filled (waiting time ignored)."""
    from ortools.graph.python import min_cost_flow

    rows, columns = data.rows, data.columns
    learner_count, offer_count = len(data.waiting), len(data.seats)
    source, sink = learner_count + offer_count, learner_count + offer_count + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(learner_count, source, dtype=np.int32),
        np.arange(learner_count, dtype=np.int32),
        np.ones(learner_count, dtype=np.int64),
        np.zeros(learner_count, dtype=np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        rows.astype(np.int32),
        (learner_count + columns).astype(np.int32),
        np.ones(len(rows), dtype=np.int64),
        np.rint(data.minutes * 1000).astype(np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        (learner_count + np.arange(offer_count)).astype(np.int32),
        np.full(offer_count, sink, dtype=np.int32),
        data.seats.astype(np.int64),
        np.zeros(offer_count, dtype=np.int64),
    )
    flow.set_nodes_supplies(np.array([source, sink], dtype=np.int32), np.array([seats_filled, -seats_filled]))
    assert flow.solve() == flow.OPTIMAL
    return flow.optimal_cost() / 1000 / seats_filled


@dataclass
class Row:
    method: str
    placed: int
    mean_minutes: float
    p95_minutes: float
    mean_wait_days: float
    objective: float
    violations: int
    seconds: float
    note: str = ""


def evaluate(method: str, data: Eligible, assigned: np.ndarray, seconds: float, note: str = "") -> Row:
    placed = assigned >= 0
    rows = np.nonzero(placed)[0]
    minutes = data.pair_minutes(rows, assigned[rows])
    assert np.isfinite(minutes).all(), f"{method} made an assignment that breaks a rule"
    assert (np.bincount(assigned[rows], minlength=len(data.seats)) <= data.seats).all(), f"{method} overfilled"
    # Unplaced learners who could have taken the seat of someone who waited less.
    shortest = np.full(len(data.seats), np.iinfo(np.int64).max)
    np.minimum.at(shortest, assigned[rows], data.waiting[rows])
    against = ~placed[data.rows] & (shortest[data.columns] < data.waiting[data.rows])
    violated = np.unique(data.rows[against])
    return Row(
        method=method,
        placed=int(placed.sum()),
        mean_minutes=float(minutes.mean()) if len(minutes) else 0.0,
        p95_minutes=float(np.percentile(minutes, 95)) if len(minutes) else 0.0,
        mean_wait_days=float(data.waiting[rows].mean()) if len(rows) else 0.0,
        objective=float((minutes - data.priority[rows]).sum()),
        violations=len(violated),
        seconds=seconds,
        note=note,
    )


def from_engine(instance: Instance, result) -> np.ndarray:
    column_of = {offer.id: column for column, offer in enumerate(instance.offers)}
    row_of = {learner.id: row for row, learner in enumerate(instance.learners)}
    assigned = np.full(len(instance.learners), -1)
    for proposal in result.proposals:
        if proposal.offer_id is not None:
            assigned[row_of[proposal.learner_id]] = column_of[proposal.offer_id]
    return assigned


CPU_SECONDS: dict[str, float] = {}


def timed(function, *args, repeat: int = 1, **kwargs):
    """The value and the median wall-clock seconds; the median processor seconds go to CPU_SECONDS, which stay
    honest when other work shares the machine."""
    times, cpu, value = [], [], None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        value = function(*args, **kwargs)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    CPU_SECONDS[function.__name__] = statistics.median(cpu)
    return value, statistics.median(times)


def gap(row: Row, best: Row) -> str:
    if row.placed != best.placed:
        return f"{row.placed - best.placed:+d} placed"
    return f"{round((row.objective - best.objective) / abs(best.objective) * 100, 3) + 0.0:.3f} %"  # no "-0.000"


def print_table(rows: list[Row], learner_count: int, best: Row | None) -> None:
    header = (
        f"| {'method':<28} | placed | mean min | p95 min | mean wait d | objective | gap to optimum "
        f"| priority viol. | time s |"
    )
    print(header)
    print("|" + "|".join("-" * (len(part)) for part in header.split("|")[1:-1]) + "|")
    for row in rows:
        print(
            f"| {row.method:<28} | {row.placed / learner_count:6.1%} | {row.mean_minutes:8.1f} | "
            f"{row.p95_minutes:7.1f} | {row.mean_wait_days:11.1f} | {row.objective:9.0f} | "
            f"{gap(row, best) if best else '-':>14} | {row.violations:14d} | {row.seconds:6.3f} |"
            + (f" {row.note}" if row.note else "")
        )


def describe(instance: Instance, data: Eligible | None, arcs: int) -> None:
    seats = sum(offer.free_seats for offer in instance.offers)
    print(
        f"{len(instance.municipalities)} municipalities, {len(instance.learners):,} learners, "
        f"{len(instance.offers):,} offers with {seats:,} free seats, {arcs:,} eligible pairs "
        f"({arcs / len(instance.learners):.1f} offers per learner)"
        + (f", {int((np.diff(data.start) == 0).sum()):,} learners with no offer at all" if data else "")
    )


def compare(learner_count: int, offer_count: int, seed: int, repeat: int, max_minutes: float) -> Instance:
    instance = generate(learner_count, offer_count, seed)
    data = eligible(instance, max_minutes)
    describe(instance, data, len(data.rows))

    fcfs, fcfs_seconds = timed(greedy, data, nearest=False)
    manual, manual_seconds = timed(greedy, data, nearest=True)
    result, engine_seconds = timed(
        place,
        instance.learners,
        instance.offers,
        instance.travel,
        max_minutes=max_minutes,
        priority_minutes_per_week=PRIORITY_MINUTES_PER_WEEK,
        repeat=repeat,
    )
    (optimum, status), milp_seconds = timed(milp, data)
    timings = ", ".join(f"{phase} {seconds:.3f}" for phase, seconds in result.timings.items())
    timings += f"; processor {CPU_SECONDS['place']:.3f} s"
    rows = [
        evaluate("first come, first served", data, fcfs, fcfs_seconds),
        evaluate("by hand: nearest free seat", data, manual, manual_seconds),
        evaluate("engine (min-cost flow)", data, from_engine(instance, result), engine_seconds, f"({timings})"),
        evaluate("MILP optimum (HiGHS)", data, optimum, milp_seconds, f"({status})"),
    ]
    print_table(rows, learner_count, rows[-1])
    engine, best = rows[2], rows[3]
    engine_gap = round((engine.objective - best.objective) / abs(best.objective) * 100, 4) + 0.0
    print()
    print(f"engine vs optimum: {engine.placed - best.placed:+d} placed, objective gap {engine_gap:.4f} %")
    for baseline in rows[:2]:
        print(
            f"engine vs {baseline.method}: {engine.placed - baseline.placed:+d} placed, mean travel "
            f"{(engine.mean_minutes / baseline.mean_minutes - 1) * 100:+.1f} %, total travel "
            f"{(engine.mean_minutes * engine.placed / (baseline.mean_minutes * baseline.placed) - 1) * 100:+.1f} %"
        )
    for baseline in rows[:2]:
        least = fewest_minutes(data, baseline.placed)
        print(
            f"at equal seats ({baseline.placed:,} filled, as {baseline.method}): fewest possible mean travel "
            f"{least:.1f} min, {(least / baseline.mean_minutes - 1) * 100:+.1f} % against its {baseline.mean_minutes:.1f}"
        )
    reasons: dict[str, int] = {}
    for proposal in result.proposals:
        reasons[proposal.reason] = reasons.get(proposal.reason, 0) + 1
    print("engine reasons: " + ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items())))
    return instance


def weights(instance: Instance, max_minutes: float, per_week: list[float]) -> None:
    """How the weight of waiting time trades travel against priority violations (the engine only)."""
    print("| minutes per week waited | placed | mean min | p95 min | mean wait d | priority viol. |")
    print("|---|---|---|---|---|---|")
    for weight in per_week:
        data = eligible(instance, max_minutes, weight)
        result = place(
            instance.learners,
            instance.offers,
            instance.travel,
            max_minutes=max_minutes,
            priority_minutes_per_week=weight,
        )
        row = evaluate(f"{weight:g}", data, from_engine(instance, result), result.solve_seconds)
        assert len(result.priority_violations) == row.violations, "engine and bench disagree on violations"
        print(
            f"| {weight:g} | {row.placed / len(instance.learners):.1%} | {row.mean_minutes:.1f} | "
            f"{row.p95_minutes:.1f} | {row.mean_wait_days:.1f} | {row.violations} |"
        )


def large(learner_count: int, offer_count: int, seed: int, with_lp: bool, max_minutes: float) -> None:
    instance = generate(learner_count, offer_count, seed)
    result, seconds = timed(
        place,
        instance.learners,
        instance.offers,
        instance.travel,
        max_minutes=max_minutes,
        priority_minutes_per_week=PRIORITY_MINUTES_PER_WEEK,
    )
    describe(instance, None, result.arcs)
    timings = ", ".join(f"{phase} {value:.2f}" for phase, value in result.timings.items())
    timings += f"; processor {CPU_SECONDS['place']:.2f} s"
    print(
        f"engine: placed {result.placed / learner_count:.1%}, mean travel "
        f"{result.total_travel_minutes / max(result.placed, 1):.1f} min, objective {result.objective:.0f}, "
        f"{seconds:.2f} s ({timings})"
    )
    if with_lp:
        data = eligible(instance, max_minutes)
        (relaxed, status), lp_seconds = timed(milp, data, integer=False)
        row = evaluate("HiGHS LP", data, relaxed, lp_seconds, status)
        print(
            f"HiGHS LP: placed {row.placed / learner_count:.1%}, objective {row.objective:.0f} "
            f"(engine gap {(result.objective - row.objective) / abs(row.objective) * 100:.4f} %), "
            f"{lp_seconds:.1f} s ({status})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--learners", type=int, default=5_000)
    parser.add_argument("--offers", type=int, default=200)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5, help="engine runs; the median time is shown")
    parser.add_argument("--large", action="store_true", help="also 50,000 x 2,000 with the engine")
    parser.add_argument("--large-lp", action="store_true", help="and the HiGHS LP at that size (slow)")
    parser.add_argument("--max-minutes", type=float, default=MAX_MINUTES, help="the travel limit")
    parser.add_argument(
        "--weights", type=float, nargs="*", default=[], help="also run the engine with these minutes per week waited"
    )
    options = parser.parse_args()
    print(
        f"## {options.learners:,} learners x {options.offers:,} offers "
        f"(seed {options.seed}, at most {options.max_minutes:g} minutes)"
    )
    instance = compare(options.learners, options.offers, options.seed, options.repeat, options.max_minutes)
    if options.weights:
        print()
        print("## Weight of waiting time (engine)")
        weights(instance, options.max_minutes, options.weights)
    if options.large:
        print()
        print("## 50,000 learners x 2,000 offers")
        large(50_000, 2_000, options.seed, options.large_lp, options.max_minutes)


if __name__ == "__main__":
    main()
