"""The forecast page's inputs and outputs: a municipality's figures read from the statistics into the pure
`forecast` package, the planner's scenario applied, the back-test run where history exists, and the council's
PDF report assembled from the same charts as the pages."""

import contextlib
import dataclasses
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from wegweiser.lagebild import dashboard, indicators
from wegweiser.lagebild.charts import Chart, Datum, Series, time_series
from wegweiser.lagebild.forecast import (
    ArrivalScenario,
    Assumptions,
    Backtest,
    Births,
    CourseLevel,
    CoursePlan,
    ForecastInputError,
    Migration,
    MunicipalityData,
    MunicipalityForecast,
    backtest,
    forecast_municipality,
    kita_bands,
)
from wegweiser.lagebild.indicators import KITA, SINGLE_AGES, OwnFigures, Region, _tables_matching
from wegweiser.lagebild.models import Observation, StatisticRelease
from wegweiser.lagebild.report import Report, Section, Source
from wegweiser.lagebild.services import installation_district

AGE_CODE = re.compile(r"^ALTX1=ALT(\d{3})$")
# German-course levels as the integration courses run them: 26 weeks full time, a new course every 8 weeks;
# of the participants all start at A1, fewer go on to A2 and B1.
# The planner may set the length and the participation rate on the page; these are the defaults.
COURSE_WEEKS = 26
PARTICIPATION_RATE = Decimal("0.6")
COURSE_LEVELS = (
    CourseLevel("A1", Decimal(COURSE_WEEKS), Decimal(1), Decimal(8)),
    CourseLevel("A2", Decimal(COURSE_WEEKS), Decimal("0.8"), Decimal(8)),
    CourseLevel("B1", Decimal(COURSE_WEEKS), Decimal("0.6"), Decimal(8)),
)
# The shape of a wave like 2022 over three years and who arrives: a share of each year of age 0-5, adults.
WAVE_SHAPE = (Decimal(6), Decimal(3), Decimal(1))
CHILD_AGE_SHARES = {age: Decimal("0.015") for age in range(6)}
ADULT_SHARE = Decimal("0.7")


def children_by_year(region: Region) -> dict[int, dict[int, Decimal]]:
    """Children by single year of age at each reference date: year -> age -> count (figures only)."""
    district = installation_district()
    tables = _tables_matching(SINGLE_AGES, district) if district else {}
    history: dict[int, dict[int, Decimal]] = {}
    rows = Observation.objects.filter(
        district=district, table_id__in=tables, measure_code="BEVSTD", region_key=region.key, value__isnull=False
    ).values_list("reference_date", "breakdown_key", "value")
    for reference_date, breakdown_key, value in rows:
        match = AGE_CODE.match(breakdown_key)
        if match:
            history.setdefault(reference_date.year, {})[int(match.group(1))] = Decimal(value)
    return history


def kita_places(region: Region) -> dict[str, dict[int, Decimal]]:
    district = installation_district()
    tables = _tables_matching(KITA, district) if district else {}
    places: dict[str, dict[int, Decimal]] = {"U3": {}, "Ü3": {}}
    band_of = {"ALTER=unter 3": "U3", "ALTER=3 bis 5": "Ü3"}
    rows = Observation.objects.filter(
        district=district, table_id__in=tables, measure_code="kita_plaetze", region_key=region.key
    ).filter(value__isnull=False, breakdown_key__in=list(band_of))
    for reference_date, breakdown_key, value in rows.values_list("reference_date", "breakdown_key", "value"):
        places[band_of[breakdown_key]][reference_date.year] = Decimal(value)
    return places


@dataclass(frozen=True)
class ForecastPage:
    region: Region
    forecast: MunicipalityForecast
    backtest: Backtest | None
    chart: Chart
    course_chart: Chart | None
    notes: tuple[str, ...]


def municipality_data(region: Region, figures: OwnFigures | None) -> tuple[MunicipalityData, list[str]]:
    history = children_by_year(region)
    if not history:
        raise ForecastInputError(_("There are no children by single year of age loaded for this municipality."))
    base_year = max(history)
    notes = []
    seats: dict[str, dict[int, Decimal]] = {}
    waiting: dict[str, Decimal] = {}
    if figures is not None:
        _total, by_level, free = indicators.course_cells(figures, region)
        for level in COURSE_LEVELS:
            seats[level.code] = {base_year + 1: Decimal(free.get(level.code, 0))}
            cell = by_level.get(level.code)
            if cell is not None and cell.value is not None:
                waiting[level.code] = Decimal(cell.value)
        if any(cell.value is None for cell in by_level.values()):
            notes.append(_("Some numbers of people waiting are not published (fewer than 5); they count as 0 here."))
    data = MunicipalityData(
        key=region.key,
        name=region.name,
        base_year=base_year,
        population=history[base_year],
        births={year: ages[0] for year, ages in history.items() if 0 in ages},
        kita_places=kita_places(region),
        course_seats=seats,
        course_waiting=waiting,
    )
    return data, notes


def assumptions_from(cleaned: dict[str, Any], base_year: int) -> tuple[Assumptions, ArrivalScenario]:
    years = range(base_year + 1, base_year + 7)
    entered = cleaned.get("births_entered")
    births = Births(
        mean_of_last_years=cleaned["births_years"],
        entered={year: Decimal(entered) for year in years} if entered is not None else {},
    )
    rate = cleaned["migration_rate"]
    assumptions = Assumptions(
        bands=kita_bands(
            u3_care_rate=cleaned["u3_care_rate"], ue3_care_rate=cleaned["ue3_care_rate"], buffer=cleaned["buffer"]
        ),
        births=births,
        migration=Migration(rate={age: rate for age in range(0, 7)}),
        courses=CoursePlan(
            participation_rate=cleaned.get("participation_rate", PARTICIPATION_RATE),
            levels=tuple(
                dataclasses.replace(level, weeks=Decimal(cleaned.get("course_weeks") or COURSE_WEEKS))
                for level in COURSE_LEVELS
            ),
        ),
    )
    kind = cleaned["scenario"]
    if kind == "wave_2022":
        scenario = ArrivalScenario.wave_like_2022(
            first_year=base_year + 1,
            total=Decimal(cleaned["scenario_arrivals"]),
            yearly_shape=WAVE_SHAPE,
            child_age_shares=CHILD_AGE_SHARES,
            adult_share=ADULT_SHARE,
        )
    elif kind == "custom":
        scenario = ArrivalScenario.custom(
            name=cleaned["scenario_name"].strip(),
            arrivals={year: Decimal(cleaned["scenario_arrivals"]) for year in years},
            child_age_shares=CHILD_AGE_SHARES,
            adult_share=ADULT_SHARE,
        )
    else:
        scenario = ArrivalScenario.baseline()
    return assumptions, scenario


def forecast_region(key: str) -> Region | None:
    """The municipality the forecast is for (by its key), the first one when the key names none."""
    municipalities = [r for r in indicators.lagebild_regions() if r.kind == "municipality"]
    return next((r for r in municipalities if r.key == key), municipalities[0] if municipalities else None)


def forecast_page(region: Region, cleaned: dict[str, Any], figures: OwnFigures | None) -> ForecastPage:
    data, notes = municipality_data(region, figures)
    assumptions, scenario = assumptions_from(cleaned, data.base_year)
    result = forecast_municipality(data, assumptions, scenario)
    history = children_by_year(region)
    check = None
    past = sorted(year for year in history if year < data.base_year and year + 1 in history)
    if past:
        start = past[max(0, len(past) - 3)]
        try:
            check = backtest(
                key=region.key,
                name=region.name,
                history=history,
                births={year: ages[0] for year, ages in history.items() if 0 in ages},
                from_year=start,
                assumptions=assumptions,
            )
        except ForecastInputError:
            check = None
    return ForecastPage(region, result, check, kita_chart(result), course_chart(result), tuple(notes))


def kita_chart(result: MunicipalityForecast) -> Chart:
    periods = [str(year.year) for year in result.years]
    series = []
    for code in ("U3", "Ü3"):
        series.append(
            Series(
                _("%(band)s need") % {"band": code},
                tuple(Datum(year.kita[code].need.value.quantize(Decimal(1))) for year in result.years),
            )
        )
        series.append(
            Series(
                _("%(band)s places") % {"band": code},
                tuple(Datum(year.kita[code].places.value) for year in result.years),
            )
        )
    return time_series(
        title=_("Kita places needed and available in %(region)s (%(scenario)s)")
        % {"region": result.name, "scenario": result.scenario.label},
        periods=periods,
        series=series,
        unit=_("places"),
        chart_id="forecast",
    )


def course_chart(result: MunicipalityForecast) -> Chart | None:
    if not result.years or not result.years[0].courses:
        return None
    periods = [str(year.year) for year in result.years]
    series = [
        Series(
            _("%(level)s: weeks of waiting") % {"level": code},
            tuple(
                Datum(year.courses[code].wait_weeks.value.quantize(Decimal("0.1")))
                if year.courses[code].wait_weeks is not None
                else Datum(None)
                for year in result.years
            ),
        )
        for code in result.years[0].courses
    ]
    return time_series(
        title=_("Expected wait for a German course in %(region)s") % {"region": result.name},
        periods=periods,
        series=series,
        unit=_("weeks"),
        decimals=1,
        chart_id="course_wait",
    )


def report_sources() -> tuple[Source, ...]:
    district = installation_district()
    latest = (
        StatisticRelease.objects.filter(district=district)
        .values("table__code", "table__title", "table__licence", "table__source")
        .annotate(stand=Max("stand"))
        .order_by("table__code")
    )
    return tuple(
        Source(
            table=row["table__code"],
            title=row["table__title"],
            licence=row["table__licence"] or "–",
            attribution=row["table__source"] or "–",
            stand=row["stand"] or "–",
        )
        for row in latest
    )


def lagebild_report(*, figures: OwnFigures, page: ForecastPage | None, today: datetime.date) -> Report:
    """The council's report: the district's charts, then the forecast the planner set, with sources."""
    district = indicators.lagebild_regions()[0]
    sections = [
        Section(
            heading=_("The district at a glance"),
            charts=tuple(chart for _key, chart in dashboard.region_charts(district, figures)),
        )
    ]
    with contextlib.suppress(ValueError):
        sections.append(Section(heading=_("Map of the municipalities"), charts=(dashboard.map_chart("foreign_share"),)))
    if page is not None:
        paragraphs = [
            _("Forecast for %(region)s from %(year)s, scenario: %(scenario)s.")
            % {"region": page.region.name, "year": page.forecast.base_year, "scenario": page.forecast.scenario.label}
        ]
        if page.backtest is not None:
            errors = ", ".join(
                f"{band}: {figure.formula_text()}" for band, figure in page.backtest.mape.items() if figure is not None
            )
            paragraphs.append(
                _("Back-test from %(year)s: %(errors)s") % {"year": page.backtest.from_year, "errors": errors}
            )
        charts = (page.chart,) + ((page.course_chart,) if page.course_chart else ())
        sections.append(Section(heading=_("Forecast"), paragraphs=tuple(paragraphs + list(page.notes)), charts=charts))
    return Report(date=today, district=district.name, sections=tuple(sections), sources=report_sources())
