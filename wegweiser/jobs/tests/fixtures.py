"""`run_jobs` for tests: run every queued background job now, as `manage.py worker --batch` would.

Inside a test the worker shares the test's database connection and transaction, so two of its habits are
switched off while it runs:
- it closes "old" database connections between tasks (Django's test client disconnects the same call from its
  request signals): on PostgreSQL that would close the connection holding the test's transaction;
- its heartbeat thread has a connection of its own: on PostgreSQL its rows would be committed outside the test's
  transaction and outlive the test (so /health would see a worker in later tests); on SQLite it waits for the
  test's lock. Heartbeats are tested on their own (jobs/tests/test_jobs.py, core/tests/test_operations.py).
"""

from unittest import mock

import pytest
from django.core.management import call_command


@pytest.fixture
def run_jobs():
    def run():
        with (
            mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"),
            mock.patch("wegweiser.jobs.management.commands.worker.worker_heartbeat"),
            mock.patch("wegweiser.jobs.management.commands.worker.jobs_fail_orphaned"),
        ):
            call_command("worker", batch=True, interval=0, heartbeat=60)

    return run
