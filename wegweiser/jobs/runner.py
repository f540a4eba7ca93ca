"""Running a Job inside a django-tasks task.

A task module declares its task with `@task(takes_context=True)` and hands the work to `run_job`, which marks
the Job running, gives the work a `RunningJob` to report progress on, and records the outcome. Work that
changes data does its checking first (reporting progress) and then applies everything in one transaction, so a
worker that dies leaves nothing half-applied.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskContext

from wegweiser.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)


class JobError(Exception):
    """A failure whose message is meant for the user (bad input, refused change); shown as it is.

    `details` lists the single problems (for an import: one line per bad row).
    """

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []


class RunningJob:
    """What the work sees of its job: its input and a way to report progress."""

    # Progress is written at most this often; writing it for every row would slow the work down.
    min_interval = 0.25

    def __init__(self, job: Job):
        self.job = job
        self._last_write = 0.0

    @property
    def id(self) -> str:
        return str(self.job.pk)

    def input_bytes(self) -> bytes:
        return bytes(self.job.input.content)

    def progress(self, done: int, total: int, message: str = "", *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and done < total and now - self._last_write < self.min_interval:
            return
        self._last_write = now
        Job.objects.filter(pk=self.job.pk).update(progress_done=done, progress_total=total, message=str(message)[:500])


def run_job(context: TaskContext, job_id: str, work: Callable[[RunningJob], dict[str, Any]]) -> dict[str, Any]:
    worker_ids = getattr(context.task_result, "worker_ids", None) or []
    updated = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        worker_id=worker_ids[-1] if worker_ids else "",
        task_result_id=str(context.task_result.id),
    )
    if not updated:
        logger.warning("job not queued any more, skipped", extra={"job_id": job_id})
        return {}
    job = Job.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return _run(job, work)


def _run(job: Job, work: Callable[[RunningJob], dict[str, Any]]) -> dict[str, Any]:
    job_id = str(job.pk)
    running = RunningJob(job)
    try:
        result = work(running) or {}
    except JobError as error:
        _finish(job_id, status=JobStatus.FAILED, error=str(error), result={"errors": error.details[:200]})
        return {"error": str(error)}
    except Exception as error:
        logger.exception("job failed", extra={"job_id": job_id, "kind": job.kind})
        _finish(
            job_id,
            status=JobStatus.FAILED,
            error=_("The job stopped with an unexpected error; nothing of it was applied. (%(error)s)")
            % {"error": type(error).__name__},
        )
        raise
    _finish(job_id, status=JobStatus.SUCCEEDED, result=result)
    return result


def _finish(job_id: str, *, status: str, result: dict | None = None, error: str = "") -> None:
    fields: dict[str, Any] = {"status": status, "finished_at": timezone.now(), "error": error}
    if result is not None:
        fields["result"] = result
    Job.objects.filter(pk=job_id).update(**fields)
