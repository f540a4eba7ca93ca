"""The placement engine: which waiting learner goes to which offer with free seats.

The language app calls only `place()` with the types below; nothing here touches the database.

Objective, lexicographic: place as many learners as possible; then minimise the sum over placed learners of
(travel minutes - waiting priority), where the priority is `priority_minutes_per_week` minutes for every week
a learner has waited (one week on the list outweighs one minute of travel). Capacity, level, weekdays,
childcare and the travel limit are hard constraints: a learner may only go to an offer that teaches the
wanted level, meets on at least one of the learner's days, has childcare if the learner needs it, has a free
seat, and lies within `max_minutes` by `travel(home, offer_municipality, has_car)` (None = unreachable).

Solved exactly as a min-cost flow (OR-Tools `SimpleMinCostFlow`): every learner node supplies one unit
(the source's arcs), which flows either over an eligible arc to an offer (cost = travel - priority, in
thousandths of a minute) and on to the sink (capacity = free seats), or over the learner's "unplaced" arc
straight to the sink. The unplaced arc costs more than any chain of seat swaps can save, so the flow places
as many learners as possible before it looks at minutes. Travel is computed once per pair of
municipalities and car/no car, and the arcs are built as arrays, because building them dominates the time.

Reason codes (`Proposal.reason`) and their `details`, for the UI to turn into sentences. Every proposal's
details carry `level` (the wanted level) and `max_minutes` (the travel limit used).

- `placed_nearest`: placed at the nearest offer that fits (level, days, childcare, free seat).
  details: `minutes` (travel), `weekdays` (the days learner and offer share, 0 = Monday), `childcare`
  (True when the learner needs it and the offer has it).
  "Nearest offer at your level on your days (12 minutes)."
- `placed_not_nearest`: placed, but a nearer fitting offer exists whose seats all went to others.
  details as for `placed_nearest`, plus `nearest_offer_id`, `nearest_minutes` and `because`, which says who
  got the nearer seats:
  - `waited_longer`: at least one of them has waited longer than this learner;
  - `only_option_for_others`: at least one of them has no other offer, so more people are placed this way;
  - `less_travel_overall`: sending them elsewhere would cost them more minutes than this learner saves.
- `no_offer_at_level`: no offer teaches the wanted level.
- `no_offer_on_days`: offers at the level exist, none meets on the learner's days.
  details: `weekdays` (the learner's days).
- `no_childcare_offer`: offers at the level on the learner's days exist, none has childcare.
- `no_seat_in_reach`: no free seat at the level, on the learner's days (with childcare if needed) within
  `max_minutes`. details: `offers_in_reach` (how many fitting offers lie within reach: 0 means none at
  all, more means their seats are full or went to others), `nearest_minutes` (travel to the nearest fitting
  offer beyond reach, or None), `seat_to_shorter_waiter` (True when one of those seats went to someone who
  has waited less; such cases are also listed in `PlacementResult.priority_violations`).

The reasons are checked in the order listed for unplaced learners: a learner with no offer at the level is
told that, not that there is no seat.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

PLACED_NEAREST = "placed_nearest"
PLACED_NOT_NEAREST = "placed_not_nearest"
NO_OFFER_AT_LEVEL = "no_offer_at_level"
NO_OFFER_ON_DAYS = "no_offer_on_days"
NO_CHILDCARE_OFFER = "no_childcare_offer"
NO_SEAT_IN_REACH = "no_seat_in_reach"

BECAUSE_WAITED_LONGER = "waited_longer"
BECAUSE_ONLY_OPTION_FOR_OTHERS = "only_option_for_others"
BECAUSE_LESS_TRAVEL_OVERALL = "less_travel_overall"

# Costs are whole thousandths of a minute. The solver scales costs by the number of nodes internally, so a
# very large instance with extreme waiting times falls back to a coarser unit rather than overflow.
COST_UNITS_PER_MINUTE = 1000
_INT64_HEADROOM = 2**61
# Eligibility is computed for a block of learners at a time, so 50,000 x 2,000 never needs the full matrix.
_CELLS_PER_BLOCK = 4_000_000


@dataclass(frozen=True)
class Learner:
    id: int
    home: int  # municipality id
    level: str  # CEFR level wanted: "A1", "A2", "B1", "B2", "C1" (or "alpha" for literacy)
    weekdays: frozenset[int]  # 0 = Monday .. 6 = Sunday; the days the learner can attend
    needs_childcare: bool
    has_car: bool
    waiting_days: int


@dataclass(frozen=True)
class Offer:
    id: int
    municipality: int
    levels: frozenset[str]
    weekdays: frozenset[int]  # the days the offer meets
    free_seats: int
    has_childcare: bool


# travel(from_municipality, to_municipality, has_car) -> minutes, or None when unreachable
TravelTime = Callable[[int, int, bool], float | None]


@dataclass(frozen=True)
class Proposal:
    learner_id: int
    offer_id: int | None
    travel_minutes: float | None
    reason: str  # a code from the module docstring
    details: dict = field(default_factory=dict)  # numbers for the reason text (level, max_minutes, ...)


@dataclass(frozen=True)
class PriorityViolation:
    """A learner left unplaced although someone who has waited less got a seat this learner could have used.

    The optimum accepts this when giving the seat to the longer waiter would cost more travel minutes than
    the difference in waiting weeks is worth (`priority_minutes_per_week`)."""

    learner_id: int
    waiting_days: int
    offer_id: int
    seat_holder_id: int
    seat_holder_waiting_days: int


@dataclass
class PlacementResult:
    proposals: list[Proposal]
    placed: int
    total_travel_minutes: float
    solve_seconds: float  # the whole call: eligibility, arcs, solving and explaining
    method: str
    objective: float = 0.0  # sum over placed learners of (travel minutes - waiting priority)
    priority_violations: list[PriorityViolation] = field(default_factory=list)
    arcs: int = 0  # eligible learner-offer pairs
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase: build, solve, explain


def priority_minutes(waiting_days, priority_minutes_per_week: float):
    """Minutes of travel that the waiting time outweighs (works on numbers and numpy arrays)."""
    return waiting_days / 7.0 * priority_minutes_per_week


def _day_mask(days: frozenset[int]) -> int:
    mask = 0
    for day in days:
        mask |= 1 << day
    return mask


@dataclass
class _Eligibility:
    """Per learner how far down the list of constraints some offer still fits, and the fitting arcs."""

    stage: np.ndarray  # 0 no level .. 4 offers in reach but none with seats, 5 has arcs
    in_reach: np.ndarray  # fitting offers within reach, seats or not
    nearest_out_of_reach: np.ndarray  # minutes, NaN when none
    arc_learner: np.ndarray
    arc_offer: np.ndarray
    arc_minutes: np.ndarray


def _eligibility(learners, offers, travel, max_minutes) -> _Eligibility:
    learner_count, offer_count = len(learners), len(offers)
    levels = sorted({learner.level for learner in learners} | {level for offer in offers for level in offer.levels})
    level_index = {level: index for index, level in enumerate(levels)}
    offer_teaches = np.zeros((len(levels), offer_count), dtype=bool)
    for column, offer in enumerate(offers):
        for level in offer.levels:
            offer_teaches[level_index[level], column] = True

    homes = sorted({learner.home for learner in learners})
    places = sorted({offer.municipality for offer in offers})
    home_index = {home: index for index, home in enumerate(homes)}
    place_index = {place: index for index, place in enumerate(places)}
    minutes_between = np.full((2, len(homes), len(places)), np.nan)
    for car in sorted({learner.has_car for learner in learners}):
        for row, home in enumerate(homes):
            for column, place in enumerate(places):
                minutes = travel(home, place, car)
                if minutes is not None:
                    minutes_between[int(car), row, column] = minutes

    learner_home = np.fromiter((home_index[item.home] for item in learners), np.int64, learner_count)
    learner_car = np.fromiter((item.has_car for item in learners), np.int64, learner_count)
    learner_level = np.fromiter((level_index[item.level] for item in learners), np.int64, learner_count)
    learner_days = np.fromiter((_day_mask(item.weekdays) for item in learners), np.int64, learner_count)
    learner_childcare = np.fromiter((item.needs_childcare for item in learners), bool, learner_count)
    offer_place = np.fromiter((place_index[item.municipality] for item in offers), np.int64, offer_count)
    offer_days = np.fromiter((_day_mask(item.weekdays) for item in offers), np.int64, offer_count)
    offer_childcare = np.fromiter((item.has_childcare for item in offers), bool, offer_count)
    offer_has_seat = np.fromiter((item.free_seats > 0 for item in offers), bool, offer_count)

    stage = np.zeros(learner_count, dtype=np.int8)
    in_reach = np.zeros(learner_count, dtype=np.int64)
    nearest_out_of_reach = np.full(learner_count, np.nan)
    arc_learner, arc_offer, arc_minutes = [], [], []
    block = max(1, _CELLS_PER_BLOCK // max(offer_count, 1))
    for start in range(0, learner_count, block):
        rows = slice(start, min(start + block, learner_count))
        at_level = offer_teaches[learner_level[rows]]
        on_days = at_level & ((learner_days[rows, None] & offer_days[None, :]) != 0)
        with_childcare = on_days & (~learner_childcare[rows, None] | offer_childcare[None, :])
        minutes = minutes_between[learner_car[rows, None], learner_home[rows, None], offer_place[None, :]]
        with np.errstate(invalid="ignore"):
            reachable = with_childcare & (minutes <= max_minutes)
        with_seat = reachable & offer_has_seat[None, :]
        stage[rows] = (
            at_level.any(axis=1).astype(np.int8)
            + on_days.any(axis=1)
            + with_childcare.any(axis=1)
            + reachable.any(axis=1)
            + with_seat.any(axis=1)
        )
        in_reach[rows] = reachable.sum(axis=1)
        beyond = with_childcare & ~reachable & ~np.isnan(minutes)
        if beyond.any():
            nearest = np.where(beyond, minutes, np.inf).min(axis=1)
            nearest_out_of_reach[rows] = np.where(np.isinf(nearest), np.nan, nearest)
        row, column = np.nonzero(with_seat)  # row-major: arcs come sorted by learner
        arc_learner.append(row + start)
        arc_offer.append(column)
        arc_minutes.append(minutes[row, column])
    return _Eligibility(
        stage=stage,
        in_reach=in_reach,
        nearest_out_of_reach=nearest_out_of_reach,
        arc_learner=np.concatenate(arc_learner) if arc_learner else np.zeros(0, np.int64),
        arc_offer=np.concatenate(arc_offer) if arc_offer else np.zeros(0, np.int64),
        arc_minutes=np.concatenate(arc_minutes) if arc_minutes else np.zeros(0),
    )


def _solve(eligibility: _Eligibility, seats: np.ndarray, priority: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The offer index per learner (-1 = unplaced) and the arc costs' travel part in cost units."""
    arc_learner, arc_offer = eligibility.arc_learner, eligibility.arc_offer
    learner_count, offer_count = len(priority), len(seats)
    assigned = np.full(learner_count, -1, dtype=np.int64)
    if not len(arc_learner):
        return assigned, np.zeros(0, np.int64)
    active = np.unique(arc_learner)
    node_of_learner = np.full(learner_count, -1, dtype=np.int64)
    node_of_learner[active] = np.arange(len(active))
    offer_node = len(active) + np.arange(offer_count)
    sink = len(active) + offer_count
    used_offers = np.unique(arc_offer)
    node_count = sink + 1

    units = COST_UNITS_PER_MINUTE
    chain = min(len(active), len(used_offers))
    while True:
        travel_cost = np.rint(eligibility.arc_minutes * units)
        cost = travel_cost - np.rint(priority * units)[arc_learner]
        highest, lowest = float(cost.max()), float(cost.min())
        # A swap chain that places one more learner runs through at most min(learners, offers) seats: the
        # unplaced arc must cost more than such a chain can, so more placed always wins.
        unplaced_cost = max(1.0, highest + chain * (highest - lowest) + 1)
        if (unplaced_cost + abs(lowest)) * (node_count + 1) < _INT64_HEADROOM:
            break
        if units == 1:
            raise ValueError("Waiting times or travel minutes too large for the placement solver.")
        units //= 10
    travel_cost, cost, unplaced_cost = travel_cost.astype(np.int64), cost.astype(np.int64), int(unplaced_cost)

    flow = min_cost_flow.SimpleMinCostFlow()
    placing = flow.add_arcs_with_capacity_and_unit_cost(
        node_of_learner[arc_learner].astype(np.int32),
        offer_node[arc_offer].astype(np.int32),
        np.ones(len(arc_learner), dtype=np.int64),
        cost,
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(len(active), dtype=np.int32),
        np.full(len(active), sink, dtype=np.int32),
        np.ones(len(active), dtype=np.int64),
        np.full(len(active), unplaced_cost, dtype=np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        offer_node[used_offers].astype(np.int32),
        np.full(len(used_offers), sink, dtype=np.int32),
        seats[used_offers].astype(np.int64),
        np.zeros(len(used_offers), dtype=np.int64),
    )
    flow.set_nodes_supplies(
        np.append(np.arange(len(active)), sink).astype(np.int32),
        np.append(np.ones(len(active), dtype=np.int64), -len(active)),
    )
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"The placement solver stopped without an optimum ({status}).")
    chosen = np.asarray(flow.flows(np.asarray(placing, dtype=np.int32))) > 0
    assigned[arc_learner[chosen]] = arc_offer[chosen]
    return assigned, travel_cost


def place(
    learners: list[Learner],
    offers: list[Offer],
    travel: TravelTime,
    *,
    max_minutes: float = 45.0,
    priority_minutes_per_week: float = 1.0,
) -> PlacementResult:
    started = time.perf_counter()
    learner_count, offer_count = len(learners), len(offers)
    if not learner_count:
        return PlacementResult([], 0, 0.0, time.perf_counter() - started, "min_cost_flow")
    eligibility = _eligibility(learners, offers, travel, max_minutes)
    waiting = np.fromiter((item.waiting_days for item in learners), np.int64, learner_count)
    priority = priority_minutes(waiting, priority_minutes_per_week)
    seats = np.fromiter((max(0, item.free_seats) for item in offers), np.int64, offer_count)
    built = time.perf_counter()

    assigned, travel_cost = _solve(eligibility, seats, priority)
    solved = time.perf_counter()

    arc_learner, arc_offer, arc_minutes = eligibility.arc_learner, eligibility.arc_offer, eligibility.arc_minutes
    placed = assigned >= 0
    # Per learner, the arc actually used and the nearest arc (ties go to the earlier offer in the list).
    by_travel = np.lexsort((arc_offer, travel_cost, arc_learner))
    first = np.ones(len(by_travel), dtype=bool)
    first[1:] = arc_learner[by_travel][1:] != arc_learner[by_travel][:-1]
    nearest_arc = np.full(learner_count, -1, dtype=np.int64)
    nearest_arc[arc_learner[by_travel[first]]] = by_travel[first]
    used_arc = np.full(learner_count, -1, dtype=np.int64)
    is_used = assigned[arc_learner] == arc_offer
    used_arc[arc_learner[is_used]] = np.nonzero(is_used)[0]

    # Who holds the seats of each offer: the longest and shortest waiter, and whether one has no other offer.
    holders = np.nonzero(placed)[0]
    holder_offer = assigned[holders]
    options = np.bincount(arc_learner, minlength=learner_count)
    longest_wait = np.full(offer_count, -1, dtype=np.int64)
    np.maximum.at(longest_wait, holder_offer, waiting[holders])
    has_sole_holder = np.zeros(offer_count, dtype=bool)
    has_sole_holder[holder_offer[options[holders] == 1]] = True
    shortest_holder = np.full(offer_count, -1, dtype=np.int64)
    order = np.lexsort((holders, waiting[holders], holder_offer))
    head = np.ones(len(order), dtype=bool)
    head[1:] = holder_offer[order][1:] != holder_offer[order][:-1]
    shortest_holder[holder_offer[order[head]]] = holders[order[head]]
    shortest_wait = np.where(shortest_holder >= 0, waiting[np.maximum(shortest_holder, 0)], np.iinfo(np.int64).max)

    # An unplaced learner's priority is violated by the reachable offer whose shortest waiter waited least.
    unplaced_arcs = np.nonzero(~placed[arc_learner] & (shortest_wait[arc_offer] < waiting[arc_learner]))[0]
    violation_arc = {}
    for arc in unplaced_arcs[np.lexsort((shortest_wait[arc_offer[unplaced_arcs]], arc_learner[unplaced_arcs]))]:
        violation_arc.setdefault(int(arc_learner[arc]), int(arc))

    proposals = []
    violations = []
    total_travel = 0.0
    objective = 0.0
    for index, learner in enumerate(learners):
        details = {"level": learner.level, "max_minutes": max_minutes}
        if placed[index]:
            offer = offers[assigned[index]]
            arc = used_arc[index]
            minutes = float(arc_minutes[arc])
            total_travel += minutes
            objective += minutes - float(priority[index])
            details.update(
                minutes=minutes,
                weekdays=sorted(learner.weekdays & offer.weekdays),
                childcare=learner.needs_childcare,
            )
            nearest = nearest_arc[index]
            if travel_cost[nearest] >= travel_cost[arc]:
                proposals.append(Proposal(learner.id, offer.id, minutes, PLACED_NEAREST, details))
                continue
            nearer = arc_offer[nearest]
            if longest_wait[nearer] > learner.waiting_days:
                because = BECAUSE_WAITED_LONGER
            elif has_sole_holder[nearer]:
                because = BECAUSE_ONLY_OPTION_FOR_OTHERS
            else:
                because = BECAUSE_LESS_TRAVEL_OVERALL
            details.update(
                nearest_offer_id=offers[nearer].id, nearest_minutes=float(arc_minutes[nearest]), because=because
            )
            proposals.append(Proposal(learner.id, offer.id, minutes, PLACED_NOT_NEAREST, details))
            continue
        stage = int(eligibility.stage[index])
        if stage == 0:
            reason = NO_OFFER_AT_LEVEL
        elif stage == 1:
            reason = NO_OFFER_ON_DAYS
            details["weekdays"] = sorted(learner.weekdays)
        elif stage == 2:
            reason = NO_CHILDCARE_OFFER
        else:
            reason = NO_SEAT_IN_REACH
            nearest_beyond = eligibility.nearest_out_of_reach[index]
            details.update(
                offers_in_reach=int(eligibility.in_reach[index]),
                nearest_minutes=None if np.isnan(nearest_beyond) else float(nearest_beyond),
                seat_to_shorter_waiter=index in violation_arc,
            )
            if index in violation_arc:
                offer_index = int(arc_offer[violation_arc[index]])
                holder = int(shortest_holder[offer_index])
                violations.append(
                    PriorityViolation(
                        learner_id=learner.id,
                        waiting_days=learner.waiting_days,
                        offer_id=offers[offer_index].id,
                        seat_holder_id=learners[holder].id,
                        seat_holder_waiting_days=learners[holder].waiting_days,
                    )
                )
        proposals.append(Proposal(learner.id, None, None, reason, details))
    finished = time.perf_counter()
    return PlacementResult(
        proposals=proposals,
        placed=int(placed.sum()),
        total_travel_minutes=total_travel,
        solve_seconds=finished - started,
        method="min_cost_flow",
        objective=objective,
        priority_violations=violations,
        arcs=len(arc_learner),
        timings={"build": built - started, "solve": solved - built, "explain": finished - solved},
    )
