"""The solver behind `placement.place`: eligibility with numpy, the min-cost flow with OR-Tools, the reasons.

Kept apart from `placement` so that importing the types and reason codes does not load numpy and OR-Tools.
"""

import time
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from wegweiser.language.placement import (
    BECAUSE_LESS_TRAVEL_OVERALL,
    BECAUSE_ONLY_OPTION_FOR_OTHERS,
    BECAUSE_WAITED_LONGER,
    NO_CHILDCARE_OFFER,
    NO_OFFER_AT_LEVEL,
    NO_OFFER_ON_DAYS,
    NO_SEAT_IN_REACH,
    PLACED_NEAREST,
    PLACED_NOT_NEAREST,
    Learner,
    Offer,
    PlacementResult,
    PriorityViolation,
    Proposal,
    TravelTime,
    priority_minutes,
)

# Costs are whole thousandths of a minute. The solver scales costs by the number of nodes internally, so an
# instance with extreme waiting times falls back to a coarser unit rather than overflow.
COST_UNITS_PER_MINUTE = 1000
_INT64_HEADROOM = 2**61


def _day_mask(days: frozenset[int]) -> int:
    mask = 0
    for day in days:
        mask |= 1 << day
    return mask


@dataclass
class _Network:
    """Who may go where, factored into classes of alike learners and hubs (fit, municipality) of offers."""

    learner_class: np.ndarray  # class of each learner
    class_size: np.ndarray
    stage: np.ndarray  # per class: 0 no level .. 3 fits but out of reach, 4 no free seat in reach, 5 has arcs
    in_reach: np.ndarray  # per class: fitting offers within reach, seats or not
    nearest_out_of_reach: np.ndarray  # per class: minutes to the nearest fitting offer beyond reach, NaN if none
    options: np.ndarray  # per class: offers with a free seat each of its learners may take
    arc_class: np.ndarray  # class -> hub arcs, sorted by class
    arc_hub: np.ndarray
    arc_minutes: np.ndarray
    hub_offer_hub: np.ndarray  # hub -> offer arcs, sorted by hub then offer
    hub_offer_offer: np.ndarray
    hub_count: int


def _network(learners, offers, travel, max_minutes) -> _Network:
    offer_count = len(offers)
    levels = sorted({item.level for item in learners} | {level for item in offers for level in item.levels})
    level_index = {level: index for index, level in enumerate(levels)}
    teaches = np.zeros((len(levels), offer_count), dtype=bool)
    for column, item in enumerate(offers):
        for level in item.levels:
            teaches[level_index[level], column] = True
    places = sorted({item.municipality for item in offers})
    place_index = {place: index for index, place in enumerate(places)}
    offer_place = np.fromiter((place_index[item.municipality] for item in offers), np.int64, offer_count)
    offer_days = np.fromiter((_day_mask(item.weekdays) for item in offers), np.int64, offer_count)
    offer_childcare = np.fromiter((item.has_childcare for item in offers), bool, offer_count)
    offer_has_seat = np.fromiter((item.free_seats > 0 for item in offers), bool, offer_count)
    offer_in_place = np.zeros((offer_count, len(places)), dtype=np.int64)
    offer_in_place[np.arange(offer_count), offer_place] = 1

    geos, fits, classes, class_of = {}, {}, {}, {}
    learner_class = np.empty(len(learners), dtype=np.int64)
    for index, item in enumerate(learners):
        key = (item.home, item.has_car, item.level, item.weekdays, item.needs_childcare)
        group = class_of.get(key)
        if group is None:
            geo = geos.setdefault((item.home, item.has_car), len(geos))
            fit = fits.setdefault((item.level, _day_mask(item.weekdays), item.needs_childcare), len(fits))
            group = class_of[key] = classes.setdefault((geo, fit), len(classes))
        learner_class[index] = group
    class_size = np.bincount(learner_class, minlength=len(classes))
    class_geo = np.fromiter((geo for geo, _ in classes), np.int64, len(classes))
    class_fit = np.fromiter((fit for _, fit in classes), np.int64, len(classes))

    minutes = np.full((len(geos), len(places)), np.nan)
    for (home, has_car), geo in geos.items():
        for column, place in enumerate(places):
            value = travel(home, place, has_car)
            if value is not None:
                minutes[geo, column] = value
    with np.errstate(invalid="ignore"):
        reach = minutes <= max_minutes

    fit_level = np.fromiter((level_index[level] for level, _, _ in fits), np.int64, len(fits))
    fit_days = np.fromiter((days for _, days, _ in fits), np.int64, len(fits))
    fit_childcare = np.fromiter((childcare for _, _, childcare in fits), bool, len(fits))
    at_level = teaches[fit_level]
    on_days = at_level & ((fit_days[:, None] & offer_days[None, :]) != 0)
    fitting = on_days & (~fit_childcare[:, None] | offer_childcare[None, :])
    fitting_with_seat = fitting & offer_has_seat[None, :]
    fitting_in_place = fitting.astype(np.int64) @ offer_in_place  # fits x places: how many fitting offers
    seats_in_place = fitting_with_seat.astype(np.int64) @ offer_in_place

    class_reach = reach[class_geo]
    in_reach = (class_reach * fitting_in_place[class_fit]).sum(axis=1)
    options = (class_reach * seats_in_place[class_fit]).sum(axis=1)
    stage = (
        at_level.any(axis=1)[class_fit].astype(np.int8)
        + on_days.any(axis=1)[class_fit]
        + fitting.any(axis=1)[class_fit]
        + (in_reach > 0)
        + (options > 0)
    )
    class_minutes = minutes[class_geo]
    beyond = (fitting_in_place[class_fit] > 0) & ~class_reach & ~np.isnan(class_minutes)
    nearest = np.where(beyond, class_minutes, np.inf).min(axis=1, initial=np.inf)
    nearest_out_of_reach = np.where(np.isinf(nearest), np.nan, nearest)

    # Hubs: a fit and a municipality with a free fitting seat that some class of that fit can reach.
    arc_class, arc_place = np.nonzero(class_reach & (seats_in_place[class_fit] > 0))
    hub_keys, arc_hub = np.unique(class_fit[arc_class] * len(places) + arc_place, return_inverse=True)
    fit_of_pair, offer_of_pair = np.nonzero(fitting_with_seat)
    pair_keys = fit_of_pair * len(places) + offer_place[offer_of_pair]
    position = np.minimum(np.searchsorted(hub_keys, pair_keys), max(len(hub_keys) - 1, 0))
    known = (hub_keys[position] == pair_keys) if len(hub_keys) else np.zeros(len(pair_keys), dtype=bool)
    order = np.lexsort((offer_of_pair[known], position[known]))
    return _Network(
        learner_class=learner_class,
        class_size=class_size,
        stage=stage,
        in_reach=in_reach,
        nearest_out_of_reach=nearest_out_of_reach,
        options=options,
        arc_class=arc_class,
        arc_hub=arc_hub.reshape(-1),
        arc_minutes=minutes[class_geo[arc_class], arc_place],
        hub_offer_hub=position[known][order],
        hub_offer_offer=offer_of_pair[known][order],
        hub_count=len(hub_keys),
    )


@dataclass
class _Solution:
    offer: np.ndarray  # per learner: offer index, -1 = unplaced
    arc: np.ndarray  # per learner: the class -> hub arc used, -1 = unplaced
    travel_cost: np.ndarray  # per class -> hub arc: travel in the cost units used


def _solve(network: _Network, seats: np.ndarray, priority: np.ndarray, waiting: np.ndarray) -> _Solution:
    learner_count, offer_count = len(priority), len(seats)
    arc_class, arc_hub = network.arc_class, network.arc_hub
    offer = np.full(learner_count, -1, dtype=np.int64)
    arc = np.full(learner_count, -1, dtype=np.int64)
    if not len(arc_class):
        return _Solution(offer, arc, np.zeros(0, dtype=np.int64))
    class_count = len(network.class_size)
    active = np.nonzero(network.stage[network.learner_class] == 5)[0]
    classes = np.nonzero(network.stage == 5)[0]
    class_in, class_out = np.arange(class_count), class_count + np.arange(class_count)
    hub_node = 2 * class_count + np.arange(network.hub_count)
    offer_node = 2 * class_count + network.hub_count + np.arange(offer_count)
    sink = 2 * class_count + network.hub_count + offer_count
    used_offers = np.unique(network.hub_offer_offer)

    # A swap chain that places one more learner passes each class and hub at most once, so it gains at most
    # `chain` times the travel span: the unplaced arc must cost more than that, then more placed always wins.
    chain = min(len(classes), network.hub_count)
    units = COST_UNITS_PER_MINUTE
    while True:
        travel_cost = np.rint(network.arc_minutes * units)
        placing_cost = -np.rint(priority[active] * units)
        low, high = min(0.0, float(travel_cost.min())), max(0.0, float(travel_cost.max()))
        unplaced_cost = max(1.0, float(placing_cost.max()) + chain * (high - low) + high + 1)
        if (unplaced_cost + abs(float(placing_cost.min())) + high) * (sink + 2) < _INT64_HEADROOM:
            break
        if units == 1:
            raise ValueError("Waiting times or travel minutes too large for the placement solver.")
        units //= 10
    travel_cost, placing_cost = travel_cost.astype(np.int64), placing_cost.astype(np.int64)

    # Within a class only the priority tells learners apart, so the flow places a class's longest waiters:
    # one arc per (class, priority) from the class's entry to its exit, as wide as the learners it stands for.
    active_class = network.learner_class[active]
    order = np.lexsort((active, -waiting[active], placing_cost, active_class))
    active, active_class, placing_cost = active[order], active_class[order], placing_cost[order]
    new_group = np.ones(len(active), dtype=bool)
    new_group[1:] = (active_class[1:] != active_class[:-1]) | (placing_cost[1:] != placing_cost[:-1])
    group_start = np.nonzero(new_group)[0]
    group_size = np.diff(np.append(group_start, len(active)))

    flow = min_cost_flow.SimpleMinCostFlow()
    joining = flow.add_arcs_with_capacity_and_unit_cost(
        class_in[active_class[group_start]].astype(np.int32),
        class_out[active_class[group_start]].astype(np.int32),
        group_size.astype(np.int64),
        placing_cost[group_start],
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        class_in[classes].astype(np.int32),
        np.full(len(classes), sink, dtype=np.int32),
        network.class_size[classes].astype(np.int64),
        np.full(len(classes), int(unplaced_cost), dtype=np.int64),
    )
    travelling = flow.add_arcs_with_capacity_and_unit_cost(
        class_out[arc_class].astype(np.int32),
        hub_node[arc_hub].astype(np.int32),
        network.class_size[arc_class].astype(np.int64),
        travel_cost,
    )
    seating = flow.add_arcs_with_capacity_and_unit_cost(
        hub_node[network.hub_offer_hub].astype(np.int32),
        offer_node[network.hub_offer_offer].astype(np.int32),
        seats[network.hub_offer_offer].astype(np.int64),
        np.zeros(len(network.hub_offer_hub), dtype=np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        offer_node[used_offers].astype(np.int32),
        np.full(len(used_offers), sink, dtype=np.int32),
        seats[used_offers].astype(np.int64),
        np.zeros(len(used_offers), dtype=np.int64),
    )
    flow.set_nodes_supplies(
        np.append(class_in[classes], sink).astype(np.int32),
        np.append(network.class_size[classes], -len(active)).astype(np.int64),
    )
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"The placement solver stopped without an optimum ({status}).")

    def units_of(arcs) -> np.ndarray:
        return np.asarray(flow.flows(np.asarray(arcs, dtype=np.int32)), dtype=np.int64)

    # Unfold the flow into seats: a group's flow goes to its first learners (longest waiting, then listed
    # first); the units entering each hub (by class arc) pair with the units leaving it (by offer); each
    # class's units go to its placed learners. Flow conservation makes the pairs line up.
    rank = np.arange(len(active)) - np.repeat(group_start, group_size)
    placed = active[rank < np.repeat(units_of(joining), group_size)]  # still in class order
    unit_arc = np.repeat(np.arange(len(arc_class)), units_of(travelling))
    unit_arc = unit_arc[np.argsort(arc_hub[unit_arc], kind="stable")]
    unit_offer = network.hub_offer_offer[np.repeat(np.arange(len(network.hub_offer_hub)), units_of(seating))]
    by_class = np.argsort(arc_class[unit_arc], kind="stable")
    arc[placed] = unit_arc[by_class]
    offer[placed] = unit_offer[by_class]
    return _Solution(offer, arc, travel_cost)


def _at(values: np.ndarray, index: np.ndarray, missing) -> np.ndarray:
    """values[index], with `missing` where index is -1."""
    if not len(values):
        return np.full(len(index), missing)
    return np.where(index >= 0, values[np.maximum(index, 0)], missing)


def _first_per_group(groups: np.ndarray, *keys: np.ndarray) -> np.ndarray:
    """Positions of the first element of each group when sorted by the keys (the last key sorts first)."""
    order = np.lexsort((*keys, groups))
    first = np.ones(len(order), dtype=bool)
    first[1:] = groups[order][1:] != groups[order][:-1]
    return order[first]


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
    network = _network(learners, offers, travel, max_minutes)
    waiting = np.fromiter((item.waiting_days for item in learners), np.int64, learner_count)
    priority = priority_minutes(waiting, priority_minutes_per_week)
    seats = np.fromiter((max(0, item.free_seats) for item in offers), np.int64, offer_count)
    built = time.perf_counter()

    solution = _solve(network, seats, priority, waiting)
    solved = time.perf_counter()

    class_count, hub_count = len(network.class_size), network.hub_count
    arc_class, arc_hub, arc_minutes = network.arc_class, network.arc_hub, network.arc_minutes
    hub_of, offer_of = network.hub_offer_hub, network.hub_offer_offer
    travel_cost = solution.travel_cost
    placed = solution.offer >= 0
    learner_class = network.learner_class

    # Each class's nearest hub (ties: the municipality listed first) and that hub's first offer.
    nearest_arc = np.full(class_count, -1, dtype=np.int64)
    if len(arc_class):
        firsts = _first_per_group(arc_class, arc_hub, travel_cost)
        nearest_arc[arc_class[firsts]] = firsts
    hub_first_offer = np.full(hub_count, -1, dtype=np.int64)
    if len(hub_of):
        hub_first_offer[hub_of[_first_per_group(hub_of, offer_of)]] = offer_of[_first_per_group(hub_of, offer_of)]

    # Who holds the seats of each offer: the longest and shortest waiter, and whether one has no other offer.
    holders = np.nonzero(placed)[0]
    holder_offer = solution.offer[holders]
    longest_wait = np.full(offer_count, -1, dtype=np.int64)
    np.maximum.at(longest_wait, holder_offer, waiting[holders])
    sole_holder = np.zeros(offer_count, dtype=np.int64)
    np.maximum.at(sole_holder, holder_offer, (network.options[learner_class[holders]] == 1).astype(np.int64))
    shortest_holder = np.full(offer_count, -1, dtype=np.int64)
    if len(holders):
        firsts = _first_per_group(holder_offer, holders, waiting[holders])
        shortest_holder[holder_offer[firsts]] = holders[firsts]
    never = np.iinfo(np.int64).max
    shortest_wait = _at(waiting, shortest_holder, never)
    # The same per hub, over its offers (a hub's offers are the nearer ones for a class that did not get them).
    hub_longest_wait = np.full(hub_count, -1, dtype=np.int64)
    np.maximum.at(hub_longest_wait, hub_of, longest_wait[offer_of])
    hub_sole_holder = np.zeros(hub_count, dtype=np.int64)
    np.maximum.at(hub_sole_holder, hub_of, sole_holder[offer_of])
    hub_least_offer = np.full(hub_count, -1, dtype=np.int64)
    if len(hub_of):
        firsts = _first_per_group(hub_of, offer_of, shortest_wait[offer_of])
        hub_least_offer[hub_of[firsts]] = offer_of[firsts]
    hub_least_wait = _at(shortest_wait, hub_least_offer, never)
    # Per class, the reachable offer whose shortest waiter waited least: whom an unplaced learner could displace.
    class_least_offer = np.full(class_count, -1, dtype=np.int64)
    if len(arc_class):
        firsts = _first_per_group(arc_class, arc_hub, hub_least_wait[arc_hub])
        class_least_offer[arc_class[firsts]] = hub_least_offer[arc_hub[firsts]]
    class_least_wait = _at(shortest_wait, class_least_offer, never)

    # Everything per learner as plain lists, so the loop below only assembles the proposals.
    nearest = nearest_arc[learner_class]
    used = solution.arc
    not_nearest = placed & (_at(travel_cost, nearest, 0) < _at(travel_cost, used, 0))
    nearer_hub = _at(arc_hub, nearest, -1)
    # A holder without any other offer explains more than waiting time does: that seat was never a choice.
    because = np.where(
        _at(hub_sole_holder, nearer_hub, 0) > 0, 1, np.where(_at(hub_longest_wait, nearer_hub, -1) > waiting, 0, 2)
    )
    displaced = ~placed & (class_least_wait[learner_class] < waiting)
    minutes_used = _at(arc_minutes, used, np.nan)
    columns = zip(
        learners,
        placed.tolist(),
        solution.offer.tolist(),
        minutes_used.tolist(),
        not_nearest.tolist(),
        _at(hub_first_offer, nearer_hub, -1).tolist(),
        _at(arc_minutes, nearest, np.nan).tolist(),
        because.tolist(),
        network.stage[learner_class].tolist(),
        network.in_reach[learner_class].tolist(),
        network.nearest_out_of_reach[learner_class].tolist(),
        displaced.tolist(),
        class_least_offer[learner_class].tolist(),
        strict=True,
    )
    reasons_because = (BECAUSE_WAITED_LONGER, BECAUSE_ONLY_OPTION_FOR_OTHERS, BECAUSE_LESS_TRAVEL_OVERALL)
    shared_days: dict[tuple[frozenset[int], int], list[int]] = {}
    proposals = []
    violations = []
    for (
        learner,
        is_placed,
        offer_index,
        minutes,
        is_not_nearest,
        nearer_offer,
        nearer_minutes,
        why,
        stage,
        in_reach,
        beyond,
        is_displaced,
        least_offer,
    ) in columns:
        details = {"level": learner.level, "max_minutes": max_minutes}
        if is_placed:
            offer = offers[offer_index]
            days = shared_days.get((learner.weekdays, offer_index))
            if days is None:
                days = shared_days[learner.weekdays, offer_index] = sorted(learner.weekdays & offer.weekdays)
            details.update(minutes=minutes, weekdays=list(days), childcare=learner.needs_childcare)
            if not is_not_nearest:
                proposals.append(Proposal(learner.id, offer.id, minutes, PLACED_NEAREST, details))
                continue
            details.update(
                nearest_offer_id=offers[nearer_offer].id, nearest_minutes=nearer_minutes, because=reasons_because[why]
            )
            proposals.append(Proposal(learner.id, offer.id, minutes, PLACED_NOT_NEAREST, details))
            continue
        if stage == 0:
            reason = NO_OFFER_AT_LEVEL
        elif stage == 1:
            reason = NO_OFFER_ON_DAYS
            details["weekdays"] = sorted(learner.weekdays)
        elif stage == 2:
            reason = NO_CHILDCARE_OFFER
        else:
            reason = NO_SEAT_IN_REACH
            details.update(
                offers_in_reach=in_reach,
                nearest_minutes=None if beyond != beyond else beyond,  # NaN: nothing fitting beyond reach either
                seat_to_shorter_waiter=is_displaced,
            )
            if is_displaced:
                holder = learners[shortest_holder[least_offer]]
                violations.append(
                    PriorityViolation(
                        learner_id=learner.id,
                        waiting_days=learner.waiting_days,
                        offer_id=offers[least_offer].id,
                        seat_holder_id=holder.id,
                        seat_holder_waiting_days=holder.waiting_days,
                    )
                )
        proposals.append(Proposal(learner.id, None, None, reason, details))
    total_travel = float(np.nansum(minutes_used))
    objective = float(np.nansum(minutes_used - priority))
    finished = time.perf_counter()
    return PlacementResult(
        proposals=proposals,
        placed=int(placed.sum()),
        total_travel_minutes=total_travel,
        solve_seconds=finished - started,
        method="min_cost_flow",
        objective=objective,
        priority_violations=violations,
        arcs=int(network.options[learner_class].sum()),
        timings={"build": built - started, "solve": solved - built, "explain": finished - solved},
    )
