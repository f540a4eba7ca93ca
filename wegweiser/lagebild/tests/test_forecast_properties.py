"""Invariants of the Lagebild forecast over generated inputs (hypothesis)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from wegweiser.lagebild.forecast import (
    ArrivalScenario,
    Assumptions,
    Births,
    CourseLevel,
    CoursePlan,
    Migration,
    MunicipalityData,
    backtest,
    forecast_area,
    forecast_municipality,
    kita_bands,
)

MAX_AGE = 6
AGES = range(MAX_AGE + 1)

FORECAST = settings(max_examples=60, deadline=None)  # deadline off: the machine is shared

counts = st.integers(min_value=0, max_value=400).map(Decimal)
rates = st.integers(min_value=0, max_value=100).map(lambda n: Decimal(n) / 100)
populations = st.fixed_dictionaries({age: counts for age in AGES})
base_years = st.integers(min_value=2000, max_value=2040)
migration_rates = st.dictionaries(st.sampled_from(list(AGES)), st.integers(-150, 60).map(lambda n: Decimal(n) / 100))
migration_absolute = st.dictionaries(st.sampled_from(list(AGES)), st.integers(-80, 80).map(Decimal))


def bands(u3: Decimal = Decimal("0.5"), ue3: Decimal = Decimal("0.9"), buffer: Decimal = Decimal(0)):
    return kita_bands(
        u3_care_rate=u3, ue3_care_rate=ue3, buffer=buffer, ue3_ages={3: 1, 4: 1, 5: 1, 6: Decimal("0.25")}
    )


def data(population, base_year, births=None, **extra) -> MunicipalityData:
    if births is None:
        births = {base_year - offset: Decimal(10 + offset) for offset in range(3)}
    return MunicipalityData(key="K", name="Kommune", base_year=base_year, population=population, births=births, **extra)


@FORECAST
@given(population=populations, base_year=base_years, rate=migration_rates, absolute=migration_absolute, births=counts)
def test_no_negative_children_whatever_the_migration(population, base_year, rate, absolute, births):
    assumptions = Assumptions(
        bands=bands(), births=Births(1), migration=Migration(rate=rate, absolute=absolute), max_age=MAX_AGE
    )
    result = forecast_municipality(data(population, base_year, {base_year: births}), assumptions)

    for year in result.years:
        assert all(figure.value >= 0 for figure in year.population.values())
        assert all(item.children.value >= 0 and item.need.value >= 0 for item in year.kita.values())


@FORECAST
@given(population=populations, base_year=base_years, horizon=st.integers(1, 10))
def test_without_births_and_migration_each_cohort_only_moves_up_by_age(population, base_year, horizon):
    assumptions = Assumptions(
        bands=bands(),
        births=Births(entered={base_year + n: Decimal(0) for n in range(1, horizon + 1)}),
        horizon=horizon,
        max_age=MAX_AGE,
    )
    result = forecast_municipality(data(population, base_year, births={}), assumptions)

    before = {age: population[age] for age in AGES}
    for year in result.years:
        after = {age: figure.value for age, figure in year.population.items()}
        assert after[0] == 0
        assert all(after[age + 1] == before[age] for age in range(MAX_AGE))
        assert sum(after.values()) == sum(before.values()) - before[MAX_AGE]
        before = after


@FORECAST
@given(population=populations, base_year=base_years, horizon=st.integers(1, 12))
def test_the_forecast_covers_the_years_after_the_base_year(population, base_year, horizon):
    result = forecast_municipality(data(population, base_year), Assumptions(bands=bands(), horizon=horizon))
    assert [item.year for item in result.years] == list(range(base_year + 1, base_year + horizon + 1))
    default = forecast_municipality(data(population, base_year), Assumptions(bands=bands()))
    assert [item.year for item in default.years] == list(range(base_year + 1, base_year + 7))


@FORECAST
@given(
    population=populations,
    base_year=base_years,
    care=st.lists(rates, min_size=2, max_size=2).map(sorted),
    buffer=st.lists(rates, min_size=2, max_size=2).map(sorted),
)
def test_kita_need_rises_with_care_rate_and_buffer(population, base_year, care, buffer):
    low = forecast_municipality(data(population, base_year), Assumptions(bands=bands(care[0], care[0], buffer[0])))
    high = forecast_municipality(data(population, base_year), Assumptions(bands=bands(care[1], care[1], buffer[1])))

    for low_year, high_year in zip(low.years, high.years, strict=True):
        for code in ("U3", "Ü3"):
            assert low_year.kita[code].need.value <= high_year.kita[code].need.value
            assert low_year.kita[code].shortfall.value <= high_year.kita[code].shortfall.value


@FORECAST
@given(
    base_year=base_years,
    arrivals=st.lists(counts, min_size=6, max_size=6),
    seats=st.lists(st.integers(0, 60).map(Decimal), min_size=2, max_size=2).map(sorted),
    weeks=st.integers(1, 40).map(Decimal),
    waiting=counts,
)
def test_more_seats_never_lengthen_the_wait_and_nobody_waits_below_zero(base_year, arrivals, seats, weeks, waiting):
    plan = CoursePlan(Decimal("0.7"), (CourseLevel("A1", weeks=weeks, start_interval_weeks=Decimal(6)),))
    scenario = ArrivalScenario.custom(
        name="test",
        arrivals={base_year + 1 + n: value for n, value in enumerate(arrivals)},
        child_age_shares={},
        adult_share=Decimal("0.6"),
    )
    results = [
        forecast_municipality(
            data({}, base_year, course_seats={"A1": {base_year: value}}, course_waiting={"A1": waiting}),
            Assumptions(bands=bands(), courses=plan),
            scenario,
        )
        for value in seats
    ]
    for fewer, more in zip(results[0].years, results[1].years, strict=True):
        few, many = fewer.courses["A1"], more.courses["A1"]
        assert many.waiting.value >= 0
        assert many.waiting.value <= few.waiting.value
        if few.wait_weeks is not None:
            assert many.wait_weeks.value <= few.wait_weeks.value
        assert (many.shortfall.value <= 0) == (many.waiting.value == 0)


@FORECAST
@given(
    population=populations,
    from_year=base_years,
    past_births=st.lists(counts, min_size=2, max_size=2),
    rate=migration_rates,
    absolute=migration_absolute,
    span=st.integers(1, 6),
    actual_births=st.booleans(),
)
def test_backtest_error_is_zero_when_history_follows_the_model(
    population, from_year, past_births, rate, absolute, span, actual_births
):
    """History made by the model itself (same births rule and migration) must be forecast without error."""
    assumptions = Assumptions(
        bands=bands(), births=Births(2), migration=Migration(rate=rate, absolute=absolute), max_age=MAX_AGE
    )
    births = {from_year - 1: past_births[0], from_year: past_births[1]}
    model = forecast_municipality(data(population, from_year, births), assumptions)
    history = {from_year: population}
    for item in model.years[:span]:
        history[item.year] = {age: figure.value for age, figure in item.population.items()}
        births[item.year] = item.births.value

    result = backtest(
        key="K",
        name="Kommune",
        history=history,
        births=births,
        from_year=from_year,
        assumptions=assumptions,
        actual_births=actual_births,
    )
    assert len(result.rows) == span * 3
    assert all(row.absolute_error.value == 0 for row in result.rows)
    assert all(figure is None or figure.value == 0 for figure in result.mape.values())
    assert all(figure.value == 0 for figure in result.mean_absolute_error.values())


@FORECAST
@given(population=populations, base_year=base_years, rate=migration_rates, absolute=migration_absolute)
def test_every_figure_can_write_out_its_working(population, base_year, rate, absolute):
    plan = CoursePlan(Decimal("0.5"), (CourseLevel("A1", weeks=Decimal(13)), CourseLevel("B1", weeks=Decimal(26))))
    scenario = ArrivalScenario.wave_like_2022(
        first_year=base_year + 1,
        total=Decimal(90),
        yearly_shape=[Decimal(2), Decimal(1)],
        child_age_shares={1: Decimal("0.05")},
        adult_share=Decimal("0.5"),
    )
    assumptions = Assumptions(bands=bands(), migration=Migration(rate, absolute), courses=plan, max_age=MAX_AGE)
    result = forecast_municipality(
        data(population, base_year, course_seats={"A1": {base_year: Decimal(3)}}), assumptions, scenario
    )

    figures = []
    for year in result.years:
        figures += [year.births, year.arrivals, *year.population.values()]
        for item in year.kita.values():
            figures += [item.children, item.need, item.places, item.shortfall] + (
                [item.coverage] if item.coverage else []
            )
        for item in year.courses.values():
            figures += [item.entrants, item.seat_need, item.seats, item.shortfall, item.waiting]
            figures += [item.wait_weeks] if item.wait_weeks else []
    seen = set()
    while figures:
        figure = figures.pop()
        if id(figure) in seen:
            continue
        seen.add(id(figure))
        text = figure.formula_text()
        assert text
        assert "%(" not in text
        terms = [*figure.terms.values(), *(term for _template, part in figure.parts for term in part.values())]
        figures += [term.source for term in terms if term.source is not None]


@FORECAST
@given(
    members=st.lists(st.tuples(populations, st.integers(0, 30).map(Decimal), counts, counts), min_size=1, max_size=4),
    base_year=base_years,
)
def test_an_area_needs_what_its_members_need_and_pooling_seats_never_makes_anyone_wait_longer(members, base_year):
    plan = CoursePlan(Decimal("0.5"), (CourseLevel("A1", weeks=Decimal(13)),))
    assumptions = Assumptions(bands=bands(Decimal("0.37"), Decimal("0.93"), Decimal("0.07")), courses=plan)
    forecasts = []
    for index, (population, seats, arrivals, waiting) in enumerate(members):
        scenario = ArrivalScenario.custom(
            name="test", arrivals={base_year + 1: arrivals}, child_age_shares={}, adult_share=Decimal(1)
        )
        municipality = MunicipalityData(
            key=str(index),
            name=f"M{index}",
            base_year=base_year,
            population=population,
            births={base_year - n: Decimal(10 + n) for n in range(3)},
            course_seats={"A1": {base_year: seats}},
            course_waiting={"A1": waiting},
        )
        forecasts.append(forecast_municipality(municipality, assumptions, scenario))
    area = forecast_area(forecasts, key="area", name="Area")

    for index, year in enumerate(area.years):
        member_years = [forecast.years[index] for forecast in forecasts]
        for code, item in year.kita.items():
            total_need = sum((member.kita[code].need.value for member in member_years), Decimal(0))
            assert abs(item.need.value - total_need) < Decimal("1e-20")
        pooled = year.courses["A1"].waiting.value
        assert pooled <= sum((member.courses["A1"].waiting.value for member in member_years), Decimal(0))
