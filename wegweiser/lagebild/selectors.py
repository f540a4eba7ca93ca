"""Reads of the Lagebild's tables; who may see what is answered here."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.jobs.models import HeldUpload
from wegweiser.jobs.selectors import held_uploads_for_user
from wegweiser.lagebild.models import ReportFile, StatisticRelease
from wegweiser.lagebild.services import (
    REPORT_KEPT_FOR,
    ImportSummary,
    installation_district,
    statistics_check,
    summarise,
)
from wegweiser.lagebild.statistics import Problem, StatisticsParseError, read_statistics


def statistic_releases_for_user(user: Any) -> QuerySet[StatisticRelease]:
    """The loaded reference dates of every table, for those who load statistics (planners)."""
    if not user_can(user, Perm.STATISTICS_IMPORT):
        return StatisticRelease.objects.none()
    return StatisticRelease.objects.select_related("table").order_by("table__code", "-reference_date")


def statistic_uploads_for_user(user: Any) -> QuerySet[HeldUpload]:
    """A planner's own uploads awaiting confirmation; nobody sees another's."""
    from wegweiser.lagebild.services import HELD_FOR

    if not user_can(user, Perm.STATISTICS_IMPORT):
        return HeldUpload.objects.none()
    return held_uploads_for_user(user, purpose=HELD_FOR)


@dataclass
class Preview:
    summary: ImportSummary | None
    problems: list[Problem]
    error: str = ""
    # A handful of values of the district itself, so the planner sees that the figures were read right.
    sample: list[Any] | None = None

    @property
    def loadable(self) -> bool:
        return self.summary is not None and not self.problems and not self.error


def statistics_preview(*, content: bytes, filename: str) -> Preview:
    """What loading the file would do, without writing anything."""
    try:
        statistics = read_statistics(content, filename)
    except StatisticsParseError as error:
        return Preview(summary=None, problems=[], error=str(error))
    statistics_check(statistics)
    district = installation_district()
    summary = summarise(statistics, district=district)
    prefix = district.ags if district is not None else ""
    sample = [o for o in statistics.observations if prefix and o.region_key.startswith(prefix)][:12]
    return Preview(summary=summary, problems=statistics.problems, sample=sample or statistics.observations[:12])


def observation_series(
    *, table_code: str, measure_code: str, region_key: str, breakdown_key: str = ""
) -> list[tuple[Any, Any, str]]:
    """One figure over time: (reference date, value, source) for every loaded date that has a value (a cell
    with a marker has none and is left out). For the Integrationskonzept's linked indicators."""
    from wegweiser.lagebild.models import Observation

    rows = (
        Observation.objects.filter(
            table__code=table_code,
            measure_code=measure_code,
            region_key=region_key,
            breakdown_key=breakdown_key,
            value__isnull=False,
        )
        .order_by("reference_date")
        .values_list("reference_date", "value", "table__code", "table__source")
    )
    return [(day, value, f"Lagebild {code}" + (f" ({source})" if source else "")) for day, value, code, source in rows]


def report_file_for_user(user: Any, *, job_id: Any) -> ReportFile | None:
    """The council's PDF made by `user`'s own job (nobody else's, not even the administrator's), while kept."""
    if not getattr(user, "is_authenticated", False):
        return None
    cutoff = timezone.now() - REPORT_KEPT_FOR
    return ReportFile.objects.filter(job_id=job_id, job__created_by=user, created_at__gte=cutoff).first()
