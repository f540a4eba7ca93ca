"""The evaluation arithmetic, computed by hand."""

from datetime import date
from decimal import Decimal

from wegweiser.integrationskonzept.progress import Attainment, expected_progress, progress, reading


def test_progress_of_a_rising_target():
    # Versorgungsquote under three: 30 % -> 45 %, now 36 %: 6 of 15 points, 40 %.
    assert progress(baseline=Decimal(30), target=Decimal(45), current=Decimal(36)) == Decimal("0.4")


def test_progress_of_a_falling_target_such_as_waiting_weeks():
    # Waiting weeks 12 -> 6, now 9: half way; now 13: worse than the baseline.
    assert progress(baseline=Decimal(12), target=Decimal(6), current=Decimal(9)) == Decimal("0.5")
    assert progress(baseline=Decimal(12), target=Decimal(6), current=Decimal(13)) < 0


def test_no_progress_without_a_distance_to_go():
    assert progress(baseline=Decimal(5), target=Decimal(5), current=Decimal(7)) is None


def test_the_target_line_runs_straight_from_baseline_to_target_date():
    start, end = date(2020, 1, 1), date(2024, 1, 1)  # 1461 days
    assert expected_progress(baseline_date=start, target_date=end, on=date(2019, 6, 1)) == 0
    assert expected_progress(baseline_date=start, target_date=end, on=date(2022, 1, 1)) == Decimal(731) / Decimal(1461)
    assert expected_progress(baseline_date=start, target_date=end, on=date(2030, 1, 1)) == 1


def test_waiting_weeks_half_way_at_half_time_are_on_track_and_behind_later():
    args = {"baseline": Decimal(12), "target": Decimal(6), "baseline_date": date(2020, 1, 1)}
    args["target_date"] = date(2022, 1, 1)  # 731 days, half time on 2021-01-01 (366 days)
    early = reading(**args, current=Decimal(9), on=date(2020, 12, 31))  # 365/731 < 0.5
    late = reading(**args, current=Decimal(9), on=date(2021, 6, 1))
    assert early.on_track
    assert early.attainment == Attainment.PARTLY
    assert not late.on_track


def test_attainment_at_and_beyond_the_target_and_none_at_all():
    args = {"baseline": Decimal(30), "target": Decimal(45), "baseline_date": date(2018, 1, 1)}
    args |= {"target_date": date(2022, 12, 31), "on": date(2022, 12, 31)}
    assert reading(**args, current=Decimal(45)).attainment == Attainment.ACHIEVED
    assert reading(**args, current=Decimal(50)).attainment == Attainment.ACHIEVED
    assert reading(**args, current=Decimal(30)).attainment == Attainment.NOT_ACHIEVED
    assert reading(**args, current=Decimal(29)).attainment == Attainment.NOT_ACHIEVED
    assert not reading(**args, current=Decimal(44)).on_track
