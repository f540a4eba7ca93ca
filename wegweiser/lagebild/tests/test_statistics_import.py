"""Loading statistics into the database: every sample layout, replacing instead of doubling, nothing changed by
a refused file, the audit entries, the preview that writes nothing, and deleting a reference date."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Sum
from django.utils import translation

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditAction, AuditEntry
from wegweiser.lagebild.models import Observation, StatisticRelease, StatisticTable
from wegweiser.lagebild.selectors import statistics_preview
from wegweiser.lagebild.services import (
    StatisticsImportError,
    statistic_release_delete,
    statistics_import,
)
from wegweiser.lagebild.statistics import read_statistics

DATA = Path(__file__).parent / "data"
SAMPLES = [
    ("12411-01-01-4.csv", "12411-01-01-4", 538 * 3, {"-": 234, ".": 36}),
    ("12411-01-01-4_1773175772751_de_flat.csv", "12411-01-01-4", 1467, {"-": 222}),
    ("12411-02-03-5-B_kreise_2018.csv", "12411-02-03-5-B", 489 * 54, {"-": 3942, ".": 648}),
    ("12531-0043_175879554_flat_03459.csv", "12531-0043", 397, {}),
    ("22541-01-01-4.csv", "22541-01-01-4", 538 * 11, {"-": 1006}),
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def load(world, name: str, content: bytes | None = None, role=Role.INTEGRATION_OFFICE):
    statistics = read_statistics(content if content is not None else (DATA / name).read_bytes(), name)
    return statistics_import(statistics=statistics, actor=world.user(role))


@pytest.mark.parametrize(("name", "code", "values", "markers"), SAMPLES)
def test_every_sample_loads_with_its_markers(world, name, code, values, markers):
    summary = load(world, name)

    assert (summary.table_code, summary.values, summary.markers) == (code, values, markers)
    release = StatisticRelease.objects.get(table__code=code)
    assert release.value_count == values == Observation.objects.filter(release=release).count()
    assert release.marker_count == sum(markers.values())
    assert Observation.objects.filter(release=release, marker="").exclude(value=None).count() == values - sum(
        markers.values()
    )
    assert not Observation.objects.filter(release=release).exclude(marker="").exclude(value=None).exists()
    assert set(Observation.objects.values_list("district", flat=True)) == {world.district.pk}


def test_the_district_figures_arrive_as_in_the_file(world):
    load(world, "12411-01-01-4.csv")
    load(world, "22541-01-01-4.csv")

    population = Observation.objects.filter(table__code="12411-01-01-4", region_key="03459")
    assert {o.breakdown[0][2]: o.value for o in population} == {
        "Insgesamt": Decimal(357343),
        "männlich": Decimal(177430),
        "weiblich": Decimal(179913),
    }
    places = Observation.objects.get(
        table__code="22541-01-01-4",
        region_key="03459",
        measure_code="Verfügbare Plätze",
        breakdown_key__endswith="=Insgesamt",
    )
    assert (places.value, places.unit, places.reference_date) == (Decimal(12487), "Anzahl", date(2002, 12, 31))
    assert (
        Observation.objects.get(
            table__code="12411-01-01-4", region_key="03152", breakdown_key__endswith="Insgesamt"
        ).marker
        == "-"
    )


def test_loading_the_same_table_and_date_again_replaces_it(world):
    first = load(world, "12411-01-01-4.csv")
    changed = (DATA / "12411-01-01-4.csv").read_bytes().replace(b";357343;177430;179913", b";357344;177431;179913")
    second = load(world, "12411-01-01-4.csv", changed)

    assert first.replaced == []
    assert second.replaced == [date(2018, 12, 31)]
    assert StatisticRelease.objects.count() == 1
    assert Observation.objects.count() == 538 * 3, "replaced, not doubled"
    assert (
        Observation.objects.filter(region_key="03459").aggregate(total=Sum("value"))["total"]
        == 357344 + 177431 + 179913
    )
    entries = AuditEntry.objects.filter(object_type="lagebild.statisticrelease").order_by("pk")
    assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.DELETE, AuditAction.CREATE]
    assert entries[0].actor == world.user(Role.INTEGRATION_OFFICE)


def test_another_reference_date_of_the_same_table_is_kept_beside_it(world):
    load(world, "12411-01-01-4.csv")
    load(world, "12411-01-01-4_1773175772751_de_flat.csv")

    table = StatisticTable.objects.get()
    assert [r.reference_date for r in table.releases.order_by("reference_date")] == [
        date(2018, 12, 31),
        date(2024, 12, 31),
    ]
    assert Observation.objects.count() == 538 * 3 + 1467


def test_a_file_with_a_broken_line_changes_nothing(world):
    load(world, "22541-01-01-4.csv")
    before = list(Observation.objects.order_by("pk").values_list("pk", "value"))
    original = (DATA / "22541-01-01-4.csv").read_bytes()
    osnabrueck = original.index(b"31.12.2002;03459;")
    broken = original[:osnabrueck] + original[osnabrueck:].replace(b";145;", b";14S;", 1)

    with pytest.raises(StatisticsImportError) as refused:
        load(world, "22541-01-01-4.csv", broken)

    assert refused.value.problems == [
        "Line 75, column 4 (Tageseinrichtungen für Kinder / Insgesamt): "
        "“14S” is neither a figure nor a statistical marker."
    ]
    assert list(Observation.objects.order_by("pk").values_list("pk", "value")) == before
    assert AuditEntry.objects.filter(object_type="lagebild.statisticrelease").count() == 1


def test_a_failure_while_writing_rolls_everything_back(world, monkeypatch):
    load(world, "12411-01-01-4.csv")
    before = set(Observation.objects.values_list("pk", flat=True))
    statistics = read_statistics((DATA / "12411-01-01-4.csv").read_bytes(), "12411-01-01-4.csv")

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Observation.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        statistics_import(statistics=statistics, actor=world.user(Role.INTEGRATION_OFFICE))

    assert set(Observation.objects.values_list("pk", flat=True)) == before
    assert StatisticRelease.objects.count() == 1


def test_a_cell_twice_in_one_file_is_refused(world):
    content = (DATA / "12531-0043_175879554_flat_03459.csv").read_bytes()
    lines = content.split(b"\n")
    doubled = b"\n".join([*lines[:3], lines[2], *lines[3:]])

    with pytest.raises(StatisticsImportError) as refused:
        load(world, "12531-0043_175879554_flat_03459.csv", doubled)

    assert refused.value.problems[0].startswith("Line 4: The same value (region 03459")
    assert "stands already in line 3" in refused.value.problems[0]
    assert not Observation.objects.exists()


def test_without_a_district_nothing_loads(db):
    statistics = read_statistics((DATA / "22541-01-01-4.csv").read_bytes(), "22541-01-01-4.csv")

    with pytest.raises(StatisticsImportError, match="load the municipality register first"):
        statistics_import(statistics=statistics, actor=None)


def test_the_preview_summarises_and_writes_nothing(world, django_assert_max_num_queries):
    load(world, "12411-01-01-4.csv")
    content = (DATA / "12411-01-01-4.csv").read_bytes()

    with django_assert_max_num_queries(2):
        preview = statistics_preview(content=content, filename="12411-01-01-4.csv")

    assert preview.loadable
    summary = preview.summary
    assert (summary.table_code, summary.layout, summary.encoding) == ("12411-01-01-4", "genesis-table", "Windows-1252")
    assert (summary.reference_dates, summary.regions, summary.district_regions) == ([date(2018, 12, 31)], 538, 1)
    assert summary.replaced == [date(2018, 12, 31)]
    assert {o.region_key for o in preview.sample} == {"03459"}
    assert Observation.objects.count() == 538 * 3


def test_the_preview_of_a_file_of_no_known_layout_says_why(world):
    preview = statistics_preview(content=b"a;b\n1;2\n", filename="x.csv")

    assert not preview.loadable
    assert "layout of the file is not known" in preview.error


def test_deleting_the_last_reference_date_removes_the_table(world):
    load(world, "12411-01-01-4.csv")
    load(world, "12411-01-01-4_1773175772751_de_flat.csv")
    actor = world.user(Role.INTEGRATION_OFFICE)

    statistic_release_delete(release=StatisticRelease.objects.get(reference_date=date(2018, 12, 31)), actor=actor)
    assert StatisticTable.objects.count() == 1
    assert Observation.objects.count() == 1467

    statistic_release_delete(release=StatisticRelease.objects.get(), actor=actor)
    assert not StatisticTable.objects.exists()
    assert not Observation.objects.exists()
    assert AuditEntry.objects.filter(object_type="lagebild.statistictable", action=AuditAction.DELETE).count() == 1
