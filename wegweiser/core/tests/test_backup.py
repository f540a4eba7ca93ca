"""A backup with pg_dump restores with pg_restore into a fresh database: data, binary uploads and audit triggers.

This is the procedure README's production section describes; PostgreSQL only.
"""

import os
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from wegweiser.accounts.roles import Role
from wegweiser.accounts.services import user_create
from wegweiser.jobs.models import Job, JobInput
from wegweiser.territory.register import parse_register
from wegweiser.territory.services import territory_load_register

REGISTER_FILE = Path(__file__).resolve().parents[2] / "territory" / "data" / "gv-auszug-03459.csv"
UPLOAD = bytes(range(256)) * 40  # every byte value, as an uploaded file may hold


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"backup test skipped: {name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def pg_environment() -> tuple[dict[str, str], dict[str, str]]:
    """Environment for the PostgreSQL tools and keyword arguments for psycopg, from Django's settings."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": db["HOST"] or "127.0.0.1",
        "PGPORT": str(db["PORT"] or 5432),
        "PGUSER": db["USER"] or "postgres",
    }
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    connect = {"host": env["PGHOST"], "port": env["PGPORT"], "user": env["PGUSER"], "password": db["PASSWORD"] or None}
    return env, connect


def counts(cursor, tables) -> dict[str, int]:
    result = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from Django's own table list)
        result[table] = cursor.fetchone()[0]
    return result


@pytest.fixture
def restore_database():
    """A fresh, empty database beside the test database; dropped afterwards."""
    _env, connect = pg_environment()
    name = f"{connection.settings_dict['NAME']}_restore"
    with psycopg.connect(dbname="postgres", autocommit=True, **connect) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(dbname="postgres", autocommit=True, **connect) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_backup_restores_into_a_fresh_database(tmp_path, request):
    if connection.vendor != "postgresql":
        pytest.skip("backup test skipped: it runs on PostgreSQL (pg_dump/pg_restore); this run uses SQLite")
    pg_dump, pg_restore = pg_tool("pg_dump"), pg_tool("pg_restore")
    restored_name = request.getfixturevalue("restore_database")
    territory_load_register(register=parse_register(REGISTER_FILE.read_bytes(), "gv.csv"), population_date=None)
    admin, _password = user_create(actor=None, username="admin", role=Role.DISTRICT_ADMIN)
    user_create(actor=admin, username="beratung", role=Role.CASEWORKER, first_name="Clara", last_name="Müller")
    job = Job.objects.create(kind="test.backup", label="Backup test", created_by=admin)
    JobInput.objects.create(job=job, filename="upload.bin", content=UPLOAD)
    env, connect = pg_environment()
    tables = sorted(connection.introspection.django_table_names(only_existing=True))
    with connection.cursor() as cursor:
        before = counts(cursor, tables + ["django_migrations"])
    dump = tmp_path / "wegweiser.dump"

    subprocess.run(  # noqa: S603
        [pg_dump, "--format=custom", "--file", str(dump), connection.settings_dict["NAME"]],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    subprocess.run(  # noqa: S603
        [pg_restore, "--no-owner", "--exit-on-error", "--dbname", restored_name, str(dump)],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )

    with psycopg.connect(dbname=restored_name, autocommit=True, **connect) as restored, restored.cursor() as cursor:
        assert counts(cursor, tables + ["django_migrations"]) == before
        assert before["territory_municipality"] == 38
        assert before["audit_auditentry"] == 2
        cursor.execute("SELECT last_name FROM accounts_user WHERE username = 'beratung'")
        assert cursor.fetchone() == ("Müller",)
        cursor.execute("SELECT content FROM jobs_jobinput")
        assert bytes(cursor.fetchone()[0]) == UPLOAD
        cursor.execute("SELECT sum(population) FROM territory_municipality WHERE kind <> 'samtgemeinde'")
        assert cursor.fetchone() == (358_080,)
        for change in (
            "UPDATE audit_auditentry SET purpose = 'rewritten'",
            "DELETE FROM audit_auditentry",
            "TRUNCATE audit_auditentry",
        ):
            with pytest.raises(psycopg.errors.RaiseException, match="audit log is append-only"):
                cursor.execute(change)
        assert counts(cursor, ["audit_auditentry"]) == {"audit_auditentry": 2}
