"""How long the Lagebild forecast takes for a whole district; no database needed.

    .venv/bin/python bench/lagebild_forecast.py [--municipalities 34] [--repeat 20] [--seed 1]

Builds generated figures for each municipality (children by single year of age 0-6, five years of births,
Kita places, seats at four course levels, people waiting), runs `forecast_district` for six years with a
wave like 2022 and German-course levels, writes out every figure's working in German (what a page or the PDF
does) and runs a back-test over five years of generated history per municipality. Prints the median and
the slowest of `--repeat` runs for each step.
"""

import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

# bench/http.py (named as the issue asks) would hide the standard library's `http` from this folder.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegweiser.settings_test")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from wegweiser.lagebild.forecast import (  # noqa: E402
    ArrivalScenario,
    Assumptions,
    Births,
    CourseLevel,
    CoursePlan,
    Migration,
    MunicipalityData,
    backtest,
    forecast_district,
    kita_bands,
)

BASE_YEAR = 2025
LEVELS = ("A1", "A2", "B1", "B2")


def municipalities(count: int, rng: random.Random) -> list[MunicipalityData]:
    items = []
    for index in range(count):
        size = rng.randint(40, 900)  # children per single year of age, from a village to a town
        items.append(
            MunicipalityData(
                key=f"03459{index:03d}",
                name=f"Kommune {index}",
                base_year=BASE_YEAR,
                population={age: Decimal(rng.randint(size * 9 // 10, size * 11 // 10)) for age in range(7)},
                births={BASE_YEAR - n: Decimal(rng.randint(size * 9 // 10, size * 11 // 10)) for n in range(5)},
                kita_places={"U3": {BASE_YEAR: Decimal(size)}, "Ü3": {BASE_YEAR: Decimal(size * 3)}},
                course_seats={level: {BASE_YEAR: Decimal(rng.randint(0, size // 10 + 5))} for level in LEVELS},
                course_waiting={level: Decimal(rng.randint(0, 40)) for level in LEVELS},
                residents=Decimal(size * 100),
            )
        )
    return items


def assumptions() -> Assumptions:
    return Assumptions(
        bands=kita_bands(
            u3_care_rate=Decimal("0.5"),
            ue3_care_rate=Decimal("0.95"),
            buffer=Decimal("0.05"),
            ue3_ages={3: Decimal(1), 4: Decimal(1), 5: Decimal(1), 6: Decimal("0.25")},
        ),
        births=Births(mean_of_last_years=3),
        migration=Migration(rate={age: Decimal("0.01") for age in range(7)}),
        courses=CoursePlan(
            Decimal("0.6"),
            tuple(
                CourseLevel(level, weeks=Decimal(13), reach_share=Decimal(share), start_interval_weeks=Decimal(8))
                for level, share in zip(LEVELS, ("1", "0.9", "0.7", "0.3"), strict=True)
            ),
        ),
    )


def all_figures(forecast):
    for year in forecast.years:
        yield year.births
        yield year.arrivals
        yield from year.population.values()
        for item in year.kita.values():
            yield from (item.children, item.need, item.places, item.shortfall)
            if item.coverage:
                yield item.coverage
        for item in year.courses.values():
            yield from (item.entrants, item.seat_need, item.seats, item.shortfall, item.waiting)
            if item.wait_weeks:
                yield item.wait_weeks


def timed(runs: int, work) -> tuple[list[float], object]:
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return times, result


def report(name: str, times: list[float]) -> None:
    print(f"{name:<42} median {statistics.median(times) * 1000:8.1f} ms   slowest {max(times) * 1000:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=34)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    items = municipalities(args.municipalities, rng)
    plan = assumptions()
    wave = ArrivalScenario.wave_like_2022(
        first_year=BASE_YEAR + 1,
        total=Decimal(4000),
        yearly_shape=[Decimal(6), Decimal(2), Decimal(1)],
        child_age_shares={age: Decimal("0.012") for age in range(7)},
        adult_share=Decimal("0.6"),
    )

    times, results = timed(args.repeat, lambda: forecast_district(items, plan, wave))
    report(f"forecast, {len(items)} municipalities x 6 years", times)
    figures = [figure for result in results.values() for figure in all_figures(result)]

    def write_out():
        with translation.override("de"):
            return [figure.formula_text() for figure in figures]

    times, _texts = timed(args.repeat, write_out)
    report(f"working in words, {len(figures)} figures", times)

    histories = []
    for item in items:
        history = {BASE_YEAR - 5: dict(item.population)}
        for year in range(BASE_YEAR - 4, BASE_YEAR + 1):
            history[year] = {age: Decimal(rng.randint(0, 900)) for age in range(7)}
        births = {year: Decimal(rng.randint(40, 900)) for year in range(BASE_YEAR - 8, BASE_YEAR + 1)}
        histories.append((item, history, births))

    def backtests():
        return [
            backtest(
                key=item.key,
                name=item.name,
                history=history,
                births=births,
                from_year=BASE_YEAR - 5,
                assumptions=plan,
            )
            for item, history, births in histories
        ]

    times, _results = timed(args.repeat, backtests)
    report(f"back-test over 5 years, {len(items)} municipalities", times)


if __name__ == "__main__":
    main()
