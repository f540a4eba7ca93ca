"""The forecast page's inputs and outputs: a municipality's figures read from the statistics into the pure
`forecast` package, the planner's scenario applied, the back-test run where history exists, and the council's
PDF report assembled from the same charts as the pages."""

import contextlib
import dataclasses
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from wegweiser.core.publication import SMALL, THRESHOLD, Cell
from wegweiser.lagebild import dashboard, indicators
from wegweiser.lagebild.charts import Chart, Datum, Series, Table, time_series
from wegweiser.lagebild.forecast import (
    AreaForecast,
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
    arrival_shares,
    backtest,
    forecast_area,
    forecast_municipality,
    format_number,
    kita_bands,
)
from wegweiser.lagebild.forecast.working import Unit
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
# The fallbacks where no history is loaded (`arrival_profile`): the shape of a wave like 2022 over three years,
# and who arrives: a share of each year of age 0-5, adults.
WAVE_SHAPE = (Decimal(6), Decimal(3), Decimal(1))
CHILD_AGE_SHARES = {age: Decimal("0.015") for age in range(6)}
ADULT_SHARE = Decimal("0.7")


def children_by_region(keys: Sequence[str]) -> dict[str, dict[int, dict[int, Decimal]]]:
    """Children by single year of age at each reference date, for several regions in one query:
    region key -> year -> age -> count (figures only)."""
    district = installation_district()
    tables = _tables_matching(SINGLE_AGES, district) if district else {}
    history: dict[str, dict[int, dict[int, Decimal]]] = {}
    rows = Observation.objects.filter(
        district=district,
        table_id__in=tables,
        measure_code="BEVSTD",
        region_key__in=list(keys),
        value__isnull=False,
    ).values_list("region_key", "reference_date", "breakdown_key", "value")
    for key, reference_date, breakdown_key, value in rows:
        match = AGE_CODE.match(breakdown_key)
        if match:
            history.setdefault(key, {}).setdefault(reference_date.year, {})[int(match.group(1))] = Decimal(value)
    return history


def children_by_year(region: Region) -> dict[int, dict[int, Decimal]]:
    """Children by single year of age at each reference date: year -> age -> count (figures only)."""
    return children_by_region([region.key]).get(region.key, {})


def kita_places_by_region(keys: Sequence[str]) -> dict[str, dict[str, dict[int, Decimal]]]:
    """Kita places by band and year for several regions in one query: region key -> band -> year -> places."""
    district = installation_district()
    tables = _tables_matching(KITA, district) if district else {}
    band_of = {"ALTER=unter 3": "U3", "ALTER=3 bis 5": "Ü3"}
    places: dict[str, dict[str, dict[int, Decimal]]] = {key: {"U3": {}, "Ü3": {}} for key in keys}
    rows = Observation.objects.filter(
        district=district, table_id__in=tables, measure_code="kita_plaetze", region_key__in=list(keys)
    ).filter(value__isnull=False, breakdown_key__in=list(band_of))
    for key, reference_date, breakdown_key, value in rows.values_list(
        "region_key", "reference_date", "breakdown_key", "value"
    ):
        places[key][band_of[breakdown_key]][reference_date.year] = Decimal(value)
    return places


def kita_places(region: Region) -> dict[str, dict[int, Decimal]]:
    return kita_places_by_region([region.key])[region.key]


def residents_by_region(regions: Sequence[Region]) -> dict[str, Decimal | None]:
    """Each region's latest population figure (None where none is loaded): the key for sharing arrivals."""
    series = indicators.statistics_series("population", list(regions))
    return {
        region.key: next((p.value for p in reversed(series.get(region.key, [])) if p.value is not None), None)
        for region in regions
    }


@dataclass(frozen=True)
class ForecastPage:
    region: Region
    forecast: MunicipalityForecast | AreaForecast
    backtest: Backtest | None
    chart: Chart
    course_chart: Chart | None
    notes: tuple[str, ...]
    members: tuple[MunicipalityForecast, ...] = ()  # an area's municipalities, each forecast on its own


def municipality_data(
    region: Region,
    figures: OwnFigures | None,
    *,
    history: dict[int, dict[int, Decimal]] | None = None,
    places: dict[str, dict[int, Decimal]] | None = None,
    residents: Decimal | None = None,
    base_year: int | None = None,
) -> tuple[MunicipalityData, list[str]]:
    history = children_by_year(region) if history is None else history
    if not history:
        raise ForecastInputError(_("There are no children by single year of age loaded for this municipality."))
    base_year = max(history) if base_year is None else base_year
    notes = []
    seats: dict[str, dict[int, Decimal]] = {}
    waiting: dict[str, Decimal] = {}
    hidden: dict[str, tuple[Decimal, Decimal | None]] = {}
    if figures is not None:
        _total, by_level, free = indicators.course_cells(figures, region)
        for level in COURSE_LEVELS:
            # Free seats per level, never added across levels: a free A1 seat does not serve a B1 learner.
            seats[level.code] = {base_year + 1: Decimal(free.get(level.code, 0))}
            cell = by_level.get(level.code)
            if cell is None:
                continue
            if cell.value is not None:
                waiting[level.code] = Decimal(cell.value)
            else:
                hidden[level.code] = hidden_count_bounds(cell)
                waiting[level.code] = hidden[level.code][0]
        if hidden:
            notes.append(
                _(
                    "Some numbers of people waiting are not published (fewer than %(threshold)s people, or hidden so "
                    "that such a number cannot be worked out). The publication rule promises that every hidden "
                    "number is at least 1, so the forecast counts each as 1, the least it can be; a number hidden "
                    "for being small is at most %(most)s. The waits may therefore be longer than shown."
                )
                % {"threshold": THRESHOLD, "most": THRESHOLD - 1}
            )
    data = MunicipalityData(
        key=region.key,
        name=region.name,
        base_year=base_year,
        population=history[base_year],
        births={year: ages[0] for year, ages in history.items() if 0 in ages and year <= base_year},
        kita_places=kita_places(region) if places is None else places,
        course_seats=seats,
        course_waiting=waiting,
        residents=residents,
        course_waiting_range=hidden,
    )
    return data, notes


def hidden_count_bounds(cell: Cell) -> tuple[Decimal, Decimal | None]:
    """What the publication rule lets a reader know of a hidden count of people: at least 1 always; at most
    THRESHOLD - 1 when it was hidden for being small (a secondary suppression promises no upper bound)."""
    if cell.reason == SMALL:
        return Decimal(1), Decimal(THRESHOLD - 1)
    return Decimal(1), None


# The wave the scenario is like, and the age codes of the protection-seekers tables (flat: ALT000B03, ALT075UM;
# classic: the labels "unter 3 Jahre", "3 bis unter 6 Jahre", "75 Jahre und mehr").
WAVE_YEAR = 2022
WAVE_YEARS = 3
AGE_RANGE_CODE = re.compile(r"^ALT(\d{3})B(\d{2,3})$")
AGE_OPEN_CODE = re.compile(r"^ALT(\d{3})UM$")
AGE_RANGE_LABEL = re.compile(r"^(?:(\d+) bis )?unter (\d+) Jahre$")
AGE_OPEN_LABEL = re.compile(r"^(\d+) Jahre und (?:mehr|älter)$")
ADULT_AGE = 18


@dataclass(frozen=True)
class ArrivalProfile:
    """How arrivals are spread over the years of a wave and over ages, and where that came from (the working)."""

    shape: tuple[Decimal, ...]
    shape_note: str
    child_age_shares: dict[int, Decimal]
    adult_share: Decimal
    ages_note: str


def _fmt(value: Decimal) -> str:
    return format_number(value)


def _wave_shape() -> tuple[tuple[Decimal, ...], str]:
    """The wave's shape from the district's protection seekers: the increase of each year from WAVE_YEAR on
    (arrivals less departures), shown relative to the mean yearly increase of the three years before."""
    regions = indicators.lagebild_regions()
    if regions:
        series = indicators.statistics_series("protection_seekers", regions[:1]).get(regions[0].key, [])
        stock = {p.reference_date.year: p.value for p in series if p.value is not None}
        years = []
        for year in range(WAVE_YEAR, WAVE_YEAR + WAVE_YEARS):
            if year not in stock or year - 1 not in stock:
                break
            years.append(year)
        increases = [max(stock[year] - stock[year - 1], Decimal(0)) for year in years]
        if increases and increases[0] > 0:
            earlier = [
                stock[y] - stock[y - 1] for y in range(WAVE_YEAR - 3, WAVE_YEAR) if y in stock and y - 1 in stock
            ]
            before = sum(earlier, Decimal(0)) / len(earlier) if earlier else Decimal(0)
            parts = ", ".join(
                f"{year}: {_fmt(increase)}" + (f" ({_fmt(increase / before)} ×)" if before > 0 else "")
                for year, increase in zip(years, increases, strict=True)
            )
            source = next(p.source for p in series if p.value is not None)
            note = _(
                "The wave's shape comes from the protection seekers in %(region)s (%(table)s): the increase of "
                "each year from %(year)s, against a mean of %(before)s a year before the wave: %(parts)s."
            ) % {"region": regions[0].name, "table": source, "year": WAVE_YEAR, "before": _fmt(before), "parts": parts}
            return tuple(increases), note
    fallback = " : ".join(_fmt(value) for value in WAVE_SHAPE)
    return WAVE_SHAPE, _(
        "No rise of the protection seekers in %(year)s is loaded, so the wave's shape is the assumed %(shape)s."
    ) % {"year": WAVE_YEAR, "shape": fallback}


def _age_range(code: str) -> tuple[int, int | None] | None:
    """The ages (from, up to but not including; None: open) a breakdown code or label stands for."""
    for pattern, is_open in ((AGE_RANGE_CODE, False), (AGE_OPEN_CODE, True), (AGE_RANGE_LABEL, False)):
        match = pattern.match(code)
        if match:
            if is_open:
                return int(match.group(1)), None
            return int(match.group(1) or 0), int(match.group(2))
    match = AGE_OPEN_LABEL.match(code)
    return (int(match.group(1)), None) if match else None


def _arrival_ages() -> tuple[dict[int, Decimal], Decimal, str] | None:
    """The age shares of the protection seekers who came since the year before the wave, where a table of
    them by age is loaded: the increase per age group from then to the latest reference date."""
    district = installation_district()
    regions = indicators.lagebild_regions()
    tables = _tables_matching(indicators.PROTECTION, district) if district else {}
    if not tables or not regions:
        return None
    rows = (
        Observation.objects.filter(
            district=district, table_id__in=tables, region_key=regions[0].key, value__isnull=False
        )
        .values_list("table_id", "reference_date", "breakdown_key", "value")
        .order_by()
    )
    by_group: dict[tuple[int, tuple[int, int | None]], dict[int, Decimal]] = {}
    for table_id, reference_date, breakdown_key, value in rows:
        for part in breakdown_key.split("|"):
            ages = _age_range(part.split("=", 1)[-1])
            if ages is not None:
                counts = by_group.setdefault((table_id, ages), {})
                counts[reference_date.year] = counts.get(reference_date.year, Decimal(0)) + Decimal(value)
                break
    for table_id, code in tables.items():
        groups = {ages: counts for (tid, ages), counts in by_group.items() if tid == table_id}
        latest = max((year for counts in groups.values() for year in counts), default=None)
        if latest is None or latest < WAVE_YEAR:
            continue
        start = WAVE_YEAR - 1
        increase = {
            ages: max(counts.get(latest, Decimal(0)) - counts.get(start, Decimal(0)), Decimal(0))
            for ages, counts in groups.items()
            if start in counts
        }
        total = sum(increase.values(), Decimal(0))
        if total <= 0:
            continue
        # A group's count spread evenly over its single years; an open group (75 and over) counts as adults.
        child_counts: dict[int, Decimal] = {}
        adult_count = Decimal(0)
        for (low, high), count in increase.items():
            top = high if high is not None else max(low + 1, ADULT_AGE)
            width = top - low
            for age in range(low, min(top, 6)):
                child_counts[age] = child_counts.get(age, Decimal(0)) + count / width
            adult_count += count * max(0, top - max(low, ADULT_AGE)) / width
        children = {age: count / total for age, count in child_counts.items()}
        adults = adult_count / total
        note = _(
            "The arrivals' ages come from the protection seekers by age in %(region)s (%(table)s): the %(total)s "
            "who came from %(start)s to %(latest)s, of them %(children)s aged 0 to 5 and %(adults)s adults."
        ) % {
            "region": regions[0].name,
            "table": code,
            "total": _fmt(total),
            "start": start,
            "latest": latest,
            "children": format_number(sum(children.values(), Decimal(0)), Unit.RATE),
            "adults": format_number(adults, Unit.RATE),
        }
        return children, adults, note
    return None


def arrival_profile() -> ArrivalProfile:
    """The wave's shape and the arrivals' ages from the statistics where they are loaded, else the constants."""
    shape, shape_note = _wave_shape()
    ages = _arrival_ages()
    if ages is None:
        return ArrivalProfile(
            shape,
            shape_note,
            CHILD_AGE_SHARES,
            ADULT_SHARE,
            _(
                "No protection seekers by age are loaded, so the arrivals' ages are assumed: %(child)s of them "
                "aged each year from 0 to 5 and %(adults)s adults."
            )
            % {
                "child": format_number(CHILD_AGE_SHARES[0], Unit.RATE),
                "adults": format_number(ADULT_SHARE, Unit.RATE),
            },
        )
    children, adults, ages_note = ages
    return ArrivalProfile(shape, shape_note, children, adults, ages_note)


def assumptions_from(
    cleaned: dict[str, Any], base_year: int, profile: ArrivalProfile | None = None
) -> tuple[Assumptions, ArrivalScenario]:
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
    child_shares = profile.child_age_shares if profile is not None else CHILD_AGE_SHARES
    adult_share = profile.adult_share if profile is not None else ADULT_SHARE
    if kind == "wave_2022":
        scenario = ArrivalScenario.wave_like_2022(
            first_year=base_year + 1,
            total=Decimal(cleaned["scenario_arrivals"]),
            yearly_shape=profile.shape if profile is not None else WAVE_SHAPE,
            child_age_shares=child_shares,
            adult_share=adult_share,
        )
    elif kind == "custom":
        scenario = ArrivalScenario.custom(
            name=cleaned["scenario_name"].strip(),
            arrivals={year: Decimal(cleaned["scenario_arrivals"]) for year in years},
            child_age_shares=child_shares,
            adult_share=adult_share,
        )
    else:
        scenario = ArrivalScenario.baseline()
    return assumptions, scenario


def forecast_region(key: str) -> Region | None:
    """The municipality, Samtgemeinde or district the forecast is for (by its key); the first municipality
    when the key names none."""
    regions = indicators.lagebild_regions()
    municipalities = [r for r in regions if r.kind == "municipality"]
    return next((r for r in regions if r.key == key), municipalities[0] if municipalities else None)


def member_regions(region: Region) -> list[Region]:
    """The municipalities an area adds up (a municipality: itself)."""
    if region.kind == "municipality":
        return [region]
    wanted = set(region.members)
    return [r for r in indicators.lagebild_regions() if r.kind == "municipality" and r.key in wanted]


@dataclass(frozen=True)
class MemberRun:
    """The municipalities' forecasts with one scenario, the arrivals shared among them by residents."""

    forecasts: tuple[MunicipalityForecast, ...]
    assumptions: Assumptions
    history: dict[int, dict[int, Decimal]]  # the members' children added up, for the back-test
    notes: tuple[str, ...]


def _summed_history(histories: Sequence[dict[int, dict[int, Decimal]]]) -> dict[int, dict[int, Decimal]]:
    years = set.intersection(*(set(history) for history in histories))
    summed: dict[int, dict[int, Decimal]] = {}
    for year in years:
        ages = {age for history in histories for age in history[year]}
        summed[year] = {age: sum((h[year].get(age, Decimal(0)) for h in histories), Decimal(0)) for age in ages}
    return summed


def member_forecasts(members: Sequence[Region], cleaned: dict[str, Any], figures: OwnFigures | None) -> MemberRun:
    """Every member forecast with the planner's assumptions from the latest year all of them have loaded;
    the scenario's arrivals are the area's, each member taking its share of the area's residents."""
    histories = children_by_region([member.key for member in members])
    missing = [member.name for member in members if not histories.get(member.key)]
    if len(members) == 1 and missing:
        raise ForecastInputError(_("There are no children by single year of age loaded for this municipality."))
    if missing:
        raise ForecastInputError(
            _("There are no children by single year of age loaded for %(municipalities)s.")
            % {"municipalities": ", ".join(missing)}
        )
    base_year = min(max(history) for history in histories.values())
    places = kita_places_by_region([member.key for member in members])
    residents = residents_by_region(members) if len(members) > 1 else {}
    notes: list[str] = []
    data = []
    for member in members:
        item, member_notes = municipality_data(
            member,
            figures,
            history=histories[member.key],
            places=places[member.key],
            residents=residents.get(member.key),
            base_year=base_year,
        )
        data.append(item)
        notes += [note for note in member_notes if note not in notes]
    profile = None
    if cleaned.get("scenario") in ("wave_2022", "custom"):
        profile = arrival_profile()
        if cleaned["scenario"] == "wave_2022":
            notes.append(profile.shape_note)
        notes.append(profile.ages_note)
    assumptions, scenario = assumptions_from(cleaned, base_year, profile)
    if len(data) == 1:
        shares = {data[0].key: Decimal(1)}
    elif scenario.arrivals:
        shares = arrival_shares(data)
    else:
        shares = {item.key: Decimal(0) for item in data}
    forecasts = tuple(
        forecast_municipality(item, assumptions, scenario, arrival_share=shares[item.key]) for item in data
    )
    history = _summed_history([histories[member.key] for member in members])
    return MemberRun(forecasts, assumptions, {y: a for y, a in history.items() if y <= base_year}, tuple(notes))


def _backtest(region: Region, history: dict[int, dict[int, Decimal]], assumptions: Assumptions, base_year: int):
    past = sorted(year for year in history if year < base_year and year + 1 in history)
    if not past:
        return None
    start = past[max(0, len(past) - 3)]
    try:
        return backtest(
            key=region.key,
            name=region.name,
            history=history,
            births={year: ages[0] for year, ages in history.items() if 0 in ages},
            from_year=start,
            assumptions=assumptions,
        )
    except ForecastInputError:
        return None


def area_of(region: Region, forecasts: Sequence[MunicipalityForecast]) -> AreaForecast:
    """The area's forecast as the sum of its members' (each figure's working names the parts)."""
    wanted = set(region.members)
    return forecast_area([f for f in forecasts if f.key in wanted], key=region.key, name=region.name)


def forecast_page(region: Region, cleaned: dict[str, Any], figures: OwnFigures | None) -> ForecastPage:
    """The forecast of a municipality, or of a Samtgemeinde or the district as the sum of its municipalities'."""
    run = member_forecasts(member_regions(region), cleaned, figures)
    first = run.forecasts[0]
    result: MunicipalityForecast | AreaForecast = first
    members: tuple[MunicipalityForecast, ...] = ()
    notes = list(run.notes)
    if region.kind != "municipality":
        result, members = area_of(region, run.forecasts), run.forecasts
        notes.insert(
            0,
            _(
                "The figures of %(region)s are the sums of its %(count)s municipalities' forecasts; the scenario's "
                "arrivals are shared among them by residents. German-course seats serve the whole area."
            )
            % {"region": region.name, "count": len(members)},
        )
    check = _backtest(region, run.history, run.assumptions, first.base_year)
    return ForecastPage(region, result, check, kita_chart(result), course_chart(result), tuple(notes), members)


def kita_chart(result: MunicipalityForecast | AreaForecast) -> Chart:
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


def course_chart(result: MunicipalityForecast | AreaForecast) -> Chart | None:
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


@dataclass(frozen=True)
class DistrictForecast:
    """The district's forecast and, from the same run of its municipalities, each Samtgemeinde's."""

    page: ForecastPage
    samtgemeinden: tuple[AreaForecast, ...]


def district_forecast(cleaned: dict[str, Any], figures: OwnFigures | None) -> DistrictForecast | None:
    regions = indicators.lagebild_regions()
    if not regions:
        return None
    page = forecast_page(regions[0], cleaned, figures)
    groups = tuple(
        area_of(region, page.members) for region in regions if region.kind == "samtgemeinde" and region.members
    )
    return DistrictForecast(page, groups)


def forecast_table(result: MunicipalityForecast | AreaForecast) -> Table:
    """The forecast in one table for the PDF: per year the Kita need and places of each band, and the expected
    wait for a German course per level (levels side by side, never added up)."""
    first = result.years[0]
    bands, levels = list(first.kita), list(first.courses)
    headers = [_("Year")]
    for code in bands:
        headers += [_("%(band)s need") % {"band": code}, _("%(band)s places") % {"band": code}]
    headers += [_("%(level)s: weeks of waiting") % {"level": code} for code in levels]
    rows = []
    for year in result.years:
        row: list[str | Datum] = [str(year.year)]
        for code in bands:
            row += [Datum(year.kita[code].need.value.quantize(Decimal(1))), Datum(year.kita[code].places.value)]
        for code in levels:
            wait = year.courses[code].wait_weeks
            row.append(Datum(wait.value.quantize(Decimal(1))) if wait is not None else Datum(None))
        rows.append(tuple(row))
    return Table(
        caption=_("Forecast for %(region)s") % {"region": result.name},
        headers=tuple(headers),
        rows=tuple(rows),
    )


def _forecast_section(page: ForecastPage, heading: str) -> Section:
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
    return Section(
        heading=heading,
        paragraphs=tuple(paragraphs + list(page.notes)),
        charts=charts,
        tables=(forecast_table(page.forecast),),
    )


def lagebild_report(
    *,
    figures: OwnFigures,
    page: ForecastPage | None,
    today: datetime.date,
    district: DistrictForecast | None = None,
) -> Report:
    """The council's report: the district's charts, the forecast the planner set, and the district's forecast
    with one table per Samtgemeinde (with the same scenario), with sources."""
    whole = indicators.lagebild_regions()[0]
    sections = [
        Section(
            heading=_("The district at a glance"),
            charts=tuple(chart for _key, chart in dashboard.region_charts(whole, figures)),
        )
    ]
    with contextlib.suppress(ValueError):
        sections.append(Section(heading=_("Map of the municipalities"), charts=(dashboard.map_chart("foreign_share"),)))
    if page is not None and (district is None or page.region != district.page.region):
        sections.append(_forecast_section(page, _("Forecast")))
    if district is not None:
        sections.append(_forecast_section(district.page, _("Forecast for the district")))
        if district.samtgemeinden:
            sections.append(
                Section(
                    heading=_("Forecast by Samtgemeinde"),
                    paragraphs=(
                        _(
                            "Each Samtgemeinde is the sum of its municipalities in the district's forecast above, "
                            "with the district's arrivals shared by residents."
                        ),
                    ),
                    tables=tuple(forecast_table(area) for area in district.samtgemeinden),
                )
            )
    return Report(date=today, district=whole.name, sections=tuple(sections), sources=report_sources())
