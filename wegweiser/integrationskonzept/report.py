"""The evaluation report as PDF (typst through `core.typesetting`): every sub-goal as achieved, partly or not
achieved with its evidence, each indicator with its reading against the target line and its time series chart
(`charts.indicator_chart`, the board's: the target line drawn as a second series). Two versions render the same way,
so their reports can be laid side by side."""

from datetime import date

from django.utils.translation import gettext as _

from wegweiser.core.typesetting import FONT_FAMILIES, typst_compile
from wegweiser.core.typesetting import typst_string as _string
from wegweiser.integrationskonzept import charts
from wegweiser.integrationskonzept.models import ConceptVersion, Indicator
from wegweiser.integrationskonzept.selectors import indicator_reading, version_tree


def _content(value: object) -> str:
    """Text in markup: a string literal, so no markup in it can take effect."""
    return f"#{_string(value)}"


def _percent(value) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def indicator_chart(indicator: Indicator):
    """The same chart as on the progress board (`charts.indicator_chart`), for an indicator with values."""
    values = list(indicator.values.all())
    return charts.indicator_chart(indicator, values) if values else None


def report_typst(version: ConceptVersion, *, today: date) -> str:
    fonts = ", ".join(_string(f) for f in FONT_FAMILIES)
    heading = _("Evaluation report")
    status = _("Status: %(status)s") % {"status": version.get_status_display()}
    parts = [
        f'#set text(font: ({fonts}), size: 10pt, lang: "de")\n#set page(paper: "a4", margin: 2cm)\n',
        f"= {_content(heading)}\n",
        f"#{_string(version.title)} \\\n",
        f"{_content(status)} \\\n",
    ]
    if version.council_decision_number:
        parts.append(
            "#"
            + _string(
                _("Council decision %(number)s of %(date)s")
                % {"number": version.council_decision_number, "date": f"{version.council_decision_date:%d.%m.%Y}"}
            )
            + "\n\n"
        )
    for field_of_action in version_tree(version):
        parts.append(f"== {_content(field_of_action)}\n")
        for goal in field_of_action.goals.all():
            parts.append(f"=== {_content(goal)}\n")
            for sub in goal.sub_goals.all():
                parts.append(f"*{_content(sub)}* — {_content(sub.get_status_display())}\n\n")
                if sub.evidence:
                    evidence = _("Evidence: %(text)s") % {"text": sub.evidence}
                    parts.append(f"{_content(evidence)}\n\n")
                for measure in sub.measures.all():
                    parts.append(
                        f"- {_content(measure.title)}: {_content(measure.get_status_display())} "
                        f"({_content(measure.responsible_label)})\n"
                    )
                for indicator in sub.indicators.all():
                    result = indicator_reading(indicator)
                    text = _("%(indicator)s: progress %(progress)s, target line %(expected)s") % {
                        "indicator": indicator.title,
                        "progress": _percent(result.progress if result else None),
                        "expected": _percent(result.expected if result else None),
                    }
                    parts.append(f"\n{_content(text)}\n\n")
                    chart = indicator_chart(indicator)
                    if chart is not None:
                        parts.append(
                            f'#image(bytes({_string(chart.svg)}), format: "svg", width: 80%, '
                            f"alt: {_string(chart.description)})\n\n"
                        )
    return "".join(parts)


def render_evaluation_pdf(version: ConceptVersion, *, today: date) -> bytes:
    return typst_compile(report_typst(version, today=today))


def render_evaluation_png(version: ConceptVersion, *, today: date) -> list[bytes]:
    return typst_compile(report_typst(version, today=today), output_format="png", ppi=60)
