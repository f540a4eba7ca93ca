"""The choropleth map of the district's municipalities from the VG250 boundaries (no tiles, offline).

Each municipality is one `<path>` with its name and value in a `<title>`, shaded by class (light to dark, so
it reads in grey) and labelled with its value; a value not published is hatched. The district's own feature
(its outline, which covers every municipality) is drawn last and never filled.
"""

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import svg
from .model import Chart, Datum, Number, Table, format_datum, format_number

BOUNDARIES = Path(__file__).resolve().parent / "data" / "vg250-03459.geojson"


@dataclass(frozen=True)
class Region:
    key: str  # AGS: 8 digits for a municipality, 5 for the district
    name: str
    kind: str  # VG250 BEZ: Stadt, Gemeinde, Landkreis
    rings: tuple[tuple[tuple[float, float], ...], ...]  # lon/lat rings, outer and holes alike


MAP_WIDTH, MAP_PAD, LEGEND_WIDTH = 470, 10, 190
LABEL_CHAR_WIDTH = 5.4  # of a digit at the labels' 9 px


@dataclass(frozen=True)
class Drawing:
    """The regions projected once: path data and label points by key, and the map's height."""

    paths: dict[str, str]
    label_points: dict[str, tuple[float, float]]
    label_room: dict[str, float]  # width free around the label point, on its line, inside the region
    height: float


@dataclass(frozen=True)
class Boundaries:
    municipalities: tuple[Region, ...]
    district: Region

    @cached_property
    def drawing(self) -> Drawing:
        # Projecting 9,000 vertices is most of a map's time and does not depend on the values.
        project = _Projection(self.district, MAP_WIDTH, MAP_PAD)
        regions = (*self.municipalities, self.district)
        return Drawing(
            paths={r.key: _path(r, project) for r in regions},
            label_points={r.key: _label_point(r, project)[0] for r in self.municipalities},
            label_room={r.key: _label_point(r, project)[1] for r in self.municipalities},
            height=project.height,
        )


@cache
def load_boundaries(path: Path = BOUNDARIES) -> Boundaries:
    """The VG250 extract: Gemeinden (8-digit AGS) and the Kreis (5-digit AGS) as separate regions."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    regions = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings = tuple(tuple((float(x), float(y)) for x, y in ring) for polygon in polygons for ring in polygon)
        props = feature["properties"]
        regions.append(Region(key=props["AGS"], name=props["GEN"], kind=props["BEZ"], rings=rings))
    districts = [r for r in regions if len(r.key) == 5]
    if len(districts) != 1:
        raise ValueError("the boundaries hold exactly one district feature")
    return Boundaries(municipalities=tuple(r for r in regions if len(r.key) == 8), district=districts[0])


def district_name(boundaries: Boundaries | None = None) -> str:
    district = (boundaries or load_boundaries()).district
    return f"{district.kind} {district.name}"


class _Projection:
    """Equirectangular with the longitudes shortened by cos(latitude): true enough for one district."""

    def __init__(self, region: Region, width: float, pad: float) -> None:
        points = [p for ring in region.rings for p in ring]
        self.lon0 = min(p[0] for p in points)
        self.lat1 = max(p[1] for p in points)
        lat_mid = (self.lat1 + min(p[1] for p in points)) / 2
        self.kx = math.cos(math.radians(lat_mid))
        span_x = (max(p[0] for p in points) - self.lon0) * self.kx
        span_y = self.lat1 - min(p[1] for p in points)
        self.scale = (width - 2 * pad) / span_x
        self.pad = pad
        self.height = span_y * self.scale + 2 * pad

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return self.pad + (lon - self.lon0) * self.kx * self.scale, self.pad + (self.lat1 - lat) * self.scale


def _path(region: Region, project: _Projection) -> str:
    parts = []
    for ring in region.rings:
        points = [project(*p) for p in ring]
        parts.append("M" + "L".join(f"{svg.num(x)} {svg.num(y)}" for x, y in points) + "Z")
    return "".join(parts)


def _label_point(region: Region, project: _Projection) -> tuple[tuple[float, float], float]:
    """The area centroid of the largest ring (good enough for the compact shapes of municipalities), and
    twice the distance from it to the ring's nearer edge along its line: the width a label may take there."""
    best, best_area, best_points = (0.0, 0.0), -1.0, []
    for ring in region.rings:
        points = [project(*p) for p in ring]
        area = cx = cy = 0.0
        for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
            cross = x1 * y2 - x2 * y1
            area += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
        if abs(area) > best_area and area:
            best_area, best, best_points = abs(area), (cx / (3 * area), cy / (3 * area)), points
    x, y = best
    crossings = sorted(
        x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        for (x1, y1), (x2, y2) in zip(best_points, best_points[1:] + best_points[:1], strict=True)
        if (y1 <= y) != (y2 <= y)
    )
    room = 0.0
    for left, right in zip(crossings[::2], crossings[1::2], strict=False):
        if left <= x <= right:
            room = 2 * min(x - left, right - x)
    return best, room


def class_breaks(values: Sequence[Number], classes: int = 5) -> tuple[float, ...]:
    """Class limits by equal counts (quantiles) of the shown values: `classes + 1` ascending limits."""
    ordered = sorted(float(v) for v in values)
    if not ordered:
        return ()
    limits = [ordered[0]]
    for k in range(1, classes):
        limit = ordered[min(len(ordered) - 1, math.ceil(k * len(ordered) / classes))]
        if limit > limits[-1]:
            limits.append(limit)
    if ordered[-1] > limits[-1] or len(limits) == 1:
        limits.append(ordered[-1])
    return tuple(limits)


def class_of(value: float, breaks: Sequence[float]) -> int:
    for index in range(len(breaks) - 2, -1, -1):
        if value >= breaks[index]:
            return index
    return 0


def choropleth(
    *,
    title: str,
    values: Mapping[str, Datum],
    unit: str,
    decimals: int = 0,
    breaks: Sequence[float] | None = None,
    boundaries: Boundaries | None = None,
    chart_id: str = "map",
) -> Chart:
    """The municipalities shaded by value (`values` by AGS); a municipality not in `values` has no data.

    `breaks` are the class limits (ascending, first and last included, every value between them); by
    default five classes of equal counts. A key in `values` that is no municipality of the map is refused, so no figure goes missing.
    """
    boundaries = boundaries or load_boundaries()
    keys = {m.key for m in boundaries.municipalities}
    unknown = sorted(set(values) - keys)
    if unknown:
        raise ValueError(f"no municipality on the map for {', '.join(unknown)}")
    shown = [values[k].value for k in keys if k in values and values[k].value is not None]
    breaks = tuple(float(b) for b in breaks) if breaks is not None else class_breaks(shown)
    if breaks and len(breaks) - 1 > len(svg.CLASS_FILLS):
        raise ValueError(f"at most {len(svg.CLASS_FILLS)} classes")
    if len(breaks) == 1:
        breaks = (breaks[0], breaks[0])
    outside = [v for v in shown if breaks and not breaks[0] <= float(v) <= breaks[-1]]
    if outside:
        # The legend would claim a range that does not hold the value.
        raise ValueError(f"values outside the classes {breaks[0]} to {breaks[-1]}: {sorted(outside)}")
    n = len(breaks) - 1
    # Spread the classes over the whole ramp, so that two classes are as far apart in lightness as can be.
    fills = tuple(
        svg.CLASS_FILLS[round(i * (len(svg.CLASS_FILLS) - 1) / (n - 1)) if n > 1 else 2] for i in range(max(n, 1))
    )

    map_w, legend_w = MAP_WIDTH, LEGEND_WIDTH
    drawing = boundaries.drawing
    height = max(int(math.ceil(drawing.height)), 300)
    body: list[str] = ['<g class="municipalities" stroke="#ffffff" stroke-width="0.8" stroke-linejoin="round">']
    labels: list[str] = []
    counts = {"hidden": 0, "missing": 0}
    for region in boundaries.municipalities:
        datum = values.get(region.key, Datum(None))
        words = _("%(municipality)s: %(value)s") % {"municipality": region.name, "value": format_datum(datum, decimals)}
        if datum.value is not None:
            level = class_of(float(datum.value), breaks)
            fill, css = fills[level], f"municipality class-{level}"
        elif datum.suppressed:
            fill, css = svg.HATCH, "municipality hidden"
            words += " (" + datum.reason + ")"
            counts["hidden"] += 1
        else:
            fill, css = svg.NO_DATA_FILL, "municipality no-data"
            counts["missing"] += 1
        stroke = ' stroke="#888888"' if fill in (svg.NO_DATA_FILL, svg.HATCH) else ""
        body.append(
            f'<path class="{css}" data-key="{region.key}" data-value="{"" if datum.value is None else datum.value}" '
            f'd="{drawing.paths[region.key]}" fill="{fill}" fill-rule="evenodd"{stroke}><title>{svg.text_escape(words)}</title></path>'
        )
        label = format_number(datum.value, decimals) if datum.value is not None else ""
        # A label that would cross the border is left out: the value is in the region's title and the table.
        if label and drawing.label_room[region.key] >= LABEL_CHAR_WIDTH * len(label) + 4:
            x, y = drawing.label_points[region.key]
            dark = fill in svg.CLASS_FILLS[3:]
            labels.append(
                f'<text x="{svg.num(x)}" y="{svg.num(y + 3)}" text-anchor="middle" font-size="9" '
                f'fill="{"#ffffff" if dark else svg.INK}" aria-hidden="true">'
                f"{svg.text_escape(svg.isolate(label))}</text>"
            )
    body.append("</g>")
    body += labels
    legend_x, legend_y = map_w + 14, 24
    legend = [svg.text(legend_x, legend_y - 8, unit, size=11, weight="bold")]
    row = 0
    for index in range(len(breaks) - 1):
        low, high = format_number(breaks[index], decimals), format_number(breaks[index + 1], decimals)
        if index == len(breaks) - 2:
            label = _("%(low)s to %(high)s") % {"low": low, "high": high}
        else:
            label = _("%(low)s to under %(high)s") % {"low": low, "high": high}
        legend.append(svg.legend_swatch(legend_x, legend_y + row * 20, fills[index], label))
        row += 1
    if counts["hidden"]:
        legend.append(svg.legend_swatch(legend_x, legend_y + row * 20, svg.HATCH, _("not published"), stroke=svg.MUTED))
        row += 1
    if counts["missing"]:
        legend.append(
            svg.legend_swatch(legend_x, legend_y + row * 20, svg.NO_DATA_FILL, _("no data"), stroke=svg.MUTED)
        )
        row += 1
    # The legend starts at the top; the map's attribution (VG250 licence) sits at the bottom of the legend column.
    legend.append(svg.text(legend_x, height - 10, "© GeoBasis-DE / BKG 2016", size=9, fill=svg.MUTED))
    body += legend
    # The district's outline covers every municipality: drawn last, with no fill, only its line.
    body.append(
        f'<path class="district-outline" data-key="{boundaries.district.key}" d="{drawing.paths[boundaries.district.key]}" '
        f'fill="none" fill-rule="evenodd" stroke="{svg.INK}" stroke-width="1.6">'
        f"<title>{svg.text_escape(district_name(boundaries))}</title></path>"
    )

    shown_regions = [
        (r, values[r.key]) for r in boundaries.municipalities if r.key in values and values[r.key].value is not None
    ]
    description = _(
        "Map of the %(count)s municipalities of %(district)s, shaded in %(classes)s classes by %(title)s (%(unit)s)."
    ) % {
        "count": len(boundaries.municipalities),
        "district": district_name(boundaries),
        "classes": len(breaks) - 1,
        "title": title,
        "unit": unit,
    }
    if shown_regions:
        high = max(shown_regions, key=lambda pair: pair[1].value)
        low = min(shown_regions, key=lambda pair: pair[1].value)
        description += " " + _("Highest: %(high)s with %(high_value)s; lowest: %(low)s with %(low_value)s.") % {
            "high": high[0].name,
            "high_value": format_datum(high[1], decimals),
            "low": low[0].name,
            "low_value": format_datum(low[1], decimals),
        }
    if counts["hidden"]:
        description += " " + ngettext(
            "%(count)s value is not published.", "%(count)s values are not published.", counts["hidden"]
        ) % {"count": counts["hidden"]}
    if counts["missing"]:
        description += " " + ngettext(
            "%(count)s municipality has no data.", "%(count)s municipalities have no data.", counts["missing"]
        ) % {"count": counts["missing"]}
    table = Table(
        caption=title,
        headers=(_("Municipality"), _("Municipality key"), unit),
        rows=tuple((r.name, r.key, values.get(r.key, Datum(None))) for r in boundaries.municipalities),
        decimals=decimals,
    )
    document = svg.document(
        width=map_w + legend_w, height=height, title=title, description=description, body=body, chart_id=chart_id
    )
    return Chart(kind="map", title=title, description=description, svg=document, table=table)
