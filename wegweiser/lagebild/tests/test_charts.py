"""The Lagebild charts: accessible SVG, values not published drawn as such, the map's regions and outline,
and a table that holds the chart's numbers."""

import csv
import io
import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest
from django.utils import translation
from openpyxl import load_workbook

from wegweiser.core.publication import CELLS, publish_table
from wegweiser.lagebild.charts import (
    Datum,
    PyramidBand,
    Series,
    bar_chart,
    choropleth,
    class_breaks,
    district_name,
    load_boundaries,
    population_pyramid,
    table_csv,
    table_xlsx,
    time_series,
)

SVG = "{http://www.w3.org/2000/svg}"
HIDDEN = "Hidden: fewer than 5 people"


def parse(document: str) -> ET.Element:
    # The SVG is the charts' own output, not text from outside: the XML attacks defusedxml guards against
    # (entities, DTDs) cannot be in it, and a test that found one would fail on the parse anyway.
    return ET.fromstring(document)  # noqa: S314


def map_values():
    municipalities = load_boundaries().municipalities
    values = {m.key: Datum(D(10 + index)) for index, m in enumerate(municipalities)}
    values[municipalities[3].key] = Datum(None, HIDDEN)  # Bad Iburg
    del values[municipalities[5].key]  # Bad Rothenfelde: no data
    return values


def all_charts():
    periods = ["2022", "2023", "2024"]
    return {
        "lines": time_series(
            title="Protection seekers",
            periods=periods,
            series=[
                Series("District", (Datum(7800), Datum(8400), Datum(8600))),
                Series("Melle", (Datum(780), Datum(None, HIDDEN), Datum(860))),
            ],
            unit="people",
        ),
        "bars": bar_chart(
            title="Top nationalities",
            categories=["Syria", "Ukraine", "سوريا"],
            series=[Series("2024", (Datum(5600), Datum(None, HIDDEN), Datum(950)))],
            unit="people",
        ),
        "stacked": bar_chart(
            title="Seats and waiting by level",
            categories=["A1", "B1"],
            series=[Series("Seats", (Datum(120), Datum(60))), Series("Waiting", (Datum(80), Datum(None, HIDDEN)))],
            unit="people",
            stacked=True,
        ),
        "pyramid": population_pyramid(
            title="Population by age",
            bands=[PyramidBand("0-2", Datum(260), Datum(250)), PyramidBand("65+", Datum(None, HIDDEN), Datum(800))],
            unit="people",
        ),
        "map": choropleth(title="Foreign population", values=map_values(), unit="people"),
    }


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("kind", ["lines", "bars", "stacked", "pyramid", "map"])
def test_every_chart_is_an_image_with_a_title_and_a_description(english, kind):
    chart = all_charts()[kind]
    root = parse(chart.svg)
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
    assert title.text == chart.title
    assert desc.text == chart.description
    assert len(desc.text) > 40
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


@pytest.mark.parametrize("kind", ["lines", "bars", "stacked", "pyramid", "map"])
def test_a_value_not_published_is_hatched_and_said_not_drawn_as_zero(english, kind):
    chart = all_charts()[kind]
    root = parse(chart.svg)
    hidden = [el for el in root.iter() if "hidden" in (el.get("class") or "").split()]
    assert len(hidden) == 1
    assert hidden[0].get("fill") == "url(#pattern-hidden)"
    assert HIDDEN in hidden[0].find(SVG + "title").text
    assert root.find(f".//{SVG}pattern[@id='pattern-hidden']") is not None
    assert "not published" in chart.svg
    assert "1 value is not published" in chart.description
    # The table says so too, and its download carries the reason instead of a number.
    assert "not published" in [cell for row in chart.table.display_rows() for cell in row]
    assert HIDDEN in table_csv(chart.table)


@pytest.mark.parametrize("kind", ["lines", "bars", "stacked", "pyramid", "map"])
def test_the_chart_draws_exactly_the_numbers_of_its_table(english, kind):
    chart = all_charts()[kind]
    root = parse(chart.svg)
    marks = [el for el in root.iter() if el.get("data-value")]
    drawn = sorted(D(el.get("data-value")) for el in marks)
    tabled = sorted(D(datum.value) for datum in chart.table.values() if datum.value is not None)
    assert drawn == tabled
    assert drawn, "a chart without marks would pass trivially"


def test_every_municipality_is_one_path_named_in_its_title_and_the_outline_comes_last_unfilled(english):
    boundaries = load_boundaries()
    assert len(boundaries.municipalities) == 34
    chart = all_charts()["map"]
    root = parse(chart.svg)
    paths = list(root.iter(SVG + "path"))
    regions = [p for p in paths if "municipality" in p.get("class", "").split()]
    assert sorted(p.get("data-key") for p in regions) == sorted(m.key for m in boundaries.municipalities)
    for municipality in boundaries.municipalities:
        (path,) = [p for p in regions if p.get("data-key") == municipality.key]
        assert path.find(SVG + "title").text.startswith(municipality.name + ": ")
    assert sum(1 for p in regions if p.find(SVG + "title").text.startswith("Melle: ")) == 1
    outline = paths[-1]
    assert outline.get("class") == "district-outline"
    assert outline.get("data-key") == "03459"
    assert outline.get("fill") == "none"
    # Painted last of all, over the municipalities, their labels and the legend.
    assert list(root)[-1] is outline


def test_the_map_tells_no_data_from_not_published_and_classes_from_their_legend(english):
    chart = all_charts()["map"]
    root = parse(chart.svg)
    by_key = {p.get("data-key"): p for p in root.iter(SVG + "path")}
    assert by_key["03459004"].get("class") == "municipality hidden"
    assert by_key["03459006"].get("class") == "municipality no-data"
    assert by_key["03459006"].get("fill") == "#ffffff"
    assert "1 municipality has no data" in chart.description
    # Highest and lowest are named in the words a screen reader hears.
    assert "Highest: Glandorf with 43" in chart.description
    assert "lowest: Alfhausen with 10" in chart.description
    assert "Landkreis Osnabrück" in chart.description
    legend_text = [t.text for t in root.iter(SVG + "text") if t.text and "to" in t.text]
    assert len(legend_text) == 5
    assert any("no data" in (t.text or "") for t in root.iter(SVG + "text"))


def test_the_map_refuses_a_value_for_a_region_it_does_not_draw():
    with pytest.raises(ValueError, match="03404000"):
        choropleth(title="x", values={"03404000": Datum(3)}, unit="people")


def test_class_breaks_split_by_equal_counts():
    assert class_breaks(list(range(1, 11)), classes=5) == (1, 3, 5, 7, 9, 10)
    assert class_breaks([4, 4, 4]) == (4, 4)
    assert class_breaks([]) == ()


def test_district_name_comes_from_the_outline_feature():
    assert district_name() == "Landkreis Osnabrück"


def test_output_is_the_same_on_every_run(english):
    first, second = all_charts(), all_charts()
    for kind in first:
        assert first[kind].svg == second[kind].svg, kind


def test_numbers_follow_the_readers_locale():
    series = [Series("District", (Datum(12345), Datum(D("7.5"))))]
    with translation.override("de"):
        german = time_series(title="t", periods=["2023", "2024"], series=series, unit="%", decimals=1)
        assert german.table.display_rows() == [["2023", "12.345,0"], ["2024", "7,5"]]
    with translation.override("en"):
        english = time_series(title="t", periods=["2023", "2024"], series=series, unit="%", decimals=1)
        # The table formats when it is shown, in the reader's language, whoever rendered the chart.
        assert german.table.display_rows() == [["2023", "12,345.0"], ["2024", "7.5"]]
    assert "2024: 7,5" in german.svg
    assert "2024: 7.5" in english.svg


def test_labels_are_isolated_so_right_to_left_text_keeps_its_place(english):
    chart = all_charts()["bars"]
    root = parse(chart.svg)
    labels = [t.text for t in root.iter(SVG + "text")]
    assert "\u2068سوريا\u2069" in labels


def test_a_published_line_goes_into_a_chart_as_the_publication_rule_left_it(english):
    cells = publish_table({"A1": 3, "A2": 40, "B1": 60}, by={"total": lambda level: "total"})[CELLS]
    chart = bar_chart(
        title="Waiting",
        categories=list(cells),
        series=[Series("Waiting", tuple(Datum.from_cell(cell) for cell in cells.values()))],
        unit="people",
    )
    # A1 is small, A2 hidden so that A1 cannot be worked out from the total: only B1 is drawn as a number.
    assert [D(el.get("data-value")) for el in parse(chart.svg).iter() if el.get("data-value")] == [60]
    assert chart.table.export_rows()[1:] == [
        ["A1", "Hidden: fewer than 5 people"],
        ["A2", "Hidden so that a hidden number cannot be worked out from the numbers shown"],
        ["B1", 60],
    ]


def test_a_stacked_bar_shows_no_total_over_a_hidden_segment(english):
    chart = all_charts()["stacked"]
    texts = [t.text for t in parse(chart.svg).iter(SVG + "text")]
    assert "\u2068= 200\u2069" in texts
    assert not any(t and t.startswith("\u2068= ") and t != "\u2068= 200\u2069" for t in texts)


def test_downloads_hold_the_table_and_neutralise_formulas(english):
    chart = time_series(
        title="t",
        periods=["=HYPERLINK(1)", "2024"],
        series=[Series("District", (Datum(5), Datum(None, HIDDEN)))],
        unit="people",
    )
    rows = list(csv.reader(io.StringIO(table_csv(chart.table)), delimiter=";"))
    assert rows == [["Period", "District"], ["'=HYPERLINK(1)", "5"], ["2024", HIDDEN]]
    sheet = load_workbook(io.BytesIO(table_xlsx(chart.table))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Period", "District"],
        ["'=HYPERLINK(1)", 5],
        ["2024", HIDDEN],
    ]


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="2 values for 3 periods"):
        time_series(title="t", periods=["1", "2", "3"], series=[Series("s", (Datum(1), Datum(2)))], unit="x")


def test_a_shown_value_cannot_carry_a_reason():
    with pytest.raises(ValueError):
        Datum(3, "secret")


def test_a_value_label_that_would_cross_the_border_is_left_out_but_the_value_stays_in_the_title(english):
    values = {m.key: Datum(D("83.4")) for m in load_boundaries().municipalities}
    root = parse(choropleth(title="Share", values=values, unit="%", decimals=1).svg)
    labels = [t for t in root.iter(SVG + "text") if t.text == "\u206883.4\u2069"]
    assert 25 < len(labels) < 34
    kettenkamp = next(p for p in root.iter(SVG + "path") if p.get("data-key") == "03459023")
    assert kettenkamp.find(SVG + "title").text == "Kettenkamp: 83.4"


def test_a_map_with_one_value_shows_one_class_and_the_rest_as_no_data(english):
    chart = choropleth(title="Share", values={"03459024": Datum(4)}, unit="people")
    root = parse(chart.svg)
    classes = {p.get("class") for p in root.iter(SVG + "path") if p.get("class", "").startswith("municipality")}
    assert classes == {"municipality class-0", "municipality no-data"}
    assert "33 municipalities have no data" in chart.description
    assert "Highest: Melle with 4; lowest: Melle with 4." in chart.description


def test_a_chart_without_periods_or_series_is_refused():
    with pytest.raises(ValueError, match="at least one series"):
        time_series(title="t", periods=[], series=[], unit="x")
    with pytest.raises(ValueError, match="at least one age band"):
        population_pyramid(title="t", bands=[], unit="x")


def test_given_class_limits_shade_by_them_and_refuse_a_value_outside(english):
    values = {"03459024": Datum(10), "03459014": Datum(30)}
    root = parse(choropleth(title="x", values=values, unit="people", breaks=[0, 20, 40]).svg)
    by_key = {p.get("data-key"): p.get("class") for p in root.iter(SVG + "path")}
    assert by_key["03459024"] == "municipality class-0"
    assert by_key["03459014"] == "municipality class-1"
    assert "20 to 40" in [t.text.strip("\u2068\u2069") for t in root.iter(SVG + "text") if t.text]
    with pytest.raises(ValueError, match="outside the classes"):
        choropleth(title="x", values={"03459024": Datum(41)}, unit="people", breaks=[0, 20, 40])


def test_monthly_periods_are_labelled_as_far_as_they_fit_first_and_last_included(english):
    periods = [f"{year}-{month:02d}" for year in (2023, 2024, 2025) for month in range(1, 13)]
    chart = time_series(title="t", periods=periods, series=[Series("s", tuple(Datum(i) for i in range(36)))], unit="x")
    texts = [t for t in parse(chart.svg).iter(SVG + "text") if t.text and t.text.strip("\u2068\u2069") in periods]
    labels = [t.text.strip("\u2068\u2069") for t in texts]
    assert labels[0] == "2023-01"
    assert labels[-1] == "2025-12"
    xs = [float(t.get("x")) for t in texts]
    # 7 characters at 11 px take some 45 px: no two labels closer than that.
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) >= 45


def _texts(svg_text: str) -> list[str]:
    # Labels are isolated for right-to-left pages (U+2068 ... U+2069).
    return ["".join(node.itertext()).strip("\u2068\u2069") for node in parse(svg_text).iter(f"{SVG}text")]


@pytest.mark.parametrize("top", [1, 3, 5])
def test_an_axis_of_small_counts_reads_whole_distinct_numbers(english, top):
    """Counts up to one once read "0 0 0 0 1" on the axis (quarter steps rounded to whole numbers)."""
    chart = bar_chart(
        title="t", categories=["a", "b"], series=[Series("answers", (Datum(top), Datum(0)))], unit="answers"
    )
    axis = [text for text in _texts(chart.svg) if text.isdigit()][:5]  # the axis comes before the bars' numbers
    assert len(set(axis)) == 5, axis
    assert axis[0] == "0"
    assert int(axis[-1]) >= top


def test_a_long_legend_wraps_instead_of_running_off_the_chart(english):
    labels = ["not started yet", "in progress", "on track", "achieved", "not achieved any more"]
    series = [Series(label, (Datum(1),)) for label in labels]
    chart = bar_chart(title="t", categories=["Sprache"], series=series, unit="sub-goals", stacked=True)
    root = parse(chart.svg)
    width = float(root.get("viewBox").split()[2])
    for node in root.iter(f"{SVG}text"):
        label = "".join(node.itertext()).strip("\u2068\u2069")
        if label in labels:
            assert float(node.get("x")) + 7 * len(label) <= width, label
    assert set(labels) <= set(_texts(chart.svg))
