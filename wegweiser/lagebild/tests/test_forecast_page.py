"""The forecast page on the demo district: a Samtgemeinde and the district as the sum of their municipalities, the
seat forecast by level with hidden waiting counts, the wave and the arrivals from the data; against hand counts."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from wegweiser.accounts.roles import Role
from wegweiser.accounts.tests.factories import UserFactory
from wegweiser.lagebild import indicators, planning
from wegweiser.lagebild.demo import load_demo
from wegweiser.lagebild.forms import scenario_form
from wegweiser.lagebild.models import Observation
from wegweiser.territory.demo import load_demo as load_territory

SCENARIO = {
    "u3_care_rate": "0.5",
    "ue3_care_rate": "0.98",
    "buffer": "0.1",
    "births_years": "3",
    "migration_rate": "0",
    "scenario": "custom",
    "scenario_name": "Zuweisung",
    "scenario_arrivals": "300",
    "participation_rate": "0.6",
    "course_weeks": "26",
}


@pytest.fixture
def planner(client, db):
    out = io.StringIO()
    load_territory(out=out)
    load_demo(out=out)
    client.force_login(UserFactory(role=Role.INTEGRATION_OFFICE))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _regions(kind):
    return [region for region in indicators.lagebild_regions() if region.kind == kind]


def _single_ages(key, year):
    rows = Observation.objects.filter(
        region_key=key, reference_date=date(year, 12, 31), table__code="DEMO-12411-EJ", measure_code="BEVSTD"
    ).values_list("breakdown_key", "value")
    return {int(b.removeprefix("ALTX1=ALT")): v for b, v in rows}


def test_a_samtgemeinde_is_the_sum_of_its_municipalities_by_hand(planner):
    group = _regions("samtgemeinde")[0]
    assert len(group.members) > 1
    response = planner.get(reverse("lagebild:forecast"), {**SCENARIO, "region": group.key, "scenario": "baseline"})
    page = response.context["page"]
    assert page.region == group
    assert [member.key for member in page.members] == list(group.members)
    first = page.forecast.years[0]
    # By hand, baseline without migration: U3 children at the end of 2025 are those aged 0 and 1 at the end of
    # 2024 (aged forward) plus the mean births of 2022-2024, in each member; the area adds them up.
    expected = Decimal(0)
    for key in group.members:
        ages = _single_ages(key, 2024)
        births = sum(_single_ages(key, year)[0] for year in (2022, 2023, 2024)) / Decimal(3)
        expected += births + ages[0] + ages[1]
    assert first.kita["U3"].children.value == expected
    assert first.kita["U3"].need.value == expected * Decimal("0.5") * Decimal("1.1")
    member_sum = sum((member.years[0].kita["U3"].children.value for member in page.members), Decimal(0))
    assert member_sum == expected
    html = response.content.decode()
    names = [member.name for member in page.members]
    assert all(f" in {name}" in html for name in names), "the working names every part"
    assert "sums of its" in html


def test_the_district_is_the_sum_of_all_municipalities_and_shares_the_arrivals_by_residents(planner):
    district = _regions("district")[0]
    response = planner.get(reverse("lagebild:forecast"), {**SCENARIO, "region": district.key})
    page = response.context["page"]
    assert len(page.members) == len(district.members) == 34
    for index, year in enumerate(page.forecast.years):
        for code, band in year.kita.items():
            parts = sum((member.years[index].kita[code].children.value for member in page.members), Decimal(0))
            assert band.children.value == parts
            places = sum((member.years[index].kita[code].places.value for member in page.members), Decimal(0))
            assert band.places.value == places
    arrivals = sum((member.years[0].arrivals.value for member in page.members), Decimal(0))
    assert arrivals == 300, "the scenario's arrivals are the district's, shared among its municipalities"
    assert page.backtest is not None, "the back-test runs on the summed history"
    assert response.status_code == 200


def test_the_page_offers_the_district_the_samtgemeinden_and_the_municipalities(planner):
    html = planner.get(reverse("lagebild:forecast")).content.decode()
    for region in indicators.lagebild_regions():
        assert f'value="{region.key}"' in html
    assert "<optgroup" in html


def test_a_municipality_forecast_is_its_own_and_keeps_the_whole_arrivals(planner):
    town = _regions("municipality")[0]
    form = scenario_form(SCENARIO)
    assert form.is_valid()
    page = planning.forecast_page(town, form.cleaned_data, None)
    assert page.members == ()
    assert page.forecast.years[0].arrivals.value == 300


def test_the_council_pdf_carries_the_district_forecast_and_a_table_per_samtgemeinde(planner, run_jobs):
    import io as _io

    from pypdf import PdfReader

    from wegweiser.jobs.models import Job, JobStatus

    melle = _regions("municipality")[0]
    planner.post(reverse("lagebild:report"), {**SCENARIO, "region": melle.key})
    run_jobs()
    job = Job.objects.get(kind="lagebild.report")
    assert job.status == JobStatus.SUCCEEDED, job.error
    pdf = planner.get(job.result_url).content
    text = " ".join(page.extract_text() for page in PdfReader(_io.BytesIO(pdf)).pages).replace("\n", " ")
    assert "Forecast for the district" in text
    assert "Forecast by Samtgemeinde" in text
    for group in _regions("samtgemeinde"):
        assert f"Forecast for {group.name}" in text, group.name
    assert f"Forecast for {melle.name}" in text, "the planner's own choice is there too"


def _figures_with_hidden_waiting(town):
    from wegweiser.core.publication import SECONDARY, SMALL, Cell, Publication

    mid = town.municipality_id
    waiting = Publication(
        cells={
            (mid, "A1"): Cell(None, SMALL),
            (mid, "A2"): Cell(7),
            (mid, "B1"): Cell(None, SECONDARY, protects=("cells", (mid, "A1"))),
        },
        groupings={"municipality": {mid: Cell(15)}, "samtgemeinde": {}, "district": {}, "level": {}},
    )
    free = Publication(cells={(mid, "A1"): Cell(12), (mid, "A2"): Cell(3)}, groupings={})
    return indicators.OwnFigures(
        arrivals=Publication(cells={}, groupings={}),
        waiting=waiting,
        free_seats=free,
        since=date(2025, 1, 1),
        district_wide=False,
    )


def test_hidden_waiting_counts_count_as_one_and_free_seats_stay_by_level(planner):
    town = _regions("municipality")[0]
    form = scenario_form(SCENARIO)
    assert form.is_valid()
    page = planning.forecast_page(town, form.cleaned_data, _figures_with_hidden_waiting(town))
    first = page.forecast.years[0].courses
    a1, a2, b1 = first["A1"], first["A2"], first["B1"]
    assert (a1.waiting_before.value, a2.waiting_before.value, b1.waiting_before.value) == (1, 7, 1)
    assert (a1.seats.value, a2.seats.value, b1.seats.value) == (12, 3, 0), "a free A1 seat is no B1 seat"
    # By hand: 300 arrivals × adults 0.7 × participation 0.6 = 126 participants; A1 takes all of them, B1 0.6.
    assert a1.entrants.value == 126
    assert a1.seat_need.value == (126 + 1) * Decimal(26) / 52
    assert b1.seat_need.value == (Decimal("75.6") + 1) * Decimal(26) / 52
    with translation.override("en"):
        assert a1.waiting_before.formula_text() == (
            "waiting for A1 at the end of 2024: not published, between 1 and 4; counted as 1"
        )
        assert (
            b1.waiting_before.formula_text()
            == "waiting for B1 at the end of 2024: not published, at least 1; counted as 1"
        )
        assert a2.waiting_before.formula_text() == "waiting for a course at the end of 2024: 7"
        assert any("counts each as 1, the least it can be" in note for note in page.notes)


def _protection_stock(year):
    return Observation.objects.get(
        region_key="03459", reference_date=date(year, 12, 31), table__code="DEMO-12531", measure_code="BEV030"
    ).value


WAVE = {**SCENARIO, "scenario": "wave_2022", "scenario_arrivals": "1000"}


def test_the_wave_takes_its_shape_from_the_protection_seekers_loaded(planner):
    town = _regions("municipality")[0]
    form = scenario_form(WAVE)
    assert form.is_valid()
    page = planning.forecast_page(town, form.cleaned_data, None)
    # By hand: the increase of the district's protection seekers in 2022, 2023 and 2024 (none below 0).
    increases = [max(_protection_stock(y) - _protection_stock(y - 1), 0) for y in (2022, 2023, 2024)]
    total = sum(increases)
    arrivals = [page.forecast.year(year).arrivals.value for year in (2025, 2026, 2027)]
    assert arrivals == [Decimal(1000) * i / total for i in increases]
    assert sum(arrivals) == 1000
    assert any("comes from the protection seekers in" in note and "DEMO-12531" in note for note in page.notes)
    assert any("No protection seekers by age are loaded" in note for note in page.notes), "ages: the constant"


def test_without_protection_seekers_the_wave_falls_back_to_the_documented_constant(planner):
    Observation.objects.filter(table__code="DEMO-12531").delete()
    town = _regions("municipality")[0]
    form = scenario_form(WAVE)
    assert form.is_valid()
    page = planning.forecast_page(town, form.cleaned_data, None)
    arrivals = [page.forecast.year(year).arrivals.value for year in (2025, 2026, 2027)]
    assert arrivals == [Decimal(600), Decimal(300), Decimal(100)], "the shape 6 : 3 : 1"
    assert any("the wave's shape is the assumed 6 : 3 : 1" in note for note in page.notes)


def test_the_arrivals_ages_come_from_protection_seekers_by_age_where_loaded(planner):
    from wegweiser.lagebild.services import installation_district, statistics_import
    from wegweiser.lagebild.statistics import Layout, StatisticFile
    from wegweiser.lagebild.statistics import Observation as Cell
    from wegweiser.lagebild.statistics.types import Breakdown, Measure

    seekers = Measure("BEV030", "Schutzsuchende", "Anzahl")
    table = StatisticFile(
        layout=Layout.FLAT_NEW, encoding="UTF-8", table_code="12531-0002", title="by age", source="Test", filename="t"
    )
    # 2021 -> 2024: 0-3 years +30, 3-6 +30, 6-18 +40, 18-65 +180, 65+ +20: 300 who came.
    stocks = {"ALT000B03": (10, 40), "ALT003B06": (10, 40), "ALT006B18": (60, 100), "ALT018B65": (200, 380)}
    stocks["ALT065UM"] = (30, 50)
    for code, (before, after) in stocks.items():
        for year, value in ((2021, before), (2024, after)):
            table.observations.append(
                Cell(
                    line=0,
                    reference_date=date(year, 12, 31),
                    region_key="03459",
                    region_name="Landkreis",
                    breakdown=(Breakdown("ALTX20", code, code),),
                    measure=seekers,
                    value=Decimal(value),
                )
            )
    statistics_import(statistics=table, actor="test", district=installation_district())
    town = _regions("municipality")[0]
    form = scenario_form(SCENARIO)
    assert form.is_valid()
    page = planning.forecast_page(town, form.cleaned_data, None)
    scenario = page.forecast.scenario
    assert scenario.child_age_shares == {age: Decimal(10) / 300 for age in range(6)}
    assert scenario.adult_share == Decimal(200) / 300
    # By hand: 300 arrivals a year × 2/3 adults × participation 0.6 = 120 course participants.
    assert page.forecast.years[0].course_participants.value == Decimal(300) * (Decimal(200) / 300) * Decimal("0.6")
    assert any("the 300 who came from 2021 to 2024" in note for note in page.notes)
