"""Loading the official municipality register: the real extract for Landkreis Osnabrück, broken variants of it,
other encodings and separators, another district's file, and `manage.py load_territory`."""

import csv
import io
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from wegweiser.territory.models import District, Municipality, MunicipalityKind
from wegweiser.territory.register import MunicipalityRecord, Register, parse_register
from wegweiser.territory.services import TerritoryLoadError, territory_load_register

REGISTER_FILE = Path(__file__).resolve().parent.parent / "data" / "gv-auszug-03459.csv"
REGISTER_TEXT = REGISTER_FILE.read_text(encoding="utf-8")
SAMTGEMEINDEN = {
    "Artland": {"Badbergen", "Menslage", "Nortrup", "Quakenbrück, Stadt"},
    "Bersenbrück": {
        "Alfhausen",
        "Ankum",
        "Bersenbrück, Stadt",
        "Eggermühlen",
        "Gehrde",
        "Kettenkamp",
        "Rieste",
    },
    "Fürstenau": {"Berge", "Bippen", "Fürstenau, Stadt"},
    "Neuenkirchen": {"Merzen", "Neuenkirchen", "Voltlage"},
}


def parse(text: str, filename: str = "gv.csv", encoding: str = "utf-8") -> Register:
    with translation.override("en"):
        return parse_register(text.encode(encoding), filename)


def load(text: str = REGISTER_TEXT, population_date: date | None = date(2019, 12, 31)):
    register = parse(text)
    assert not register.problems, [str(p) for p in register.problems]
    return territory_load_register(register=register, population_date=population_date)


def replace_line(text: str, starts_with: str, old: str, new: str) -> str:
    """The register with `old` replaced by `new` in the one line that starts with `starts_with`."""
    lines = text.splitlines(keepends=True)
    matches = [i for i, line in enumerate(lines) if line.startswith(starts_with)]
    assert len(matches) == 1, f"{starts_with!r} matches {len(matches)} lines"
    assert old in lines[matches[0]]
    lines[matches[0]] = lines[matches[0]].replace(old, new, 1)
    return "".join(lines)


def problems_of(text: str, **kwargs) -> list[str]:
    with translation.override("en"):
        return [str(problem) for problem in parse(text, **kwargs).problems]


BAD_ESSEN = "60,64,03,4,59,0003,003,"
MELLE = "60,63,03,4,59,0024,024,"


@pytest.mark.django_db
def test_the_real_extract_loads_34_municipalities_and_4_samtgemeinden_with_their_members():
    result = load()

    district = District.objects.get()
    assert (district.ags, district.name) == ("03459", "Landkreis Osnabrück")
    assert (result.created, result.updated, result.unchanged) == (38, 0, 0)
    local = Municipality.objects.local()
    assert local.count() == 34
    assert sum(m.population for m in local) == 358_080
    assert Municipality.objects.filter(kind=MunicipalityKind.STADT).count() == 8
    for name, members in SAMTGEMEINDEN.items():
        samtgemeinde = Municipality.objects.get(kind=MunicipalityKind.SAMTGEMEINDE, name=name)
        assert samtgemeinde.ags is None
        assert len(samtgemeinde.regional_key) == 9
        assert set(samtgemeinde.members.values_list("name", flat=True)) == members
    melle = Municipality.objects.get(ags="03459024")
    assert melle.name == "Melle, Stadt"
    assert melle.kind == MunicipalityKind.STADT
    assert melle.regional_key == "034590024024"
    assert melle.samtgemeinde is None
    assert (melle.population, melle.population_male, melle.population_female) == (46588, 23090, 23498)
    assert melle.population_date == date(2019, 12, 31)
    assert melle.area_km2 == Decimal("253.95")
    assert (melle.latitude, melle.longitude) == (Decimal("52.201721"), Decimal("8.335672"))
    assert melle.postcode == "49324"


@pytest.mark.django_db
def test_loading_the_same_file_again_changes_nothing():
    load()
    before = list(Municipality.objects.order_by("regional_key").values())

    result = load()

    assert (result.created, result.updated, result.unchanged) == (0, 0, 38)
    assert list(Municipality.objects.order_by("regional_key").values()) == before


@pytest.mark.django_db
def test_a_newer_extract_updates_the_changed_municipalities_only():
    load()
    newer = replace_line(REGISTER_TEXT, MELLE, " 46 588,", " 46 999,")

    result = load(newer)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 37)
    assert Municipality.objects.get(ags="03459024").population == 46999


@pytest.mark.django_db
def test_a_gemeinde_that_moved_to_another_association_keeps_its_row():
    """A Gemeinde keeps its AGS when its association (vb) changes; the row is updated, not duplicated."""
    load()
    melle = Municipality.objects.get(ags="03459024")
    moved = replace_line(REGISTER_TEXT, MELLE, "0024,024,", "5404,024,")

    result = load(moved)

    assert (result.created, result.updated) == (0, 1)
    melle.refresh_from_db()
    assert melle.regional_key == "034595404024"
    assert melle.samtgemeinde.name == "Neuenkirchen"
    assert Municipality.objects.local().count() == 34


BROKEN_VARIANTS = [
    pytest.param(
        lambda t: replace_line(t, BAD_ESSEN, " 15 738,", " 15 7x8,"),
        "gv.csv, line 4, field “bevoelkerung”: “15 7x8” is not a whole number.",
        id="population-not-a-number",
    ),
    pytest.param(
        lambda t: replace_line(t, MELLE, '"52,201721"', '"152,201721"'),
        "gv.csv, line 30, field “breitengrad”: 152,201721 lies outside the possible range.",
        id="latitude-out-of-range",
    ),
    pytest.param(
        lambda t: replace_line(t, MELLE, '"8,335672"', '"8,33x"'),
        "gv.csv, line 30, field “laengengrad”: “8,33x” is not a number.",
        id="longitude-not-a-number",
    ),
    pytest.param(
        lambda t: replace_line(t, MELLE, '"Melle, Stadt"', '""'),
        "gv.csv, line 30, field “gemeindename”: The name is empty.",
        id="name-empty",
    ),
    pytest.param(
        lambda t: replace_line(t, MELLE, "0024,024,", "0024,24,"),
        "gv.csv, line 30, field “gemeinde”: The municipality key must have 3 digits.",
        id="municipality-key-short",
    ),
    pytest.param(
        lambda t: replace_line(t, MELLE, "60,63,", "60,68,"),
        "gv.csv, line 30, field “textkennzeichen”: Unknown kind of municipality “68”.",
        id="unknown-kind",
    ),
    pytest.param(
        lambda t: replace_line(t, MELLE, "60,63,", "70,63,"),
        "gv.csv, line 30, field “satzart”: Unknown record type “70”.",
        id="unknown-record-type",
    ),
    pytest.param(
        lambda t: replace_line(t, MELLE, "0024,024,", "0024x,024,"),
        "gv.csv, line 30, field “vb”: The association key (vb) must have 4 digits.",
        id="association-key",
    ),
    pytest.param(
        lambda t: replace_line(t, MELLE, "03,4,59,", "03,4,58,"),
        "gv.csv, line 30, field “kreis”: This row belongs to another district (03458).",
        id="row-of-another-district",
    ),
    pytest.param(
        lambda t: t + "60,64,03,4,59,0003,003,Bad Essen, 103.33, 15 738, 7 756, 7 982,  152,49152,,,,,,\n",
        "gv.csv, line 58, field “gemeinde”: The same municipality appears twice (first in line 4).",
        id="duplicate-row",
    ),
    pytest.param(
        # Melle's Gemeinde number again under another association: another regional key, the same AGS.
        lambda t: t + "60,64,03,4,59,5404,024,Melle-Neu, 10.00, 1 000, 500, 500,  100,49324,,,,,,\n",
        "gv.csv, line 58, field “gemeinde”: The same municipality appears twice (first in line 30).",
        id="duplicate-ags",
    ),
    pytest.param(
        lambda t: t.replace("gemeindename", "name", 1),
        "gv.csv, line 1, field “gemeindename”: Column missing.",
        id="column-missing",
    ),
    pytest.param(
        lambda t: "".join(line for line in t.splitlines(keepends=True) if not line.startswith("40,")),
        "gv.csv, line 1, field “satzart”: The file has no district row (Satzart 40).",
        id="no-district-row",
    ),
    # What PostgreSQL would refuse (and SQLite would silently keep) is reported with its line and field.
    pytest.param(
        lambda t: replace_line(t, MELLE, '"Melle, Stadt"', "M" * 201),
        "gv.csv, line 30, field “gemeindename”: The name is longer than 200 characters.",
        id="name-too-long",
    ),
    pytest.param(
        lambda t: t.replace(",Osnabrück,", "," + "O" * 191 + ",", 1),
        "gv.csv, line 2, field “gemeindename”: The name is longer than 200 characters.",
        id="district-name-with-prefix-too-long",
    ),
    pytest.param(
        lambda t: replace_line(t, MELLE, '"Melle, Stadt"', "Mel\x00le"),
        "gv.csv, line 30, field “gemeindename”: The file is no plausible text in any of the encodings tried "
        "(UTF-8, Windows-1252): line 30 holds “MelU+0000le”.",
        id="nul-in-name",
    ),
    pytest.param(
        lambda t: replace_line(t, MELLE, '"Melle, Stadt"', "Mel\x1ble"),
        "gv.csv, line 30, field “gemeindename”: The file is no plausible text",
        id="escape-in-name",
    ),
    pytest.param(
        lambda t: replace_line(t, MELLE, '"Melle, Stadt"', '"' + "M" * 131_073 + '"'),
        "gv.csv, line 30, field “gemeindename”: The field is longer than 131072 characters.",
        id="field-over-csv-limit",
    ),
    pytest.param(
        lambda t: replace_line(t, MELLE, '"Melle, Stadt", 253.95, 46 588,', '"Melle, Stadt", 253.95, 2147483648,'),
        "gv.csv, line 30, field “bevoelkerung”: 2147483648 lies outside the possible range.",
        id="population-beyond-integer",
    ),
    pytest.param(
        lambda t: replace_line(t, MELLE, '"Melle, Stadt"', '"Melle, Stadt",extra,extra,extra'),
        "gv.csv, line 30, field “-”: The row has more fields than the header names (20).",
        id="more-fields-than-header",
    ),
    pytest.param(
        lambda t: t.replace('"Bad Iburg, Stadt"', '"Bad Iburg,\nStadt"', 1),
        "gv.csv, line 5, field “gemeindename”: The field holds a control character.",
        id="line-break-in-name",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("break_file", "expected"), BROKEN_VARIANTS)
def test_a_broken_row_is_reported_with_file_line_and_field_and_nothing_is_loaded(break_file, expected):
    broken = break_file(REGISTER_TEXT)

    problems = problems_of(broken)

    assert any(problem.startswith(expected) for problem in problems), problems
    assert len(problems) == 1, problems
    with pytest.raises(TerritoryLoadError):
        territory_load_register(register=parse(broken), population_date=None)
    assert not District.objects.exists()
    assert not Municipality.objects.exists()


def test_every_bad_row_of_a_file_is_reported_not_only_the_first():
    broken = replace_line(REGISTER_TEXT, BAD_ESSEN, " 15 738,", " viele,")
    broken = replace_line(broken, MELLE, '"Melle, Stadt"', '""')

    problems = problems_of(broken, filename="auszug.csv")

    assert [problem.split(":")[0] for problem in problems] == [
        "auszug.csv, line 4, field “bevoelkerung”",
        "auszug.csv, line 30, field “gemeindename”",
    ]


@pytest.mark.django_db
def test_a_failure_while_loading_leaves_nothing_half_loaded():
    """The load is one transaction: a row that the database refuses takes all rows before it back."""
    register = parse(REGISTER_TEXT)
    clash = register.municipalities[-1]
    register.municipalities.append(
        MunicipalityRecord(line=99, regional_key="034595404099", ags=clash.ags, name="Clash", kind="gemeinde")
    )

    with pytest.raises(Exception, match="(?i)unique"):
        territory_load_register(register=register, population_date=None)

    assert not District.objects.exists()
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_a_file_of_another_district_is_refused():
    load()
    other = REGISTER_TEXT.replace(",03,4,59,", ",03,4,58,").replace(
        "\n40,44,03,4,59,,,Osnabrück", "\n40,44,03,4,58,,,Oldenburg"
    )
    register = parse(other)
    assert register.district_ags == "03458"
    assert not register.problems

    with translation.override("en"), pytest.raises(TerritoryLoadError) as refused:
        territory_load_register(register=register, population_date=None)

    assert str(refused.value) == (
        "This installation serves Landkreis Osnabrück; a file for another district (03458) cannot be loaded."
    )
    assert list(District.objects.values_list("ags", flat=True)) == ["03459"]
    assert Municipality.objects.count() == 38
    assert not Municipality.objects.filter(regional_key__startswith="03458").exists()


def test_windows_1252_and_semicolons_are_read_like_utf8_and_commas():
    rows = list(csv.reader(io.StringIO(REGISTER_TEXT)))
    semicolons = io.StringIO()
    csv.writer(semicolons, delimiter=";", lineterminator="\r\n").writerows(rows)
    expected = parse(REGISTER_TEXT)

    for variant in (parse(REGISTER_TEXT, encoding="cp1252"), parse(semicolons.getvalue(), encoding="cp1252")):
        assert not variant.problems, [str(p) for p in variant.problems]
        assert variant.district_name == "Landkreis Osnabrück"
        assert variant.municipalities == expected.municipalities
    assert "Fürstenau, Stadt" in [m.name for m in expected.municipalities]


@pytest.mark.django_db
def test_the_largest_values_the_checks_let_through_are_stored_by_the_database():
    """The checks' limits are the database's: a 200-character name and the largest integer population load."""
    text = replace_line(REGISTER_TEXT, MELLE, '"Melle, Stadt", 253.95, 46 588,', "M" * 200 + ", 253.95, 2147483647,")
    text = text.replace(",Osnabrück,", "," + "O" * 190 + ",", 1)

    territory_load_register(register=parse(text), population_date=None)

    assert Municipality.objects.get(ags="03459024").name == "M" * 200
    assert Municipality.objects.get(ags="03459024").population == 2_147_483_647
    assert District.objects.get().name == "Landkreis " + "O" * 190


@pytest.mark.parametrize("encoding", ["mac_roman", "shift_jis_2004"])
@pytest.mark.django_db
def test_a_register_in_another_encoding_is_refused_and_renames_nothing(encoding):
    territory_load_register(register=parse(REGISTER_TEXT), population_date=None)

    register = parse(REGISTER_TEXT, encoding=encoding)

    with translation.override("en"):
        problems = [str(problem) for problem in register.problems]
    assert [problem.split(":")[0] for problem in problems] == ["gv.csv, line 2, field “gemeindename”"]
    assert "(UTF-8, Windows-1252)" in problems[0]
    with pytest.raises(TerritoryLoadError):
        territory_load_register(register=register, population_date=None)
    assert District.objects.get().name == "Landkreis Osnabrück"
    assert Municipality.objects.filter(name__contains="ü").count() == 7


def test_a_utf16_file_with_byte_order_mark_is_read_like_utf8():
    assert parse(REGISTER_TEXT, encoding="utf-16").municipalities == parse(REGISTER_TEXT).municipalities


def test_a_utf8_file_with_byte_order_mark_is_read():
    register = parse_register(b"\xef\xbb\xbf" + REGISTER_TEXT.encode(), "bom.csv")

    assert not register.problems
    assert len(register.municipalities) == 38


@pytest.mark.django_db
def test_load_territory_command_loads_the_file_and_says_what_it_did(tmp_path):
    out = StringIO()
    with translation.override("en"):
        call_command("load_territory", str(REGISTER_FILE), "--population-date=2019-12-31", stdout=out)

    assert "Landkreis Osnabrück: 38 municipalities added, 0 updated, 0 unchanged." in out.getvalue()
    assert Municipality.objects.local().count() == 34
    assert Municipality.objects.filter(population_date=date(2019, 12, 31)).count() == 34


@pytest.mark.django_db
def test_load_territory_command_reports_each_problem_and_loads_nothing(tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text(replace_line(REGISTER_TEXT, MELLE, " 46 588,", " 46.588x,"), encoding="utf-8")
    err = StringIO()

    with translation.override("en"), pytest.raises(CommandError, match="1 problems in broken.csv; nothing was loaded"):
        call_command("load_territory", str(broken), stderr=err)

    assert "broken.csv, line 30, field “bevoelkerung”" in err.getvalue()
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_load_territory_command_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_territory", str(tmp_path / "missing.csv"))
