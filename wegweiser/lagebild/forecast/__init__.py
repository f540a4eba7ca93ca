"""Lagebild forecast: Kita places and German-course seats for the next six years, by municipality.

Pure computation: no database, no views. The Lagebild app fills the inputs (`inputs.py`) from its tables
(children by municipality, year and single year of age; births; Kita places; course seats; arrivals) and
renders the outputs; every output value is a `working.Figure` that carries its inputs and its formula in
words, so the page and the PDF can show how each figure came about.

What it models
--------------
- **Children by single year of age** (cohort component): the children aged a at the end of year t are those
  aged a - 1 at the end of t - 1 (for age 0: the births of t), plus net migration (a rate of the cohort and an
  absolute number, per age, both set by the planner) plus the children among the scenario's arrivals. A
  result below 0 is raised to 0 and says so. Cohorts older than the oldest age followed leave the forecast.
- **Births**: the mean of the last k years up to the base year (k set by the planner), or a figure the planner
  entered for a year, which wins.
- **Scenarios** of arrivals on top of the migration factor: the baseline (none), a wave like 2022 (a total
  spread over years in the shape the planner gives, from their own district's 2022 figures) and a named
  custom one. District arrivals are shared among municipalities by residents (`forecast_district`).
- **Kita need** per band (U3: ages 0-2, Ü3: 3-5 until school entry; bands and the share of each age they count
  are configurable) = children × care rate × (1 + buffer); Versorgungsquote = places / children; shortfall =
  need - places (negative: places to spare). Places hold from the year they were entered for.
- **German-course seats** per level: participants = adult arrivals × participation rate; entrants at a level =
  participants × the share who take that level. The queue is a **fluid queue per level and year**: a seat
  serves 52 / course-weeks learners a year, so capacity = seats × 52 / weeks; the people waiting at the end
  of the year are max(0, waiting before + entrants - capacity); the seats needed to serve everyone within the
  year are (waiting before + entrants) × weeks / 52. The expected wait of someone registering at the end of the
  year is half the interval between course starts (courses start in groups, so even with free seats one
  waits for the next start) plus waiting / capacity × 52 weeks. Sanity check: with 100 entrants a year at
  A1 (26 weeks) and 40 seats, 20 remain waiting after a year and the wait is 4 + 13 = 17 weeks at a start
  every 8 weeks, the 2016 figure reported by BAMF; twice that shortfall gives 30 weeks, the 2019 one.
- **Areas** (`area.py`): a Samtgemeinde or the district as the sum of its members' Kita figures, with the
  course seats pooled across the area (one queue per level).
- **Back-test** (`backtest.py`): the forecast run from a past year's counted children, compared per year and
  band with the later counts: absolute error, absolute percentage error and their means (MAPE).

Assumptions
-----------
- Years end on the statistics' reference date, 31 December; flows within a year are not timed.
- Mortality of children under seven (below 0.5 % in Germany) is left to the net migration rate.
- Everyone taking a level enters it in the year of arrival (no lag between levels); courses are full time.
- Six years ahead by default (Lower Saxony's Kita plans), any horizon of one year or more on request.

Numbers are `Decimal` throughout: statistics are whole counts and the planner enters rates as decimals
("0.35", "10 %"), so Decimal keeps every step exact in the decimal notation that the working shows. The figure
on the page is then the product of the numbers written beside it, hand-computed tests compare exactly, and a
back-test of history that follows the model gives an error of exactly zero. The cost (slower than float) does
not matter at this size: a district of 34 municipalities is a few thousand operations.
"""

from .area import AreaForecast, AreaYear, forecast_area
from .backtest import ALL_AGES, Backtest, BacktestRow, backtest
from .inputs import (
    HORIZON_YEARS,
    AgeBand,
    ArrivalScenario,
    Assumptions,
    Births,
    CourseLevel,
    CoursePlan,
    ForecastInputError,
    Migration,
    MunicipalityData,
    ScenarioKind,
    kita_bands,
)
from .model import (
    CourseLevelYear,
    KitaBandYear,
    MunicipalityForecast,
    YearForecast,
    arrival_shares,
    forecast_district,
    forecast_municipality,
)
from .working import Figure, Term, Unit, format_number

__all__ = [
    "ALL_AGES",
    "HORIZON_YEARS",
    "AgeBand",
    "AreaForecast",
    "AreaYear",
    "ArrivalScenario",
    "Assumptions",
    "Backtest",
    "BacktestRow",
    "Births",
    "CourseLevel",
    "CourseLevelYear",
    "CoursePlan",
    "Figure",
    "ForecastInputError",
    "KitaBandYear",
    "Migration",
    "MunicipalityData",
    "MunicipalityForecast",
    "ScenarioKind",
    "Term",
    "Unit",
    "YearForecast",
    "arrival_shares",
    "backtest",
    "forecast_area",
    "forecast_district",
    "forecast_municipality",
    "format_number",
    "kita_bands",
]
