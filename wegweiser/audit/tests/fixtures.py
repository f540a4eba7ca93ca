"""Test-runner support for the append-only audit log (a pytest plugin; see conftest.py's `pytest_plugins`).

A test that commits (`transactional_db`, `live_server`, `django_db(transaction=True)`) ends with Django's flush,
which empties every table with DELETE (SQLite) or TRUNCATE (PostgreSQL): exactly what the audit log's triggers
refuse. `audit_log_flushable` makes way for that flush and for nothing else:
- SQLite: the triggers are lifted, the audit rows deleted and the triggers put back, all in one transaction, so
  the flush finds an empty table (SQLite's triggers fire per row);
- PostgreSQL: the session says `wegweiser.audit_purge = on`, which the TRUNCATE trigger honours; Django closes
  this connection right after the flush, so the setting dies with it.
"""

import importlib

import pytest
from django.db import connections, transaction
from pytest_django.fixtures import validate_django_db

append_only = importlib.import_module("wegweiser.audit.migrations.0002_append_only_triggers")


def make_audit_log_flushable(using: str = "default") -> None:
    connection = connections[using]
    if connection.vendor == "sqlite":
        with transaction.atomic(using=using), connection.cursor() as cursor:
            for statement in append_only.SQLITE_BACKWARD:
                cursor.execute(statement)
            cursor.execute("DELETE FROM audit_auditentry")
            for statement in append_only.SQLITE_FORWARD:
                cursor.execute(statement)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET wegweiser.audit_purge = 'on'")


def _commits(request: pytest.FixtureRequest) -> bool:
    names = set(request.fixturenames)
    if names & {"transactional_db", "live_server", "django_db_reset_sequences"}:
        return True
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return False
    transactional, reset_sequences, *_rest = validate_django_db(marker)
    return bool(transactional or reset_sequences)


@pytest.fixture(autouse=True)
def audit_log_flushable(request):
    if not _commits(request):
        yield
        return
    # Set up after the database fixture, so this teardown runs before its flush.
    request.getfixturevalue("transactional_db")
    yield
    make_audit_log_flushable()
