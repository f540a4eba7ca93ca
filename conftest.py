import pytest

from wegweiser.testing.world import build_world

pytest_plugins = ["wegweiser.testing.browser"]


@pytest.fixture(autouse=True)
def _audit_triggers_out_of_the_way_of_flush(request):
    """Tests outside a transaction end with a flush of every table, which the append-only triggers refuse.

    Set up after the database fixture, this fixture's teardown runs before the flush: it removes the
    triggers for the flush and puts them back before the next such test runs.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    if not transactional and not {"transactional_db", "live_server"} & set(request.fixturenames):
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.db import connection

    from wegweiser.audit.triggers import install_audit_triggers, remove_audit_triggers

    install_audit_triggers(connection)
    yield
    remove_audit_triggers(connection)


@pytest.fixture
def world(db):
    """A small district: two municipalities, organisations, one account per role (see testing/world.py)."""
    return build_world()


@pytest.fixture
def client_as(client, world):
    """`client_as(role)` logs the test client in as that role's account of the world."""

    def login(role):
        client.force_login(world.user(str(role)))
        return client

    return login


@pytest.fixture
def run_jobs():
    """Run every queued background job now, as the worker would (`manage.py worker --batch`).

    Inside a test the worker shares the test's connection and transaction, so two of its habits are switched
    off while it runs: it closes "old" connections between tasks (on PostgreSQL that would close the one
    holding the test's transaction), and it looks for orphaned jobs of dead workers (tested on its own).
    """
    from unittest import mock

    from django.core.management import call_command

    def run():
        with (
            mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"),
            mock.patch("wegweiser.jobs.management.commands.worker.jobs_fail_orphaned"),
        ):
            call_command("worker", batch=True, interval=0)

    return run
