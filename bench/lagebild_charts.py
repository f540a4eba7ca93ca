"""How long the Lagebild charts and the PDF report take to render; no database needed.

    .venv/bin/python bench/lagebild_charts.py [--repeat 20] [--seed 1]

For each chart kind (time series of ten years x four lines, grouped bars of ten nationalities x two years,
stacked bars of seats and waiting at six levels, the population pyramid of seven age bands, the choropleth of
the 34 municipalities from VG250) and for the PDF report holding all five with their tables: the first call
in this process (the map's first call reads the boundaries, the PDF's first loads the fonts into Typst) and
the median and slowest of `--repeat` warm calls, in German.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

# bench/http.py would hide the standard library's `http` from this folder.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegweiser.settings_test")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from wegweiser.lagebild.charts import (  # noqa: E402
    Datum,
    PyramidBand,
    Series,
    bar_chart,
    choropleth,
    district_name,
    load_boundaries,
    population_pyramid,
    time_series,
)
from wegweiser.lagebild.report import Report, Section, Source, render_report_pdf  # noqa: E402

HIDDEN = "Hidden: fewer than 5 people"


def value(rng: random.Random, low: int, high: int) -> Datum:
    return Datum(None, HIDDEN) if rng.random() < 0.05 else Datum(rng.randint(low, high))


def makers(rng: random.Random) -> dict:
    years = [str(year) for year in range(2015, 2025)]
    nationalities = [
        "Syrien",
        "Ukraine",
        "Türkei",
        "Polen",
        "Rumänien",
        "Irak",
        "Afghanistan",
        "Bulgarien",
        "Italien",
        "Russland",
    ]
    levels = ["Alpha", "A1", "A2", "B1", "B2", "C1"]
    bands = ["unter 1", "1–2", "3–5", "6–9", "10–17", "18–64", "65+"]
    # Built from the boundaries inside the map's function, so that its first call pays for reading them.
    return {
        "lines": lambda: time_series(
            title="Schutzsuchende",
            periods=years,
            series=[Series(f"Reihe {n}", tuple(value(rng, 100, 9000) for _ in years)) for n in range(4)],
            unit="Personen",
        ),
        "bars": lambda: bar_chart(
            title="Staatsangehörigkeiten",
            categories=nationalities,
            series=[Series(y, tuple(value(rng, 50, 6000) for _ in nationalities)) for y in ("2023", "2024")],
            unit="Personen",
        ),
        "stacked": lambda: bar_chart(
            title="Kursplätze und Wartende",
            categories=levels,
            series=[Series(s, tuple(value(rng, 5, 200) for _ in levels)) for s in ("Plätze", "Wartende")],
            unit="Personen",
            stacked=True,
        ),
        "pyramid": lambda: population_pyramid(
            title="Bevölkerung nach Alter",
            bands=[PyramidBand(b, value(rng, 50, 9000), value(rng, 50, 9000)) for b in bands],
            unit="Personen",
        ),
        "map": lambda: choropleth(
            title="Ausländeranteil",
            values={m.key: value(rng, 20, 300) for m in load_boundaries().municipalities},
            unit="Personen",
        ),
    }


def timed(make, repeat: int) -> tuple[float, float, float]:
    start = time.perf_counter()
    make()
    first = time.perf_counter() - start
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        make()
        runs.append(time.perf_counter() - start)
    return first, statistics.median(runs), max(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with translation.override("de"):
        chart_makers = makers(rng)
        print(f"{'what':<10} {'first ms':>9} {'median ms':>10} {'slowest ms':>11}  size")
        for kind, make in chart_makers.items():
            first, median, slowest = timed(make, args.repeat)
            print(
                f"{kind:<10} {first * 1000:9.1f} {median * 1000:10.1f} {slowest * 1000:11.1f}  {len(make().svg):,} bytes of SVG"
            )

        def report() -> bytes:
            charts = tuple(make() for make in chart_makers.values())
            return render_report_pdf(
                Report(
                    date=datetime.date(2026, 12, 2),
                    district=district_name(),
                    sections=(Section(heading="Lagebild", paragraphs=("Alle Diagramme.",), charts=charts),),
                    sources=(
                        Source(
                            table="12411-01-01-4",
                            title="Bevölkerung",
                            licence="dl-de/by-2-0",
                            attribution="© Destatis",
                            stand="2026",
                        ),
                    ),
                )
            )

        first, median, slowest = timed(report, max(3, args.repeat // 4))
        print(
            f"{'pdf':<10} {first * 1000:9.1f} {median * 1000:10.1f} {slowest * 1000:11.1f}  {len(report()):,} bytes of PDF (all five charts and their tables)"
        )


if __name__ == "__main__":
    main()
