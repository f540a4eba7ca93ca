"""The demo district gets ten years of figures per municipality, consistent and quick, loaded only once."""

import io
from datetime import date

import pytest
from django.db.models import Sum

from wegweiser.lagebild.demo import YEARS, load_demo
from wegweiser.lagebild.models import Observation, StatisticRelease, StatisticTable
from wegweiser.territory.demo import load_demo as load_territory

pytestmark = pytest.mark.django_db


def test_ten_years_of_figures_for_the_34_municipalities_load_once_and_add_up():
    out = io.StringIO()
    load_territory(out=out)
    load_demo(out=out)
    load_demo(out=out)

    assert "lagebild: demo figures exist" in out.getvalue()
    assert set(StatisticTable.objects.values_list("code", flat=True)) == {
        "DEMO-12411-AG",
        "DEMO-12411-EJ",
        "DEMO-12521",
        "DEMO-12531",
        "EIGEN-KITA",
    }
    assert StatisticRelease.objects.filter(table__code="DEMO-12411-AG").count() == len(YEARS) == 10
    assert all("keine amtliche Statistik" in t.source for t in StatisticTable.objects.all())
    population = Observation.objects.filter(table__code="DEMO-12411-AG", reference_date=date(2024, 12, 31))
    total = population.filter(breakdown_key="ALTX17=Insgesamt|GES=Insgesamt")
    assert total.exclude(region_key="03459").count() == 34
    district = total.get(region_key="03459").value
    assert district == total.exclude(region_key="03459").aggregate(s=Sum("value"))["s"]
    melle = population.filter(region_key="03459024", breakdown_key__endswith="|GES=Insgesamt")
    assert (
        melle.exclude(breakdown_key__startswith="ALTX17=Insgesamt").aggregate(s=Sum("value"))["s"]
        == melle.get(breakdown_key="ALTX17=Insgesamt|GES=Insgesamt").value
    )
    children = Observation.objects.filter(
        table__code="DEMO-12411-EJ", region_key="03459024", reference_date=date(2024, 12, 31)
    )
    assert children.count() == 18
    under3 = melle.get(breakdown_key="ALTX17=unter 3 Jahre|GES=Insgesamt").value
    assert (
        children.filter(breakdown_key__in=["ALTX1=ALT000", "ALTX1=ALT001", "ALTX1=ALT002"]).aggregate(s=Sum("value"))[
            "s"
        ]
        == under3
    )
    ukraine = Observation.objects.filter(table__code="DEMO-12521", region_key="03459", breakdown_key="STAAG=UKR")
    assert (
        ukraine.get(reference_date=date(2024, 12, 31)).value > 5 * ukraine.get(reference_date=date(2021, 12, 31)).value
    )
