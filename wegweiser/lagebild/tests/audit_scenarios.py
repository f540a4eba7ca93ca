"""For the audit coverage test (audit/registry.py): the Lagebild services writing each DECISION model."""

from pathlib import Path

from wegweiser.accounts.roles import Role
from wegweiser.lagebild import services
from wegweiser.lagebild.models import StatisticRelease
from wegweiser.lagebild.statistics import read_statistics

DATA = Path(__file__).parent / "data"


def _load(world, name: str = "22541-01-01-4.csv"):
    statistics = read_statistics((DATA / name).read_bytes(), name)
    return services.statistics_import(statistics=statistics, actor=world.user(Role.INTEGRATION_OFFICE))


def load_again_and_delete(world):
    _load(world)
    _load(world)  # replaces the reference date loaded before
    release = StatisticRelease.objects.get(table__code="22541-01-01-4")
    services.statistic_release_delete(release=release, actor=world.user(Role.INTEGRATION_OFFICE))


def table_updated(world):
    _load(world)
    statistics = read_statistics((DATA / "22541-01-01-4.csv").read_bytes(), "22541-01-01-4.csv")
    statistics.title = "Kindertageseinrichtungen (neu betitelt)"
    services.statistics_import(statistics=statistics, actor=world.user(Role.DISTRICT_ADMIN))


SCENARIOS = {
    "lagebild.statistictable": [load_again_and_delete, table_updated],
    "lagebild.statisticrelease": [load_again_and_delete],
}
