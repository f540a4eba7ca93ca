"""The allocation arithmetic: exact to the cent, floors and caps respected, monotonic, with its working."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wegweiser.lokin.allocation import (
    AllocationImpossible,
    IndicatorValue,
    MunicipalityInput,
    Rule,
    allocate,
)

POP = "population"
FOREIGN = "foreign_residents"


def towns(values, key=POP):
    return [
        MunicipalityInput(
            key=f"03459{i:03d}",
            name=f"Gemeinde {i}",
            indicators={key: IndicatorValue(Decimal(v), "GENESIS 12411", date(2025, 12, 31))},
        )
        for i, v in enumerate(values)
    ]


def test_awkward_budget_over_34_municipalities_sums_to_the_cent():
    municipalities = towns([1000 + 37 * i for i in range(34)])
    result = allocate(Decimal("350000.01"), municipalities, Rule(weights={POP: Decimal(1)}, base=Decimal("2500")))
    assert result.total == Decimal("350000.01")
    assert all(row.amount >= Decimal("2500") for row in result.rows)
    assert all(row.amount == row.amount.quantize(Decimal("0.01")) for row in result.rows)


def test_awkward_budget_over_1000_municipalities_sums_to_the_cent():
    municipalities = towns([(i * 7919) % 997 + 1 for i in range(1000)])
    result = allocate(Decimal("350000.01"), municipalities, Rule(weights={POP: Decimal(3)}, base=Decimal("17.13")))
    assert result.total == Decimal("350000.01")
    assert len(result.rows) == 1000


def test_equal_towns_tie_breaks_by_municipality_key():
    """One cent over three equal towns: the smallest key gets it, as the stated tie order says."""
    result = allocate(Decimal("0.01"), towns([5, 5, 5]), Rule(weights={POP: Decimal(1)}))
    assert [row.amount for row in result.rows] == [Decimal("0.01"), Decimal("0"), Decimal("0")]
    assert "smaller municipality key" in result.tie_order
    result = allocate(Decimal("100.00"), towns([1, 1, 1]), Rule(weights={POP: Decimal(1)}))
    assert [row.amount for row in result.rows] == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


def test_larger_remainder_wins_the_cent_before_the_key():
    # exact shares 0.333.., 0.666.. cents of one cent: the larger remainder (second town) gets it
    result = allocate(Decimal("0.01"), towns([1, 2]), Rule(weights={POP: Decimal(1)}))
    assert [row.amount for row in result.rows] == [Decimal("0"), Decimal("0.01")]


def test_binding_floor_lifts_the_small_and_takes_from_the_rest():
    result = allocate(
        Decimal("100000.00"), towns([1, 1, 1000, 3000]), Rule(weights={POP: Decimal(1)}, floor=Decimal("10000"))
    )
    amounts = [row.amount for row in result.rows]
    assert amounts[0] == amounts[1] == Decimal("10000.00")
    assert [row.bound for row in result.rows] == ["floor", "floor", "", ""]
    # the rest (80,000) is shared 1:3 among the free towns
    assert amounts[2:] == [Decimal("20000.00"), Decimal("60000.00")]
    assert result.total == Decimal("100000.00")


def test_binding_cap_redistributes_to_the_others_and_may_push_them_to_the_cap_too():
    # proportional: 10,000 / 20,000 / 70,000; cap 40,000 moves 30,000 to the others (1:2),
    # pushing the second to 40,000 as well; the third round leaves the rest to the first.
    result = allocate(Decimal("100000.00"), towns([1, 2, 7]), Rule(weights={POP: Decimal(1)}, cap=Decimal("40000")))
    assert [row.amount for row in result.rows] == [Decimal("20000.00"), Decimal("40000.00"), Decimal("40000.00")]
    assert [row.bound for row in result.rows] == ["", "cap", "cap"]


def test_floor_and_cap_both_binding():
    result = allocate(
        Decimal("1000.00"),
        towns([0, 1, 1, 10]),
        Rule(weights={POP: Decimal(1)}, base=Decimal("50"), floor=Decimal("100"), cap=Decimal("500")),
    )
    amounts = [row.amount for row in result.rows]
    assert amounts[0] == Decimal("100.00")
    assert amounts[3] == Decimal("500.00")
    assert amounts[1] == amounts[2] == Decimal("200.00")


def test_weighted_indicators_and_working_kept_per_municipality():
    municipalities = [
        MunicipalityInput(
            "03459024",
            "Melle",
            {
                POP: IndicatorValue(Decimal(3), "GENESIS 12411", date(2025, 12, 31)),
                FOREIGN: IndicatorValue(Decimal(1), "entered", date(2026, 1, 15)),
            },
        ),
        MunicipalityInput(
            "03459001",
            "Bad Essen",
            {
                POP: IndicatorValue(Decimal(1), "GENESIS 12411", date(2025, 12, 31)),
                FOREIGN: IndicatorValue(Decimal(3), "entered", date(2026, 1, 15)),
            },
        ),
    ]
    result = allocate(Decimal("1000.00"), municipalities, Rule(weights={POP: Decimal(3), FOREIGN: Decimal(1)}))
    melle = result.rows[0]
    assert melle.amount == Decimal("625.00")  # 3/4 * 3/4 + 1/4 * 1/4 = 10/16
    foreign = next(w for w in melle.indicators if w.indicator == FOREIGN)
    assert (foreign.value, foreign.source, foreign.reference_date) == (Decimal(1), "entered", date(2026, 1, 15))
    assert foreign.share == Fraction(1, 4)
    assert foreign.weight == Fraction(1, 4)
    assert foreign.district_total == Decimal(4)


@pytest.mark.parametrize(
    ("budget", "rule"),
    [
        (Decimal("100"), Rule(weights={POP: Decimal(1)}, base=Decimal("60"))),
        (Decimal("100"), Rule(weights={POP: Decimal(1)}, floor=Decimal("60"))),
        (Decimal("100"), Rule(weights={POP: Decimal(1)}, cap=Decimal("40"))),
        (Decimal("100.001"), Rule(weights={POP: Decimal(1)})),
        (Decimal("100"), Rule(weights={POP: Decimal(1)}, floor=Decimal("30"), cap=Decimal("20"))),
    ],
)
def test_impossible_rules_are_refused_in_words(budget, rule):
    with pytest.raises(AllocationImpossible):
        allocate(budget, towns([1, 2]), rule)


def test_no_indicator_values_share_equally():
    result = allocate(Decimal("10.00"), towns([0, 0, 0, 0]), Rule(weights={POP: Decimal(1)}))
    assert [row.amount for row in result.rows] == [Decimal("2.50")] * 4


cents = st.integers(min_value=0, max_value=10**9)


@st.composite
def scenarios(draw):
    n = draw(st.integers(min_value=1, max_value=40))
    values = draw(st.lists(st.integers(min_value=0, max_value=10**6), min_size=n, max_size=n))
    budget = draw(cents)
    base = draw(st.integers(min_value=0, max_value=budget // n))
    floor = draw(st.none() | st.integers(min_value=0, max_value=budget // n))
    low = max(base, floor or 0)
    cap = draw(st.none() | st.integers(min_value=max(low, -(-budget // n)), max_value=max(low, budget) + 1))
    rule = Rule(
        weights={POP: Decimal(1)},
        base=Decimal(base) / 100,
        floor=None if floor is None else Decimal(floor) / 100,
        cap=None if cap is None else Decimal(cap) / 100,
    )
    return Decimal(budget) / 100, values, rule


def feasible(budget, values, rule):
    """Caps that bind everyone with a positive score can leave money nobody may take: the rule is refused."""
    try:
        return allocate(budget, towns(values), rule)
    except AllocationImpossible:
        return None


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_property_sums_exactly_and_respects_bounds(scenario):
    budget, values, rule = scenario
    result = feasible(budget, values, rule)
    if result is None:
        # only refused when the caps cannot absorb the budget: everyone able to grow is at the cap
        assert rule.cap is not None
        return
    assert result.total == budget
    for row in result.rows:
        assert row.amount >= 0
        if rule.floor is not None:
            assert row.amount >= rule.floor
        if rule.cap is not None:
            assert row.amount <= rule.cap
        assert row.amount >= rule.base
        # rounding moves no one by a cent or more
        assert abs(row.amount_cents - row.exact_cents) < 1


@settings(max_examples=200, deadline=None)
@given(scenarios(), st.data())
def test_property_more_of_the_indicator_never_means_less_money(scenario, data):
    budget, values, rule = scenario
    before = feasible(budget, values, rule)
    if before is None:
        return
    i = data.draw(st.integers(min_value=0, max_value=len(values) - 1))
    more = list(values)
    more[i] += data.draw(st.integers(min_value=1, max_value=10**6))
    after = feasible(budget, more, rule)
    if after is None:
        return
    # exact amounts never fall; the rounded cent can at most swap by one (the largest-remainder rule)
    assert after.rows[i].exact_cents >= before.rows[i].exact_cents
    assert after.rows[i].amount >= before.rows[i].amount - Decimal("0.01")


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_property_order_of_input_does_not_change_amounts(scenario):
    budget, values, rule = scenario
    forward = feasible(budget, values, rule)
    if forward is None:
        return
    backward = allocate(budget, list(reversed(towns(values))), rule)
    assert forward.amounts() == backward.amounts()
