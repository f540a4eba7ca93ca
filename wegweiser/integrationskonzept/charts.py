"""The progress board's charts, drawn by the Lagebild's server-side SVG charts (`lagebild.charts`): sub-goals by
status per field of action (stacked bars), and per indicator off track its values against the target line
(a time series). Plain data in, `Chart` out; no database."""

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wegweiser.integrationskonzept.models import Indicator, IndicatorValue
from wegweiser.integrationskonzept.progress import expected_progress
from wegweiser.lagebild.charts import Chart, Datum, Series, bar_chart, time_series

STATUS_CHART = "status"


def indicator_chart_key(indicator: Indicator) -> str:
    return f"indicator-{indicator.pk}"


def status_chart(by_field, statuses) -> Chart:
    """Each field of action a bar, stacked from its sub-goals' statuses."""
    return bar_chart(
        title=_("Sub-goals by status per field of action"),
        categories=[str(field) for field, _counts in by_field],
        series=[
            Series(str(label), tuple(Datum(counts[code]) for _field, counts in by_field)) for code, label in statuses
        ],
        unit=_("sub-goals"),
        stacked=True,
        chart_id=STATUS_CHART,
    )


def target_line(indicator: Indicator, on: date) -> Decimal:
    """Where the indicator should stand on `on`: the straight line from baseline to target."""
    share = expected_progress(baseline_date=indicator.baseline_date, target_date=indicator.target_date, on=on)
    return indicator.baseline + (indicator.target - indicator.baseline) * share


def indicator_chart(indicator: Indicator, values: list[IndicatorValue]) -> Chart:
    """The baseline, each recorded value and the target, against the target line on the same days."""
    days = sorted({indicator.baseline_date, *(value.observed_on for value in values), indicator.target_date})
    by_day = {value.observed_on: value.value for value in values}
    by_day.setdefault(indicator.baseline_date, indicator.baseline)
    return time_series(
        title=_("%(indicator)s against its target line") % {"indicator": indicator.title},
        periods=[date_format(day, "SHORT_DATE_FORMAT") for day in days],
        series=[
            Series(_("Value"), tuple(Datum(by_day.get(day)) for day in days)),
            Series(_("Target line"), tuple(Datum(target_line(indicator, day)) for day in days)),
        ],
        unit=indicator.unit,
        decimals=1,
        chart_id=indicator_chart_key(indicator),
    )


def board_charts(board) -> list[tuple[str, Chart]]:
    charts = [(STATUS_CHART, status_chart(board.by_field, board.statuses))] if board.by_field else []
    for indicator, _reading, _value in board.off_track:
        charts.append((indicator_chart_key(indicator), indicator_chart(indicator, list(indicator.values.all()))))
    return charts
