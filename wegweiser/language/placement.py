"""The placement engine: which waiting learner goes to which offer with free seats.

The language app calls only `place()` with the types below; nothing here touches the database.

Objective, lexicographic: place as many learners as possible; then minimise the sum over placed learners of
(travel minutes - waiting priority), where the priority is `priority_minutes_per_week` minutes for every week
a learner has waited (one week on the list outweighs one minute of travel). Capacity, level, weekdays,
childcare and the travel limit are hard constraints: a learner may only go to an offer that teaches the
wanted level, meets on at least one of the learner's days, has childcare if the learner needs it, has a free
seat, and lies within `max_minutes` by `travel(home, offer_municipality, has_car)` (None = unreachable).

Solved exactly as a min-cost flow (OR-Tools `SimpleMinCostFlow`): source -> learner -> offer -> sink, where
every learner node supplies one unit (the source's arcs) that flows either to an offer it may attend (cost =
travel - priority, in thousandths of a minute) and on to the sink (capacity = free seats), or over the
learner's "unplaced" arc straight to the sink. The unplaced arc costs more than any chain of seat swaps can
save, so the flow places as many learners as possible before it looks at minutes.

The learner -> offer arcs are factored without changing the problem, because building them, not solving,
would dominate. Learners alike in home, car, level, days and childcare form a class: the class node supplies
one unit per learner and passes it to the class's exit over one arc per waiting priority (cost -priority,
as wide as the learners with that priority), so the flow places a class's longest waiters first (equal
waiters: the one listed first); the class's unplaced arc takes the rest. From the exit, the offers of one
municipality that fit the class are reached through one hub (fit, municipality) at the travel time, the hub
leads to its offers at no cost, and they to the sink (free seats). Travel depends only on the two
municipalities and the car, so it is asked once per such pair, and at 50,000 learners x 2,000 offers some
5 million learner-offer pairs become about 2 x 10^5 arcs.

Reason codes (`Proposal.reason`) and their `details`, for the UI to turn into sentences. Every proposal's
details carry `level` (the wanted level) and `max_minutes` (the travel limit used).

- `placed_nearest`: placed at the nearest offer that fits (level, days, childcare, free seat).
  details: `minutes` (travel), `weekdays` (the days learner and offer share, 0 = Monday), `childcare`
  (True when the learner needs it and the offer has it).
  "Nearest offer at your level on your days (12 minutes)."
- `placed_not_nearest`: placed, but a nearer fitting offer exists whose seats all went to others.
  details as for `placed_nearest`, plus `nearest_offer_id`, `nearest_minutes` and `because`, which says who
  got the nearer seats:
  - `only_option_for_others`: at least one of them has no other offer, so more people are placed this way;
  - `waited_longer`: otherwise, at least one of them has waited longer than this learner;
  - `less_travel_overall`: otherwise: sending them elsewhere would cost them more minutes than this learner
    saves.
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

from collections.abc import Callable
from dataclasses import dataclass, field

PLACED_NEAREST = "placed_nearest"
PLACED_NOT_NEAREST = "placed_not_nearest"
NO_OFFER_AT_LEVEL = "no_offer_at_level"
NO_OFFER_ON_DAYS = "no_offer_on_days"
NO_CHILDCARE_OFFER = "no_childcare_offer"
NO_SEAT_IN_REACH = "no_seat_in_reach"

BECAUSE_WAITED_LONGER = "waited_longer"
BECAUSE_ONLY_OPTION_FOR_OTHERS = "only_option_for_others"
BECAUSE_LESS_TRAVEL_OVERALL = "less_travel_overall"


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


def place(
    learners: list[Learner],
    offers: list[Offer],
    travel: TravelTime,
    *,
    max_minutes: float = 45.0,
    priority_minutes_per_week: float = 1.0,
) -> PlacementResult:
    """Propose an offer for every learner, or say why none: the exact optimum (see the module docstring)."""
    # numpy and OR-Tools load where a placement runs (the worker), not in every web process.
    from wegweiser.language import placement_solver

    return placement_solver.place(
        learners, offers, travel, max_minutes=max_minutes, priority_minutes_per_week=priority_minutes_per_week
    )
