"""The template for the district's own figures (registrations, Kita places and waiting lists, course places),
as CSV and as XLSX, read with line and column errors and loaded through the same idempotent import."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from wegweiser.accounts.roles import Role
from wegweiser.core.spreadsheet import spreadsheet_xlsx
from wegweiser.lagebild.models import Observation, StatisticRelease
from wegweiser.lagebild.services import statistics_import
from wegweiser.lagebild.statistics import Layout, Marker, read_statistics
from wegweiser.lagebild.statistics.own import template_rows

HEADER = "Merkmal;Stichtag;Gemeindeschlüssel;Gemeinde;Staatsangehörigkeit;Altersgruppe;Träger;Wert\n"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(row + "\n" for row in rows)).encode("utf-8")


def test_kita_places_and_waiting_lists_from_csv():
    result = read_statistics(
        csv(
            "kita_plaetze;01.08.2025;03459024;Melle;;unter 3;;310",
            "kita_plaetze;01.08.2025;03459024;Melle;;3 bis 5;;1.020",
            "kita_warteliste;01.08.2025;03459024;Melle;;unter 3;;.",
            "kita_warteliste;01.08.2025;03459005;Bissendorf;;;;-",
        ),
        "kita.csv",
    )

    assert result.problems == []
    assert (result.layout, result.table_code, result.encoding) == (Layout.OWN, "EIGEN-KITA", "UTF-8")
    assert result.title == "Kita places and waiting lists (youth office)"
    cells = [(o.region_key, o.measure.code, o.breakdown_key, o.value, o.marker) for o in result.observations]
    assert cells == [
        ("03459024", "kita_plaetze", "ALTER=unter 3", Decimal(310), Marker.NONE),
        ("03459024", "kita_plaetze", "ALTER=3 bis 5", Decimal(1020), Marker.NONE),
        ("03459024", "kita_warteliste", "ALTER=unter 3", None, Marker.UNKNOWN),
        ("03459005", "kita_warteliste", "", None, Marker.NOTHING),
    ]
    assert result.reference_dates == [date(2025, 8, 1)]


def test_errors_name_line_and_column():
    result = read_statistics(
        csv(
            "anmeldungen;31.12.2025;3459024;Melle;Syrien;18 bis 64;;42",
            "anmeldungen;31.13.2025;03459024;Melle;Syrien;18 bis 64;;42",
            "kita_plaetze;01.08.2025;03459024;Melle;Syrien;;;3",
            "kursplaetze;01.09.2025;03459024;Melle;;;VHS;viele",
            "wohnungen;01.09.2025;03459024;Melle;;;;3",
        ),
        "eigen.csv",
    )

    assert [str(p) for p in result.problems] == [
        "Line 2, column 3 (Gemeindeschlüssel): “3459024” is no municipality key (8 digits) or district key (5).",
        "Line 3, column 2 (Stichtag): “31.13.2025” is no date.",
        "Line 4, column 5 (Staatsangehörigkeit): This figure is not broken down by this column; leave it empty.",
        "Line 5, column 8 (Wert): “viele” is neither a figure nor a statistical marker.",
        "Line 6, column 1 (Merkmal): “wohnungen” is no known figure; use one of anmeldungen, kita_plaetze, "
        "kita_warteliste, kursplaetze.",
        "Line 2: One file holds the figures of one source; this one mixes EIGEN-KITA, EIGEN-KURSE, EIGEN-MELDUNGEN. "
        "Split it.",
    ]


def test_unknown_columns_are_refused():
    result = read_statistics(
        csv("anmeldungen;2025;03459024;42", header="Merkmal;Stichtag;Gemeindeschlüssel;Wert;Farbe\n"), "x.csv"
    )

    assert [str(p) for p in result.problems] == ["Line 1: Unknown columns: Farbe."]


def test_the_template_as_xlsx_reads_like_the_csv():
    rows = template_rows()
    # What a planner's spreadsheet holds: a real date and a number typed into cells.
    rows[1] = ["anmeldungen", datetime(2025, 12, 31), "03459024", "Melle", "Syrien", "18 bis 64", None, 42]
    workbook = spreadsheet_xlsx(rows[:2], text_columns=[2])

    result = read_statistics(workbook, "eigene-zahlen.xlsx")

    assert result.problems == []
    assert (result.encoding, result.table_code) == ("XLSX", "EIGEN-MELDUNGEN")
    (observation,) = result.observations
    assert (observation.reference_date, observation.region_key, observation.value) == (
        date(2025, 12, 31),
        "03459024",
        Decimal(42),
    )
    assert observation.breakdown_key == "ALTER=18 bis 64|STAAG=Syrien"


def test_a_key_stored_as_a_number_in_a_workbook_is_refused_with_advice():
    rows = [template_rows()[0], ["anmeldungen", "31.12.2025", 3459024, "Melle", "", "", "", 4]]

    result = read_statistics(spreadsheet_xlsx(rows), "eigene-zahlen.xlsx")

    assert [p.message for p in result.problems] == [
        "The key 3459024 was stored as a number and lost its leading zero; format the column as text."
    ]


def test_own_figures_load_through_the_same_idempotent_import(world):
    actor = world.user(Role.INTEGRATION_OFFICE)
    first = read_statistics(csv("kursplaetze;01.09.2025;03459024;Melle;;;VHS Osnabrücker Land;48"), "kurse.csv")
    statistics_import(statistics=first, actor=actor)
    again = read_statistics(
        csv(
            "kursplaetze;01.09.2025;03459024;Melle;;;VHS Osnabrücker Land;50",
            "kursplaetze;01.09.2025;03459024;Melle;;;Caritas;12",
        ),
        "kurse.csv",
    )
    summary = statistics_import(statistics=again, actor=actor)

    assert summary.replaced == [date(2025, 9, 1)]
    assert StatisticRelease.objects.get().table.code == "EIGEN-KURSE"
    assert dict(Observation.objects.values_list("breakdown_key", "value")) == {
        "TRAEGER=VHS Osnabrücker Land": Decimal(50),
        "TRAEGER=Caritas": Decimal(12),
    }
