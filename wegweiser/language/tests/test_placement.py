"""The placement engine on hand-made instances and on generated ones, checked against independent reckoning."""

import itertools
import os
import re
import subprocess
import sys
from collections import Counter, deque
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wegweiser.language import placement
from wegweiser.language.placement import Learner, Offer, PriorityViolation, place, priority_minutes

MONDAY, TUESDAY, WEDNESDAY, SATURDAY = 0, 1, 2, 5


def learner(id, *, home=1, level="A1", days=(MONDAY,), childcare=False, car=False, waiting=0):
    return Learner(
        id=id,
        home=home,
        level=level,
        weekdays=frozenset(days),
        needs_childcare=childcare,
        has_car=car,
        waiting_days=waiting,
    )


def offer(id, *, municipality=1, levels=("A1",), days=(MONDAY,), seats=1, childcare=False):
    return Offer(
        id=id,
        municipality=municipality,
        levels=frozenset(levels),
        weekdays=frozenset(days),
        free_seats=seats,
        has_childcare=childcare,
    )


def table(minutes, *, default=None):
    """A travel function from {(home, municipality): minutes} or {(home, municipality, has_car): minutes}."""

    def travel(home, municipality, has_car):
        if (home, municipality, has_car) in minutes:
            return minutes[home, municipality, has_car]
        return minutes.get((home, municipality), default)

    return travel


def by_learner(result):
    return {proposal.learner_id: proposal for proposal in result.proposals}


# --- the rules ---------------------------------------------------------------------------------------------


def test_a_learner_goes_to_the_nearest_fitting_offer_and_is_told_so():
    result = place(
        [learner(1, days=(MONDAY, TUESDAY))],
        [offer(10, municipality=2, days=(MONDAY, WEDNESDAY)), offer(11, municipality=3, days=(MONDAY,))],
        table({(1, 2): 25.0, (1, 3): 12.0}),
    )
    proposal = by_learner(result)[1]
    assert (proposal.offer_id, proposal.travel_minutes, proposal.reason) == (11, 12.0, "placed_nearest")
    assert proposal.details == {
        "level": "A1",
        "max_minutes": 45.0,
        "minutes": 12.0,
        "weekdays": [MONDAY],
        "childcare": False,
    }
    assert (result.placed, result.total_travel_minutes, result.method) == (1, 12.0, "min_cost_flow")


def test_the_level_must_be_taught():
    result = place([learner(1, level="B1")], [offer(10, levels=("A1", "A2"))], table({}, default=10.0))
    proposal = by_learner(result)[1]
    assert (proposal.offer_id, proposal.reason) == (None, "no_offer_at_level")
    assert proposal.details == {"level": "B1", "max_minutes": 45.0}


def test_learner_and_offer_must_share_a_weekday():
    result = place(
        [learner(1, days=(SATURDAY,))], [offer(10, days=(MONDAY, TUESDAY))], table({}, default=10.0), max_minutes=30
    )
    proposal = by_learner(result)[1]
    assert (proposal.offer_id, proposal.reason) == (None, "no_offer_on_days")
    assert proposal.details == {"level": "A1", "max_minutes": 30, "weekdays": [SATURDAY]}


def test_a_learner_who_needs_childcare_only_goes_where_there_is_childcare():
    without = offer(10, seats=5)
    result = place([learner(1, childcare=True), learner(2)], [without], table({}, default=10.0))
    assert by_learner(result)[1].reason == "no_childcare_offer"
    assert by_learner(result)[2].offer_id == 10

    result = place([learner(1, childcare=True)], [without, offer(11, childcare=True)], table({}, default=10.0))
    proposal = by_learner(result)[1]
    assert (proposal.offer_id, proposal.details["childcare"]) == (11, True)


def test_a_learner_without_childcare_need_may_take_a_childcare_seat():
    result = place([learner(1)], [offer(10, childcare=True)], table({}, default=10.0))
    assert by_learner(result)[1].offer_id == 10


def test_the_travel_limit_is_inclusive_and_unreachable_offers_are_out():
    offers = [offer(10, municipality=2), offer(11, municipality=3)]
    result = place([learner(1)], offers, table({(1, 2): 45.0, (1, 3): None}))
    assert by_learner(result)[1].offer_id == 10

    result = place([learner(1)], offers, table({(1, 2): 45.5, (1, 3): None}))
    proposal = by_learner(result)[1]
    assert (proposal.offer_id, proposal.reason) == (None, "no_seat_in_reach")
    assert proposal.details == {
        "level": "A1",
        "max_minutes": 45.0,
        "offers_in_reach": 0,
        "nearest_minutes": 45.5,
        "seat_to_shorter_waiter": False,
    }


def test_travel_depends_on_having_a_car():
    travel = table({(1, 2, True): 20.0, (1, 2, False): 70.0})
    result = place([learner(1, car=True), learner(2)], [offer(10, municipality=2, seats=2)], travel)
    assert by_learner(result)[1].offer_id == 10
    assert by_learner(result)[2].reason == "no_seat_in_reach"
    assert by_learner(result)[2].details["nearest_minutes"] == 70.0


def test_travel_is_asked_once_per_pair_of_municipalities_and_car():
    calls = Counter()

    def travel(home, municipality, has_car):
        calls[home, municipality, has_car] += 1
        return 10.0 + home + municipality

    learners = [learner(index, home=index % 3, car=index % 2 == 0) for index in range(60)]
    offers = [offer(100 + index, municipality=index % 4, seats=2) for index in range(20)]
    place(learners, offers, travel)
    assert set(calls.values()) == {1}
    assert len(calls) == 3 * 4 * 2


def test_an_offer_without_free_seats_is_in_reach_but_takes_nobody():
    result = place([learner(1)], [offer(10, seats=0)], table({}, default=10.0))
    proposal = by_learner(result)[1]
    assert (proposal.offer_id, proposal.reason) == (None, "no_seat_in_reach")
    assert proposal.details["offers_in_reach"] == 1


def test_no_offers_and_no_learners():
    assert place([], [offer(10)], table({}, default=10.0)).proposals == []
    result = place([learner(1), learner(2)], [], table({}, default=10.0))
    assert [proposal.reason for proposal in result.proposals] == ["no_offer_at_level"] * 2
    assert result.placed == 0


# --- who gets the seats -------------------------------------------------------------------------------------


def test_capacity_holds_and_the_longer_waiter_gets_the_last_seat():
    learners = [learner(1, waiting=10), learner(2, waiting=100), learner(3, waiting=50)]
    result = place(learners, [offer(10, seats=2)], table({}, default=10.0))
    assert [proposal.offer_id for proposal in result.proposals] == [None, 10, 10]
    assert by_learner(result)[1].details["offers_in_reach"] == 1
    assert result.priority_violations == []


def test_as_many_as_possible_are_placed_before_travel_counts():
    """Learner 1 could take the near seat, but then learner 2 (who can only go there) would stay out."""
    travel = table({(1, 2): 10.0, (1, 3): 40.0, (2, 2): 10.0})
    result = place(
        [learner(1, home=1, waiting=300), learner(2, home=2, waiting=5)],
        [offer(20, municipality=2), offer(30, municipality=3)],
        travel,
    )
    first, second = by_learner(result)[1], by_learner(result)[2]
    assert (first.offer_id, first.reason) == (30, "placed_not_nearest")
    assert first.details["nearest_offer_id"] == 20
    assert first.details["nearest_minutes"] == 10.0
    assert first.details["because"] == "only_option_for_others"
    assert (second.offer_id, second.reason) == (20, "placed_nearest")


def test_a_chain_of_moves_places_one_more_however_much_travel_it_adds():
    """Placing learner 1 needs learners 2, 3 and 4 each to move one offer further: 15 minutes become 160."""
    travel = table(
        {(1, 10): 40.0, (2, 10): 5.0, (2, 11): 40.0, (3, 11): 5.0, (3, 12): 40.0, (4, 12): 5.0, (4, 13): 40.0}
    )
    learners = [learner(index, home=index, waiting=400 if index == 1 else 0) for index in range(1, 5)]
    result = place(learners, [offer(100 + place, municipality=place) for place in range(10, 14)], travel)
    assert [proposal.offer_id for proposal in result.proposals] == [110, 111, 112, 113]
    assert result.total_travel_minutes == 160.0
    assert {proposal.details.get("because") for proposal in result.proposals[1:]} == {
        "only_option_for_others",
        "less_travel_overall",
    }


@pytest.mark.parametrize(
    ("waiting_first", "waiting_second", "because"),
    [(100, 10, "less_travel_overall"), (10, 100, "waited_longer")],
)
def test_a_learner_not_placed_nearest_is_told_why(waiting_first, waiting_second, because):
    """Both prefer offer 20; learner 2 would have to travel much further to the other one."""
    travel = table({(1, 2): 10.0, (1, 3): 20.0, (2, 2): 10.0, (2, 3): 40.0})
    result = place(
        [learner(1, home=1, waiting=waiting_first), learner(2, home=2, waiting=waiting_second)],
        [offer(20, municipality=2), offer(30, municipality=3)],
        travel,
    )
    first = by_learner(result)[1]
    assert (first.offer_id, first.reason, first.details["because"]) == (30, "placed_not_nearest", because)
    assert by_learner(result)[2].offer_id == 20


def test_waiting_time_outweighs_travel_only_as_far_as_its_weight():
    """Ten weeks of waiting are worth ten minutes at 1 minute per week: not enough to beat 30 minutes."""
    learners = [learner(1, home=1, waiting=70), learner(2, home=2, waiting=0)]
    travel = table({(1, 9): 40.0, (2, 9): 10.0})
    result = place(learners, [offer(90, municipality=9)], travel)
    assert by_learner(result)[2].offer_id == 90
    assert by_learner(result)[1].details["seat_to_shorter_waiter"] is True
    assert result.priority_violations == [
        PriorityViolation(learner_id=1, waiting_days=70, offer_id=90, seat_holder_id=2, seat_holder_waiting_days=0)
    ]
    assert result.objective == pytest.approx(10.0)

    result = place(learners, [offer(90, municipality=9)], travel, priority_minutes_per_week=5.0)
    assert by_learner(result)[1].offer_id == 90
    assert result.priority_violations == []
    assert result.objective == pytest.approx(40.0 - 50.0)


def test_very_long_waiting_times_are_still_solved():
    learners = [learner(1, waiting=10**15), learner(2, waiting=10**16)]
    result = place(learners, [offer(10)], table({}, default=10.0))
    assert by_learner(result)[2].offer_id == 10
    with pytest.raises(ValueError, match="too large"):
        place([learner(1, waiting=4 * 10**18), learner(2)], [offer(10)], table({}, default=10.0))


def test_every_reason_code_is_documented_for_the_ui():
    codes = {value for name, value in vars(placement).items() if name.isupper() and isinstance(value, str)}
    documented = set(re.findall(r"`([a-z_]+)`", placement.__doc__))
    assert codes - {"COST_UNITS_PER_MINUTE"} <= documented
    assert {"placed_nearest", "placed_not_nearest", "no_seat_in_reach", "waited_longer"} <= codes


# --- independent reckoning ----------------------------------------------------------------------------------


def fits(item, offered, travel, max_minutes):
    """The minutes to the offer if the learner may go there (ignoring seats), else None."""
    if item.level not in offered.levels or not (item.weekdays & offered.weekdays):
        return None
    if item.needs_childcare and not offered.has_childcare:
        return None
    minutes = travel(item.home, offered.municipality, item.has_car)
    return minutes if minutes is not None and minutes <= max_minutes else None


def options(learners, offers, travel, max_minutes):
    return [
        {
            offered.id: minutes
            for offered in offers
            if offered.free_seats > 0 and (minutes := fits(item, offered, travel, max_minutes)) is not None
        }
        for item in learners
    ]


def brute_force(learners, offers, travel, max_minutes, per_week):
    """(placed, objective) of the best assignment, trying every one."""
    choices = options(learners, offers, travel, max_minutes)
    seats = {offered.id: offered.free_seats for offered in offers}
    best = (0, 0.0)
    for assignment in itertools.product(*([None, *choice] for choice in choices)):
        used = Counter(offer_id for offer_id in assignment if offer_id is not None)
        if any(count > seats[offer_id] for offer_id, count in used.items()):
            continue
        placed = sum(used.values())
        objective = sum(
            choices[index][offer_id] - priority_minutes(learners[index].waiting_days, per_week)
            for index, offer_id in enumerate(assignment)
            if offer_id is not None
        )
        if (placed, -objective) > (best[0], -best[1]):
            best = (placed, objective)
    return best


def most_placeable(learners, offers, travel, max_minutes):
    """Maximum flow by breadth-first augmenting paths, written separately from the engine."""
    choices = options(learners, offers, travel, max_minutes)
    seats = {offered.id: offered.free_seats for offered in offers}
    holders = {offered.id: [] for offered in offers}
    seat_of = {}

    def augment(start):
        parent = {("learner", start): None}
        queue = deque([("learner", start)])
        while queue:
            kind, key = queue.popleft()
            if kind == "learner":
                for offer_id in choices[key]:
                    if ("offer", offer_id) not in parent:
                        parent["offer", offer_id] = (kind, key)
                        queue.append(("offer", offer_id))
                continue
            if len(holders[key]) < seats[key]:
                node = ("offer", key)
                while node is not None:
                    _, moving = parent[node]
                    previous = seat_of.get(moving)
                    if previous is not None:
                        holders[previous].remove(moving)
                    seat_of[moving] = node[1]
                    holders[node[1]].append(moving)
                    node = parent["learner", moving]
                return True
            for holder in holders[key]:
                if ("learner", holder) not in parent:
                    parent["learner", holder] = (kind, key)
                    queue.append(("learner", holder))
        return False

    return sum(augment(index) for index in range(len(learners)))


def first_come_first_served(learners, offers, travel, max_minutes, per_week):
    """Longest waiting first, each to the nearest free seat: (placed, objective)."""
    choices = options(learners, offers, travel, max_minutes)
    seats = {offered.id: offered.free_seats for offered in offers}
    placed, objective = 0, 0.0
    for index in sorted(range(len(learners)), key=lambda index: -learners[index].waiting_days):
        free = {offer_id: minutes for offer_id, minutes in choices[index].items() if seats[offer_id] > 0}
        if free:
            offer_id = min(free, key=free.get)
            seats[offer_id] -= 1
            placed += 1
            objective += free[offer_id] - priority_minutes(learners[index].waiting_days, per_week)
    return placed, objective


LEVELS = ("alpha", "A1", "B1")


@st.composite
def instances(draw, *, max_learners, max_offers, max_seats):
    municipalities = draw(st.integers(1, 4))
    minutes = {
        (home, place_, car): draw(st.one_of(st.none(), st.integers(5, 70).map(float), st.floats(5, 70)))
        for home in range(municipalities)
        for place_ in range(municipalities)
        for car in (False, True)
    }
    days = st.frozensets(st.integers(0, 3), min_size=1)
    learners = draw(
        st.lists(
            st.builds(
                Learner,
                id=st.just(0),
                home=st.integers(0, municipalities - 1),
                level=st.sampled_from(LEVELS),
                weekdays=days,
                needs_childcare=st.booleans(),
                has_car=st.booleans(),
                waiting_days=st.integers(0, 400),
            ),
            max_size=max_learners,
        )
    )
    learners = [replace(item, id=index + 1) for index, item in enumerate(learners)]
    offers = draw(
        st.lists(
            st.builds(
                Offer,
                id=st.just(0),
                municipality=st.integers(0, municipalities - 1),
                levels=st.frozensets(st.sampled_from(LEVELS), min_size=1),
                weekdays=days,
                free_seats=st.integers(0, max_seats),
                has_childcare=st.booleans(),
            ),
            max_size=max_offers,
        )
    )
    offers = [replace(item, id=100 + index) for index, item in enumerate(offers)]
    max_minutes = draw(st.sampled_from([30.0, 45.0, 60.0]))
    per_week = draw(st.sampled_from([0.0, 1.0, 5.0]))
    return learners, offers, table(minutes), max_minutes, per_week


# The engine rounds costs to thousandths of a minute; across a few learners that may cost this much.
ROUNDING = 0.01
PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(instances(max_learners=5, max_offers=3, max_seats=2))
def test_the_engine_finds_the_brute_force_optimum(instance):
    learners, offers, travel, max_minutes, per_week = instance
    result = place(learners, offers, travel, max_minutes=max_minutes, priority_minutes_per_week=per_week)
    placed, objective = brute_force(learners, offers, travel, max_minutes, per_week)
    assert result.placed == placed
    assert result.objective == pytest.approx(objective, abs=ROUNDING)


@PROPERTY_SETTINGS
@given(instances(max_learners=40, max_offers=8, max_seats=5))
def test_assignments_keep_every_rule_and_the_reasons_are_true(instance):
    learners, offers, travel, max_minutes, per_week = instance
    result = place(learners, offers, travel, max_minutes=max_minutes, priority_minutes_per_week=per_week)
    offer_of = {offered.id: offered for offered in offers}
    choices = dict(zip([item.id for item in learners], options(learners, offers, travel, max_minutes), strict=True))
    proposals = by_learner(result)
    assert [proposal.learner_id for proposal in result.proposals] == [item.id for item in learners]

    used = Counter(proposal.offer_id for proposal in result.proposals if proposal.offer_id is not None)
    assert all(count <= offer_of[offer_id].free_seats for offer_id, count in used.items())
    full = {offer_id for offer_id, count in used.items() if count == offer_of[offer_id].free_seats}
    full |= {offered.id for offered in offers if offered.free_seats <= 0}
    assert result.placed == sum(used.values())
    assert result.total_travel_minutes == pytest.approx(
        sum(proposal.travel_minutes for proposal in result.proposals if proposal.offer_id is not None)
    )

    for item in learners:
        proposal = proposals[item.id]
        reachable = choices[item.id]
        if proposal.offer_id is not None:
            assert proposal.travel_minutes == reachable[proposal.offer_id]
            nearest = min(reachable.values())
            if proposal.reason == "placed_nearest":
                assert proposal.travel_minutes == pytest.approx(nearest, abs=0.001)
            else:
                assert proposal.reason == "placed_not_nearest"
                assert proposal.details["nearest_minutes"] < proposal.travel_minutes
                assert proposal.details["nearest_offer_id"] in full
                assert proposal.details["because"] in {"waited_longer", "only_option_for_others", "less_travel_overall"}
            continue
        assert proposal.travel_minutes is None
        if proposal.reason == "no_offer_at_level":
            assert not any(item.level in offered.levels for offered in offers)
        elif proposal.reason == "no_offer_on_days":
            assert not any(item.level in offered.levels and item.weekdays & offered.weekdays for offered in offers)
        elif proposal.reason == "no_childcare_offer":
            assert item.needs_childcare
            assert not reachable
        else:
            assert proposal.reason == "no_seat_in_reach"
            assert set(reachable) <= full

    # Priority violations: exactly the unplaced who could have had the seat of someone who waited less.
    waited = {item.id: item.waiting_days for item in learners}
    holders = {}
    for proposal in result.proposals:
        if proposal.offer_id is not None:
            holders.setdefault(proposal.offer_id, []).append(proposal.learner_id)
    expected = {
        item.id
        for item in learners
        if proposals[item.id].offer_id is None
        and any(waited[holder] < item.waiting_days for offer_id in choices[item.id] for holder in holders[offer_id])
    }
    assert {violation.learner_id for violation in result.priority_violations} == expected
    for violation in result.priority_violations:
        assert proposals[violation.seat_holder_id].offer_id == violation.offer_id
        assert violation.offer_id in choices[violation.learner_id]
        assert violation.seat_holder_waiting_days < violation.waiting_days
        assert proposals[violation.learner_id].details["seat_to_shorter_waiter"] is True


@PROPERTY_SETTINGS
@given(instances(max_learners=40, max_offers=8, max_seats=5))
def test_as_many_are_placed_as_any_assignment_could_and_never_worse_than_first_come(instance):
    learners, offers, travel, max_minutes, per_week = instance
    result = place(learners, offers, travel, max_minutes=max_minutes, priority_minutes_per_week=per_week)
    assert result.placed == most_placeable(learners, offers, travel, max_minutes)
    greedy_placed, greedy_objective = first_come_first_served(learners, offers, travel, max_minutes, per_week)
    assert result.placed >= greedy_placed
    if result.placed == greedy_placed:
        assert result.objective <= greedy_objective + ROUNDING


def test_web_processes_do_not_load_the_solver():
    """numpy and OR-Tools load in the worker that runs a placement, not in every web process."""
    code = (
        "import django, sys; django.setup(); "
        "from django.urls import resolve; resolve('/'); "
        "import wegweiser.api.api, wegweiser.language.views; "
        "print(sorted(name for name in ('numpy', 'ortools') if name in sys.modules))"
    )
    done = subprocess.run(  # noqa: S603 (this interpreter, a fixed snippet)
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "wegweiser.settings_test"},
        cwd=Path(__file__).resolve().parents[3],
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
