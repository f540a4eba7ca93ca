"""The real GENESIS samples feed the indicators when imported: the values match cells read by hand from the files
(tests/data, see SOURCES.md), and another release of the same layout loads without code."""

from datetime import date
from pathlib import Path

import pytest

from wegweiser.lagebild import indicators
from wegweiser.lagebild.services import statistics_import
from wegweiser.lagebild.statistics import read_statistics

DATA = Path(__file__).parent / "data"
AGES = "12411-02-03-5-B_kreise_2018.csv"
PROTECTION = "12531-0043_175879554_flat_03459.csv"


def _load(world, name, content=None):
    content = content if content is not None else (DATA / name).read_bytes()
    statistics_import(statistics=read_statistics(content, name), actor="test", district=world.district)


def _values(key, region_key="03459"):
    return [(d, v) for d, v, _source in indicators.indicator_series(key, region_key, today=date(2025, 6, 15))]


@pytest.fixture
def ages(world):
    _load(world, AGES)
    return world


def test_the_age_groups_come_from_the_real_kreise_table(ages):
    # Line "03459;Osnabrück, Landkreis;10518;10248;13345;17845;11784;8331;19722;...;34389;39502;357343".
    day = date(2018, 12, 31)
    assert _values("population") == [(day, 357343)]
    assert _values("children_u3") == [(day, 10518)]
    assert _values("age_3_5") == [(day, 10248)]
    assert _values("age_6_9") == [(day, 13345)]
    assert _values("age_10_17") == [(day, 17845 + 11784)]
    adults = 8331 + 19722 + 19824 + 20269 + 20654 + 20573 + 25149 + 31016 + 29932 + 24242
    assert _values("age_18_64") == [(day, adults)]
    assert _values("age_65_plus") == [(day, 34389 + 39502)]
    assert 10518 + 10248 + 13345 + 17845 + 11784 + adults + 34389 + 39502 == 357343, "the groups add up"
    sources = {source for _d, _v, source in indicators.indicator_series("age_65_plus", "03459")}
    assert sources == {"12411-02-03-5-B"}


def test_another_release_of_the_same_layout_loads_without_code(ages):
    content = (DATA / AGES).read_bytes().replace(b"Stichtag: 31.12.2018", b"Stichtag: 31.12.2019")
    content = content.replace(b"357343", b"358000")
    _load(ages, "12411-02-03-5-B_kreise_2019.csv", content)
    assert _values("population") == [(date(2018, 12, 31), 357343), (date(2019, 12, 31), 358000)]


def test_protection_seekers_add_up_every_cell_of_the_flat_table(world):
    _load(world, PROTECTION)
    # The file has no total row: 397 cells (status x sex x nationality) summing to 24,415 (awk over column 22).
    assert _values("protection_seekers") == [(date(2024, 12, 31), 24415)]


def test_a_hidden_cell_of_the_flat_table_hides_the_total(world):
    lines = (DATA / PROTECTION).read_bytes().split(b"\n")
    head, first, rest = lines[0], lines[1], lines[2:]
    hidden = first.rsplit(b";", 4)
    first = b";".join([hidden[0], b".", *hidden[2:]])
    _load(world, PROTECTION, b"\n".join([head, first, *rest]))
    [(day, value)] = _values("protection_seekers")
    assert value is None, "a secret cell is not 0"


def test_foreigners_by_nationality_from_the_classic_layout(world):
    # 12521-0040_synthetic.csv is SYNTHETIC (no real sample of 12521 at hand): the classic GENESIS layout with
    # made-up figures, see SOURCES.md. Line "03459;Osnabrück, Landkreis;38450;5890;6120;4210;3980;2450".
    _load(world, "12521-0040_synthetic.csv")
    assert _values("foreign_population") == [(date(2023, 12, 31), 38450)]
    latest, top = indicators.top_nationalities(indicators.region_by_key("03459"), limit=3)
    assert (latest, top) == (date(2023, 12, 31), [("Ukraine", 6120), ("Syrien", 5890), ("Polen", 4210)])


@pytest.mark.parametrize("language", ["en", "uk", "de"])
def test_the_same_file_reads_the_same_whatever_language_the_importer_reads(world, language):
    # The names the reader gives unnamed columns are stored and matched by the indicators: they must not follow
    # the session's language (an import from an English session used to store "Column head 3").
    from django.utils import translation

    with translation.override(language):
        _load(world, AGES)
    assert _values("population") == [(date(2018, 12, 31), 357343)]
    assert _values("age_3_5") == [(date(2018, 12, 31), 10248)]
