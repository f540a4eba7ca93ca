"""The placement engine: which waiting learner goes to which offer with free seats.

INTERFACE (fixed; the implementation below is a first, greedy version to be replaced by the exact solver,
a min-cost flow with OR-Tools): the language app calls only `place()` with these types.

Objective, lexicographic: place as many learners as possible; then minimise the sum over placed learners of
(travel minutes - waiting priority), where priority grows with waiting time; capacity, level, weekdays,
childcare and the travel limit are hard constraints. Every learner gets a `Proposal` with a reason that can
be shown to staff ("nearest offer at your level on your days" / "not placed: no A1 seat within 45 minutes").
"""

from collections.abc import Callable
from dataclasses import dataclass, field


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
    reason: str  # a code: "placed_nearest", "placed_not_nearest", "no_offer_at_level", "no_seat_in_reach", ...
    details: dict = field(default_factory=dict)  # numbers for the reason text (level, max_minutes, ...)


@dataclass
class PlacementResult:
    proposals: list[Proposal]
    placed: int
    total_travel_minutes: float
    solve_seconds: float
    method: str


def place(
    learners: list[Learner],
    offers: list[Offer],
    travel: TravelTime,
    *,
    max_minutes: float = 45.0,
    priority_minutes_per_week: float = 1.0,
) -> PlacementResult:
    import time

    started = time.perf_counter()
    seats = {offer.id: offer.free_seats for offer in offers}
    proposals = []
    total = 0.0
    for learner in sorted(learners, key=lambda item: -item.waiting_days):
        best = None
        for offer in offers:
            if seats[offer.id] <= 0 or learner.level not in offer.levels:
                continue
            if not (learner.weekdays & offer.weekdays):
                continue
            if learner.needs_childcare and not offer.has_childcare:
                continue
            minutes = travel(learner.home, offer.municipality, learner.has_car)
            if minutes is None or minutes > max_minutes:
                continue
            if best is None or minutes < best[1]:
                best = (offer, minutes)
        if best is None:
            proposals.append(
                Proposal(
                    learner.id, None, None, "no_seat_in_reach", {"level": learner.level, "max_minutes": max_minutes}
                )
            )
            continue
        seats[best[0].id] -= 1
        total += best[1]
        proposals.append(Proposal(learner.id, best[0].id, best[1], "placed_nearest", {"level": learner.level}))
    placed = sum(1 for proposal in proposals if proposal.offer_id is not None)
    return PlacementResult(proposals, placed, total, time.perf_counter() - started, "greedy")
