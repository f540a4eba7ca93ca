"""The PDF report "Lagebild Integration" for the district council, typeset by Typst from plain data.

Pure like the charts: the caller (the `lagebild` report job) fills a `Report` from its selectors and gets the
PDF's bytes back; no database, no request. The text is in the active language (German first), numbers and
the date in its locale.

- `Report(date=, district=, sections=, sources=, title=None)`: `title` defaults to "Lagebild Integration".
- `Section(heading=, paragraphs=(), charts=(), tables=())`: each `charts.Chart` is embedded as its SVG (the same
  one the page shows), with its description as the image's alternative text and its table beneath it; each
  `charts.Table` of `tables` follows under its caption.
- `Source(table=, title=, licence=, attribution=, stand=)`: one statistics table the report draws on.
- `report_typst(report)` gives the Typst source; `render_report_pdf(report)` the PDF;
  `render_report_png(report, ppi=)` one PNG per page (to look at in tests and reviews).

Every report ends with the sources and the suppression note of `core.publication` (counts below its
THRESHOLD are not published), whether or not a chart hid a value, because a reader cannot tell a missing
note from a missing rule. German: `translations_de.json` beside the charts' (the forecast's convention).
"""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from wegweiser.core.publication import THRESHOLD
from wegweiser.core.typesetting import FONT_FAMILIES, typst_compile
from wegweiser.core.typesetting import typst_string as _string
from wegweiser.lagebild.charts import Chart, Datum, Table

SHORT_TABLE_ROWS = 15


@dataclass(frozen=True)
class Source:
    table: str  # e.g. "12411-01-01-4"
    title: str
    licence: str
    attribution: str
    stand: str  # the source's own "Stand:" stamp, as it gives it


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()  # tables without a chart, each under its caption


@dataclass(frozen=True)
class Report:
    date: datetime.date
    district: str
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]
    title: str | None = None
    notes: tuple[str, ...] = field(default=())


def suppression_note() -> str:
    return _(
        "Counts of fewer than %(threshold)s people are not published, and neither is any figure from which such "
        "a count could be worked out; they are marked “not published”, never shown as zero."
    ) % {"threshold": THRESHOLD}


def _content(value: object) -> str:
    return f"[#{_string(value)}]"


def _table(table: Table) -> str:
    numeric = [all(isinstance(row[i], Datum) for row in table.rows) for i in range(len(table.headers))]
    align = ", ".join("right" if is_number else "left" for is_number in numeric)
    # A short table split over two pages is harder to read than one moved whole to the next page; a long one
    # (the 34 municipalities) breaks, and its header row repeats.
    breakable = "true" if len(table.rows) > SHORT_TABLE_ROWS else "false"
    cells = [f"table.header({', '.join(f'[*#{_string(h)}*]' for h in table.headers)})"]
    for row in table.display_rows():
        cells += [_content(cell) for cell in row]
    return (
        f"#block(breakable: {breakable}, text(size: 8pt, table(columns: {len(table.headers)}, align: ({align},), "
        "inset: (x: 4pt, y: 2.5pt), stroke: 0.4pt + luma(160),\n  " + ",\n  ".join(cells) + ",\n)))\n"
    )


def _chart(chart: Chart) -> str:
    supplement = pgettext("report", "Figure")
    return (
        f'#figure(image(bytes({_string(chart.svg)}), format: "svg", width: 100%, alt: {_string(chart.description)}),\n'
        f"  caption: {_content(chart.title)}, kind: image, supplement: {_content(supplement)})\n\n"
        + _table(chart.table)
        + "#v(6pt)\n"
    )


def report_typst(report: Report) -> str:
    title = report.title or _("Lagebild Integration")
    date = date_format(report.date, "DATE_FORMAT")
    language = (get_language() or "de").split("-")[0]
    fonts = ", ".join(_string(family) for family in FONT_FAMILIES)
    footer = _("%(title)s · %(district)s · %(date)s") % {"title": title, "district": report.district, "date": date}
    lines = [
        f"#set document(title: {_string(title)})",
        f"#set text(font: ({fonts},), size: 10pt, lang: {_string(language)})",
        '#set page(paper: "a4", margin: (x: 2cm, top: 2cm, bottom: 2.2cm), numbering: "1", '
        f"footer: context [#text(size: 8pt, {_string(footer)}) #h(1fr) #counter(page).display()])",
        "#set par(justify: false)",
        "#show heading: set block(above: 1.2em, below: 0.6em)",
        f'#text(size: 22pt, weight: "bold", {_string(title)})',
        "",
        f"#text(size: 13pt, {_string(report.district)})",
        "",
        "#text(size: 10pt, " + _string(_("As of %(date)s") % {"date": date}) + ")",
        "#v(12pt)",
    ]
    for section in report.sections:
        lines.append(f"= #{_string(section.heading)}")
        lines += [f"#{_string(paragraph)}\n" for paragraph in section.paragraphs]
        lines += [_chart(chart) for chart in section.charts]
        lines += [f"#strong({_string(table.caption)})\n\n" + _table(table) + "#v(6pt)\n" for table in section.tables]
    sources_heading, note_heading = _("Sources"), _("Note on published figures")
    lines.append(f"= #{_string(sources_heading)}")
    for source in report.sources:
        stand = _("Stand: %(stand)s") % {"stand": source.stand}
        lines.append(
            f"- #strong({_string(source.table)}) #{_string(source.title)}. #{_string(source.attribution)}. "
            f"#{_string(source.licence)}. #{_string(stand)}."
        )
    lines.append("")
    lines.append(f"= #{_string(note_heading)}")
    lines.append(f"#{_string(suppression_note())}\n")
    lines += [f"#{_string(note)}\n" for note in report.notes]
    return "\n".join(lines) + "\n"


def render_report_pdf(report: Report) -> bytes:
    return typst_compile(report_typst(report))


def render_report_png(report: Report, *, ppi: float = 72) -> list[bytes]:
    return typst_compile(report_typst(report), output_format="png", ppi=ppi)
