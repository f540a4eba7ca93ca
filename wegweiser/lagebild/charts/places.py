"""A light map of places over the district's municipalities, for the public portal on a phone.

The choropleth's full VG250 outlines are about 100 KB of path data, half a portal page's budget (200 KB). Here
the outlines are simplified (Douglas-Peucker, to within `TOLERANCE` pixels at the map's width, where the eye sees
no difference), and each municipality with places gets one numbered circle at its centre, a link when `href` is
given, so the map stays readable at 360 px and works without JavaScript or a tile server. Places are counted per
municipality, not drawn at their own coordinates: at this scale a town's offers would sit on top of each other.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.utils.translation import ngettext

from . import svg
from .choropleth import MAP_PAD, MAP_WIDTH, Boundaries, _Projection, district_name, load_boundaries

TOLERANCE = 1.0  # px at MAP_WIDTH


@dataclass(frozen=True)
class Place:
    key: str  # the municipality's AGS
    count: int
    label: str  # the marker's words for a screen reader, e.g. "Bramsche: 3 offers"
    href: str = ""
    lonlat: tuple[float, float] | None = None  # drawn there instead of at the municipality's centre
    text: str | None = None  # in the circle instead of the count (e.g. "i" for one venue)


def _simplify(points: Sequence[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative (rings have thousands of points)."""
    if len(points) < 4:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length_sq = dx * dx + dy * dy
        worst, worst_index = -1.0, -1
        for index in range(first + 1, last):
            px, py = points[index]
            if length_sq == 0:
                dist_sq = (px - x1) ** 2 + (py - y1) ** 2
            else:
                cross = dx * (py - y1) - dy * (px - x1)
                dist_sq = cross * cross / length_sq
            if dist_sq > worst:
                worst, worst_index = dist_sq, index
        if worst_index > 0 and worst > tolerance * tolerance:
            keep[worst_index] = True
            stack += [(first, worst_index), (worst_index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


@cache
def _light_drawing(boundaries: Boundaries) -> tuple[dict[str, str], float, _Projection]:
    # Keyed by the (frozen, loaded-once) boundaries object: derived from the shipped file, the same for every
    # request and every server.
    project = _Projection(boundaries.district, MAP_WIDTH, MAP_PAD)
    paths = {}
    for region in (*boundaries.municipalities, boundaries.district):
        parts = []
        for ring in region.rings:
            points = _simplify([project(*p) for p in ring], TOLERANCE)
            if len(points) >= 3:
                parts.append("M" + "L".join(f"{svg.num(x)} {svg.num(y)}" for x, y in points) + "Z")
        paths[region.key] = "".join(parts)
    return paths, project.height, project


def map_keys(boundaries: Boundaries | None = None) -> frozenset[str]:
    """The municipalities' keys the map can place a circle in."""
    return frozenset(r.key for r in (boundaries or load_boundaries()).municipalities)


def place_map(*, title: str, places: Sequence[Place], chart_id: str = "places", boundaries=None) -> str:
    """The SVG: outlines, one circle per municipality with places, the count in it; an unknown key is refused."""
    boundaries = boundaries or load_boundaries()
    regions = {r.key: r for r in boundaries.municipalities}
    unknown = sorted({p.key for p in places} - set(regions))
    if unknown:
        raise ValueError(f"no municipality on the map for {', '.join(unknown)}")
    paths, height, project = _light_drawing(boundaries)
    label_points = boundaries.drawing.label_points
    body = [
        '<g fill="#f2f2f2" stroke="#9a9a9a" stroke-width="0.7" stroke-linejoin="round">',
        *(f'<path d="{paths[key]}" fill-rule="evenodd"/>' for key in regions),
        "</g>",
        f'<path d="{paths[boundaries.district.key]}" fill="none" stroke="{svg.INK}" stroke-width="1.4"/>',
    ]
    for place in sorted(places, key=lambda p: p.key):
        x, y = project(*place.lonlat) if place.lonlat else label_points[place.key]
        if not (0 <= x <= MAP_WIDTH and 0 <= y <= height):
            x, y = label_points[place.key]  # coordinates outside the district: a typo, not a place to draw
        # At least 24 px to tap on a 360 px phone, where the map is drawn at about 0.7 of its width.
        radius = 17 if place.count < 100 else 20
        mark = (
            f'<circle cx="{svg.num(x)}" cy="{svg.num(y)}" r="{radius}" fill="#1f4e79" stroke="#ffffff" '
            f'stroke-width="2"/><text x="{svg.num(x)}" y="{svg.num(y + 5)}" text-anchor="middle" '
            f'font-size="15" font-weight="bold" fill="#ffffff" aria-hidden="true">'
            f"{svg.text_escape(place.text if place.text is not None else str(place.count))}</text>"
        )
        words = svg.text_escape(place.label)
        if place.href:
            body.append(f'<a href={svg.attr(place.href)} aria-label="{words}"><title>{words}</title>{mark}</a>')
        else:
            body.append(f'<g class="place"><title>{words}</title>{mark}</g>')
    body.append(svg.text(MAP_WIDTH - 8, height - 6, "© GeoBasis-DE / BKG 2016", anchor="end", size=9, fill=svg.MUTED))
    total = sum(p.count for p in places)
    description = ngettext(
        "Map of %(district)s: %(count)s place in %(municipalities)s municipalities, one numbered circle at the "
        "centre of each municipality.",
        "Map of %(district)s: %(count)s places in %(municipalities)s municipalities, one numbered circle at the "
        "centre of each municipality.",
        total,
    ) % {"district": district_name(boundaries), "count": total, "municipalities": len(places)}
    return svg.document(
        width=MAP_WIDTH, height=int(height) + 1, title=title, description=description, body=body, chart_id=chart_id
    ).replace(
        # Sized by the page's CSS (a phone's width); a group, not an image, because its circles are links.
        f'width="{MAP_WIDTH}" height="{int(height) + 1}" role="img"',
        'class="place-map" role="group"',
        1,
    )


__all__ = ["Place", "map_keys", "place_map"]
