"""Back-test: run the forecast from a past year and compare it with what the statistics later counted."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils.translation import gettext

from .inputs import ZERO, ArrivalScenario, Assumptions, Births, ForecastInputError, MunicipalityData
from .model import MunicipalityForecast, band_children, forecast_municipality
from .working import Figure, Term, Unit, gettext_lazy

ALL_AGES = "all"  # the band code of the row that sums every age the forecast follows


@dataclass(frozen=True)
class BacktestRow:
    """One year and band: forecast against the count, the absolute error and the absolute percentage error
    (None where the count was 0, since a share of nothing has no meaning)."""

    year: int
    band: str
    actual: Figure
    forecast: Figure
    absolute_error: Figure
    percentage_error: Figure | None


@dataclass(frozen=True)
class Backtest:
    from_year: int
    forecast: MunicipalityForecast
    rows: tuple[BacktestRow, ...]
    mape: dict[str, Figure | None]  # band code to the mean absolute percentage error over the years compared
    mean_absolute_error: dict[str, Figure | None]

    def rows_for(self, band: str) -> list[BacktestRow]:
        return [row for row in self.rows if row.band == band]


def _counted(history: Mapping[int, Mapping[int, Decimal]], year: int, age: int) -> Figure:
    return Figure(
        Decimal(history[year].get(age, ZERO)),
        gettext_lazy("Children by age"),
        gettext_lazy("aged %(age)s at the end of %(year)s in the statistics: %(result)s"),
        {"age": Term(Decimal(age), Unit.AGE), "year": Term(Decimal(year), Unit.YEAR)},
    )


def _row(year: int, band: str, actual: Figure, forecast: Figure) -> BacktestRow:
    error = Figure(
        abs(forecast.value - actual.value),
        gettext_lazy("Absolute error"),
        gettext_lazy("|forecast %(forecast)s − counted %(actual)s| = %(result)s"),
        {"forecast": forecast.as_term(), "actual": actual.as_term()},
    )
    percentage = None
    if actual.value > 0:
        percentage = Figure(
            error.value / actual.value,
            gettext_lazy("Absolute percentage error"),
            gettext_lazy("%(error)s / counted %(actual)s = %(result)s"),
            {"error": error.as_term(), "actual": actual.as_term()},
            unit=Unit.RATE,
        )
    return BacktestRow(year, band, actual, forecast, error, percentage)


def _mean(figures: list[Figure], label, unit: Unit) -> Figure | None:
    if not figures:
        return None
    total = sum((figure.value for figure in figures), ZERO)
    return Figure(
        total / len(figures),
        label,
        gettext_lazy("mean over %(years)s years: (%(parts)s) / %(years)s = %(result)s"),
        {"years": Term(Decimal(len(figures)))},
        unit=unit,
        parts=tuple(("%(value)s", {"value": figure.as_term()}) for figure in figures),
    )


def backtest(
    *,
    key: str,
    name: str,
    history: Mapping[int, Mapping[int, Decimal]],
    births: Mapping[int, Decimal],
    from_year: int,
    assumptions: Assumptions,
    scenario: ArrivalScenario | None = None,
    actual_births: bool = False,
) -> Backtest:
    """Forecast from the counted children at the end of `from_year` as the planner could have then, and
    compare every later year that `history` (year to age to children) holds, per band and for all ages.

    Only births up to `from_year` are used, as a planner would have had them; with `actual_births` the later
    births are entered as counted instead, which leaves the error of the aging, migration and scenario alone.
    """
    if from_year not in history:
        raise ForecastInputError(
            gettext("There are no counted children for %(year)s to start from.") % {"year": from_year}
        )
    compared = [year for year in range(from_year + 1, from_year + assumptions.horizon + 1) if year in history]
    if not compared:
        raise ForecastInputError(
            gettext("No counted year after %(year)s to compare the forecast with.") % {"year": from_year}
        )
    known_births = {year: value for year, value in births.items() if year <= from_year}
    if actual_births:
        later = {year: value for year, value in births.items() if year > from_year}
        assumptions = replace(
            assumptions,
            births=Births(assumptions.births.mean_of_last_years, {**later, **assumptions.births.entered}),
        )
    data = MunicipalityData(key=key, name=name, base_year=from_year, population=history[from_year], births=known_births)
    result = forecast_municipality(data, assumptions, scenario)
    oldest = assumptions.oldest_age()
    rows = []
    for year in compared:
        predicted = result.year(year)
        counted = {age: _counted(history, year, age) for age in range(oldest + 1)}
        for band in assumptions.bands:
            rows.append(
                _row(
                    year,
                    band.code,
                    band_children(band, counted, year),
                    predicted.kita[band.code].children,
                )
            )
        rows.append(
            _row(
                year,
                ALL_AGES,
                _total(counted, year),
                _total(predicted.population, year),
            )
        )
    codes = [band.code for band in assumptions.bands] + [ALL_AGES]
    mape = {}
    mean_error = {}
    for code in codes:
        band_rows = [row for row in rows if row.band == code]
        mape[code] = _mean(
            [row.percentage_error for row in band_rows if row.percentage_error is not None],
            gettext_lazy("Mean absolute percentage error (MAPE)"),
            Unit.RATE,
        )
        mean_error[code] = _mean(
            [row.absolute_error for row in band_rows], gettext_lazy("Mean absolute error"), Unit.COUNT
        )
    return Backtest(from_year, result, tuple(rows), mape, mean_error)


def _total(population: Mapping[int, Figure], year: int) -> Figure:
    ages = sorted(population)
    return Figure(
        sum((population[age].value for age in ages), ZERO),
        gettext_lazy("Children of all ages followed"),
        gettext_lazy("%(parts)s = %(result)s"),
        {"year": Term(Decimal(year), Unit.YEAR)},
        parts=tuple(
            (
                gettext_lazy("%(count)s aged %(age)s"),
                {"count": population[age].as_term(), "age": Term(Decimal(age), Unit.AGE)},
            )
            for age in ages
        ),
    )
