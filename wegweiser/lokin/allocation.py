"""The LokIn allocation table: pure arithmetic, no database.

Each municipality gets a base amount plus a share of the rest of the budget proportional to its score, the
weighted sum of its shares of each indicator (its population over the district's, and so on). Floors and caps
bound the total a municipality gets. The exact amounts are the fixed point of "fix the bound municipalities at
their bound, share the rest among the others": amount = clamp(base + lambda * score, floor, cap) with the one
lambda >= 0 that makes the amounts add up to the budget, found exactly (fractions) between the breakpoints where
a municipality reaches its floor or cap.

The exact amounts are then rounded to the cent by the largest-remainder rule: everyone gets the whole cents of
their exact amount, and the cents left over go one each to the largest remainders; ties go to the smaller
municipality key. The table therefore always sums exactly to the budget, and no cent pushes anyone over a cap
(a remainder of zero never receives a cent). Every row keeps its working: each indicator with its value, source,
reference date, district total, share and weight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
TIE_ORDER = "larger remainder first, then the smaller municipality key"


class AllocationImpossible(ValueError):
    """The rule cannot divide this budget (floors above it, caps below it, a budget not in whole cents)."""


@dataclass(frozen=True)
class IndicatorValue:
    value: Decimal
    source: str = ""
    reference_date: date | None = None


@dataclass(frozen=True)
class MunicipalityInput:
    key: str
    name: str
    indicators: dict[str, IndicatorValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """Weights per indicator key (any non-negative numbers, normalised to sum 1); amounts in euros."""

    weights: dict[str, Decimal]
    base: Decimal = Decimal("0")
    floor: Decimal | None = None
    cap: Decimal | None = None


@dataclass(frozen=True)
class IndicatorWorking:
    indicator: str
    value: Decimal
    source: str
    reference_date: date | None
    district_total: Decimal
    share: Fraction  # this municipality's part of the district total
    weight: Fraction  # normalised


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    indicators: tuple[IndicatorWorking, ...]
    score: Fraction
    exact_cents: Fraction
    bound: str  # "", "floor" or "cap"
    extra_cent: bool
    amount: Decimal

    @property
    def amount_cents(self) -> int:
        return int(self.amount * 100)

    @property
    def exact_amount(self) -> Decimal:
        """The exact amount before rounding, in euros to a hundredth of a cent (for showing the working)."""
        return (Decimal(self.exact_cents.numerator) / Decimal(self.exact_cents.denominator) / 100).quantize(
            Decimal("0.0001")
        )


@dataclass(frozen=True)
class Allocation:
    budget: Decimal
    rule: Rule
    rows: tuple[Row, ...]
    tie_order: str = TIE_ORDER

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.rows), Decimal("0.00"))

    def amounts(self) -> dict[str, Decimal]:
        return {row.key: row.amount for row in self.rows}


def to_cents(amount: Decimal) -> int:
    cents = Decimal(amount) * 100
    if cents != cents.to_integral_value():
        raise AllocationImpossible(_("Amounts must be in whole cents."))
    return int(cents)


def _fraction(value: Decimal) -> Fraction:
    return Fraction(Decimal(value))


def _scores(
    municipalities: list[MunicipalityInput], rule: Rule
) -> tuple[list[Fraction], list[tuple[IndicatorWorking, ...]]]:
    weights = {key: _fraction(w) for key, w in rule.weights.items() if w}
    if any(w < 0 for w in weights.values()):
        raise AllocationImpossible(_("Indicator weights cannot be negative."))
    totals: dict[str, Fraction] = {}
    for key in weights:
        values = [_fraction(m.indicators[key].value) if key in m.indicators else Fraction(0) for m in municipalities]
        if any(v < 0 for v in values):
            raise AllocationImpossible(_("Indicator values cannot be negative."))
        totals[key] = sum(values, Fraction(0))
    # An indicator that is zero everywhere says nothing; its weight goes to the others.
    usable = {key: w for key, w in weights.items() if totals[key] > 0}
    weight_sum = sum(usable.values(), Fraction(0))
    scores: list[Fraction] = []
    workings: list[tuple[IndicatorWorking, ...]] = []
    for m in municipalities:
        score = Fraction(0)
        working = []
        for key, weight in weights.items():
            given = m.indicators.get(key, IndicatorValue(Decimal("0")))
            total = totals[key]
            share = _fraction(given.value) / total if total > 0 else Fraction(0)
            normalised = weight / weight_sum if key in usable else Fraction(0)
            score += normalised * share
            working.append(
                IndicatorWorking(
                    indicator=key,
                    value=Decimal(given.value),
                    source=given.source,
                    reference_date=given.reference_date,
                    district_total=Decimal(totals[key].numerator) / Decimal(totals[key].denominator),
                    share=share,
                    weight=normalised,
                )
            )
        scores.append(score)
        workings.append(tuple(working))
    if weight_sum == 0:
        # No indicator with any value: the variable part is shared equally.
        scores = [Fraction(1, len(municipalities))] * len(municipalities)
    return scores, workings


def _clamp(value: Fraction, low: Fraction, high: Fraction | None) -> Fraction:
    value = max(value, low)
    return min(value, high) if high is not None else value


def _exact_amounts(
    budget: Fraction, scores: list[Fraction], base: Fraction, floor: Fraction, cap: Fraction | None
) -> list[Fraction]:
    """clamp(base + lam * score, floor, cap) summing to the budget, lam >= 0 found exactly."""

    def total(lam: Fraction) -> Fraction:
        return sum((_clamp(base + lam * s, floor, cap) for s in scores), Fraction(0))

    if total(Fraction(0)) > budget:
        raise AllocationImpossible(_("The base amounts and floors together exceed the budget."))
    breakpoints = {Fraction(0)}
    for s in scores:
        if s > 0:
            if floor > base:
                breakpoints.add((floor - base) / s)
            if cap is not None:
                breakpoints.add((cap - base) / s)
    ordered = sorted(b for b in breakpoints if b >= 0)
    low = Fraction(0)
    for point in ordered:
        if total(point) >= budget:
            break
        low = point
    else:
        if cap is not None or not any(scores):
            raise AllocationImpossible(_("The caps leave part of the budget that no municipality may receive."))
    # total is linear between low and the next breakpoint (or beyond the last one): solve for lam.
    slope = sum(
        (s for s in scores if s > 0 and floor <= base + low * s and (cap is None or base + low * s < cap)),
        Fraction(0),
    )
    at_low = total(low)
    if at_low == budget:
        lam = low
    elif slope == 0:
        raise AllocationImpossible(_("The caps leave part of the budget that no municipality may receive."))
    else:
        lam = low + (budget - at_low) / slope
    amounts = [_clamp(base + lam * s, floor, cap) for s in scores]
    if sum(amounts, Fraction(0)) != budget:  # pragma: no cover - the solve above is exact
        raise AllocationImpossible(_("The caps leave part of the budget that no municipality may receive."))
    return amounts


def allocate(budget: Decimal, municipalities: list[MunicipalityInput], rule: Rule) -> Allocation:
    """The allocation table for `budget` over `municipalities` under `rule`, rounded to the cent."""
    if not municipalities:
        raise AllocationImpossible(_("There are no municipalities to allocate to."))
    if len({m.key for m in municipalities}) != len(municipalities):
        raise AllocationImpossible(_("Each municipality may appear only once."))
    budget_cents = to_cents(budget)
    if budget_cents < 0:
        raise AllocationImpossible(_("The budget cannot be negative."))
    base = Fraction(to_cents(rule.base))
    floor = Fraction(to_cents(rule.floor)) if rule.floor is not None else Fraction(0)
    cap = Fraction(to_cents(rule.cap)) if rule.cap is not None else None
    if base < 0 or floor < 0:
        raise AllocationImpossible(_("Base amount and floor cannot be negative."))
    if cap is not None and cap < max(base, floor):
        raise AllocationImpossible(_("The cap must not be below the base amount or the floor."))

    scores, workings = _scores(municipalities, rule)
    exact = _exact_amounts(Fraction(budget_cents), scores, base, floor, cap)

    whole = [e.numerator // e.denominator for e in exact]
    left_over = budget_cents - sum(whole)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - whole[i]), municipalities[i].key))
    extra = set(order[:left_over])

    rows = []
    for i, m in enumerate(municipalities):
        cents = whole[i] + (1 if i in extra else 0)
        bound = ""
        if exact[i] == floor and rule.floor is not None and floor > base + 0:
            bound = "floor"
        if cap is not None and exact[i] == cap:
            bound = "cap"
        rows.append(
            Row(
                key=m.key,
                name=m.name,
                indicators=workings[i],
                score=scores[i],
                exact_cents=exact[i],
                bound=bound,
                extra_cent=i in extra,
                amount=(Decimal(cents) / 100).quantize(CENT),
            )
        )
    return Allocation(budget=Decimal(budget).quantize(CENT), rule=rule, rows=tuple(rows))
