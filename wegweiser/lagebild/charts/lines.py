"""Time series: one line per series over periods (years, months), each labelled at its end."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import svg
from .model import Chart, Datum, Table, format_datum, format_number


@dataclass(frozen=True)
class Series:
    """A named row of values, one per period or category (in the same order)."""

    label: str
    values: tuple[Datum, ...]


def _check(periods: Sequence[str], series: Sequence[Series]) -> None:
    if not series or not periods:
        raise ValueError("a chart needs at least one series and one period or category")
    for row in series:
        if len(row.values) != len(periods):
            raise ValueError(f"series {row.label!r} has {len(row.values)} values for {len(periods)} periods")


def series_table(
    caption: str, first_header: str, categories: Sequence[str], series: Sequence[Series], decimals: int
) -> Table:
    """Categories down, series across: the layout a reader compares with the chart."""
    rows = tuple((category, *(row.values[index] for row in series)) for index, category in enumerate(categories))
    return Table(caption=caption, headers=(first_header, *(row.label for row in series)), rows=rows, decimals=decimals)


def hidden_count(series: Sequence[Series]) -> int:
    return sum(1 for row in series for value in row.values if value.suppressed)


def time_series(
    *,
    title: str,
    periods: Sequence[str],
    series: Sequence[Series],
    unit: str,
    decimals: int = 0,
    chart_id: str = "lines",
) -> Chart:
    """Lines over periods; a value not published breaks the line and shows a hatched mark at the axis."""
    _check(periods, series)
    width, height = 640, 320
    left, right, top, bottom = 64, 150, 24, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    shown = [float(v.value) for row in series for v in row.values if v.value is not None]
    y_max = svg.nice_max(max(shown, default=0), decimals=decimals)
    step = plot_w / max(len(periods) - 1, 1)

    def x_at(index: int) -> float:
        return left + index * step if len(periods) > 1 else left + plot_w / 2

    def y_at(value: float) -> float:
        return top + plot_h - value / y_max * plot_h

    body: list[str] = []
    for tick in range(5):
        value = y_max * tick / 4
        y = y_at(value)
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{svg.num(y)}" y2="{svg.num(y)}" stroke="{svg.GRID}"/>')
        body.append(
            svg.text(left - 6, y + 4, format_number(value, decimals if value % 1 else 0), anchor="end", size=11)
        )
    body.append(svg.text(left - 6, top - 10, unit, anchor="end", size=11, fill=svg.MUTED))
    # As many period labels as fit side by side at 11 px (about 6.5 px a character), the last one included.
    label_width = 6.5 * max(len(period) for period in periods) + 10
    label_every = max(1, math.ceil(label_width / step)) if len(periods) > 1 else 1
    shown_labels = list(range(0, len(periods), label_every))
    if shown_labels[-1] != len(periods) - 1:
        if len(periods) - 1 - shown_labels[-1] < label_every:
            shown_labels.pop()
        shown_labels.append(len(periods) - 1)
    for index in shown_labels:
        body.append(svg.text(x_at(index), top + plot_h + 18, periods[index], anchor="middle", size=11))
    body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{svg.INK}"/>')

    end_labels: list[tuple[float, str]] = []
    for number, row in enumerate(series):
        colour = svg.LINE_COLOURS[number % len(svg.LINE_COLOURS)]
        dash = svg.SERIES_DASHES[number % len(svg.SERIES_DASHES)]
        shape = svg.SERIES_MARKERS[number % len(svg.SERIES_MARKERS)]
        segments: list[list[str]] = [[]]
        for index, value in enumerate(row.values):
            if value.value is None:
                segments.append([])
                continue
            segments[-1].append(f"{svg.num(x_at(index))} {svg.num(y_at(float(value.value)))}")
        for points in segments:
            if len(points) > 1:
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                body.append(
                    f'<path d="M{"L".join(points)}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>'
                )
        last_y = None
        for index, value in enumerate(row.values):
            words = _("%(series)s, %(period)s: %(value)s") % {
                "series": row.label,
                "period": periods[index],
                "value": format_datum(value, decimals),
            }
            if value.value is not None:
                y = y_at(float(value.value))
                body.append(svg.marker(shape, x_at(index), y, fill=colour, title=words, value=str(value.value)))
                last_y = y
            elif value.suppressed:
                body.append(
                    f'<rect class="mark hidden" data-value="" x="{svg.num(x_at(index) - 5)}" '
                    f'y="{svg.num(top + plot_h - 14 - 15 * number)}" width="10" height="14" fill="{svg.HATCH}" '
                    f'stroke="{svg.MUTED}"><title>{svg.text_escape(words + " (" + value.reason + ")")}</title></rect>'
                )
        if last_y is not None:
            end_labels.append((last_y, row.label))
    # Direct labels at the lines' ends, pushed apart so that none covers another.
    placed: list[float] = []
    for y, label in sorted(end_labels):
        y = max(y, placed[-1] + 14) if placed else y
        placed.append(y)
        body.append(svg.text(left + plot_w + 10, y + 4, label, size=11))
    if hidden_count(series):
        body.append(svg.legend_swatch(left, height - 18, svg.HATCH, _("not published"), stroke=svg.MUTED))

    description = _("Line chart from %(first)s to %(last)s, in %(unit)s.") % {
        "first": periods[0],
        "last": periods[-1],
        "unit": unit,
    }
    for row in series:
        values = [(periods[i], v) for i, v in enumerate(row.values) if v.value is not None]
        if values:
            description += " " + _("%(series)s: %(first)s in %(first_period)s, %(last)s in %(last_period)s.") % {
                "series": row.label,
                "first": format_datum(values[0][1], decimals),
                "first_period": values[0][0],
                "last": format_datum(values[-1][1], decimals),
                "last_period": values[-1][0],
            }
    if hidden_count(series):
        description += " " + ngettext(
            "%(count)s value is not published.", "%(count)s values are not published.", hidden_count(series)
        ) % {"count": hidden_count(series)}
    table = series_table(title, _("Period"), periods, series, decimals)
    document = svg.document(
        width=width, height=height, title=title, description=description, body=body, chart_id=chart_id
    )
    return Chart(kind="lines", title=title, description=description, svg=document, table=table)
