"""Reading official statistics in every export layout, without a database: the real sample files (see
tests/data/SOURCES.md for their sources and the totals checked here) and hand-made edge cases."""

import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from wegweiser.lagebild.statistics import Layout, Marker, StatisticsParseError, read_statistics
from wegweiser.lagebild.statistics.types import CellError, parse_cell

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def read(name: str):
    return read_statistics((DATA / name).read_bytes(), name)


def values(result, region: str, **breakdown_labels) -> dict[tuple, object]:
    """The observations of `region` keyed by (measure label, breakdown labels...)."""
    found = {}
    for o in result.observations:
        if o.region_key != region:
            continue
        labels = {b.label for b in o.breakdown}
        if all(label in labels for label in breakdown_labels.values()):
            found[(o.measure.label, *sorted(labels))] = o.value if not o.marker else o.marker
    return found


def one(result, region: str, measure: str | None = None, *labels: str):
    matches = [
        o
        for o in result.observations
        if o.region_key == region
        and (measure is None or o.measure.label == measure)
        and {b.label for b in o.breakdown} == set(labels)
    ]
    assert len(matches) == 1, matches
    return matches[0]


def test_classic_table_12411_population_by_sex():
    result = read("12411-01-01-4.csv")

    assert result.problems == []
    assert (result.layout, result.encoding, result.table_code) == (Layout.CLASSIC, "Windows-1252", "12411-01-01-4")
    assert result.title == "Bevölkerung nach Geschlecht - Stichtag 31.12. - regionale Tiefe: Kreise und krfr. Städte"
    assert result.statistic == "Fortschreibung des Bevölkerungsstandes"
    assert result.stand == "21.03.2020 / 12:15:06"
    assert "Datenlizenz Deutschland" in result.licence
    assert result.source.startswith("Statistische Ämter")
    assert "Zensus 2011" in result.notes
    assert result.reference_dates == [date(2018, 12, 31)]
    assert len(result.region_keys) == 538
    assert len(result.observations) == 538 * 3
    assert one(result, "DG", None, "Insgesamt").value == Decimal(83019213)
    assert one(result, "03", None, "Insgesamt").value == Decimal(7982448)
    osnabrueck = [one(result, "03459", None, sex) for sex in ("Insgesamt", "männlich", "weiblich")]
    assert [o.value for o in osnabrueck] == [357343, 177430, 179913]
    assert osnabrueck[0].region_name == "Osnabrück, Landkreis", "the indent of the level is no part of the name"
    assert osnabrueck[0].measure.label == "Bevölkerungsstand"
    assert osnabrueck[0].measure.unit == "Anzahl"
    assert one(result, "03241001", None, "Insgesamt").region_name.startswith("Hannover")
    gone = one(result, "03152", None, "Insgesamt")
    assert (gone.value, gone.marker) == (None, Marker.NOTHING), "a marker is kept, not read as 0"


def test_classic_table_with_three_head_rows_and_the_date_in_the_title():
    result = read("12411-02-03-5-B_kreise_2018.csv")

    assert result.problems == []
    assert result.table_code == "12411-02-03-5-B"
    assert result.reference_dates == [date(2018, 12, 31)]
    assert len(result.observations) == 489 * 54
    assert "Altersgruppen (unter 1 bis 75 u.m.)" in result.variables
    assert one(result, "03459", None, "Insgesamt").value == 357343
    assert one(result, "03459", None, "Insgesamt", "unter 3 Jahre").value == 10518
    assert one(result, "03459", None, "Insgesamt", "3 bis unter 6 Jahre").value == 10248
    berlin = [o for o in result.observations if o.region_key.startswith("11") and len(o.region_key) == 8]
    assert len(berlin) == 12 * 54
    assert all(o.marker == Marker.UNKNOWN and o.value is None for o in berlin)
    assert result.marker_counts()["."] == len(berlin)


def test_classic_table_with_a_date_column_four_head_rows_and_a_footnote_that_looks_like_a_row():
    result = read("22541-01-01-4.csv")

    assert result.problems == []
    assert (result.table_code, result.reference_dates) == ("22541-01-01-4", [date(2002, 12, 31)])
    assert len(result.region_keys) == 538, "the footnote line `01.01.2001;` is no data row"
    assert {o.measure.label for o in result.observations} == {
        "Tageseinrichtungen für Kinder",
        "Verfügbare Plätze",
        "Tätige Personen",
    }
    facilities = one(result, "03459", "Tageseinrichtungen für Kinder", "Insgesamt")
    assert (facilities.value, facilities.measure.unit) == (145, "Anzahl")
    assert one(result, "03459", "Verfügbare Plätze", "Insgesamt").value == 12487
    assert one(result, "03459", "Verfügbare Plätze", "Plätze für Krippenkinder").value == 75
    assert one(result, "03459", "Verfügbare Plätze", "Plätze für Kindergartenkinder").value == 12214
    assert one(result, "03459", "Verfügbare Plätze", "Plätze für Hortkinder").value == 198
    assert one(result, "03459", "Tätige Personen", "Insgesamt").value == 1473
    assert one(result, "DG", "Verfügbare Plätze", "Insgesamt").value == 3142497


def test_new_flat_file_12411_with_the_table_code_from_its_name():
    result = read("12411-01-01-4_1773175772751_de_flat.csv")

    assert result.problems == []
    assert (result.layout, result.encoding, result.table_code) == (Layout.FLAT_NEW, "UTF-8", "12411-01-01-4")
    assert result.reference_dates == [date(2024, 12, 31)]
    assert len(result.observations) == 1467
    assert result.marker_counts() == {"-": 222}
    assert result.variables == {"GES": "Geschlecht"}
    by_sex = {o.breakdown[0].code: o.value for o in result.observations if o.region_key == "03459"}
    assert by_sex == {"Insgesamt": 354821, "GESM": 175240, "GESW": 179581}


def test_new_flat_file_12531_protection_seekers_keeps_every_breakdown():
    result = read("12531-0043_175879554_flat_03459.csv")

    assert result.problems == []
    assert result.table_code == "12531-0043"
    assert result.region_keys == ["03459"]
    assert len(result.observations) == 397
    assert set(result.variables) == {"SCHST2", "GES", "STAAG5"}
    nationality = {o: {b.variable: b for b in o.breakdown}["STAAG5"].label for o in result.observations}
    assert len(set(nationality.values())) == 48
    assert sum(o.value for o, label in nationality.items() if label == "Ukraine") == 13070
    status = [o for o in result.observations if {b.code for b in o.breakdown} & {"SCHUTZST-AK-1"}]
    assert sum(o.value for o in status) == 7825


def test_new_flat_file_inside_a_zip():
    content = (DATA / "12411-01-01-4_1773175772751_de_flat.csv").read_bytes()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("12411-01-01-4_1773175772751_de_flat.csv", content)

    result = read_statistics(archive.getvalue(), "download.zip")

    assert result.problems == []
    assert result.table_code == "12411-01-01-4"
    assert len(result.observations) == 1467


OLD_FLAT = (
    "\ufeffStatistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;"
    "1_Auspraegung_Code;1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;"
    "BEVSTD__Bevoelkerungsstand__Anzahl;BEVSTD__Bevoelkerungsstand__q\n"
    "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2022;KREISE;Kreise;03459;Osnabrück, Landkreis;"
    "GES;Geschlecht;GESM;männlich;178123;e\n"
    "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2022;KREISE;Kreise;03459;Osnabrück, Landkreis;"
    "GES;Geschlecht;GESW;weiblich;181234;p\n"
    "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2022;KREISE;Kreise;03152;Göttingen, Landkreis;"
    "GES;Geschlecht;GESW;weiblich;;-\n"
)


def test_old_flat_file_with_quality_columns():
    result = read_statistics(OLD_FLAT.encode("utf-8"), "12411-01-01-4.csv")

    assert result.problems == []
    assert (result.layout, result.encoding, result.table_code) == (Layout.FLAT_OLD, "UTF-8", "12411-01-01-4")
    male, female, gone = result.observations
    assert (male.value, male.flags, male.measure.code, male.measure.unit) == (178123, "e", "BEVSTD", "Anzahl")
    assert (female.value, female.flags) == (181234, "p")
    assert (gone.value, gone.marker) == (None, Marker.NOTHING), "the marker stands in the quality column"
    assert male.breakdown_key == "GES=GESM"
    assert male.region_key == "03459"


CLASSIC_HEAD = (
    "Tabelle: 12521-03i\n"
    "Ausländer nach Staatsangehörigkeit - Gemeinden - Stichtag;;;;\n"
    "Ausländerstatistik;;;;\n"
    "Ausländer (Anzahl);;;;\n"
)
CLASSIC_FOOT = '__________\n"© IT.NRW, Düsseldorf, 2026. Dieses Werk ist lizenziert unter der Datenlizenz Deutschland."\nStand: 01.03.2026\n'


def classic(rows: str, heads: str = ";;;Insgesamt;männlich;weiblich\n") -> bytes:
    return (CLASSIC_HEAD + heads + rows + CLASSIC_FOOT).encode("cp1252")


def test_every_marker_and_flag_is_kept_as_a_value_type():
    rows = (
        "31.12.2024;03459024;Melle;10;-;.\n"
        "31.12.2024;03459005;Bissendorf;x;...;/\n"
        "31.12.2024;03459008;Bramsche;(12);123p;4 r\n"
        "31.12.2024;03459012;Dissen;1.234;-s;(7)e\n"
    )
    result = read_statistics(classic(rows), "t.csv")

    assert result.problems == []
    cells = [(o.region_key, o.value, o.marker, o.flags) for o in result.observations]
    assert cells == [
        ("03459024", 10, Marker.NONE, ""),
        ("03459024", None, Marker.NOTHING, ""),
        ("03459024", None, Marker.UNKNOWN, ""),
        ("03459005", None, Marker.NOT_MEANINGFUL, ""),
        ("03459005", None, Marker.LATER, ""),
        ("03459005", None, Marker.UNRELIABLE, ""),
        ("03459008", 12, Marker.LIMITED, ""),
        ("03459008", 123, Marker.NONE, "p"),
        ("03459008", 4, Marker.NONE, "r"),
        ("03459012", 1234, Marker.NONE, ""),
        ("03459012", None, Marker.NOTHING, "s"),
        ("03459012", 7, Marker.LIMITED, "e"),
    ]
    assert result.region_keys[0] == "03459005", "keys keep their leading zero"
    assert result.marker_counts() == {"()": 2, "-": 2, ".": 1, "...": 1, "/": 1, "x": 1}
    assert result.table_code == "12521-03i"
    assert result.stand == "01.03.2026"
    assert "IT.NRW" in result.licence


@pytest.mark.parametrize(
    ("raw", "value", "marker", "flags"),
    [
        ("0", Decimal(0), "", ""),
        ("35747,85", Decimal("35747.85"), "", ""),
        ("-3", Decimal(-3), "", ""),
        ("1.234.567", Decimal(1234567), "", ""),
        ("…", None, "...", ""),
        ("( 5 )", Decimal(5), "()", ""),
        ("12 e", Decimal(12), "", "e"),
    ],
)
def test_cell_grammar(raw, value, marker, flags):
    cell = parse_cell(raw)
    assert (cell.value, cell.marker, cell.flags) == (value, marker, flags)


@pytest.mark.parametrize("raw", ["", "abc", "12a", "1.23", "--", "12,", "(", "0x1"])
def test_cells_that_are_neither_figure_nor_marker(raw):
    with pytest.raises(CellError):
        parse_cell(raw)


def test_a_broken_line_is_named_by_line_and_column():
    rows = "31.12.2024;03459024;Melle;10;5;5\n31.12.2024;03459005;Bissendorf;7;sieben;0\n31.12.2024;03459008;Bramsche;1;1\n"
    result = read_statistics(classic(rows), "t.csv")

    messages = [str(problem) for problem in result.problems]
    assert messages == [
        "Line 7, column 5 (Ausländer / männlich): “sieben” is neither a figure nor a statistical marker.",
        "Line 8, column 6 (Ausländer / weiblich): The cell is empty.",
    ]


def test_a_line_with_more_columns_than_the_table_is_refused():
    result = read_statistics(
        classic("31.12.2024;03459024;Melle;10;5;5\n31.12.2024;03459005;Bissendorf;1;2;3;9\n"), "t.csv"
    )

    assert [(p.line, p.column) for p in result.problems] == [(7, 7)]
    assert len(result.observations) == 3


def test_an_extra_column_head_row_and_a_second_key_pair_are_found_by_their_shape():
    heads = ";;;;;Insgesamt;Insgesamt\n;;;;;Geschlecht;Geschlecht\n;;;;;männlich;weiblich\n;;;;;Anzahl;Anzahl\n"
    rows = "31.12.2024;03459024;Melle;ST475;Syrien;120;95\n31.12.2024;03459024;Melle;ST164;Türkei;88;-\n"
    result = read_statistics(classic(rows, heads), "t.csv")

    assert result.problems == []
    first = result.observations[0]
    assert {(b.code, b.label) for b in first.breakdown} >= {("männlich", "männlich"), ("ST475", "Syrien")}
    assert "Geschlecht" in result.variables
    assert [o.value for o in result.observations] == [120, 95, 88, None]


def test_a_new_table_of_a_known_layout_loads_without_code():
    header = (
        "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;"
        "1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;"
        "2_variable_attribute_code;2_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label\n"
    )
    row = (
        "12612;Statistik der Geburten;JAHR;Jahr;2023;GEMEIN;Gemeinden;03459024;Melle, Stadt;"
        "NAT;Nationalität;NATA;Ausländer;{value};Anzahl;BEV001;Lebendgeborene\n"
    )
    text = header + row.format(value="41") + row.format(value="2,5").replace("03459024", "03459005")
    result = read_statistics(text.encode("utf-8"), "12612-01-01-5_flat.csv")

    assert result.problems == []
    assert result.table_code == "12612-01-01-5"
    assert result.reference_dates == [date(2023, 12, 31)]
    assert [(o.region_key, o.value, o.breakdown_key) for o in result.observations] == [
        ("03459024", Decimal(41), "NAT=NATA"),
        ("03459005", Decimal("2.5"), "NAT=NATA"),
    ]


def test_the_same_table_in_utf8_reads_as_in_windows_1252():
    rows = "31.12.2024;03459024;Melle;10;5;5\n"
    as_utf8 = read_statistics(classic(rows).decode("cp1252").encode("utf-8"), "t.csv")
    as_cp1252 = read_statistics(classic(rows), "t.csv")

    assert (as_utf8.encoding, as_cp1252.encoding) == ("UTF-8", "Windows-1252")
    assert as_utf8.observations == as_cp1252.observations
    assert as_utf8.title == as_cp1252.title


def test_a_file_of_no_known_layout_is_refused():
    with pytest.raises(StatisticsParseError, match="layout of the file is not known"):
        read_statistics(b"Name;Wert\nMelle;3\n", "t.csv")


def test_a_file_in_a_garbled_encoding_is_refused_with_the_word():
    with pytest.raises(StatisticsParseError, match="Ausl"):
        read_statistics(classic("31.12.2024;03459;Osnabrück;1;2;3\n").decode("cp1252").encode("mac_roman"), "t.csv")


def test_a_classic_table_without_data_rows_says_so():
    result = read_statistics((CLASSIC_HEAD + ";;;Insgesamt\n" + CLASSIC_FOOT).encode("cp1252"), "t.csv")

    assert [p.message for p in result.problems] == [
        "No data row found: no line starts with a region key followed by figures."
    ]
