"""The Lagebild forecast against small cases computed by hand (the working is in the comments)."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from wegweiser.lagebild.forecast import (
    ALL_AGES,
    HORIZON_YEARS,
    ArrivalScenario,
    Assumptions,
    Births,
    CourseLevel,
    CoursePlan,
    ForecastInputError,
    Migration,
    MunicipalityData,
    ScenarioKind,
    arrival_shares,
    backtest,
    forecast_area,
    forecast_district,
    forecast_municipality,
    format_number,
    kita_bands,
)

BANDS = kita_bands(u3_care_rate=D("0.5"), ue3_care_rate=D("0.95"), buffer=D("0.1"))


def melle(**changes) -> MunicipalityData:
    values = {
        "key": "03459024",
        "name": "Melle",
        "base_year": 2024,
        "population": {0: D(10), 1: D(12), 2: D(11), 3: D(9), 4: D(13), 5: D(8)},
        "births": {2022: D(10), 2023: D(11), 2024: D(13)},
        "kita_places": {"U3": {2024: D(10)}, "Ü3": {2020: D(30), 2026: D(40)}},
        "residents": D(46000),
    }
    values.update(changes)
    return MunicipalityData(**values)


def ages(forecast, year):
    return {age: figure.value for age, figure in forecast.year(year).population.items()}


def test_children_age_forward_one_year_of_age_per_year_and_births_are_the_mean_of_the_last_k_years():
    # k = 2: births (11 + 13) / 2 = 12 a year. Each cohort moves up one year of age; the 8 aged 5 leave.
    result = forecast_municipality(melle(), Assumptions(bands=BANDS, births=Births(mean_of_last_years=2)))

    assert [item.year for item in result.years] == [2025, 2026, 2027, 2028, 2029, 2030]
    assert ages(result, 2025) == {0: 12, 1: 10, 2: 12, 3: 11, 4: 9, 5: 13}
    assert ages(result, 2026) == {0: 12, 1: 12, 2: 10, 3: 12, 4: 11, 5: 9}
    with translation.override("en"):
        assert result.year(2025).births.terms["mean"].source.formula_text() == (
            "births 2023 to 2024: (11 + 13) / 2 years = 12"
        )
        assert result.year(2026).population[3].formula_text() == (
            "12 aged 2 at the end of 2025 + net migration 0 + arrivals 0 = 12"
        )


def test_births_mean_over_three_years_and_an_entered_figure_wins_for_its_year():
    # k = 3: (10 + 11 + 13) / 3 = 11.333...; 2026 has 15 entered by the planner.
    assumptions = Assumptions(bands=BANDS, births=Births(mean_of_last_years=3, entered={2026: D(15)}))
    result = forecast_municipality(melle(), assumptions)

    assert result.year(2025).births.value == D(34) / 3
    assert result.year(2026).births.value == 15
    assert result.year(2027).births.value == D(34) / 3
    assert result.year(2027).population[1].value == 15
    with translation.override("en"):
        assert result.year(2025).population[0].formula_text() == ("11.33 births + net migration 0 + arrivals 0 = 11.33")
        assert result.year(2026).births.formula_text() == "entered by the planner for 2026: 15"


def test_missing_birth_years_are_refused_with_the_years_named():
    with pytest.raises(ForecastInputError, match="2021"):
        forecast_municipality(melle(), Assumptions(bands=BANDS, births=Births(mean_of_last_years=4)))


def test_entered_births_for_every_year_need_no_history():
    entered = {year: D(9) for year in range(2025, 2031)}
    result = forecast_municipality(melle(births={}), Assumptions(bands=BANDS, births=Births(entered=entered)))

    assert all(item.births.value == 9 for item in result.years)


def test_net_migration_adds_a_rate_of_the_cohort_and_an_absolute_number_and_never_goes_below_zero():
    # Age 1 in 2025: 10 (aged 0 in 2024) + 10 x 10 % = 11. Age 3: 11 - 2 = 9. Age 4: 9 - 20 = -11, raised to 0.
    migration = Migration(rate={1: D("0.1")}, absolute={3: D(-2), 4: D(-20)})
    result = forecast_municipality(melle(), Assumptions(bands=BANDS, births=Births(2), migration=migration))
    year = result.year(2025)

    assert ages(result, 2025) == {0: 12, 1: 11, 2: 12, 3: 9, 4: 0, 5: 13}
    assert year.population[4].note is not None
    assert year.population[3].note is None
    with translation.override("en"):
        assert year.population[1].terms["migration"].source.formula_text() == "10 × rate 10 % + 0 = 1"
        assert year.population[3].formula_text() == ("11 aged 2 at the end of 2024 + net migration -2 + arrivals 0 = 9")


def test_kita_need_versorgungsquote_and_shortfall_per_band():
    # 2025 (k = 2, no migration): U3 = 12 + 10 + 12 = 34 children; need 34 x 0.5 x 1.1 = 18.7; 10 places:
    # shortfall 8.7, Versorgungsquote 10 / 34 = 29.4 %. Ü3 = 11 + 9 + 13 = 33; need 33 x 0.95 x 1.1 = 34.485;
    # 30 places (entered for 2020): shortfall 4.485, quote 30 / 33 = 90.9 %.
    result = forecast_municipality(melle(), Assumptions(bands=BANDS, births=Births(2)))
    u3 = result.year(2025).kita["U3"]
    ue3 = result.year(2025).kita["Ü3"]

    assert (u3.children.value, u3.need.value, u3.places.value, u3.shortfall.value) == (34, D("18.7"), 10, D("8.7"))
    assert u3.coverage.value == D(10) / 34
    assert (ue3.children.value, ue3.need.value, ue3.shortfall.value) == (33, D("34.485"), D("4.485"))
    assert ue3.coverage.value == D(30) / 33
    with translation.override("en"):
        assert u3.children.formula_text() == "12 aged 0 + 10 aged 1 + 12 aged 2 = 34"
        assert u3.need.formula_text() == "34 children × care rate 50 % × (1 + buffer 10 %) = 18.7 places"
        assert u3.coverage.formula_text() == "10 places / 34 children = 29.4 %"
        assert ue3.shortfall.formula_text() == "need 34.49 − places 30 = 4.49"
        assert ue3.places.formula_text() == "entered for 2020, still valid in 2025: 30"
    # In 2026 the 40 Ü3 places entered for 2026 hold: 12 + 11 + 9 = 32 children, 32 x 0.95 x 1.1 = 33.44.
    ue3_2026 = result.year(2026).kita["Ü3"]
    assert (ue3_2026.places.value, ue3_2026.need.value, ue3_2026.shortfall.value) == (40, D("33.44"), D("-6.56"))
    assert ue3_2026.shortfall.note is not None


def test_a_band_counts_part_of_the_school_entry_year_and_no_children_means_no_versorgungsquote():
    # Ü3 with a quarter of the six-year-olds (born after the cut-off date): 2025 ages 3-5 = 33, age 6 = 8 (aged 5
    # in 2024), so 33 + 8 / 4 = 35 children.
    bands = kita_bands(u3_care_rate=D("0.5"), ue3_care_rate=D(1), ue3_ages={3: D(1), 4: D(1), 5: D(1), 6: D("0.25")})
    result = forecast_municipality(melle(), Assumptions(bands=bands, births=Births(2)))
    assert result.year(2025).kita["Ü3"].children.value == 35
    with translation.override("en"):
        assert result.year(2025).kita["Ü3"].children.formula_text() == (
            "11 aged 3 + 9 aged 4 + 13 aged 5 + 25 % of 8 aged 6 = 35"
        )

    empty = melle(population={}, births={2023: D(0), 2024: D(0)})
    first = forecast_municipality(empty, Assumptions(bands=bands, births=Births(2))).years[0]
    assert first.kita["U3"].children.value == 0
    assert first.kita["U3"].coverage is None
    assert first.kita["U3"].coverage_missing_reason is not None
    assert result.year(2025).kita["U3"].coverage_missing_reason is None


COURSES = CoursePlan(
    participation_rate=D("0.5"),
    levels=(
        CourseLevel("A1", weeks=D(13), reach_share=D(1), start_interval_weeks=D(8)),
        CourseLevel("A2", weeks=D(13), reach_share=D("0.8")),
        CourseLevel("B1", weeks=D(26), reach_share=D("0.5")),
    ),
)


def test_course_seat_need_and_wait_follow_the_fluid_queue_per_level():
    # 50 arrivals in 2025, 60 % adults, half of them start a course: 15 participants.
    # A1: 15 entrants + 5 waiting = 20; seats needed 20 x 13 / 52 = 5; 2 seats serve 2 x 52 / 13 = 8 a year:
    # shortfall 3, 12 still waiting, wait 8 / 2 + 12 / 8 x 52 = 4 + 78 = 82 weeks.
    # 2026 (no arrivals): 12 waiting, need 3 seats, 12 - 8 = 4 left, wait 4 + 4 / 8 x 52 = 30 weeks. 2027: 4 weeks.
    # A2: 15 x 0.8 = 12 entrants, need 3 seats of 4 (one to spare), capacity 16: nobody waits.
    # B1: 7.5 entrants, no seats: all wait, and the wait has no end.
    scenario = ArrivalScenario.custom(
        name="Sammelunterkunft Gesmold", arrivals={2025: D(50)}, child_age_shares={0: D("0.1")}, adult_share=D("0.6")
    )
    data = melle(course_seats={"A1": {2024: D(2)}, "A2": {2025: D(4)}}, course_waiting={"A1": D(5)})
    result = forecast_municipality(data, Assumptions(bands=BANDS, births=Births(2), courses=COURSES), scenario)
    a1, a2, b1 = (result.year(2025).courses[code] for code in ("A1", "A2", "B1"))

    assert (a1.entrants.value, a1.seat_need.value, a1.shortfall.value, a1.waiting.value) == (15, 5, 3, 12)
    assert a1.wait_weeks.value == 82
    a1_next = result.year(2026).courses["A1"]
    assert (a1_next.seat_need.value, a1_next.waiting.value, a1_next.wait_weeks.value) == (3, 4, 30)
    assert result.year(2027).courses["A1"].wait_weeks.value == 4
    assert (a2.entrants.value, a2.seat_need.value, a2.shortfall.value, a2.waiting.value) == (12, 3, -1, 0)
    assert a2.wait_weeks.value == 0
    assert (b1.entrants.value, b1.waiting.value, b1.wait_weeks) == (D("7.5"), D("7.5"), None)
    assert b1.wait_missing_reason is not None
    assert a1.wait_missing_reason is None
    # The scenario's children arrive too: 12 births + 50 x 10 % = 17 aged 0.
    assert result.year(2025).population[0].value == 17
    with translation.override("en"):
        assert a1.seat_need.formula_text() == (
            "(15 entrants + 5 waiting) × 13 weeks course length / 52 weeks = 5 seats"
        )
        assert a1.wait_weeks.formula_text() == (
            "half the interval between course starts 4 + 12 waiting / 8 places a year × 52 = 82 weeks"
        )
        assert a2.entrants.terms["participants"].source.formula_text() == (
            "50 arrivals × adults 60 % × participation rate 50 % = 15"
        )


def test_the_queue_reproduces_the_waits_reported_for_2016_and_2019():
    """The docstring's sanity check: 100 entrants at A1 (26 weeks), 40 seats, a start every 8 weeks."""
    plan = CoursePlan(D(1), (CourseLevel("A1", weeks=D(26), start_interval_weeks=D(8)),))
    for arrivals, weeks in ((D(100), 17), (D(120), 30)):
        scenario = ArrivalScenario.custom(
            name="check", arrivals={2025: arrivals}, child_age_shares={}, adult_share=D(1)
        )
        data = melle(course_seats={"A1": {2024: D(40)}})
        result = forecast_municipality(data, Assumptions(bands=BANDS, births=Births(2), courses=plan), scenario)
        assert result.year(2025).courses["A1"].wait_weeks.value == weeks


def test_a_wave_like_2022_spreads_the_total_in_the_given_shape_and_the_district_shares_it_by_residents():
    # 300 arrivals in the shape 3 : 1 : 1 -> 180, 60, 60. Two municipalities with 30,000 and 10,000 residents
    # take 3/4 and 1/4: the first gets 135 in 2025, of whom 2 % are newborns: 2.7 children aged 0.
    wave = ArrivalScenario.wave_like_2022(
        first_year=2025,
        total=D(300),
        yearly_shape=[D(3), D(1), D(1)],
        child_age_shares={0: D("0.02")},
        adult_share=D("0.6"),
    )
    assert wave.kind is ScenarioKind.WAVE_2022
    assert wave.arrivals == {2025: 180, 2026: 60, 2027: 60}
    big = melle(key="A", residents=D(30000))
    small = melle(key="B", residents=D(10000))
    assert arrival_shares([big, small]) == {"A": D("0.75"), "B": D("0.25")}

    results = forecast_district([big, small], Assumptions(bands=BANDS, births=Births(2)), wave)
    first = results["A"].year(2025)
    assert first.arrivals.value == 135
    assert first.population[0].value == 12 + D("2.7")
    assert results["B"].year(2026).arrivals.value == 15
    with translation.override("en"):
        assert first.arrivals.formula_text() == (
            "180 arrivals in the area in 2025 × the municipality's share of its residents 75 % = 135"
        )
        assert wave.label == "A wave like 2022"
        assert ArrivalScenario.baseline().label.startswith("Baseline")


def test_the_baseline_has_no_arrivals_and_a_custom_scenario_needs_a_name():
    result = forecast_municipality(melle(), Assumptions(bands=BANDS, births=Births(2)))
    assert result.scenario.kind is ScenarioKind.BASELINE
    assert all(item.arrivals.value == 0 for item in result.years)
    with pytest.raises(ForecastInputError):
        ArrivalScenario.custom(name=" ", arrivals={}, child_age_shares={}, adult_share=D(0))


@pytest.mark.parametrize(
    ("assumptions", "scenario"),
    [
        (Assumptions(bands=BANDS, horizon=0), None),
        (Assumptions(bands=kita_bands(u3_care_rate=D(-1), ue3_care_rate=D(1))), None),
        (
            Assumptions(bands=BANDS),
            ArrivalScenario.custom(name="x", arrivals={}, child_age_shares={0: D(1)}, adult_share=D("0.5")),
        ),
        (
            Assumptions(bands=BANDS),
            ArrivalScenario.custom(name="x", arrivals={2025: D(-1)}, child_age_shares={}, adult_share=D(0)),
        ),
        (Assumptions(bands=BANDS, courses=CoursePlan(D("1.5"), ())), None),
        (Assumptions(bands=BANDS, courses=CoursePlan(D(1), (CourseLevel("A1", weeks=D(0)),))), None),
    ],
)
def test_inputs_without_meaning_are_refused(assumptions, scenario):
    with pytest.raises(ForecastInputError):
        forecast_municipality(melle(), assumptions, scenario)


def test_the_horizon_is_six_years_by_default():
    assert HORIZON_YEARS == 6
    assert len(forecast_municipality(melle(), Assumptions(bands=BANDS, births=Births(2))).years) == 6


HISTORY = {
    2020: {0: D(10), 1: D(10), 2: D(10)},
    2021: {0: D(12), 1: D(10), 2: D(10)},
    2022: {0: D(11), 1: D(12), 2: D(9)},
}
HISTORY_BIRTHS = {2019: D(12), 2020: D(12), 2021: D(12), 2022: D(11)}
U3_ONLY = Assumptions(bands=BANDS[:1], births=Births(2))


def test_backtest_reports_the_error_per_year_and_band_where_history_exists():
    # From 2020, births (12 + 12) / 2 = 12. 2021: 12, 10, 10 = 32 as counted: error 0.
    # 2022: 12, 12, 10 = 34 against 11 + 12 + 9 = 32: error 2, 2 / 32 = 6.25 %. MAPE (0 + 6.25 %) / 2 = 3.125 %.
    result = backtest(
        key="A", name="Melle", history=HISTORY, births=HISTORY_BIRTHS, from_year=2020, assumptions=U3_ONLY
    )
    rows = result.rows_for("U3")

    assert [(row.year, row.forecast.value, row.actual.value, row.absolute_error.value) for row in rows] == [
        (2021, 32, 32, 0),
        (2022, 34, 32, 2),
    ]
    assert rows[1].percentage_error.value == D("0.0625")
    assert result.mape["U3"].value == D("0.03125")
    assert result.mean_absolute_error["U3"].value == 1
    assert [row.absolute_error.value for row in result.rows_for(ALL_AGES)] == [0, 2]
    with translation.override("en"):
        assert rows[1].absolute_error.formula_text() == "|forecast 34 − counted 32| = 2"
        assert result.mape["U3"].formula_text() == "mean over 2 years: (0 % + 6.3 %) / 2 = 3.1 %"


def test_backtest_with_actual_births_leaves_the_error_of_aging_alone():
    # Births as counted (2021: 12, 2022: 11): 2022 forecast 11, 12, 10 = 33 against 32, error 1.
    result = backtest(
        key="A",
        name="Melle",
        history=HISTORY,
        births=HISTORY_BIRTHS,
        from_year=2020,
        assumptions=U3_ONLY,
        actual_births=True,
    )
    assert [row.absolute_error.value for row in result.rows_for("U3")] == [0, 1]


def test_backtest_refuses_a_start_without_history_or_years_to_compare():
    with pytest.raises(ForecastInputError):
        backtest(key="A", name="M", history=HISTORY, births=HISTORY_BIRTHS, from_year=2019, assumptions=U3_ONLY)
    with pytest.raises(ForecastInputError):
        backtest(key="A", name="M", history=HISTORY, births=HISTORY_BIRTHS, from_year=2022, assumptions=U3_ONLY)


def test_numbers_are_written_as_the_reader_s_language_writes_them():
    with translation.override("de"):
        assert format_number(D("19.525")) == "19,53"
        assert format_number(D("1234.5")) == "1.234,5"
    with translation.override("en"):
        assert format_number(D("19.525")) == "19.53"


def test_a_figure_explains_itself_as_plain_data_down_to_the_statistics():
    # U3 need 2025 (k = 2): 34 children x 50 % x 1.1 = 18.7; the children are 12 + 10 + 12 from the aged cohorts.
    result = forecast_municipality(melle(), Assumptions(bands=BANDS, births=Births(2)))
    with translation.override("en"):
        explained = result.year(2025).kita["U3"].need.explain(depth=2)

    assert explained["label"] == "Kita need"
    assert (explained["value"], explained["text"]) == (D("18.7"), "18.7")
    assert explained["formula"] == "34 children × care rate 50 % × (1 + buffer 10 %) = 18.7 places"
    assert [(item["name"], item["text"]) for item in explained["inputs"]] == [
        ("children", "34"),
        ("care_rate", "50 %"),
        ("buffer", "10 %"),
    ]
    children = explained["inputs"][0]["source"]
    assert children["formula"] == "12 aged 0 + 10 aged 1 + 12 aged 2 = 34"
    assert [part["text"] for part in children["parts"]] == ["12 aged 0", "10 aged 1", "12 aged 2"]
    aged_1 = children["parts"][1]["inputs"][0]["source"]
    assert aged_1["formula"] == "10 aged 0 at the end of 2024 + net migration 0 + arrivals 0 = 10"
    assert "source" not in aged_1["inputs"][0]  # depth 2 ends here
    assert "source" not in result.year(2025).kita["U3"].need.explain(depth=0)["inputs"][0]


def test_an_area_adds_up_kita_figures_and_pools_course_seats():
    # Two copies of Melle's children: U3 2025 = 34 + 34 = 68 children, 10 + 10 = 20 places; need 68 x 0.5 x 1.1
    # = 37.4, Versorgungsquote 20 / 68. Courses: Melle has 10 participants (20 arrivals, all adults, half take
    # part) and no seats, Bissendorf 4 seats and nobody: alone, Melle's 10 wait without end; pooled, 4 seats
    # serve 4 x 52 / 13 = 16 a year, so nobody waits, and 10 x 13 / 52 = 2.5 seats are needed.
    plan = CoursePlan(D("0.5"), (CourseLevel("A1", weeks=D(13)),))
    assumptions = Assumptions(bands=BANDS, births=Births(2), courses=plan)
    arrivals = ArrivalScenario.custom(name="Zuweisung", arrivals={2025: D(20)}, child_age_shares={}, adult_share=D(1))
    melle_forecast = forecast_municipality(melle(), assumptions, arrivals)
    bissendorf = forecast_municipality(
        melle(key="03459008", name="Bissendorf", course_seats={"A1": {2024: D(4)}}), assumptions
    )
    assert melle_forecast.year(2025).courses["A1"].wait_weeks is None

    area = forecast_area([melle_forecast, bissendorf], key="03459", name="Landkreis Osnabrück")
    u3 = area.year(2025).kita["U3"]
    a1 = area.year(2025).courses["A1"]

    assert area.members == ("03459024", "03459008")
    assert [item.year for item in area.years] == list(range(2025, 2031))
    assert (u3.children.value, u3.places.value, u3.need.value) == (68, 20, D("37.4"))
    assert u3.coverage.value == D(20) / 68
    assert (a1.entrants.value, a1.seats.value, a1.seat_need.value, a1.waiting.value) == (10, 4, D("2.5"), 0)
    assert a1.wait_weeks.value == 0
    with translation.override("en"):
        assert u3.children.formula_text() == "34 in Melle + 34 in Bissendorf = 68"
        assert a1.entrants.terms["participants"].source.formula_text() == "10 in Melle + 0 in Bissendorf = 10"


def test_an_area_refuses_members_forecast_differently():
    short = forecast_municipality(melle(), Assumptions(bands=BANDS, births=Births(2), horizon=3))
    full = forecast_municipality(melle(), Assumptions(bands=BANDS, births=Births(2)))
    with pytest.raises(ForecastInputError):
        forecast_area([short, full], key="x", name="x")
    with pytest.raises(ForecastInputError):
        forecast_area([], key="x", name="x")
