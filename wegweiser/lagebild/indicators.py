"""The Lagebild's indicators per municipality, Samtgemeinde and district, over time.

Two kinds of source:

- **Official statistics and the district's own figures** (`Observation`): foreign population and share, top
  nationalities, protection seekers, the planning age groups, Kita places against children (Versorgungsquote
  U3 and Ü3). Each indicator names the cells it reads (`Cells`: a table code pattern, a measure and the
  breakdowns it adds up), so a new table of a known layout is picked up without code once its code matches.
  These figures are published already (the statistical offices keep their own secrecy, shown as markers):
  they are shown to every reader in full. A marker in any cell an indicator adds up makes the figure None,
  never 0. Sums per reference date and region are computed in the database; a Samtgemeinde is the sum of its
  members, the district its own row (or the sum of its municipalities where the table has none).
- **The platform's own counts about people**, only through the aggregate selectors of casework (arrivals per
  month) and language (people waiting for a course, free seats by level). These are `core.publication`
  publications over the whole district, cut to the reader's remit (`territory.remit`), so no figure shown
  beside another reveals a hidden count.

A small stable API for other apps (the Integrationskonzept links its indicators to these):
`indicator_catalogue()` -> [`IndicatorInfo`(key, label, unit)] and `indicator_series(key, region_key)` ->
[(reference date, value or None, source)], with values as the district-wide publication shows them.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Count, IntegerField, Max, Min, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.core.publication import CELLS, Cell, Publication
from wegweiser.core.request_memo import request_memo
from wegweiser.lagebild.models import Observation, StatisticTable
from wegweiser.lagebild.services import installation_district
from wegweiser.lagebild.statistics.types import MARKER_LABELS, Marker
from wegweiser.territory.models import Municipality, MunicipalityKind
from wegweiser.territory.remit import remit_for_user
from wegweiser.territory.selectors import publication_in_remit

OWN_SOURCE = gettext_lazy("Wegweiser (Migrationszentrum, Deutsch lernen)")
PARTICIPATION_SOURCE = gettext_lazy("Wegweiser (surveys and feedback forms)")
ARRIVAL_MONTHS = 24


# --- Regions ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    """A municipality (its AGS), a Samtgemeinde (its regional key) or the district (its AGS)."""

    key: str
    name: str
    kind: str  # "municipality", "samtgemeinde", "district"
    municipality_id: int | None
    members: tuple[str, ...]  # the AGS of the municipalities it adds up (a municipality: itself)
    member_ids: tuple[int, ...]


def lagebild_regions() -> list[Region]:
    """The district, its Samtgemeinden and its municipalities (those with an AGS), in that order; read once per
    request or job (`core.request_memo`)."""
    return list(request_memo("lagebild.regions", _read_regions))


def _read_regions() -> list[Region]:
    district = installation_district()
    if district is None:
        return []
    towns = list(
        Municipality.objects.filter(district=district)
        .local()
        .exclude(ags=None)
        .order_by("name")
        .values_list("id", "ags", "name", "samtgemeinde_id")
    )
    groups = list(
        Municipality.objects.filter(district=district, kind=MunicipalityKind.SAMTGEMEINDE)
        .order_by("name")
        .values_list("id", "regional_key", "name")
    )
    regions = [
        Region(district.ags, district.name, "district", None, tuple(t[1] for t in towns), tuple(t[0] for t in towns))
    ]
    for group_id, regional_key, name in groups:
        members = [t for t in towns if t[3] == group_id]
        regions.append(
            Region(
                regional_key, name, "samtgemeinde", group_id, tuple(t[1] for t in members), tuple(t[0] for t in members)
            )
        )
    regions += [Region(ags, name, "municipality", pk, (ags,), (pk,)) for pk, ags, name, _sg in towns]
    return regions


def region_by_key(key: str) -> Region | None:
    return next((region for region in lagebild_regions() if region.key == key), None)


# --- Indicators from the statistics -------------------------------------------------------------------------


@dataclass(frozen=True)
class Cells:
    """Where an indicator is read: tables whose code matches `table` (a regular expression), one measure, and
    the breakdown keys added up (one cell each per region and reference date)."""

    table: str
    measure: str
    breakdowns: tuple[str, ...]  # EVERY_CELL: all cells of the measure (a flat table without a total row)


@dataclass(frozen=True)
class IndicatorInfo:
    key: str
    label: Any
    unit: Any


@dataclass(frozen=True)
class CountIndicator(IndicatorInfo):
    sources: tuple[Cells, ...]  # the first one with figures for a reference date wins


@dataclass(frozen=True)
class RatioIndicator(IndicatorInfo):
    numerator: str
    denominator: str
    factor: Decimal = Decimal(100)


@dataclass(frozen=True)
class OwnIndicator(IndicatorInfo):
    """A count about people from the platform itself (published under `core.publication`)."""


class Point(NamedTuple):
    reference_date: date
    value: Decimal | None
    source: str
    reason: str = ""


def _ages(*ages: int) -> tuple[str, ...]:
    return tuple(f"ALTX1=ALT{age:03d}" for age in ages)


def _groups(*labels: str) -> tuple[str, ...]:
    return tuple(f"ALTX17={label}|GES=Insgesamt" for label in labels)


def _classic_groups(*labels: str) -> tuple[str, ...]:
    """The cells of the classic GENESIS layout of 12411-02-03-5-B (age groups in the rows, sex in the first
    column head), as the classic reader keys them."""
    return tuple(f"Altersgruppen (unter 1 bis 75 u.m.)={label}|Spaltenkopf 1=Insgesamt" for label in labels)


EVERY_CELL = ("*",)
ADULT_GROUPS = ("18 bis unter 20 Jahre", *(f"{start} bis unter {start + 5} Jahre" for start in range(20, 65, 5)))
CLASSIC_AGE_GROUPS = r"^12411-02-03-5"
CLASSIC_MEASURE = "Bevölkerungsstand"
SINGLE_AGES = r"^(DEMO-)?12411-EJ$|^12411-\d\d-\d\d-5-EJ"
AGE_GROUPS = r"^(DEMO-)?12411-AG$|^12411-02-03-5"
FOREIGNERS = r"^(DEMO-)?12521"
FOREIGNERS_CLASSIC_MEASURE = "Ausländer"
PROTECTION = r"^(DEMO-)?12531"
KITA = r"^EIGEN-KITA$"
KITA_OFFICIAL = r"^22541"

INDICATORS: dict[str, IndicatorInfo] = {
    indicator.key: indicator
    for indicator in [
        CountIndicator(
            "population",
            gettext_lazy("Population"),
            gettext_lazy("people"),
            (
                Cells(AGE_GROUPS, "BEVSTD", _groups("Insgesamt")),
                Cells(r"^12411-01-01", "Bevölkerungsstand", ("Spaltenkopf 3=Insgesamt",)),
                Cells(CLASSIC_AGE_GROUPS, CLASSIC_MEASURE, _classic_groups("Insgesamt")),
            ),
        ),
        CountIndicator(
            "foreign_population",
            gettext_lazy("Foreign population"),
            gettext_lazy("people"),
            (
                Cells(FOREIGNERS, "BEV008", ("STAAG=Insgesamt",)),
                # The classic "Tabelle als CSV" layout (12521-0040: nationalities in the column heads).
                Cells(FOREIGNERS, FOREIGNERS_CLASSIC_MEASURE, ("Spaltenkopf 3=Insgesamt",)),
            ),
        ),
        RatioIndicator("foreign_share", gettext_lazy("Foreign share"), "%", "foreign_population", "population"),
        CountIndicator(
            "protection_seekers",
            gettext_lazy("Protection seekers"),
            gettext_lazy("people"),
            (
                Cells(PROTECTION, "BEV030", ("SCHST=Insgesamt",)),
                # 12531-0043 (flat, by protection status, sex and nationality) has no total row: every cell.
                Cells(PROTECTION, "BEV030", EVERY_CELL),
            ),
        ),
        CountIndicator(
            "age_under_1",
            gettext_lazy("Children under 1"),
            gettext_lazy("people"),
            (Cells(SINGLE_AGES, "BEVSTD", _ages(0)),),
        ),
        CountIndicator(
            "age_1_2",
            gettext_lazy("Children aged 1-2"),
            gettext_lazy("people"),
            (Cells(SINGLE_AGES, "BEVSTD", _ages(1, 2)),),
        ),
        CountIndicator(
            "age_3_5",
            gettext_lazy("Children aged 3-5"),
            gettext_lazy("people"),
            (
                Cells(SINGLE_AGES, "BEVSTD", _ages(3, 4, 5)),
                Cells(CLASSIC_AGE_GROUPS, CLASSIC_MEASURE, _classic_groups("3 bis unter 6 Jahre")),
            ),
        ),
        CountIndicator(
            "age_6_9",
            gettext_lazy("Children aged 6-9"),
            gettext_lazy("people"),
            (
                Cells(SINGLE_AGES, "BEVSTD", _ages(6, 7, 8, 9)),
                Cells(CLASSIC_AGE_GROUPS, CLASSIC_MEASURE, _classic_groups("6 bis unter 10 Jahre")),
            ),
        ),
        CountIndicator(
            "age_10_17",
            gettext_lazy("Young people aged 10-17"),
            gettext_lazy("people"),
            (
                Cells(SINGLE_AGES, "BEVSTD", _ages(*range(10, 18))),
                Cells(
                    CLASSIC_AGE_GROUPS,
                    CLASSIC_MEASURE,
                    _classic_groups("10 bis unter 15 Jahre", "15 bis unter 18 Jahre"),
                ),
            ),
        ),
        CountIndicator(
            "age_18_64",
            gettext_lazy("Adults aged 18-64"),
            gettext_lazy("people"),
            (
                Cells(
                    AGE_GROUPS,
                    "BEVSTD",
                    _groups(*ADULT_GROUPS),
                ),
                Cells(CLASSIC_AGE_GROUPS, CLASSIC_MEASURE, _classic_groups(*ADULT_GROUPS)),
            ),
        ),
        CountIndicator(
            "age_65_plus",
            gettext_lazy("People aged 65 and over"),
            gettext_lazy("people"),
            (
                Cells(AGE_GROUPS, "BEVSTD", _groups("65 bis unter 75 Jahre", "75 Jahre und mehr")),
                Cells(
                    CLASSIC_AGE_GROUPS, CLASSIC_MEASURE, _classic_groups("65 bis unter 75 Jahre", "75 Jahre und mehr")
                ),
            ),
        ),
        CountIndicator(
            "children_u3",
            gettext_lazy("Children under 3"),
            gettext_lazy("people"),
            (
                Cells(SINGLE_AGES, "BEVSTD", _ages(0, 1, 2)),
                Cells(CLASSIC_AGE_GROUPS, CLASSIC_MEASURE, _classic_groups("unter 3 Jahre")),
            ),
        ),
        CountIndicator(
            "kita_places_u3",
            gettext_lazy("Kita places under 3"),
            gettext_lazy("places"),
            (
                Cells(KITA, "kita_plaetze", ("ALTER=unter 3",)),
                Cells(KITA_OFFICIAL, "Verfügbare Plätze", ("Tageseinrichtungen für Kinder=Plätze für Krippenkinder",)),
            ),
        ),
        CountIndicator(
            "kita_places_u6",
            gettext_lazy("Kita places 3 to school age"),
            gettext_lazy("places"),
            (
                Cells(KITA, "kita_plaetze", ("ALTER=3 bis 5",)),
                Cells(
                    KITA_OFFICIAL, "Verfügbare Plätze", ("Tageseinrichtungen für Kinder=Plätze für Kindergartenkinder",)
                ),
            ),
        ),
        RatioIndicator(
            "kita_coverage_u3", gettext_lazy("Versorgungsquote under 3"), "%", "kita_places_u3", "children_u3"
        ),
        RatioIndicator("kita_coverage_u6", gettext_lazy("Versorgungsquote 3-5"), "%", "kita_places_u6", "age_3_5"),
        OwnIndicator("arrivals", gettext_lazy("Arrivals per month (Migrationszentrum)"), gettext_lazy("people")),
        OwnIndicator("course_waiting", gettext_lazy("People waiting for a German course"), gettext_lazy("people")),
        OwnIndicator("course_free_seats", gettext_lazy("Free German course seats"), gettext_lazy("seats")),
        OwnIndicator("survey_answers", gettext_lazy("Answers to surveys and feedback forms"), gettext_lazy("answers")),
    ]
}


def indicator_catalogue() -> list[IndicatorInfo]:
    """Every indicator as (key, label, unit); stable keys for other apps to link to."""
    return [IndicatorInfo(i.key, i.label, i.unit) for i in INDICATORS.values()]


def _tables_matching(pattern: str, district: Any) -> dict[int, str]:
    # Every chart and indicator of a page looks its tables up: the district's list is read once per request.
    district_id = getattr(district, "pk", district)
    tables = request_memo(
        ("lagebild.statistic_tables", district_id),
        lambda: list(StatisticTable.objects.filter(district=district_id).values_list("pk", "code")),
    )
    compiled = re.compile(pattern)
    return {pk: code for pk, code in tables if compiled.search(code)}


def _marker_reason(marker: str) -> str:
    try:
        return str(MARKER_LABELS[Marker(marker)])
    except (ValueError, KeyError):
        return _("not in the statistics")


def _read(cells: Cells, district: Any, region_keys: Iterable[str]) -> dict[tuple[str, date], Point]:
    """The sum of the cells per region and reference date, counted in the database; None with the marker's
    meaning where a cell has no figure or is missing. Read once per request or job (`core.request_memo`) (a ratio and the
    counts beside it read the same cells)."""
    keys = frozenset(region_keys)
    return dict(
        request_memo(
            ("lagebild.cells", cells, getattr(district, "pk", None), keys), lambda: _read_cells(cells, district, keys)
        )
    )


def _read_cells(cells: Cells, district: Any, region_keys: Iterable[str]) -> dict[tuple[str, date], Point]:
    tables = _tables_matching(cells.table, district)
    if not tables:
        return {}
    every = cells.breakdowns == EVERY_CELL
    selected = Observation.objects.filter(district=district, table_id__in=tables)
    if not every:
        selected = selected.filter(breakdown_key__in=cells.breakdowns)
    rows = (
        selected.filter(
            measure_code=cells.measure,
            region_key__in=list(region_keys),
        )
        .values("region_key", "reference_date")
        .annotate(
            total=Sum("value"),
            figures=Count("value"),
            # "-" is "nothing there": it adds nothing to a sum, unlike "." (secret) or "x".
            nothing=Count("id", filter=Q(value__isnull=True, marker=Marker.NOTHING.value), output_field=IntegerField()),
            cells=Count("id"),
            marker=Max("marker", filter=~Q(marker=Marker.NOTHING.value)),
            table=Min("table_id"),
        )
        .order_by()
    )
    found: dict[tuple[str, date], Point] = {}
    for row in rows:
        source = tables[row["table"]]
        expected = row["cells"] if every else len(cells.breakdowns)
        if row["figures"] + row["nothing"] == expected == row["cells"]:
            point = Point(row["reference_date"], Decimal(row["total"] or 0).normalize() + 0, source)
        else:
            point = Point(row["reference_date"], None, source, _marker_reason(row["marker"] or ""))
        found[(row["region_key"], row["reference_date"])] = point
    return found


def _count_series(indicator: CountIndicator, regions: Sequence[Region], district: Any) -> dict[str, list[Point]]:
    def read_all(keys: set[str]) -> dict[tuple[str, date], Point]:
        found: dict[tuple[str, date], Point] = {}
        for cells in indicator.sources:
            for key, point in _read(cells, district, keys).items():
                found.setdefault(key, point)
        return found

    # The regions' own rows first (the district has its own); the members only for an area without them.
    read = read_all({region.key for region in regions})
    own_keys = {key for key, _reference_date in read}
    members = {
        member
        for region in regions
        if region.kind != "municipality" and region.key not in own_keys
        for member in region.members
    } - own_keys
    if members:
        read |= read_all(members)
    dates = sorted({reference_date for _key, reference_date in read})
    series: dict[str, list[Point]] = {}
    for region in regions:
        points = []
        for reference_date in dates:
            own = read.get((region.key, reference_date))
            if own is None and region.kind != "municipality":
                parts = [read.get((member, reference_date)) for member in region.members]
                if parts and all(part is not None for part in parts):
                    if all(part.value is not None for part in parts):
                        own = Point(reference_date, sum(part.value for part in parts), parts[0].source)
                    else:
                        hidden = next(part for part in parts if part.value is None)
                        own = Point(reference_date, None, hidden.source, hidden.reason)
            if own is not None:
                points.append(own)
        series[region.key] = points
    return series


def _ratio_series(indicator: RatioIndicator, regions: Sequence[Region], district: Any) -> dict[str, list[Point]]:
    top = _series(INDICATORS[indicator.numerator], regions, district)
    bottom = _series(INDICATORS[indicator.denominator], regions, district)
    series: dict[str, list[Point]] = {}
    for region in regions:
        # Matched by year: the youth office counts places on 1 March, the population is counted on 31 December.
        by_year = {point.reference_date.year: point for point in bottom.get(region.key, [])}
        points = []
        for point in top.get(region.key, []):
            base = by_year.get(point.reference_date.year)
            if base is None:
                continue
            source = f"{point.source}, {base.source}"
            if point.value is None or base.value is None or base.value == 0:
                reason = point.reason or base.reason or _("not in the statistics")
                points.append(Point(point.reference_date, None, source, reason))
            else:
                value = (point.value * indicator.factor / base.value).quantize(Decimal("0.1"))
                points.append(Point(point.reference_date, value, source))
        series[region.key] = points
    return series


def _series(indicator: IndicatorInfo, regions: Sequence[Region], district: Any) -> dict[str, list[Point]]:
    if isinstance(indicator, CountIndicator):
        return _count_series(indicator, regions, district)
    if isinstance(indicator, RatioIndicator):
        return _ratio_series(indicator, regions, district)
    raise ValueError(f"{indicator.key} is not read from the statistics")


def statistics_series(key: str, regions: Sequence[Region] | None = None) -> dict[str, list[Point]]:
    """One statistics indicator for several regions: region key -> points, oldest first."""
    district = installation_district()
    if district is None:
        return {}
    return _series(INDICATORS[key], regions if regions is not None else lagebild_regions(), district)


def top_nationalities(region: Region, *, limit: int = 5) -> tuple[date | None, list[tuple[str, Decimal | None]]]:
    """The largest nationalities of the foreign population at the latest reference date: (label, value)."""
    district = installation_district()
    tables = _tables_matching(FOREIGNERS, district) if district else {}
    keys = [region.key] if region.kind != "samtgemeinde" else list(region.members)
    rows = Observation.objects.filter(
        district=district,
        table_id__in=tables,
        measure_code__in=["BEV008", FOREIGNERS_CLASSIC_MEASURE],
        region_key__in=keys,
    ).exclude(breakdown_key__in=["STAAG=Insgesamt", "STAAG=OTHER", "Spaltenkopf 3=Insgesamt"])
    latest = rows.aggregate(latest=Max("reference_date"))["latest"]
    if latest is None:
        return None, []
    grouped = list(
        rows.filter(reference_date=latest)
        .values("breakdown_key")
        .annotate(total=Sum("value"))
        .order_by("-total", "breakdown_key")[:limit]
    )
    keys = [row["breakdown_key"] for row in grouped]
    labels = dict(rows.filter(reference_date=latest, breakdown_key__in=keys).values_list("breakdown_key", "breakdown"))
    result = []
    for row in grouped:
        label = row["breakdown_key"].split("=", 1)[-1]
        breakdown = labels.get(row["breakdown_key"])
        if isinstance(breakdown, list) and breakdown and len(breakdown[0]) == 3 and breakdown[0][2]:
            label = breakdown[0][2]
        result.append((label, Decimal(row["total"]).normalize() + 0 if row["total"] is not None else None))
    return latest, result


def population_by_age_and_sex(region: Region) -> tuple[date | None, list[tuple[str, Decimal | None, Decimal | None]]]:
    """The age groups of the latest reference date by sex, youngest first: (label, male, female)."""
    district = installation_district()
    tables = _tables_matching(AGE_GROUPS, district) if district else {}
    keys = [region.key] if region.kind != "samtgemeinde" else list(region.members)
    rows = Observation.objects.filter(
        district=district, table_id__in=tables, measure_code="BEVSTD", region_key__in=keys
    ).exclude(breakdown_key__contains="ALTX17=Insgesamt")
    latest = rows.aggregate(latest=Max("reference_date"))["latest"]
    if latest is None:
        return None, []
    bands: dict[str, dict[str, Decimal]] = {}
    for row in (
        rows.filter(reference_date=latest, breakdown_key__regex=r"GES=GES[MW]$")
        .values("breakdown_key")
        .annotate(total=Sum("value"))
        .order_by()
    ):
        parts = dict(item.split("=", 1) for item in row["breakdown_key"].split("|"))
        bands.setdefault(parts["ALTX17"], {})[parts["GES"]] = row["total"]
    from wegweiser.lagebild.demo import AGE_GROUPS as ORDER

    order = {label: index for index, (label, _share, _years) in enumerate(ORDER)}
    return latest, [
        (label, _whole(values.get("GESM")), _whole(values.get("GESW")))
        for label, values in sorted(bands.items(), key=lambda item: order.get(item[0], 99))
    ]


def _whole(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value).normalize() + 0


def participation_cells(region: Region, municipality_ids: Iterable[int] | None) -> list[tuple[str, Any]]:
    """The published answers to the surveys of a region (a municipality's or Samtgemeinde's own surveys; for the
    district its district-wide ones), as (title, `Cell`), through participation's aggregate selector and cut to
    the reader's remit like every own count."""
    from django.utils.translation import get_language

    from wegweiser.participation.selectors import DISTRICT, participation_figures

    figures = participation_figures(get_language() or "de")
    area = {CELLS: lambda key: key[1], "municipality": lambda key: key}
    responses = publication_in_remit(figures.responses, municipality_ids, area)
    wanted = {DISTRICT} if region.kind == "district" else set(region.member_ids)
    return [
        (figures.titles.get(survey_id, str(survey_id)), cell)
        for (survey_id, where), cell in sorted(responses.cells.items(), key=lambda item: str(item[0][0]))
        if where in wanted
    ]


def _survey_answers_total(region: Region) -> Cell | None:
    """All answers to a region's own surveys as published (a municipality's sum; the district's total); a
    Samtgemeinde's sum is not published (None)."""
    from wegweiser.participation.selectors import DISTRICT, participation_aggregates

    responses = participation_aggregates()
    if region.kind == "district":
        return responses["district"].get(DISTRICT, Cell(0))
    if region.kind == "samtgemeinde":
        return None
    return responses["municipality"].get(region.municipality_id, Cell(0))


# --- The platform's own counts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnFigures:
    """The casework and language aggregates as a reader may see them (their remit cut out of the district's
    publication)."""

    arrivals: Publication
    waiting: Publication
    free_seats: Publication
    since: date
    district_wide: bool
    # The reader's municipalities (None: the whole district), for figures read beside these (participation).
    municipality_ids: frozenset[int] | None = None


def arrivals_since(today: date) -> date:
    month = today.year * 12 + today.month - 1 - (ARRIVAL_MONTHS - 1)
    return date(month // 12, month % 12 + 1, 1)


def own_figures_counted(*, today: date) -> OwnFigures:
    """The district-wide publications, counted now by the casework and language aggregate selectors."""
    from wegweiser.casework.selectors import casework_arrivals_by_month
    from wegweiser.language.selectors import language_waiting_and_seats

    since = arrivals_since(today)
    language = language_waiting_and_seats()
    return OwnFigures(
        arrivals=casework_arrivals_by_month(since=since),
        waiting=language["waiting"],
        free_seats=language["free_seats"],
        since=since,
        district_wide=True,
    )


# A snapshot older than this is not used: the page counts afresh (and the worker's housekeeping refreshes it
# every SNAPSHOT_REFRESH).
SNAPSHOT_MAX_AGE = timedelta(minutes=30)
SNAPSHOT_REFRESH = timedelta(minutes=10)


def _snapshot_figures(today: date) -> OwnFigures | None:
    from django.utils import timezone

    from wegweiser.lagebild.models import OwnFiguresSnapshot

    district = installation_district()
    snapshot = OwnFiguresSnapshot.objects.filter(district=district).first() if district else None
    if snapshot is None or snapshot.since != arrivals_since(today):
        return None
    if timezone.now() - snapshot.computed_at > SNAPSHOT_MAX_AGE:
        return None
    return figures_from_json(snapshot.data, since=snapshot.since)


def own_figures(*, municipality_ids: Iterable[int] | None, today: date) -> OwnFigures:
    """The own counts as a remit may see them (None: the whole district), cut out of the district's
    publication: from the worker's recent snapshot where there is one, else counted now."""
    figures = _snapshot_figures(today) or own_figures_counted(today=today)
    if municipality_ids is None:
        return figures
    ids = set(municipality_ids)
    arrivals_area = {
        CELLS: lambda key: key[0],
        "municipality": lambda key: key,
        "samtgemeinde": lambda key: key,
        "samtgemeinde_month": lambda key: key[0],
    }
    language_area = {CELLS: lambda key: key[0], "municipality": lambda key: key, "samtgemeinde": lambda key: key}
    return OwnFigures(
        arrivals=publication_in_remit(figures.arrivals, ids, arrivals_area),
        waiting=publication_in_remit(figures.waiting, ids, language_area),
        free_seats=publication_in_remit(figures.free_seats, ids, language_area),
        since=figures.since,
        district_wide=False,
        municipality_ids=frozenset(ids),
    )


def _key_to_json(key: Any) -> Any:
    if isinstance(key, date):
        return {"d": key.isoformat()}
    if isinstance(key, tuple):
        return [_key_to_json(part) for part in key]
    return key


def _key_from_json(value: Any) -> Any:
    if isinstance(value, dict):
        return date.fromisoformat(value["d"])
    if isinstance(value, list):
        return tuple(_key_from_json(part) for part in value)
    return value


def _publication_to_json(publication: Publication) -> dict:
    def cells(mapping):
        return [
            [_key_to_json(key), cell.value, cell.reason, _key_to_json(cell.protects) if cell.protects else None]
            for key, cell in mapping.items()
        ]

    return {
        "cells": cells(publication.cells),
        "groupings": {name: cells(mapping) for name, mapping in publication.groupings.items()},
    }


def _publication_from_json(data: dict) -> Publication:
    def cells(rows):
        return {
            _key_from_json(key): Cell(value, reason, _key_from_json(protects) if protects is not None else None)
            for key, value, reason, protects in rows
        }

    return Publication(
        cells=cells(data["cells"]), groupings={name: cells(rows) for name, rows in data["groupings"].items()}
    )


def figures_to_json(figures: OwnFigures) -> dict:
    return {
        "arrivals": _publication_to_json(figures.arrivals),
        "waiting": _publication_to_json(figures.waiting),
        "free_seats": _publication_to_json(figures.free_seats),
    }


def figures_from_json(data: dict, *, since: date) -> OwnFigures:
    return OwnFigures(
        arrivals=_publication_from_json(data["arrivals"]),
        waiting=_publication_from_json(data["waiting"]),
        free_seats=_publication_from_json(data["free_seats"]),
        since=since,
        district_wide=True,
    )


def own_figures_for_user(user: Any, *, today: date) -> OwnFigures:
    return own_figures(municipality_ids=remit_for_user(user).municipality_ids, today=today)


def months_since(since: date, today: date) -> list[date]:
    months, current = [], since
    while current <= today:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def arrivals_cells(figures: OwnFigures, region: Region, months: Sequence[date]) -> list[Any]:
    """The published arrivals of a region per month (`core.publication.Cell`; a month without arrivals is 0)."""
    from wegweiser.core.publication import Cell

    if region.kind == "district":
        if not figures.district_wide:
            return [None for _month in months]
        cells = figures.arrivals["month"]
        return [cells.get(month, Cell(0)) for month in months]
    if region.kind == "samtgemeinde":
        cells = figures.arrivals["samtgemeinde_month"]
        return [cells.get((region.municipality_id, month), Cell(0)) for month in months]
    return [figures.arrivals.cells.get((region.municipality_id, month), Cell(0)) for month in months]


def course_cells(figures: OwnFigures, region: Region) -> tuple[Any, dict[str, Any], dict[str, int]]:
    """People waiting for a course in a region (all levels, then by level) and free seats by level."""
    from wegweiser.core.publication import Cell

    waiting = figures.waiting
    if region.kind == "district":
        if not figures.district_wide:
            return None, {}, {}
        total = waiting["district"].get("district", Cell(0))
        by_level = dict(waiting["level"])
    elif region.kind == "samtgemeinde":
        total = waiting["samtgemeinde"].get(region.municipality_id, Cell(0))
        by_level = {}
    else:
        total = waiting["municipality"].get(region.municipality_id, Cell(0))
        by_level = {level: cell for (mid, level), cell in waiting.cells.items() if mid == region.municipality_id}
    seats: dict[str, int] = {}
    for (mid, level), cell in figures.free_seats.cells.items():
        if mid in region.member_ids and cell.value is not None:
            seats[level] = seats.get(level, 0) + cell.value
    return total, by_level, seats


def indicator_series(key: str, region_key: str, *, today: date | None = None) -> list[tuple[date, Decimal | None, str]]:
    """One indicator for one region: (reference date, value or None, source), oldest first. Counts about
    people as the district-wide publication shows them (hidden: None)."""
    from django.utils import timezone

    indicator = INDICATORS[key]
    region = region_by_key(region_key)
    if region is None:
        return []
    if not isinstance(indicator, OwnIndicator):
        return [(p.reference_date, p.value, p.source) for p in statistics_series(key, [region]).get(region.key, [])]
    today = today or timezone.localdate()
    figures = own_figures(municipality_ids=None, today=today)
    source = str(OWN_SOURCE)
    if key == "arrivals":
        months = months_since(figures.since, today)
        return [
            (month, None if cell.value is None else Decimal(cell.value), source)
            for month, cell in zip(months, arrivals_cells(figures, region, months), strict=True)
        ]
    if key == "survey_answers":
        cell = _survey_answers_total(region)
        value = None if cell is None or cell.value is None else Decimal(cell.value)
        return [] if cell is None else [(today, value, str(PARTICIPATION_SOURCE))]
    total, _by_level, seats = course_cells(figures, region)
    if key == "course_waiting":
        return [(today, None if total.value is None else Decimal(total.value), source)]
    return [(today, Decimal(sum(seats.values())), source)]
