"""The triggers that make the audit log append-only, per database vendor.

Installed by migration 0002. Tests that run outside a transaction (browser journeys) empty the database
after each test, which the triggers would refuse; the test suite removes them just for that flush and puts
them back before the next test (see conftest.py).
"""

SQLITE_INSTALL = [
    """CREATE TRIGGER IF NOT EXISTS audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER IF NOT EXISTS audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE refused'); END;""",
    # INSERT OR REPLACE / REPLACE INTO delete the row they collide with without firing the DELETE trigger
    # (SQLite runs no delete triggers for REPLACE unless recursive_triggers is on), so an insert that names
    # an id already taken is refused before it starts. An upsert's DO UPDATE meets the UPDATE trigger.
    """CREATE TRIGGER IF NOT EXISTS audit_auditentry_no_replace BEFORE INSERT ON audit_auditentry
       WHEN EXISTS (SELECT 1 FROM audit_auditentry WHERE id = NEW.id)
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only: REPLACE refused'); END;""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete;",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_replace;",
]
POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION audit_auditentry_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit log is append-only: % refused', TG_OP; END;
       $$ LANGUAGE plpgsql;""",
    "DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;",
    """CREATE TRIGGER audit_auditentry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_auditentry_refuse_change();""",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry;",
    """CREATE TRIGGER audit_auditentry_no_truncate BEFORE TRUNCATE ON audit_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_auditentry_refuse_change();""",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry;",
    "DROP FUNCTION IF EXISTS audit_auditentry_refuse_change();",
]
INSTALL = {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL}
REMOVE = {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE}


def _execute(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            # No parameters: the % in RAISE must not be read as a placeholder.
            cursor.execute(statement, None)


def install_audit_triggers(connection) -> None:
    _execute(connection, INSTALL.get(connection.vendor, []))


def remove_audit_triggers(connection) -> None:
    _execute(connection, REMOVE.get(connection.vendor, []))
