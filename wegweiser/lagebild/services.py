"""Loading and removing statistics: the only writers of the Lagebild's tables, each with its audit entry."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.core.request_memo import request_memo, request_memo_forget
from wegweiser.jobs.models import HeldUpload, Job
from wegweiser.jobs.services import job_enqueue, upload_hold, upload_take
from wegweiser.lagebild.models import Observation, ReportFile, StatisticRelease, StatisticTable
from wegweiser.lagebild.statistics import StatisticFile
from wegweiser.territory.models import District

PURPOSE_STATISTICS = "lagebild: planning figures"
BATCH = 2000


class StatisticsImportError(Exception):
    """The file cannot be loaded; `problems` lists why, line by line. Nothing was changed."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class ImportSummary:
    """What a file holds (preview) or what was loaded (import), in the words the page and command print."""

    table_code: str
    title: str
    layout: str
    layout_label: str
    encoding: str
    filename: str
    reference_dates: list[date]
    regions: int
    district_regions: int
    values: int
    markers: dict[str, int]
    stand: str = ""
    source: str = ""
    replaced: list[date] = field(default_factory=list)

    @property
    def marker_total(self) -> int:
        return sum(self.markers.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "table_code": self.table_code,
            "title": self.title,
            "layout": self.layout,
            "layout_label": str(self.layout_label),
            "encoding": self.encoding,
            "filename": self.filename,
            "reference_dates": [d.isoformat() for d in self.reference_dates],
            "regions": self.regions,
            "district_regions": self.district_regions,
            "values": self.values,
            "markers": self.markers,
            "stand": self.stand,
            "source": self.source,
            "replaced": [d.isoformat() for d in self.replaced],
        }

    def lines(self) -> list[str]:
        """The summary as lines of text, for the command and the job's result."""
        dates = ", ".join(f"{d:%d.%m.%Y}" for d in self.reference_dates)
        markers = ", ".join(f"{marker} {count}" for marker, count in self.markers.items()) or _("none")
        lines = [
            _("Table: %(code)s %(title)s") % {"code": self.table_code, "title": self.title},
            _("Layout: %(layout)s, encoding %(encoding)s") % {"layout": self.layout_label, "encoding": self.encoding},
            _("Reference dates: %(dates)s") % {"dates": dates},
            _("Regions: %(regions)s (of the district: %(district)s)")
            % {"regions": self.regions, "district": self.district_regions},
            _("Values: %(values)s, of them markers: %(markers)s") % {"values": self.values, "markers": markers},
        ]
        if self.stand:
            lines.append(_("Source as of: %(stand)s") % {"stand": self.stand})
        if self.replaced:
            lines.append(
                _("Replaces the figures loaded before for %(dates)s")
                % {"dates": ", ".join(f"{d:%d.%m.%Y}" for d in self.replaced)}
            )
        return lines


def installation_district() -> District | None:
    """The district this installation serves (one per installation; the register load enforces it); read once
    per request (`core.request_memo`)."""
    return request_memo("lagebild.installation_district", lambda: District.objects.order_by("pk").first())


def statistics_check(statistics: StatisticFile) -> None:
    """Add to `statistics.problems` what the parser cannot see line by line: no values, a cell twice."""
    if not statistics.observations and not statistics.problems:
        statistics.problem(1, _("The file holds no values."))
    seen: dict[tuple, int] = {}
    for observation in statistics.observations:
        key = (
            observation.reference_date,
            observation.region_key,
            observation.measure.code,
            observation.breakdown_key,
        )
        first = seen.setdefault(key, observation.line)
        if first != observation.line:
            statistics.problem(
                observation.line,
                _("The same value (region %(region)s, %(measure)s %(breakdown)s) stands already in line %(first)s.")
                % {
                    "region": observation.region_key,
                    "measure": observation.measure.label,
                    "breakdown": observation.breakdown_key,
                    "first": first,
                },
            )
    if not statistics.table_code:
        statistics.problem(1, _("The file does not name its table."))


def summarise(statistics: StatisticFile, *, district: District | None) -> ImportSummary:
    regions = statistics.region_keys
    replaced: list[date] = []
    if district is not None:
        replaced = list(
            StatisticRelease.objects.filter(
                table__district=district,
                table__code=statistics.table_code,
                reference_date__in=statistics.reference_dates,
            )
            .order_by("reference_date")
            .values_list("reference_date", flat=True)
        )
    return ImportSummary(
        table_code=statistics.table_code,
        title=statistics.title,
        layout=statistics.layout.value,
        layout_label=str(statistics.layout.label),
        encoding=statistics.encoding,
        filename=statistics.filename,
        reference_dates=statistics.reference_dates,
        regions=len(regions),
        district_regions=sum(1 for key in regions if district is not None and key.startswith(district.ags)),
        values=len(statistics.observations),
        markers=statistics.marker_counts(),
        stand=statistics.stand,
        source=statistics.source,
        replaced=replaced,
    )


@transaction.atomic
def statistics_import(*, statistics: StatisticFile, actor: Any, district: District | None = None) -> ImportSummary:
    """Load a read file: every reference date it holds replaces what was loaded for that table and date
    before (never doubles it), all in one transaction, or nothing if the file has a problem."""
    district = district or installation_district()
    if district is None:
        raise StatisticsImportError(_("No district is set up yet; load the municipality register first."))
    statistics_check(statistics)
    if statistics.problems:
        raise StatisticsImportError(
            _("%(count)s problems in the file; nothing was loaded.") % {"count": len(statistics.problems)},
            [str(problem) for problem in statistics.problems],
        )
    summary = summarise(statistics, district=district)
    request_memo_forget()  # the district's tables, read once per request, may gain one
    table, created = StatisticTable.objects.get_or_create(
        district=district,
        code=statistics.table_code,
        defaults={
            "title": statistics.title[:500],
            "statistic": statistics.statistic[:300],
            "layout": statistics.layout.value,
            "source": statistics.source[:300],
            "licence": statistics.licence,
        },
    )
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=table, purpose=PURPOSE_STATISTICS, summary=table.code)
    else:
        values = {
            "title": statistics.title[:500] or table.title,
            "statistic": statistics.statistic[:300] or table.statistic,
            "layout": statistics.layout.value,
            "source": statistics.source[:300] or table.source,
            "licence": statistics.licence or table.licence,
        }
        changed = [name for name, value in values.items() if getattr(table, name) != value]
        if changed:
            for name in changed:
                setattr(table, name, values[name])
            table.save(update_fields=changed)
            audit_record(
                actor=actor, action=AuditAction.UPDATE, obj=table, purpose=PURPOSE_STATISTICS, changed_fields=changed
            )

    for old in StatisticRelease.objects.filter(table=table, reference_date__in=summary.reference_dates):
        _release_delete(old, actor=actor, summary=_("replaced by %(file)s") % {"file": statistics.filename})

    by_date: dict[date, list] = {}
    for observation in statistics.observations:
        by_date.setdefault(observation.reference_date, []).append(observation)
    for reference_date, observations in sorted(by_date.items()):
        release = StatisticRelease.objects.create(
            district=district,
            table=table,
            reference_date=reference_date,
            filename=statistics.filename[:255],
            layout=statistics.layout.value,
            encoding=statistics.encoding,
            stand=statistics.stand[:100],
            notes=statistics.notes,
            value_count=len(observations),
            marker_count=sum(1 for o in observations if o.marker),
            region_count=len({o.region_key for o in observations}),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=release,
            purpose=PURPOSE_STATISTICS,
            summary=_("%(table)s, %(date)s: %(values)s values from %(file)s")
            % {
                "table": table.code,
                "date": f"{reference_date:%d.%m.%Y}",
                "values": len(observations),
                "file": statistics.filename,
            },
        )
        rows = [
            Observation(
                district=district,
                table=table,
                release=release,
                reference_date=reference_date,
                region_key=o.region_key,
                region_name=o.region_name[:200],
                measure_code=o.measure.code[:100],
                measure_label=o.measure.label[:200],
                unit=o.measure.unit[:50],
                breakdown_key=o.breakdown_key[:500],
                breakdown=[[b.variable, b.code, b.label] for b in o.breakdown],
                value=o.value,
                marker=o.marker.value,
                flags=o.flags,
            )
            for o in observations
        ]
        Observation.objects.bulk_create(rows, batch_size=BATCH)
    return summary


def _release_delete(release: StatisticRelease, *, actor: Any, summary: str) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=release,
        purpose=PURPOSE_STATISTICS,
        summary=f"{release.table.code} {release.reference_date:%d.%m.%Y}: {summary}"[:500],
    )
    release.delete()


@transaction.atomic
def statistic_release_delete(*, release: StatisticRelease, actor: Any) -> None:
    """Remove one loaded reference date of a table, and the table itself when it was its last."""
    table = release.table
    _release_delete(release, actor=actor, summary=_("deleted"))
    if not table.releases.exists():
        audit_record(actor=actor, action=AuditAction.DELETE, obj=table, purpose=PURPOSE_STATISTICS, summary=table.code)
        table.delete()


# A statistics file waits in jobs.HeldUpload for its preview, under this purpose.
HELD_FOR = "lagebild.statistics"


def statistic_upload_store(*, actor: Any, filename: str, content: bytes) -> HeldUpload:
    """Keep an uploaded file for its preview; the planner confirms (or not) in a later request."""
    return upload_hold(actor=actor, purpose=HELD_FOR, filename=filename, content=content)


@transaction.atomic
def statistic_upload_confirm(*, upload: HeldUpload, actor: Any) -> Job:
    """Queue the import of a previewed upload as a background job; the held file moves into the job."""
    from wegweiser.lagebild.tasks import lagebild_import

    filename, content = upload_take(actor=actor, purpose=HELD_FOR, held_id=upload.pk)
    return job_enqueue(
        task=lagebild_import,
        kind="lagebild.import",
        label=_("Load statistics %(file)s") % {"file": filename},
        actor=actor,
        input_file=(filename, content),
        result_url=reverse("lagebild:tables"),
    )


@transaction.atomic
def own_figures_snapshot_refresh(*, today: date | None = None) -> None:
    """Count the platform's own figures for the Lagebild now and keep them (already published: suppressed
    district-wide) for the dashboard. Called by the worker's housekeeping and after loads."""
    from django.utils import timezone

    from wegweiser.lagebild.indicators import figures_to_json, own_figures_counted
    from wegweiser.lagebild.models import OwnFiguresSnapshot

    district = installation_district()
    if district is None:
        return
    today = today or timezone.localdate()
    figures = own_figures_counted(today=today)
    OwnFiguresSnapshot.objects.update_or_create(
        district=district,
        defaults={"computed_at": timezone.now(), "since": figures.since, "data": figures_to_json(figures)},
    )


def own_figures_snapshot_refresh_when_stale() -> None:
    """Housekeeping: refresh the snapshot when it is older than `indicators.SNAPSHOT_REFRESH`."""
    from django.utils import timezone

    from wegweiser.lagebild.indicators import SNAPSHOT_REFRESH, arrivals_since
    from wegweiser.lagebild.models import OwnFiguresSnapshot

    snapshot = OwnFiguresSnapshot.objects.filter(district=installation_district()).first()
    fresh = snapshot is not None and timezone.now() - snapshot.computed_at < SNAPSHOT_REFRESH
    if fresh and snapshot.since == arrivals_since(timezone.localdate()):
        return
    own_figures_snapshot_refresh()


# The council's PDF waits this long for its maker to download it.
REPORT_KEPT_FOR = timedelta(days=1)


def report_enqueue(*, actor: Any, query: dict[str, str]) -> Job:
    """Queue the council's report "Lagebild Integration" with the forecast the planner set (`query`: the
    forecast page's parameters); the worker typesets it for the planner's remit, the job page offers it."""
    from wegweiser.lagebild.tasks import lagebild_report_pdf

    return job_enqueue(
        task=lagebild_report_pdf,
        kind="lagebild.report",
        label=_("Report “Lagebild Integration” (PDF)"),
        actor=actor,
        query=query,
    )


@transaction.atomic
def report_file_store(*, job: Job, content: bytes) -> ReportFile:
    """Keep the finished PDF for its maker and point the job at its download."""
    report = ReportFile.objects.create(job=job, content=content)
    Job.objects.filter(pk=job.pk).update(result_url=reverse("lagebild:report_download", kwargs={"job_id": job.pk}))
    return report


def report_files_expire(now: datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - REPORT_KEPT_FOR
    deleted, _rows = ReportFile.objects.filter(created_at__lt=cutoff).delete()
    return deleted
