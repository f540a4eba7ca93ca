"""What a forecast starts from, as plain data: the Lagebild app fills these from its tables, tests and the
benchmark build them by hand. Every number is a `Decimal` (see the package docstring for why)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext

from .working import gettext_lazy

ZERO = Decimal(0)
ONE = Decimal(1)
HORIZON_YEARS = 6  # Lower Saxony's Kita plans look six years ahead


class ForecastInputError(ValueError):
    """Inputs the forecast cannot work with; the message is for the planner, in their language."""


def _empty() -> dict:
    return {}


@dataclass(frozen=True)
class AgeBand:
    """A Kita age band: which single years of age it counts, and the planner's care rate and buffer.

    `ages` maps an age to the share of that year's children the band counts: 1 for a whole year, less for
    the year of school entry, where only the children born after the cut-off date stay in the Kita.
    """

    code: str
    label: Any
    ages: Mapping[int, Decimal]
    care_rate: Decimal
    buffer: Decimal = ZERO


def kita_bands(
    *,
    u3_care_rate: Decimal,
    ue3_care_rate: Decimal,
    buffer: Decimal = ZERO,
    ue3_ages: Mapping[int, Decimal] | None = None,
) -> tuple[AgeBand, AgeBand]:
    """The usual two bands: U3 (Krippe, ages 0 to 2) and Ü3 (Kindergarten, ages 3 to 5 until school entry)."""
    return (
        AgeBand("U3", gettext_lazy("U3 (under three)"), {0: ONE, 1: ONE, 2: ONE}, u3_care_rate, buffer),
        AgeBand(
            "Ü3",
            gettext_lazy("Ü3 (three until school entry)"),
            dict(ue3_ages) if ue3_ages is not None else {3: ONE, 4: ONE, 5: ONE},
            ue3_care_rate,
            buffer,
        ),
    )


@dataclass(frozen=True)
class Births:
    """Future births: the mean of the last `mean_of_last_years` years, unless the planner entered a figure."""

    mean_of_last_years: int = 3
    entered: Mapping[int, Decimal] = field(default_factory=_empty)


@dataclass(frozen=True)
class Migration:
    """Net migration per year and single year of age: a share of the cohort (`rate`), a number (`absolute`),
    or both added. Keyed by the age reached at the end of the year (the rate for age 1 applies to last year's
    newborns); negative values are net departures."""

    rate: Mapping[int, Decimal] = field(default_factory=_empty)
    absolute: Mapping[int, Decimal] = field(default_factory=_empty)


@dataclass(frozen=True)
class CourseLevel:
    """One German-course level: its length in weeks, the share of participants who take it, and how often a
    course at this level starts (half that interval is waited even when seats are free)."""

    code: str
    weeks: Decimal
    reach_share: Decimal = ONE
    start_interval_weeks: Decimal = ZERO


@dataclass(frozen=True)
class CoursePlan:
    """Who of the adult arrivals starts a German course (`participation_rate`), and the levels in order."""

    participation_rate: Decimal
    levels: tuple[CourseLevel, ...]


class ScenarioKind(StrEnum):
    BASELINE = "baseline"
    WAVE_2022 = "wave_2022"
    CUSTOM = "custom"


@dataclass(frozen=True)
class ArrivalScenario:
    """Arrivals on top of the migration factor, for example people seeking protection.

    `arrivals` maps a year to the number of people arriving (in the district for `forecast_district`, in the
    municipality for `forecast_municipality`); `child_age_shares` says which share of them is a child of each
    single year of age, `adult_share` which share is 18 or older (the people who may need a German course).
    """

    kind: ScenarioKind
    name: str = ""
    arrivals: Mapping[int, Decimal] = field(default_factory=_empty)
    child_age_shares: Mapping[int, Decimal] = field(default_factory=_empty)
    adult_share: Decimal = ZERO

    @property
    def label(self) -> str:
        if self.kind is ScenarioKind.BASELINE:
            return gettext("Baseline (no arrivals beyond the migration factor)")
        if self.kind is ScenarioKind.WAVE_2022:
            return gettext("A wave like 2022") if not self.name else self.name
        return self.name

    @classmethod
    def baseline(cls) -> "ArrivalScenario":
        return cls(ScenarioKind.BASELINE)

    @classmethod
    def wave_like_2022(
        cls,
        *,
        first_year: int,
        total: Decimal,
        yearly_shape: Sequence[Decimal],
        child_age_shares: Mapping[int, Decimal],
        adult_share: Decimal,
        name: str = "",
    ) -> "ArrivalScenario":
        """`total` arrivals spread over the years from `first_year` in the proportions of `yearly_shape`.

        The shape, the age shares and the total are the caller's: the planner takes them from the 2022 figures
        of their own district (a peak in the first year, fewer later), so nothing about real people lives here.
        """
        shape_total = sum(yearly_shape, ZERO)
        if shape_total <= 0:
            raise ForecastInputError(gettext("The yearly shape of the wave must add up to more than zero."))
        arrivals = {first_year + index: total * share / shape_total for index, share in enumerate(yearly_shape)}
        return cls(ScenarioKind.WAVE_2022, name, arrivals, dict(child_age_shares), adult_share)

    @classmethod
    def custom(
        cls,
        *,
        name: str,
        arrivals: Mapping[int, Decimal],
        child_age_shares: Mapping[int, Decimal],
        adult_share: Decimal,
    ) -> "ArrivalScenario":
        if not name.strip():
            raise ForecastInputError(gettext("A custom scenario needs a name."))
        return cls(ScenarioKind.CUSTOM, name, dict(arrivals), dict(child_age_shares), adult_share)


@dataclass(frozen=True)
class Assumptions:
    """What the planner sets. `max_age` is the oldest single year of age followed (default: the oldest any
    band counts); a cohort older than that leaves the forecast."""

    bands: tuple[AgeBand, ...]
    births: Births = field(default_factory=Births)
    migration: Migration = field(default_factory=Migration)
    courses: CoursePlan | None = None
    horizon: int = HORIZON_YEARS
    max_age: int | None = None

    def oldest_age(self) -> int:
        if self.max_age is not None:
            return self.max_age
        return max((age for band in self.bands for age in band.ages), default=0)


@dataclass(frozen=True)
class MunicipalityData:
    """One municipality's figures at the end of `base_year` (the reference date 31 December).

    `population`: children by single year of age; `births`: live births by past year; `kita_places`: band code
    to year to places, and `course_seats`: level to year to seats (a figure holds from its year until the next
    one entered); `course_waiting`: people waiting for a course by level at the end of the base year;
    `residents`: all residents, the key for sharing the district's arrivals among municipalities;
    `course_waiting_range`: for a level whose number waiting is not known exactly (a count the publication
    rule hides), the bounds it is known to lie in, (low, high) or (low, None) without an upper bound; its
    `course_waiting` figure is then the number the forecast counts (the caller's choice, the low bound).
    """

    key: str
    name: str
    base_year: int
    population: Mapping[int, Decimal]
    births: Mapping[int, Decimal] = field(default_factory=_empty)
    kita_places: Mapping[str, Mapping[int, Decimal]] = field(default_factory=_empty)
    course_seats: Mapping[str, Mapping[int, Decimal]] = field(default_factory=_empty)
    course_waiting: Mapping[str, Decimal] = field(default_factory=_empty)
    residents: Decimal | None = None
    course_waiting_range: Mapping[str, tuple[Decimal, Decimal | None]] = field(default_factory=_empty)


def validate(data: MunicipalityData, assumptions: Assumptions, scenario: ArrivalScenario) -> None:
    """Refuse inputs that would give figures without meaning, with a message the planner can act on."""
    if assumptions.horizon < 1:
        raise ForecastInputError(gettext("The forecast needs at least one year."))
    if assumptions.births.mean_of_last_years < 1:
        raise ForecastInputError(gettext("Births are averaged over at least one year."))
    for band in assumptions.bands:
        if band.care_rate < 0 or band.buffer < 0:
            raise ForecastInputError(
                gettext("Care rate and buffer of %(band)s cannot be negative.") % {"band": band.code}
            )
        if any(weight < 0 or weight > 1 for weight in band.ages.values()):
            raise ForecastInputError(
                gettext("The share of an age counted in %(band)s lies between 0 and 1.") % {"band": band.code}
            )
    shares = [*scenario.child_age_shares.values(), scenario.adult_share]
    if any(share < 0 for share in shares) or sum(shares, ZERO) > 1:
        raise ForecastInputError(
            gettext("The age shares of the arrivals must lie between 0 and 1 and add up to 1 at most.")
        )
    if any(value < 0 for value in scenario.arrivals.values()):
        raise ForecastInputError(gettext("Arrivals cannot be negative."))
    if any(count < 0 for count in data.population.values()):
        raise ForecastInputError(gettext("A number of children cannot be negative."))
    if assumptions.courses is not None:
        plan = assumptions.courses
        if not 0 <= plan.participation_rate <= 1:
            raise ForecastInputError(gettext("The participation rate lies between 0 and 1."))
        for level in plan.levels:
            if level.weeks <= 0:
                raise ForecastInputError(
                    gettext("The course at level %(level)s needs a length of more than 0 weeks.")
                    % {"level": level.code}
                )
