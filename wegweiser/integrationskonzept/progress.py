"""The evaluation arithmetic, without a database.

progress = (current - baseline) / (target - baseline): 0 at the baseline, 1 at the target, whichever way the
target lies (a falling target such as waiting weeks gives a negative denominator and the same reading). The
target line runs straight from (baseline date, 0) to (target date, 1); an indicator is on track when its
progress is at or above that line on the date of its latest value.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal(0)
ONE = Decimal(1)


class Attainment(StrEnum):
    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_ACHIEVED = "not_achieved"


def progress(*, baseline: Decimal, target: Decimal, current: Decimal) -> Decimal | None:
    """How far from baseline to target the current value has come; None when target equals baseline."""
    if target == baseline:
        return None
    return (current - baseline) / (target - baseline)


def expected_progress(*, baseline_date: date, target_date: date, on: date) -> Decimal:
    """Where the linear path to the target stands on `on`: 0 before the baseline date, 1 from the target date."""
    span = (target_date - baseline_date).days
    if span <= 0:
        return ONE
    elapsed = (on - baseline_date).days
    return min(ONE, max(ZERO, Decimal(elapsed) / Decimal(span)))


@dataclass(frozen=True)
class Reading:
    progress: Decimal | None
    expected: Decimal
    on_track: bool
    attainment: Attainment


def attainment_of(value: Decimal | None) -> Attainment:
    if value is not None and value >= ONE:
        return Attainment.ACHIEVED
    if value is not None and value > ZERO:
        return Attainment.PARTLY
    return Attainment.NOT_ACHIEVED


def reading(
    *, baseline: Decimal, target: Decimal, baseline_date: date, target_date: date, current: Decimal, on: date
) -> Reading:
    """The indicator's progress on the date of its value, the target line then, and what it means."""
    done = progress(baseline=baseline, target=target, current=current)
    expected = expected_progress(baseline_date=baseline_date, target_date=target_date, on=on)
    on_track = done is not None and done >= expected
    return Reading(progress=done, expected=expected, on_track=on_track, attainment=attainment_of(done))
