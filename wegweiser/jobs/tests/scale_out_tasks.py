"""A task for the scale-out test only: it records every time it runs, before run_job's own guard."""

import os

from django.db import connection
from django_tasks import TaskContext, task

from wegweiser.jobs.runner import run_job

RUNS_TABLE = "test_scale_out_runs"


@task(takes_context=True)
def scale_out_probe(context: TaskContext, job_id: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {RUNS_TABLE} (job_id, pid) VALUES (%s, %s)", [job_id, os.getpid()])  # noqa: S608
    return run_job(context, job_id, lambda job: {"pid": os.getpid()})
