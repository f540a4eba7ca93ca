"""The charts of the Lagebild's pages (dashboard, drill-down, map), built from `indicators` for one reader.

Every chart comes with its table (`charts.Chart.table`) for the page, the PDF and the CSV/XLSX download. The
official statistics are shown in full to every reader; the platform's own counts about people as the reader's
remit cuts them out of the district's publication, so a municipal manager sees their own municipality and,
for the others, only the statistics.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wegweiser.lagebild import indicators
from wegweiser.lagebild.charts import (
    Chart,
    Datum,
    PyramidBand,
    Series,
    bar_chart,
    choropleth,
    load_boundaries,
    population_pyramid,
    time_series,
)
from wegweiser.lagebild.indicators import OwnFigures, Point, Region

LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


def _datum(point: Point | None) -> Datum:
    if point is None:
        return Datum(None)
    return Datum(point.value) if point.value is not None else Datum(None, point.reason or _("not published"))


def _cell_datum(cell: Any) -> Datum:
    if cell is None:
        return Datum(None, _("outside your remit"))
    return Datum.from_cell(cell)


def _yearly(title: str, unit: str, keys: Sequence[str], region: Region, chart_id: str, decimals=0) -> Chart | None:
    found = {key: indicators.statistics_series(key, [region]).get(region.key, []) for key in keys}
    years = sorted({point.reference_date.year for points in found.values() for point in points})
    if not years:
        return None
    series = []
    for key, points in found.items():
        by_year = {point.reference_date.year: point for point in points}
        if by_year:
            label = str(indicators.INDICATORS[key].label)
            series.append(Series(label, tuple(_datum(by_year.get(year)) for year in years)))
    return time_series(
        title=title,
        periods=[str(year) for year in years],
        series=series,
        unit=unit,
        decimals=decimals,
        chart_id=chart_id,
    )


def chart_population(region: Region, figures: OwnFigures | None) -> Chart | None:
    return _yearly(
        _("Foreign population and protection seekers in %(region)s") % {"region": region.name},
        _("people"),
        ["foreign_population", "protection_seekers"],
        region,
        "population",
    )


def chart_foreign_share(region: Region, figures: OwnFigures | None) -> Chart | None:
    return _yearly(
        _("Foreign share of the population in %(region)s") % {"region": region.name},
        "%",
        ["foreign_share"],
        region,
        "foreign_share",
        decimals=1,
    )


def chart_kita(region: Region, figures: OwnFigures | None) -> Chart | None:
    return _yearly(
        _("Kita places per 100 children (Versorgungsquote) in %(region)s") % {"region": region.name},
        "%",
        ["kita_coverage_u3", "kita_coverage_u6"],
        region,
        "kita",
        decimals=1,
    )


AGE_KEYS = ("age_under_1", "age_1_2", "age_3_5", "age_6_9", "age_10_17", "age_18_64", "age_65_plus")


def chart_age_groups(region: Region, figures: OwnFigures | None) -> Chart | None:
    latest = {}
    for key in AGE_KEYS:
        points = indicators.statistics_series(key, [region]).get(region.key, [])
        latest[key] = points[-1] if points else None
    dates = [point.reference_date for point in latest.values() if point is not None]
    if not dates:
        return None
    when = date_format(max(dates), "SHORT_DATE_FORMAT")
    return bar_chart(
        title=_("Age groups for planning in %(region)s, %(date)s") % {"region": region.name, "date": when},
        categories=[str(indicators.INDICATORS[key].label) for key in AGE_KEYS],
        series=[Series(_("people"), tuple(_datum(latest[key]) for key in AGE_KEYS))],
        unit=_("people"),
        chart_id="age_groups",
    )


def chart_nationalities(region: Region, figures: OwnFigures | None) -> Chart | None:
    latest, top = indicators.top_nationalities(region)
    if not top:
        return None
    return bar_chart(
        title=_("Largest nationalities in %(region)s, %(date)s")
        % {"region": region.name, "date": date_format(latest, "SHORT_DATE_FORMAT")},
        categories=[label for label, _value in top],
        series=[Series(_("foreign population"), tuple(Datum(value) for _label, value in top))],
        unit=_("people"),
        chart_id="nationalities",
    )


def chart_pyramid(region: Region, figures: OwnFigures | None) -> Chart | None:
    latest, bands = indicators.population_by_age_and_sex(region)
    if not bands:
        return None
    return population_pyramid(
        title=_("Population by age and sex in %(region)s, %(date)s")
        % {"region": region.name, "date": date_format(latest, "SHORT_DATE_FORMAT")},
        bands=[PyramidBand(label, Datum(male), Datum(female)) for label, male, female in bands],
        unit=_("people"),
    )


def chart_arrivals(region: Region, figures: OwnFigures | None) -> Chart | None:
    if figures is None:
        return None
    today = timezone.localdate()
    months = indicators.months_since(figures.since, today)
    cells = indicators.arrivals_cells(figures, region, months)
    return time_series(
        title=_("Arrivals per month registered by the Migrationszentrum in %(region)s") % {"region": region.name},
        periods=[date_format(month, "YEAR_MONTH_FORMAT") for month in months],
        series=[Series(_("arrivals"), tuple(_cell_datum(cell) for cell in cells))],
        unit=_("people"),
        chart_id="arrivals",
    )


def chart_courses(region: Region, figures: OwnFigures | None) -> Chart | None:
    if figures is None:
        return None
    total, by_level, seats = indicators.course_cells(figures, region)
    levels = [level for level in LEVELS if level in by_level or level in seats] or list(LEVELS[:3])
    waiting = [_cell_datum(by_level[level]) if level in by_level else Datum(None) for level in levels]
    if total is None:
        waiting = [Datum(None, _("outside your remit")) for _level in levels]
    return bar_chart(
        title=_("German courses in %(region)s: people waiting and free seats by level") % {"region": region.name},
        categories=levels,
        series=[
            Series(_("people waiting"), tuple(waiting)),
            Series(_("free seats"), tuple(Datum(seats.get(level, 0)) for level in levels)),
        ],
        unit=_("people or seats"),
        chart_id="courses",
    )


def chart_participation(region: Region, figures: OwnFigures | None) -> Chart | None:
    if figures is None:
        return None
    surveys = indicators.participation_cells(region, figures.municipality_ids)
    if not surveys:
        return None
    return bar_chart(
        title=_("Answers to surveys and feedback forms in %(region)s") % {"region": region.name},
        categories=[title for title, _cell in surveys],
        series=[Series(_("answers"), tuple(_cell_datum(cell) for _title, cell in surveys))],
        unit=_("answers"),
        chart_id="participation",
    )


CHARTS: dict[str, Callable[[Region, OwnFigures | None], Chart | None]] = {
    "population": chart_population,
    "foreign_share": chart_foreign_share,
    "nationalities": chart_nationalities,
    "age_groups": chart_age_groups,
    "pyramid": chart_pyramid,
    "kita": chart_kita,
    "arrivals": chart_arrivals,
    "courses": chart_courses,
    "participation": chart_participation,
}


def region_charts(region: Region, figures: OwnFigures | None, only: str | None = None) -> list[tuple[str, Chart]]:
    """The charts of a region (one, for a download), in page order; charts without figures left out."""
    charts = []
    for key, build in CHARTS.items():
        if only is not None and key != only:
            continue
        chart = build(region, figures)
        if chart is not None:
            charts.append((key, chart))
    return charts


MAP_INDICATORS = (
    "foreign_share",
    "foreign_population",
    "protection_seekers",
    "kita_coverage_u3",
    "kita_coverage_u6",
    "children_u3",
)


def map_chart(key: str) -> Chart:
    """The municipalities on the VG250 map, shaded by an indicator's latest figure."""
    indicator = indicators.INDICATORS[key]
    boundaries = load_boundaries()
    on_map = {m.key for m in boundaries.municipalities}
    regions = [r for r in indicators.lagebild_regions() if r.kind == "municipality" and r.key in on_map]
    series = indicators.statistics_series(key, regions)
    latest = max((p.reference_date for points in series.values() for p in points), default=None)
    values = {}
    for region in regions:
        point = next((p for p in series.get(region.key, []) if p.reference_date == latest), None)
        values[region.key] = _datum(point)
    when = date_format(latest, "SHORT_DATE_FORMAT") if latest else "–"
    return choropleth(
        title=_("%(indicator)s by municipality, %(date)s") % {"indicator": indicator.label, "date": when},
        values=values,
        unit=str(indicator.unit),
        decimals=1 if indicator.unit == "%" else 0,
        boundaries=boundaries,
    )
