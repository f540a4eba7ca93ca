"""The forecast itself: children aged forward, Kita need per band, German-course seats and waits per level."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext

from .inputs import (
    ONE,
    ZERO,
    AgeBand,
    ArrivalScenario,
    Assumptions,
    CourseLevel,
    ForecastInputError,
    MunicipalityData,
    validate,
)
from .working import Figure, Term, Unit, gettext_lazy

WEEKS_PER_YEAR = Decimal(52)

NEGATIVE_RAISED = gettext_lazy("The formula gave less than 0; there cannot be fewer than 0 children, so 0 is used.")
SURPLUS = gettext_lazy("A negative shortfall means more places than needed.")
NO_CHILDREN = gettext_lazy("No children in the band: the Versorgungsquote has no meaning.")
NO_SEATS = gettext_lazy("No seats at this level: people waiting wait without end.")
HIDDEN_COUNTED_LOW = gettext_lazy(
    "This number is not published; the forecast counts the least it can be, so the wait may be longer."
)


@dataclass(frozen=True)
class KitaBandYear:
    """One band in one year: children, need and places, and what follows from them."""

    band: AgeBand
    year: int
    children: Figure
    need: Figure
    places: Figure
    shortfall: Figure
    coverage: Figure | None  # Versorgungsquote; None where the band has no children

    @property
    def coverage_missing_reason(self):
        """Why there is no Versorgungsquote, for the place where the page would show it."""
        return NO_CHILDREN if self.coverage is None else None


@dataclass(frozen=True)
class CourseLevelYear:
    """One German-course level in one year. `wait_weeks` is None where there are no seats but people waiting."""

    level: CourseLevel
    year: int
    waiting_before: Figure
    entrants: Figure
    seat_need: Figure
    seats: Figure
    shortfall: Figure
    waiting: Figure
    wait_weeks: Figure | None

    @property
    def wait_missing_reason(self):
        """Why there is no expected wait, for the place where the page would show it."""
        return NO_SEATS if self.wait_weeks is None else None


@dataclass(frozen=True)
class YearForecast:
    year: int
    births: Figure
    arrivals: Figure
    population: dict[int, Figure]
    kita: dict[str, KitaBandYear]
    courses: dict[str, CourseLevelYear]
    course_participants: Figure | None = None  # None without a course plan


@dataclass(frozen=True)
class MunicipalityForecast:
    key: str
    name: str
    base_year: int
    scenario: ArrivalScenario
    years: tuple[YearForecast, ...]

    def year(self, year: int) -> YearForecast:
        for item in self.years:
            if item.year == year:
                return item
        raise KeyError(year)


# Terms are immutable, and a district's forecast writes the same years, ages and rates thousands of times.
@lru_cache(maxsize=4096)
def _count(value: Decimal | int) -> Term:
    return Term(Decimal(value))


@lru_cache(maxsize=256)
def _year(value: int) -> Term:
    return Term(Decimal(value), Unit.YEAR)


@lru_cache(maxsize=256)
def _age(value: int) -> Term:
    return Term(Decimal(value), Unit.AGE)


@lru_cache(maxsize=1024)
def _rate(value: Decimal) -> Term:
    return Term(value, Unit.RATE)


def value_in_year(by_year: Mapping[int, Decimal], year: int) -> tuple[Decimal, int | None]:
    """The figure entered for the latest year up to `year` (and that year), or 0 where none was entered."""
    known = [entered for entered in by_year if entered <= year]
    if not known:
        return ZERO, None
    latest = max(known)
    return Decimal(by_year[latest]), latest


def _entered_figure(by_year: Mapping[int, Decimal], year: int, label) -> Figure:
    value, since = value_in_year(by_year, year)
    if since is None:
        return Figure(ZERO, label, gettext_lazy("none entered: %(result)s"))
    if since == year:
        return Figure(value, label, gettext_lazy("entered for %(year)s: %(result)s"), {"year": _year(year)})
    return Figure(
        value,
        label,
        gettext_lazy("entered for %(since)s, still valid in %(year)s: %(result)s"),
        {"since": _year(since), "year": _year(year)},
    )


def births_mean(data: MunicipalityData, years: int) -> Figure:
    """The mean of the births of the last `years` years up to the base year."""
    wanted = list(range(data.base_year - years + 1, data.base_year + 1))
    missing = [year for year in wanted if year not in data.births]
    if missing:
        raise ForecastInputError(
            gettext("Births for %(years)s are missing in %(municipality)s; average over fewer years or enter them.")
            % {"years": ", ".join(str(year) for year in missing), "municipality": data.name}
        )
    total = sum((Decimal(data.births[year]) for year in wanted), ZERO)
    return Figure(
        total / len(wanted),
        gettext_lazy("Births per year (mean)"),
        gettext_lazy("births %(first)s to %(last)s: (%(parts)s) / %(years)s years = %(result)s"),
        {"first": _year(wanted[0]), "last": _year(wanted[-1]), "years": _count(len(wanted)), "total": _count(total)},
        parts=tuple(("%(births)s", {"births": _count(data.births[year])}) for year in wanted),
    )


def _births(data: MunicipalityData, assumptions: Assumptions, year: int, mean: Figure | None) -> Figure:
    entered = assumptions.births.entered
    if year in entered:
        return Figure(
            Decimal(entered[year]),
            gettext_lazy("Births"),
            gettext_lazy("entered by the planner for %(year)s: %(result)s"),
            {"year": _year(year)},
        )
    if mean is None:
        mean = births_mean(data, assumptions.births.mean_of_last_years)
    return Figure(
        mean.value, gettext_lazy("Births"), gettext_lazy("mean of recent years: %(mean)s"), {"mean": mean.as_term()}
    )


def _arrivals(scenario: ArrivalScenario, year: int, share: Decimal) -> Figure:
    given = Decimal(scenario.arrivals.get(year, ZERO))
    label = gettext_lazy("Arrivals in the scenario")
    if share == ONE:
        return Figure(
            given, label, gettext_lazy("arrivals in %(year)s in the scenario: %(result)s"), {"year": _year(year)}
        )
    return Figure(
        given * share,
        label,
        gettext_lazy(
            "%(district)s arrivals in the area in %(year)s × the municipality's share of its residents %(share)s "
            "= %(result)s"
        ),
        {"district": _count(given), "year": _year(year), "share": _rate(share)},
    )


def _age_figure(
    *, age: int, year: int, start: Figure, assumptions: Assumptions, scenario: ArrivalScenario, arrivals: Figure
) -> Figure:
    """Children aged `age` at the end of `year`: the cohort they came from (or the births), plus net migration
    and the scenario's arrivals of that age."""
    rate = Decimal(assumptions.migration.rate.get(age, ZERO))
    absolute = Decimal(assumptions.migration.absolute.get(age, ZERO))
    migration = Figure(
        start.value * rate + absolute,
        gettext_lazy("Net migration"),
        gettext_lazy("%(cohort)s × rate %(rate)s + %(absolute)s = %(result)s"),
        {"cohort": start.as_term(), "rate": _rate(rate), "absolute": _count(absolute)},
    )
    share = Decimal(scenario.child_age_shares.get(age, ZERO))
    arriving = Figure(
        arrivals.value * share,
        gettext_lazy("Arriving children"),
        gettext_lazy("%(arrivals)s arrivals × share aged %(age)s %(share)s = %(result)s"),
        {"arrivals": arrivals.as_term(), "age": _age(age), "share": _rate(share)},
    )
    raw = start.value + migration.value + arriving.value
    terms = {
        "start": start.as_term(),
        "migration": migration.as_term(),
        "arriving": arriving.as_term(),
        "age": _age(age),
        "year": _year(year),
    }
    if age == 0:
        formula = gettext_lazy("%(start)s births + net migration %(migration)s + arrivals %(arriving)s = %(result)s")
    else:
        terms["previous_age"] = _age(age - 1)
        terms["previous_year"] = _year(year - 1)
        formula = gettext_lazy(
            "%(start)s aged %(previous_age)s at the end of %(previous_year)s + net migration %(migration)s "
            "+ arrivals %(arriving)s = %(result)s"
        )
    return Figure(
        max(raw, ZERO),
        gettext_lazy("Children by age"),
        formula,
        terms,
        note=NEGATIVE_RAISED if raw < 0 else None,
    )


def _base_age_figure(data: MunicipalityData, age: int) -> Figure:
    return Figure(
        Decimal(data.population.get(age, ZERO)),
        gettext_lazy("Children by age"),
        gettext_lazy("aged %(age)s at the end of %(year)s in the statistics: %(result)s"),
        {"age": _age(age), "year": _year(data.base_year)},
    )


def band_children(band: AgeBand, population: Mapping[int, Figure], year: int) -> Figure:
    """The children a band counts: each single year of age times the share of it the band takes."""
    parts = []
    total = ZERO
    for age, weight in sorted(band.ages.items()):
        count = population[age].as_term() if age in population else _count(ZERO)
        total += Decimal(weight) * count.value
        terms = {"count": count, "age": _age(age)}
        if weight == ONE:
            parts.append((gettext_lazy("%(count)s aged %(age)s"), terms))
        else:
            parts.append(
                (gettext_lazy("%(weight)s of %(count)s aged %(age)s"), {**terms, "weight": _rate(Decimal(weight))})
            )
    return Figure(
        total,
        gettext_lazy("Children in the band"),
        gettext_lazy("%(parts)s = %(result)s"),
        {"year": _year(year)},
        parts=tuple(parts),
    )


def kita_band_year(band: AgeBand, children: Figure, places: Figure, year: int) -> KitaBandYear:
    need = Figure(
        children.value * band.care_rate * (ONE + band.buffer),
        gettext_lazy("Kita need"),
        gettext_lazy("%(children)s children × care rate %(care_rate)s × (1 + buffer %(buffer)s) = %(result)s places"),
        {"children": children.as_term(), "care_rate": _rate(band.care_rate), "buffer": _rate(band.buffer)},
    )
    shortfall_value = need.value - places.value
    shortfall = Figure(
        shortfall_value,
        gettext_lazy("Places missing"),
        gettext_lazy("need %(need)s − places %(places)s = %(result)s"),
        {"need": need.as_term(), "places": places.as_term()},
        note=SURPLUS if shortfall_value < 0 else None,
    )
    coverage = None
    if children.value > 0:
        coverage = Figure(
            places.value / children.value,
            gettext_lazy("Versorgungsquote"),
            gettext_lazy("%(places)s places / %(children)s children = %(result)s"),
            {"places": places.as_term(), "children": children.as_term()},
            unit=Unit.RATE,
        )
    return KitaBandYear(band, year, children, need, places, shortfall, coverage)


def course_level_year(
    *, level: CourseLevel, year: int, participants: Figure, seats: Figure, waiting_before: Figure
) -> CourseLevelYear:
    """Seat need and wait at one level in one year, as a fluid queue (see the package docstring)."""
    entrants = Figure(
        participants.value * level.reach_share,
        gettext_lazy("Course entrants"),
        gettext_lazy("%(participants)s course participants × share taking %(level)s %(share)s = %(result)s"),
        {"participants": participants.as_term(), "share": _rate(level.reach_share), "level": _text_term(level.code)},
    )
    demand = entrants.value + waiting_before.value
    seat_need = Figure(
        demand * level.weeks / WEEKS_PER_YEAR,
        gettext_lazy("Course seats needed"),
        gettext_lazy(
            "(%(entrants)s entrants + %(waiting)s waiting) × %(weeks)s weeks course length / 52 weeks = %(result)s seats"
        ),
        {"entrants": entrants.as_term(), "waiting": waiting_before.as_term(), "weeks": Term(level.weeks, Unit.WEEKS)},
    )
    shortfall_value = seat_need.value - seats.value
    shortfall = Figure(
        shortfall_value,
        gettext_lazy("Course seats missing"),
        gettext_lazy("need %(need)s − seats %(seats)s = %(result)s"),
        {"need": seat_need.as_term(), "seats": seats.as_term()},
        note=SURPLUS if shortfall_value < 0 else None,
    )
    capacity = seats.value * WEEKS_PER_YEAR / level.weeks
    capacity_term = Term(capacity)
    waiting = Figure(
        max(demand - capacity, ZERO),
        gettext_lazy("Waiting at the end of the year"),
        gettext_lazy(
            "%(entrants)s entrants + %(waiting)s waiting − %(seats)s seats × 52 / %(weeks)s weeks "
            "(%(capacity)s places a year), at least 0 = %(result)s"
        ),
        {
            "entrants": entrants.as_term(),
            "waiting": waiting_before.as_term(),
            "seats": seats.as_term(),
            "weeks": Term(level.weeks, Unit.WEEKS),
            "capacity": capacity_term,
        },
    )
    wait = None
    half_interval = level.start_interval_weeks / 2
    if capacity > 0:
        wait = Figure(
            half_interval + waiting.value / capacity * WEEKS_PER_YEAR,
            gettext_lazy("Expected wait"),
            gettext_lazy(
                "half the interval between course starts %(half_interval)s + %(waiting)s waiting / %(capacity)s "
                "places a year × 52 = %(result)s weeks"
            ),
            {"half_interval": Term(half_interval, Unit.WEEKS), "waiting": waiting.as_term(), "capacity": capacity_term},
            unit=Unit.WEEKS,
        )
    elif waiting.value == 0:
        wait = Figure(
            half_interval,
            gettext_lazy("Expected wait"),
            gettext_lazy("nobody waiting: half the interval between course starts = %(result)s weeks"),
            unit=Unit.WEEKS,
        )
    return CourseLevelYear(level, year, waiting_before, entrants, seat_need, seats, shortfall, waiting, wait)


def _text_term(text: str) -> Term:
    return Term(ZERO, Unit.CODE, code=text)


def _waiting_at_start(data: MunicipalityData, level: str) -> Figure:
    """The people waiting at a level at the end of the base year; a count known only within bounds says so."""
    value = Decimal(data.course_waiting.get(level, ZERO))
    label = gettext_lazy("Waiting at the start")
    terms = {"year": _year(data.base_year), "level": _text_term(level)}
    bounds = data.course_waiting_range.get(level)
    if bounds is None:
        return Figure(value, label, gettext_lazy("waiting for a course at the end of %(year)s: %(result)s"), terms)
    low, high = bounds
    if high is None:
        return Figure(
            value,
            label,
            gettext_lazy(
                "waiting for %(level)s at the end of %(year)s: not published, at least %(low)s; counted as %(result)s"
            ),
            {**terms, "low": _count(low)},
            note=HIDDEN_COUNTED_LOW,
        )
    return Figure(
        value,
        label,
        gettext_lazy(
            "waiting for %(level)s at the end of %(year)s: not published, between %(low)s and %(high)s; "
            "counted as %(result)s"
        ),
        {**terms, "low": _count(low), "high": _count(high)},
        note=HIDDEN_COUNTED_LOW,
    )


def forecast_municipality(
    data: MunicipalityData,
    assumptions: Assumptions,
    scenario: ArrivalScenario | None = None,
    *,
    arrival_share: Decimal = ONE,
) -> MunicipalityForecast:
    """The forecast for the `assumptions.horizon` years after `data.base_year`.

    `arrival_share` is the municipality's share of the scenario's arrivals (1 where the scenario's figures are
    the municipality's own).
    """
    scenario = scenario or ArrivalScenario.baseline()
    validate(data, assumptions, scenario)
    oldest = assumptions.oldest_age()
    mean = None
    needs_mean = any(
        year not in assumptions.births.entered
        for year in range(data.base_year + 1, data.base_year + assumptions.horizon + 1)
    )
    if needs_mean:
        mean = births_mean(data, assumptions.births.mean_of_last_years)
    population = {age: _base_age_figure(data, age) for age in range(oldest + 1)}
    plan = assumptions.courses
    waiting = {}
    if plan is not None:
        for level in plan.levels:
            waiting[level.code] = _waiting_at_start(data, level.code)
    years = []
    for year in range(data.base_year + 1, data.base_year + assumptions.horizon + 1):
        births = _births(data, assumptions, year, mean)
        arrivals = _arrivals(scenario, year, arrival_share)
        population = {
            age: _age_figure(
                age=age,
                year=year,
                start=births if age == 0 else population[age - 1],
                assumptions=assumptions,
                scenario=scenario,
                arrivals=arrivals,
            )
            for age in range(oldest + 1)
        }
        kita = {}
        for band in assumptions.bands:
            places = _entered_figure(data.kita_places.get(band.code, {}), year, gettext_lazy("Kita places"))
            kita[band.code] = kita_band_year(band, band_children(band, population, year), places, year)
        courses = {}
        adults = None
        if plan is not None:
            adults = Figure(
                arrivals.value * scenario.adult_share * plan.participation_rate,
                gettext_lazy("Course participants"),
                gettext_lazy(
                    "%(arrivals)s arrivals × adults %(adult_share)s × participation rate %(rate)s = %(result)s"
                ),
                {
                    "arrivals": arrivals.as_term(),
                    "adult_share": _rate(scenario.adult_share),
                    "rate": _rate(plan.participation_rate),
                },
            )
            for level in plan.levels:
                seats = _entered_figure(data.course_seats.get(level.code, {}), year, gettext_lazy("Course seats"))
                item = course_level_year(
                    level=level, year=year, participants=adults, seats=seats, waiting_before=waiting[level.code]
                )
                courses[level.code] = item
                waiting[level.code] = item.waiting
        years.append(YearForecast(year, births, arrivals, population, kita, courses, adults))
    return MunicipalityForecast(data.key, data.name, data.base_year, scenario, tuple(years))


def arrival_shares(municipalities: Iterable[MunicipalityData]) -> dict[str, Decimal]:
    """Each municipality's share of the district's arrivals: by residents, as Lower Saxony allocates people
    seeking protection to its municipalities by population."""
    items = list(municipalities)
    if any(item.residents is None for item in items):
        raise ForecastInputError(gettext("Sharing the district's arrivals needs the residents of every municipality."))
    total = sum((Decimal(item.residents or 0) for item in items), ZERO)
    if total <= 0:
        raise ForecastInputError(gettext("Sharing the district's arrivals needs residents above zero."))
    return {item.key: Decimal(item.residents or 0) / total for item in items}


def forecast_district(
    municipalities: Iterable[MunicipalityData], assumptions: Assumptions, scenario: ArrivalScenario | None = None
) -> dict[str, MunicipalityForecast]:
    """The forecast of every municipality, with the scenario's arrivals (for the district) shared by residents."""
    items = list(municipalities)
    scenario = scenario or ArrivalScenario.baseline()
    shares = arrival_shares(items) if scenario.arrivals else {item.key: ZERO for item in items}
    return {
        item.key: forecast_municipality(item, assumptions, scenario, arrival_share=shares[item.key]) for item in items
    }
