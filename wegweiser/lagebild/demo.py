"""Demo figures for the Lagebild: ten years (31.12.2015 to 31.12.2024) for every municipality of the demo
district and the district itself, generated, and loaded through the same import as real files (audited,
idempotent: nothing is added when the demo tables exist).

The tables are named `DEMO-…` and say in their source that they are generated, so nobody takes them for
official statistics. The figures are plausible, not real: each municipality's population from the register,
the district's age structure of 2018 (12411-02-03-5-B, in tests/data), a foreign share that rises with the
arrivals of 2015/16 and 2022, Kita places below the number of children. Parts always add up to their totals.
"""

import random
from datetime import date
from decimal import Decimal

from wegweiser.lagebild.models import StatisticTable
from wegweiser.lagebild.services import installation_district, statistics_import
from wegweiser.lagebild.statistics import Layout, Observation, StatisticFile
from wegweiser.lagebild.statistics.own import KITA, MEASURES
from wegweiser.lagebild.statistics.types import Breakdown, Measure
from wegweiser.territory.models import Municipality

YEARS = range(2015, 2025)
SOURCE = "Demo-Daten: erzeugt, keine amtliche Statistik"
# Share of each age group in Landkreis Osnabrück on 31.12.2018 (12411-02-03-5-B).
AGE_GROUPS = [
    ("unter 3 Jahre", 0.0294, 3),
    ("3 bis unter 6 Jahre", 0.0287, 3),
    ("6 bis unter 10 Jahre", 0.0373, 4),
    ("10 bis unter 15 Jahre", 0.0499, 5),
    ("15 bis unter 18 Jahre", 0.0330, 3),
    ("18 bis unter 20 Jahre", 0.0233, 0),
    ("20 bis unter 25 Jahre", 0.0552, 0),
    ("25 bis unter 30 Jahre", 0.0555, 0),
    ("30 bis unter 35 Jahre", 0.0567, 0),
    ("35 bis unter 40 Jahre", 0.0578, 0),
    ("40 bis unter 45 Jahre", 0.0576, 0),
    ("45 bis unter 50 Jahre", 0.0704, 0),
    ("50 bis unter 55 Jahre", 0.0868, 0),
    ("55 bis unter 60 Jahre", 0.0838, 0),
    ("60 bis unter 65 Jahre", 0.0678, 0),
    ("65 bis unter 75 Jahre", 0.0962, 0),
    ("75 Jahre und mehr", 0.1105, 0),
]
# Nationalities and their share of the foreign population before and after 2022.
NATIONALITIES = [
    ("SYR", "Syrien", 0.22, 0.17),
    ("UKR", "Ukraine", 0.01, 0.22),
    ("POL", "Polen", 0.16, 0.11),
    ("ROU", "Rumänien", 0.12, 0.10),
    ("TUR", "Türkei", 0.09, 0.07),
    ("IRQ", "Irak", 0.07, 0.05),
    ("AFG", "Afghanistan", 0.04, 0.04),
    ("BGR", "Bulgarien", 0.05, 0.04),
    ("NLD", "Niederlande", 0.06, 0.04),
    ("OTHER", "übrige Staatsangehörigkeiten", 0.18, 0.16),
]
FOREIGN_SHARE = {2015: 0.058, 2016: 0.071, 2017: 0.074, 2018: 0.077, 2019: 0.080, 2020: 0.081, 2021: 0.083}
FOREIGN_SHARE |= {2022: 0.101, 2023: 0.106, 2024: 0.109}


def split(total: int, weights: list[float]) -> list[int]:
    """`total` in parts proportional to `weights`, whole numbers that add up to `total` (largest remainder)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    for index in sorted(range(len(exact)), key=lambda i: parts[i] - exact[i])[: total - sum(parts)]:
        parts[index] += 1
    return parts


def _obs(region: tuple[str, str], year: int, measure: Measure, breakdown: tuple[Breakdown, ...], value: int):
    return Observation(
        line=0,
        reference_date=date(year, 12, 31),
        region_key=region[0],
        region_name=region[1],
        breakdown=breakdown,
        measure=measure,
        value=Decimal(value),
    )


def _file(code: str, title: str, statistic: str) -> StatisticFile:
    return StatisticFile(
        layout=Layout.CLASSIC,
        encoding="UTF-8",
        table_code=code,
        title=title,
        statistic=statistic,
        source=SOURCE,
        licence=SOURCE,
        filename="demo",
    )


def build(regions: list[tuple[str, str, int]], district: tuple[str, str], rng: random.Random) -> list[StatisticFile]:
    """The demo tables for `regions` (key, name, population) and the district as their sum."""
    population = _file(
        "DEMO-12411-AG",
        "Bevölkerung nach Geschlecht und Altersgruppen (17) - Stichtag 31.12. - Gemeinden (Demo)",
        "Fortschreibung des Bevölkerungsstandes",
    )
    ages = _file(
        "DEMO-12411-EJ",
        "Kinder und Jugendliche nach Altersjahren - Stichtag 31.12. - Gemeinden (Demo)",
        "Fortschreibung des Bevölkerungsstandes",
    )
    foreigners = _file(
        "DEMO-12521",
        "Ausländer nach Staatsangehörigkeit - Stichtag 31.12. - Gemeinden (Demo)",
        "Ausländerstatistik",
    )
    protection = _file(
        "DEMO-12531",
        "Schutzsuchende - Stichtag 31.12. - Gemeinden (Demo)",
        "Statistik über Schutzsuchende",
    )
    kita = StatisticFile(
        layout=Layout.OWN, encoding="UTF-8", table_code=KITA.code, title=str(KITA.title), source=SOURCE, filename="demo"
    )
    people = Measure("BEVSTD", "Bevölkerungsstand", "Anzahl")
    foreign = Measure("BEV008", "Ausländer", "Anzahl")
    seekers = Measure("BEV030", "Schutzsuchende", "Anzahl")
    places = Measure("kita_plaetze", str(MEASURES["kita_plaetze"].label), MEASURES["kita_plaetze"].unit)
    waiting = Measure("kita_warteliste", str(MEASURES["kita_warteliste"].label), MEASURES["kita_warteliste"].unit)

    def add(target: StatisticFile, region, year, measure, breakdown, value):
        target.observations.append(_obs(region, year, measure, breakdown, value))

    for key, name, base in regions:
        region = (key, name)
        growth = rng.uniform(-0.002, 0.008)
        for year in YEARS:
            total = round(base * (1 + growth) ** (year - 2019))
            for sex_code, sex, sex_total in (("Insgesamt", "Insgesamt", total),) + tuple(
                zip(("GESM", "GESW"), ("männlich", "weiblich"), split(total, [0.496, 0.504]), strict=True)
            ):
                sex_b = Breakdown("GES", sex_code, sex)
                groups = split(sex_total, [share for _label, share, _years in AGE_GROUPS])
                for (label, _share, _years), value in zip(AGE_GROUPS, groups, strict=True):
                    add(population, region, year, people, (sex_b, Breakdown("ALTX17", label, label)), value)
                add(population, region, year, people, (sex_b, Breakdown("ALTX17", "Insgesamt", "Insgesamt")), sex_total)
                if sex_code == "Insgesamt":
                    single = []
                    for (_label, _share, years), value in zip(AGE_GROUPS, groups, strict=True):
                        if years:
                            single.extend(split(value, [1.0] * years))
                    for age, value in enumerate(single):
                        label = f"{age} Jahre"
                        add(ages, region, year, people, (Breakdown("ALTX1", f"ALT{age:03d}", label),), value)
                    under3, three_to_six = groups[0], groups[1]
                    u3 = Breakdown("ALTER", "unter 3", "unter 3")
                    u6 = Breakdown("ALTER", "3 bis 5", "3 bis 5")
                    add(kita, region, year, places, (u3,), round(under3 * rng.uniform(0.28, 0.40)))
                    add(kita, region, year, places, (u6,), round(three_to_six * rng.uniform(0.88, 0.98)))
                    add(kita, region, year, waiting, (u3,), round(under3 * rng.uniform(0.02, 0.08)))
                    add(kita, region, year, waiting, (u6,), round(three_to_six * rng.uniform(0.0, 0.03)))
            foreign_total = round(total * FOREIGN_SHARE[year] * rng.uniform(0.7, 1.3))
            weights = [before if year < 2022 else after for _code, _label, before, after in NATIONALITIES]
            for (code, label, _b, _a), value in zip(NATIONALITIES, split(foreign_total, weights), strict=True):
                add(foreigners, region, year, foreign, (Breakdown("STAAG", code, label),), value)
            add(foreigners, region, year, foreign, (Breakdown("STAAG", "Insgesamt", "Insgesamt"),), foreign_total)
            # Protection seekers: about a third of the foreign population, more after the arrivals of 2022.
            share = (0.30 if year < 2022 else 0.42) * rng.uniform(0.85, 1.15)
            add(
                protection,
                region,
                year,
                seekers,
                (Breakdown("SCHST", "Insgesamt", "Insgesamt"),),
                round(foreign_total * share),
            )

    # The district's rows: the sums of its municipalities, so the two levels agree.
    for target in (population, ages, foreigners, protection, kita):
        sums: dict[tuple, int] = {}
        for o in target.observations:
            key = (o.reference_date.year, o.measure, o.breakdown)
            sums[key] = sums.get(key, 0) + int(o.value or 0)
        for (year, measure, breakdown), value in sums.items():
            target.observations.append(_obs(district, year, measure, breakdown, value))
    return [population, ages, foreigners, protection, kita]


def load_demo(*, out, **options) -> None:
    district = installation_district()
    if district is None:
        out.write("lagebild: no district yet; demo figures skipped")
        return
    if StatisticTable.objects.filter(district=district, code="DEMO-12411-AG").exists():
        out.write("lagebild: demo figures exist")
        return
    towns = Municipality.objects.filter(district=district).local().exclude(ags=None).order_by("ags")
    regions = [(town.ags, town.name, town.population or 10000) for town in towns]
    if not regions:
        out.write("lagebild: no municipalities yet; demo figures skipped")
        return
    rng = random.Random(17)  # noqa: S311 - demo data, reproducible
    values = 0
    for statistics in build(regions, (district.ags, district.name), rng):
        summary = statistics_import(statistics=statistics, actor="demo", district=district)
        values += summary.values
    out.write(f"lagebild: {values} demo values in 5 tables, {len(YEARS)} reference dates each")
