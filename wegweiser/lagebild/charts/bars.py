"""Horizontal bars, grouped or stacked (top nationalities, seats against people waiting by level), and the
population pyramid (age bands by sex). Horizontal so that long names and right-to-left labels have room."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import svg
from .lines import Series, _check, hidden_count, series_table
from .model import Chart, Datum, Table, format_datum, format_number

HIDDEN_STUB = 26  # width of the hatched stub that stands for a value not published


LEGEND_ROW = 20


def _legend(series: Sequence[Series], x: float, y: float, right: float) -> tuple[list[str], int]:
    """The swatches in a row, wrapped where the next would run past `right`; and how many rows they took."""
    entries = [
        (svg.SERIES_FILLS[number % len(svg.SERIES_FILLS)], row.label, svg.INK) for number, row in enumerate(series)
    ]
    if hidden_count(series):
        entries.append((svg.HATCH, _("not published"), svg.MUTED))
    parts, offset, rows = [], 0.0, 1
    for fill, label, stroke in entries:
        needed = 34 + 7 * len(label)
        if offset and x + offset + needed > right:
            offset, rows = 0.0, rows + 1
        parts.append(svg.legend_swatch(x + offset, y + (rows - 1) * LEGEND_ROW, fill, label, stroke=stroke))
        offset += needed
    return parts, rows


def bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str,
    stacked: bool = False,
    decimals: int = 0,
    chart_id: str = "bars",
) -> Chart:
    """One row per category; grouped bars side by side or stacked segments, each with its number."""
    _check(categories, series)
    width, label_w, value_w = 640, 170, 90
    bar_h = 18 if stacked else 14
    row_h = (bar_h if stacked else bar_h * len(series)) + 10
    legend, legend_rows = _legend(series, label_w, 22, width - 8)
    top = 44 + (legend_rows - 1) * LEGEND_ROW
    height = top + row_h * len(categories) + 30
    plot_w = width - label_w - value_w
    if stacked:
        totals = [sum(float(row.values[i].value or 0) for row in series) for i in range(len(categories))]
    else:
        totals = [float(v.value) for row in series for v in row.values if v.value is not None]
    x_max = svg.nice_max(max(totals, default=0), decimals=decimals)

    def w(value: float) -> float:
        return value / x_max * plot_w

    body = [svg.text(label_w, 16, unit, size=11, fill=svg.MUTED)]
    body += legend
    for tick in range(5):
        x = label_w + plot_w * tick / 4
        body.append(
            f'<line x1="{svg.num(x)}" x2="{svg.num(x)}" y1="{top - 4}" y2="{height - 26}" stroke="{svg.GRID}"/>'
        )
        body.append(svg.text(x, height - 12, format_number(x_max * tick / 4), anchor="middle", size=10, fill=svg.MUTED))
    for index, category in enumerate(categories):
        y0 = top + index * row_h
        body.append(svg.text(label_w - 8, y0 + (row_h - 10) / 2 + 4, category, anchor="end", size=11))
        offset = 0.0
        for number, row in enumerate(series):
            value = row.values[index]
            fill = svg.SERIES_FILLS[number % len(svg.SERIES_FILLS)]
            y = y0 if stacked else y0 + number * bar_h
            words = _("%(category)s, %(series)s: %(value)s") % {
                "category": category,
                "series": row.label,
                "value": format_datum(value, decimals),
            }
            x = label_w + offset
            if value.value is not None:
                length = w(float(value.value))
                body.append(
                    f'<rect class="mark" data-value="{value.value}" x="{svg.num(x)}" y="{svg.num(y)}" '
                    f'width="{svg.num(length)}" height="{bar_h - 2}" fill="{fill}" stroke="{svg.INK}" '
                    f'stroke-width="0.5"><title>{svg.text_escape(words)}</title></rect>'
                )
                label = format_number(value.value, decimals)
                if stacked:
                    if length > 8 * len(label) + 6:
                        body.append(_segment_text(x + length / 2, y + bar_h - 6, label, on_dark=number == 0))
                    offset += length
                else:
                    body.append(svg.text(x + length + 4, y + bar_h - 4, label, size=10))
            elif value.suppressed:
                body.append(
                    f'<rect class="mark hidden" data-value="" x="{svg.num(x)}" y="{svg.num(y)}" width="{HIDDEN_STUB}" '
                    f'height="{bar_h - 2}" fill="{svg.HATCH}" stroke="{svg.MUTED}">'
                    f"<title>{svg.text_escape(words + ' (' + value.reason + ')')}</title></rect>"
                )
                if stacked:
                    offset += HIDDEN_STUB
                else:
                    body.append(
                        svg.text(x + HIDDEN_STUB + 4, y + bar_h - 4, _("not published"), size=10, fill=svg.MUTED)
                    )
        if stacked:
            body.append(svg.text(label_w + offset + 4, y0 + bar_h - 5, _total_label(series, index, decimals), size=10))

    kind = _("Stacked bar chart") if stacked else _("Bar chart")
    description = _("%(kind)s of %(count)s categories, in %(unit)s.") % {
        "kind": kind,
        "count": len(categories),
        "unit": unit,
    }
    for row in series:
        best = max(
            ((c, v) for c, v in zip(categories, row.values, strict=True) if v.value is not None),
            key=lambda pair: pair[1].value,
            default=None,
        )
        if best:
            description += " " + _("%(series)s: highest %(category)s with %(value)s.") % {
                "series": row.label,
                "category": best[0],
                "value": format_datum(best[1], decimals),
            }
    if hidden_count(series):
        description += " " + ngettext(
            "%(count)s value is not published.", "%(count)s values are not published.", hidden_count(series)
        ) % {"count": hidden_count(series)}
    table = series_table(title, _("Category"), categories, series, decimals)
    document = svg.document(
        width=width, height=height, title=title, description=description, body=body, chart_id=chart_id
    )
    return Chart(kind="stacked" if stacked else "bars", title=title, description=description, svg=document, table=table)


def _total_label(series: Sequence[Series], index: int, decimals: int) -> str:
    values = [row.values[index] for row in series]
    if any(v.value is None for v in values):
        # A total over hidden values would give them away (or mislead if they were left out).
        return ""
    return "= " + format_number(sum(v.value for v in values), decimals)


def _segment_text(x: float, y: float, content: str, *, on_dark: bool) -> str:
    """A number on a segment: white on the first series' dark fill, dark with a white outline on the
    patterns and light fills of the others."""
    paint = (
        'fill="#ffffff"' if on_dark else f'fill="{svg.INK}" stroke="#ffffff" stroke-width="2.5" paint-order="stroke"'
    )
    return (
        f'<text x="{svg.num(x)}" y="{svg.num(y)}" text-anchor="middle" font-size="10" {paint}>'
        f"{svg.text_escape(svg.isolate(content))}</text>"
    )


@dataclass(frozen=True)
class PyramidBand:
    """One row of the pyramid: an age band's label and its counts for the two sides."""

    label: str
    male: Datum
    female: Datum


def population_pyramid(
    *,
    title: str,
    bands: Sequence[PyramidBand],
    unit: str,
    left_label: str = "",
    right_label: str = "",
    chart_id: str = "pyramid",
) -> Chart:
    """Age bands bottom (youngest) to top, men to the left and women to the right of the band labels."""
    if not bands:
        raise ValueError("a pyramid needs at least one age band")
    left_label = left_label or _("male")
    right_label = right_label or _("female")
    width, centre_w, top = 640, 70, 30
    bar_h = 20
    height = top + bar_h * len(bands) + 56
    side_w = (width - centre_w) / 2 - 50
    centre = width / 2
    shown = [float(v.value) for b in bands for v in (b.male, b.female) if v.value is not None]
    x_max = svg.nice_max(max(shown, default=0), decimals=0)
    body = [
        svg.text(centre - centre_w / 2, 18, left_label, anchor="end", size=12, weight="bold"),
        svg.text(centre + centre_w / 2, 18, right_label, size=12, weight="bold"),
        svg.text(centre, 18, unit, anchor="middle", size=10, fill=svg.MUTED),
    ]
    for tick in range(1, 5):
        for sign in (-1, 1):
            x = centre + sign * (centre_w / 2 + side_w * tick / 4)
            body.append(
                f'<line x1="{svg.num(x)}" x2="{svg.num(x)}" y1="{top}" y2="{height - 30}" stroke="{svg.GRID}"/>'
            )
            body.append(
                svg.text(x, height - 14, format_number(x_max * tick / 4), anchor="middle", size=10, fill=svg.MUTED)
            )
    for index, band in enumerate(bands):
        y = top + (len(bands) - 1 - index) * bar_h
        body.append(svg.text(centre, y + bar_h - 6, band.label, anchor="middle", size=11))
        for sign, value, fill, side in (
            (-1, band.male, svg.SERIES_FILLS[0], left_label),
            (1, band.female, svg.SERIES_FILLS[1], right_label),
        ):
            words = _("%(band)s, %(side)s: %(value)s") % {
                "band": band.label,
                "side": side,
                "value": format_datum(value),
            }
            inner = centre + sign * centre_w / 2
            if value.value is not None:
                length = float(value.value) / x_max * side_w
                x = inner if sign > 0 else inner - length
                body.append(
                    f'<rect class="mark" data-value="{value.value}" x="{svg.num(x)}" y="{y + 1}" width="{svg.num(length)}" '
                    f'height="{bar_h - 3}" fill="{fill}" stroke="{svg.INK}" stroke-width="0.5">'
                    f"<title>{svg.text_escape(words)}</title></rect>"
                )
                label_x = inner + sign * (length + 4)
                body.append(
                    svg.text(
                        label_x,
                        y + bar_h - 6,
                        format_number(value.value),
                        anchor="start" if sign > 0 else "end",
                        size=10,
                    )
                )
            elif value.suppressed:
                x = inner if sign > 0 else inner - HIDDEN_STUB
                body.append(
                    f'<rect class="mark hidden" data-value="" x="{svg.num(x)}" y="{y + 1}" width="{HIDDEN_STUB}" '
                    f'height="{bar_h - 3}" fill="{svg.HATCH}" stroke="{svg.MUTED}">'
                    f"<title>{svg.text_escape(words + ' (' + value.reason + ')')}</title></rect>"
                )
                label_x = inner + sign * (HIDDEN_STUB + 4)
                body.append(
                    svg.text(
                        label_x,
                        y + bar_h - 6,
                        _("not published"),
                        anchor="start" if sign > 0 else "end",
                        size=10,
                        fill=svg.MUTED,
                    )
                )
    series = [
        Series(left_label, tuple(b.male for b in bands)),
        Series(right_label, tuple(b.female for b in bands)),
    ]
    description = _(
        "Population pyramid of %(count)s age bands from %(youngest)s to %(oldest)s, %(left)s left and %(right)s right, in %(unit)s."
    ) % {
        "count": len(bands),
        "youngest": bands[0].label,
        "oldest": bands[-1].label,
        "left": left_label,
        "right": right_label,
        "unit": unit,
    }
    for row in series:
        known = [v.value for v in row.values if v.value is not None]
        if known:
            description += " " + _("%(side)s in all shown bands: %(total)s.") % {
                "side": row.label,
                "total": format_number(sum(known)),
            }
    if hidden_count(series):
        description += " " + ngettext(
            "%(count)s value is not published.", "%(count)s values are not published.", hidden_count(series)
        ) % {"count": hidden_count(series)}
        body.append(svg.legend_swatch(centre - 40, height - 20, svg.HATCH, _("not published"), stroke=svg.MUTED))
    table: Table = series_table(title, _("Age band"), [b.label for b in bands], series, 0)
    document = svg.document(
        width=width, height=height, title=title, description=description, body=body, chart_id=chart_id
    )
    return Chart(kind="pyramid", title=title, description=description, svg=document, table=table)
