import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from wegweiser.jobs.models import HeldUpload, Job, JobInput, JobStatus, WorkerHeartbeat

logger = logging.getLogger(__name__)


@transaction.atomic
def job_enqueue(
    *,
    task: Task,
    kind: str,
    label: str,
    actor: Any,
    input_file: tuple[str, bytes] | None = None,
    result_url: str = "",
    **task_kwargs: Any,
) -> Job:
    """Create a Job, store its input file, and queue its task; the worker starts it after commit."""
    job = Job.objects.create(
        kind=kind,
        label=str(label)[:200],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        result_url=result_url,
        language=translation.get_language() or "",
    )
    if input_file is not None:
        filename, content = input_file
        JobInput.objects.create(job=job, filename=filename[:255], content=content)
    task_result = task.enqueue(job_id=str(job.pk), **task_kwargs)
    job.task_result_id = str(task_result.id)
    job.save(update_fields=["task_result_id"])
    return job


def worker_heartbeat(*, worker_id: str, hostname: str, pid: int, started_at: Any) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": hostname, "pid": pid, "started_at": started_at, "seen_at": timezone.now()},
    )


def live_worker_ids(now: Any = None) -> set[str]:
    now = now or timezone.now()
    cutoff = now - settings.WEGWEISER_WORKER_STALE_AFTER
    return set(WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))


def jobs_fail_orphaned(now: Any = None) -> int:
    """Mark failed every job whose worker stopped sending heartbeats, or whose task failed before it began.

    The work of a job applies its changes in one transaction at the end, so a job whose worker died has
    applied nothing; saying so is the honest state.
    """
    now = now or timezone.now()
    alive = live_worker_ids(now)
    grace = now - settings.WEGWEISER_WORKER_STALE_AFTER
    orphaned = Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=grace).exclude(worker_id__in=alive)
    count = 0
    message = _("The worker stopped while running this job; nothing of it was applied. Please start it again.")
    for job in orphaned:
        count += Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, finished_at=now, error=message
        )
        DBTaskResult.objects.filter(pk=job.task_result_id, status="RUNNING").update(
            status="FAILED", finished_at=now, exception_class_path="wegweiser.jobs.WorkerLost", traceback=message
        )
    # A task that failed before run_job could mark its job (import error, bad arguments) leaves it queued.
    for job in Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=now - timedelta(seconds=5)):
        if DBTaskResult.objects.filter(pk=job.task_result_id, status="FAILED").exists():
            count += Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
                status=JobStatus.FAILED,
                finished_at=now,
                error=_("The job could not be started; nothing of it was applied."),
            )
    return count


def jobs_housekeeping() -> dict[str, Any]:
    """Run the apps' periodic chores (settings.WEGWEISER_HOUSEKEEPING, dotted paths of callables without
    arguments); the worker calls this with every heartbeat. A chore that fails is logged and does not stop
    the others, nor the heartbeat."""
    outcomes: dict[str, Any] = {}
    for path in getattr(settings, "WEGWEISER_HOUSEKEEPING", ()):
        try:
            outcomes[path] = import_string(path)()
        except Exception:
            logger.exception("housekeeping failed", extra={"housekeeping": path})
            outcomes[path] = None
    return outcomes


# An upload waits this long for its confirmation after the preview (a planner may leave it over lunch), then
# the housekeeping deletes it.
HELD_UPLOAD_KEPT_FOR = timedelta(days=1)


class UploadGone(Exception):
    """The held upload was confirmed already, expired, or belongs to someone else."""


def upload_hold(*, actor: Any, purpose: str, filename: str, content: bytes) -> HeldUpload:
    """Keep an uploaded file between its preview and the confirmation (in the database: any app server may
    receive the confirmation)."""
    return HeldUpload.objects.create(purpose=purpose, filename=filename[:255], content=content, created_by=actor)


@transaction.atomic
def upload_take(*, actor: Any, purpose: str, held_id: Any) -> tuple[str, bytes]:
    """Hand out a held upload once, to the user who uploaded it, for the purpose it was held for."""
    cutoff = timezone.now() - HELD_UPLOAD_KEPT_FOR
    try:
        held = HeldUpload.objects.select_for_update().get(
            pk=held_id, purpose=purpose, created_by=actor, created_at__gte=cutoff
        )
    except (HeldUpload.DoesNotExist, ValueError, ValidationError) as error:
        raise UploadGone(
            _("The previewed file is no longer here (confirmed already, dropped or older than a day); upload it again.")
        ) from error
    filename, content = held.filename, bytes(held.content)
    held.delete()
    return filename, content


@transaction.atomic
def upload_discard(*, held: HeldUpload) -> None:
    held.delete()


def held_uploads_expire(now: Any = None) -> int:
    cutoff = (now or timezone.now()) - HELD_UPLOAD_KEPT_FOR
    deleted, _rows = HeldUpload.objects.filter(created_at__lt=cutoff).delete()
    return deleted
