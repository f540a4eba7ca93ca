"""Indicators from the statistics and from the platform's own counts, against hand-computed figures."""

from datetime import date
from decimal import Decimal

import pytest

from wegweiser.casework.tests.factories import PersonFactory
from wegweiser.core.publication import SECONDARY, SMALL
from wegweiser.lagebild import indicators
from wegweiser.lagebild.services import statistics_import
from wegweiser.lagebild.statistics import Layout, Marker, Observation, StatisticFile
from wegweiser.lagebild.statistics.types import Breakdown, Measure
from wegweiser.territory.models import MunicipalityKind
from wegweiser.territory.tests.factories import MunicipalityFactory

TODAY = date(2025, 6, 15)
PEOPLE = Measure("BEVSTD", "Bevölkerungsstand", "Anzahl")
FOREIGN = Measure("BEV008", "Ausländer", "Anzahl")
PLACES = Measure("kita_plaetze", "Kita-Plätze", "Plätze")


def _file(code: str, layout=Layout.CLASSIC) -> StatisticFile:
    return StatisticFile(layout=layout, encoding="UTF-8", table_code=code, title=code, source="Test", filename="t")


def _add(target, region, year, measure, breakdown, value=None, marker=Marker.NONE):
    target.observations.append(
        Observation(
            line=0,
            reference_date=date(year, 12, 31),
            region_key=region,
            region_name=region,
            breakdown=tuple(Breakdown(variable, code, code) for variable, code in breakdown),
            measure=measure,
            value=None if value is None else Decimal(value),
            marker=marker,
        )
    )


@pytest.fixture
def figures(world):
    """Melle and Bramsche: population, foreigners, single ages 0-5 and Kita places for 2023 and 2024."""
    melle, bramsche = world.municipality.ags, world.other_municipality.ags
    population, foreigners, ages, kita = (
        _file("DEMO-12411-AG"),
        _file("DEMO-12521"),
        _file("DEMO-12411-EJ"),
        _file("EIGEN-KITA", Layout.OWN),
    )
    total = (("ALTX17", "Insgesamt"), ("GES", "Insgesamt"))
    for year, melle_people, bramsche_people in ((2023, 1000, 3000), (2024, 1100, 3100)):
        _add(population, melle, year, PEOPLE, total, melle_people)
        _add(population, bramsche, year, PEOPLE, total, bramsche_people)
        _add(population, "03459", year, PEOPLE, total, melle_people + bramsche_people)
    _add(foreigners, melle, 2024, FOREIGN, (("STAAG", "Insgesamt"),), 110)
    _add(foreigners, melle, 2024, FOREIGN, (("STAAG", "SYR"),), 60)
    _add(foreigners, melle, 2024, FOREIGN, (("STAAG", "UKR"),), 50)
    # Bramsche's foreigners are secret in 2024: the share is not published, never 0.
    _add(foreigners, bramsche, 2024, FOREIGN, (("STAAG", "Insgesamt"),), marker=Marker.UNKNOWN)
    for age, count in enumerate([10, 11, 12, 13, 14, 15]):
        _add(ages, melle, 2024, PEOPLE, (("ALTX1", f"ALT{age:03d}"),), count)
    _add(kita, melle, 2024, PLACES, (("ALTER", "unter 3"),), 11)
    _add(kita, melle, 2024, PLACES, (("ALTER", "3 bis 5"),), 40)
    for statistics in (population, foreigners, ages, kita):
        statistics_import(statistics=statistics, actor="test", district=world.district)
    return world


def _values(key, region_key):
    return [(d.year, v) for d, v, _source in indicators.indicator_series(key, region_key, today=TODAY)]


def test_counts_shares_and_versorgungsquote_by_hand(figures):
    melle, bramsche = figures.municipality.ags, figures.other_municipality.ags
    assert _values("population", melle) == [(2023, 1000), (2024, 1100)]
    assert _values("population", "03459") == [(2023, 4000), (2024, 4200)], "the district's own row"
    assert _values("foreign_share", melle) == [(2024, Decimal("10.0"))], "110 / 1100"
    assert _values("foreign_share", bramsche) == [(2024, None)], "a secret cell is not 0"
    assert _values("age_1_2", melle) == [(2024, 23)]
    assert _values("children_u3", melle) == [(2024, 33)]
    assert _values("age_3_5", melle) == [(2024, 42)]
    # 11 places for 33 children under 3: a third; 40 places for 42 children aged 3-5.
    assert _values("kita_coverage_u3", melle) == [(2024, Decimal("33.3"))]
    assert _values("kita_coverage_u6", melle) == [(2024, Decimal("95.2"))]
    sources = {source for _d, _v, source in indicators.indicator_series("kita_coverage_u3", melle)}
    assert sources == {"EIGEN-KITA, DEMO-12411-EJ"}


def test_samtgemeinde_adds_up_its_members(figures):
    group = MunicipalityFactory(district=figures.district, name="SG Test", kind=MunicipalityKind.SAMTGEMEINDE, ags=None)
    figures.municipality.samtgemeinde = group
    figures.municipality.save()
    figures.other_municipality.samtgemeinde = group
    figures.other_municipality.save()
    assert _values("population", group.regional_key) == [(2023, 4000), (2024, 4200)]
    assert _values("foreign_population", group.regional_key) == [(2024, None)], "one member's figure is secret"


def test_top_nationalities(figures):
    region = indicators.region_by_key(figures.municipality.ags)
    latest, top = indicators.top_nationalities(region)
    assert latest == date(2024, 12, 31)
    assert top == [("SYR", 60), ("UKR", 50)]


def test_catalogue_keys_are_stable_and_labelled(db):
    catalogue = {info.key: info for info in indicators.indicator_catalogue()}
    for key in ("foreign_share", "protection_seekers", "age_under_1", "age_65_plus", "kita_coverage_u3", "arrivals"):
        assert key in catalogue
        assert str(catalogue[key].label)


def test_arrivals_per_month_are_published_under_the_one_rule(world):
    """Melle has 2 arrivals in May (hidden); the district's May minus Bramsche's May must not give them away."""
    for _ in range(2):
        PersonFactory(municipality=world.municipality, arrival_date=date(2025, 5, 3))
    for _ in range(7):
        PersonFactory(municipality=world.other_municipality, arrival_date=date(2025, 5, 20))
    for _ in range(6):
        PersonFactory(municipality=world.municipality, arrival_date=date(2025, 4, 2))
    figures = indicators.own_figures(municipality_ids=None, today=TODAY)
    months = indicators.months_since(figures.since, TODAY)
    may = months.index(date(2025, 5, 1))
    melle = indicators.arrivals_cells(figures, indicators.region_by_key(world.municipality.ags), months)
    bramsche = indicators.arrivals_cells(figures, indicators.region_by_key(world.other_municipality.ags), months)
    district = indicators.arrivals_cells(figures, indicators.region_by_key("03459"), months)
    melle_total = figures.arrivals["municipality"][world.municipality.pk]
    assert melle[may].reason == SMALL
    # Neither difference of shown counts gives the 2 away: Melle's total minus its April, the district's May
    # minus Bramsche's May.
    assert not (melle_total.shown and melle[may - 1].shown)
    assert not (district[may].shown and bramsche[may].shown)
    assert SECONDARY in {district[may].reason, bramsche[may].reason}
    assert SECONDARY in {melle_total.reason, melle[may - 1].reason}
    assert bramsche[may - 1].value == 0, "a month without arrivals is 0, shown"
    assert [v for _d, v, _s in indicators.indicator_series("arrivals", world.municipality.ags, today=TODAY)][
        may
    ] is None


def test_municipal_reader_sees_no_district_month(world):
    PersonFactory(municipality=world.other_municipality, arrival_date=date(2025, 5, 20))
    figures = indicators.own_figures(municipality_ids={world.municipality.pk}, today=TODAY)
    months = indicators.months_since(figures.since, TODAY)
    assert indicators.arrivals_cells(figures, indicators.region_by_key("03459"), months)[0] is None
    assert not any(key[0] == world.other_municipality.pk for key in figures.arrivals.cells)


def test_the_workers_snapshot_gives_the_same_figures_and_is_cut_to_the_remit(world):
    from datetime import timedelta

    from django.utils import timezone

    from wegweiser.lagebild.models import OwnFiguresSnapshot
    from wegweiser.lagebild.services import own_figures_snapshot_refresh, own_figures_snapshot_refresh_when_stale

    for _ in range(3):
        PersonFactory(municipality=world.municipality, arrival_date=date(2025, 5, 3))
    for _ in range(9):
        PersonFactory(municipality=world.other_municipality, arrival_date=date(2025, 5, 20))
    counted = indicators.own_figures_counted(today=TODAY)
    own_figures_snapshot_refresh(today=TODAY)
    # A person registered after the snapshot is not in the dashboard's figures until the next refresh.
    PersonFactory(municipality=world.other_municipality, arrival_date=date(2025, 5, 21))
    from_snapshot = indicators.own_figures(municipality_ids=None, today=TODAY)
    assert from_snapshot.arrivals == counted.arrivals
    assert from_snapshot.waiting == counted.waiting
    melle_only = indicators.own_figures(municipality_ids={world.municipality.pk}, today=TODAY)
    assert {key[0] for key in melle_only.arrivals.cells} == {world.municipality.pk}
    assert melle_only.arrivals["district"] == {}

    OwnFiguresSnapshot.objects.update(computed_at=timezone.now() - timedelta(hours=1))
    assert indicators.own_figures(municipality_ids=None, today=TODAY).arrivals != counted.arrivals, "stale: counted"
    own_figures_snapshot_refresh_when_stale()
    assert OwnFiguresSnapshot.objects.get().computed_at > timezone.now() - timedelta(minutes=1)
