"""The PDF report "Lagebild Integration": its text read back from the PDF, and its pages as pictures."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.utils import translation
from pypdf import PdfReader

from wegweiser.core.publication import THRESHOLD
from wegweiser.lagebild.charts import Datum, PyramidBand, Series, bar_chart, choropleth, district_name, load_boundaries
from wegweiser.lagebild.charts import population_pyramid as pyramid
from wegweiser.lagebild.report import Report, Section, Source, render_report_pdf, render_report_png, report_typst

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def sample_report() -> Report:
    municipalities = load_boundaries().municipalities
    values = {m.key: Datum(1000 + 37 * index) for index, m in enumerate(municipalities)}
    values["03459004"] = Datum(None, "Hidden: fewer than 5 people")
    return Report(
        date=datetime.date(2026, 12, 2),
        district=district_name(),
        sections=(
            Section(
                heading="Population",
                paragraphs=('The share of foreign residents rose after 2022 ("the wave"); see #map and $x$.',),
                charts=(
                    choropleth(title="Foreign population 2024", values=values, unit="people"),
                    pyramid(
                        title="Foreign population by age",
                        bands=[
                            PyramidBand("0-2", Datum(260), Datum(250)),
                            PyramidBand("65+", Datum(None, "small"), Datum(812)),
                        ],
                        unit="people",
                    ),
                ),
            ),
            Section(
                heading="German courses",
                charts=(
                    bar_chart(
                        title="Seats and waiting by level",
                        categories=["A1", "B1"],
                        series=[Series("Seats", (Datum(120), Datum(60))), Series("Waiting", (Datum(80), Datum(D(45))))],
                        unit="people",
                        stacked=True,
                    ),
                ),
            ),
        ),
        sources=(
            Source(
                table="12411-01-01-4",
                title="Population by sex",
                licence="Datenlizenz Deutschland – Namensnennung – Version 2.0",
                attribution="© Statistische Ämter des Bundes und der Länder, Deutschland, 2026",
                stand="10.03.2026",
            ),
        ),
    )


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_holds_title_district_date_figures_sources_and_the_suppression_note(english):
    pdf = render_report_pdf(sample_report())
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Lagebild Integration" in text
    assert "Landkreis Osnabrück" in text
    assert "Dec. 2, 2026" in text
    assert "Glandorf" in text  # a municipality of the map's table
    assert "2,221" in text  # Glandorf's figure (1000 + 37 x 33) in the reader's locale
    assert "812" in text
    assert "not published" in text
    assert f"Counts of fewer than {THRESHOLD} people are not published" in text
    assert "12411-01-01-4" in text
    assert "Datenlizenz Deutschland" in text
    assert "Stand: 10.03.2026" in text
    # Text from the caller is shown as it is: quotes, # and $ are no Typst markup.
    assert '("the wave"); see #map and $x$.' in text
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Lagebild Integration"
    assert len(reader.pages) >= 2


def test_the_report_reads_in_german_numbers_and_date_included():
    with translation.override("de"):
        text = pdf_text(render_report_pdf(sample_report()))
    assert "2. Dezember 2026" in text
    assert "2.221" in text


def test_every_chart_is_embedded_with_its_description_as_alternative_text(english):
    report = sample_report()
    source = report_typst(report)
    for section in report.sections:
        for chart in section.charts:
            assert chart.description.replace('"', '\\"') in source
    assert source.count('format: "svg"') == 3


def test_pages_render_as_pictures(english):
    pages = render_report_png(sample_report(), ppi=40)
    assert len(pages) >= 2
    assert all(page.startswith(PNG_MAGIC) for page in pages)


def test_the_same_report_gives_the_same_source(english):
    assert report_typst(sample_report()) == report_typst(sample_report())


def test_a_short_table_stays_on_one_page_and_the_long_one_may_break(english):
    source = report_typst(sample_report())
    # The map's 34 municipalities break (header repeated); the pyramid's and the bars' two rows do not.
    assert source.count("#block(breakable: true") == 1
    assert source.count("#block(breakable: false") == 2
    assert source.count("table.header(") == 3
