"""The background worker: django-tasks-db's database worker plus a heartbeat.

The heartbeat lets /health say whether a worker is alive and lets any process mark failed the jobs of a worker
that died; with each heartbeat the worker also runs the apps' housekeeping (settings.WEGWEISER_HOUSEKEEPING).
Several workers on several machines can share one PostgreSQL.
"""

import logging
import os
import socket
import threading
import uuid

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from wegweiser.jobs.services import jobs_fail_orphaned, jobs_housekeeping, worker_heartbeat

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the background worker (jobs from the database queue) with a heartbeat."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at the queue.")
        parser.add_argument("--heartbeat", type=float, default=None, help="Seconds between heartbeats.")

    def handle(self, *args, batch: bool, interval: float, heartbeat: float | None, **options):
        from django.conf import settings

        worker_id = f"{socket.gethostname()[:30]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        started_at = timezone.now()
        every = heartbeat or settings.WEGWEISER_WORKER_HEARTBEAT_SECONDS
        stop = threading.Event()

        def beat() -> None:
            while not stop.is_set():
                try:
                    close_old_connections()
                    worker_heartbeat(
                        worker_id=worker_id, hostname=socket.gethostname(), pid=os.getpid(), started_at=started_at
                    )
                    jobs_fail_orphaned()
                    jobs_housekeeping()
                except DatabaseError:
                    logger.warning("worker heartbeat could not be written", exc_info=True)
                stop.wait(every)
            connection.close()

        # A batch run (tests, one-off runs) is not a standing worker: it sends no heartbeat.
        thread = threading.Thread(target=beat, name="heartbeat", daemon=True)
        if not batch:
            thread.start()
        logger.info("worker started", extra={"worker_id": worker_id})
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        if not batch:
            worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()
            if thread.is_alive():
                thread.join(timeout=5)
