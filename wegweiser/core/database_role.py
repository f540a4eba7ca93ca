"""The PostgreSQL role the app runs as: it owns no table, so it cannot switch off the audit log's triggers.

A table's owner (and any superuser) may `ALTER TABLE audit_auditentry DISABLE TRIGGER` and then rewrite the
log; the triggers only hold against a role that is neither. Migrations run as the owner, the app servers
and the worker as the role made here (`manage.py db_app_role`), which may read and write the domain tables
but only SELECT and INSERT on the append-only ones.
"""

import re

from django.db import DatabaseError

APPEND_ONLY_TABLES = ("audit_auditentry",)
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def app_role_statements(*, role: str, password: str | None, raw_connection) -> list[str]:
    """The SQL that creates (or corrects) the app's role, as the current user, who owns the tables.

    Idempotent: run it again after new tables appear by hand; tables created by later migrations get the
    grants from the default privileges.
    """
    from psycopg import sql

    if not ROLE_NAME.match(role):
        raise ValueError(f"role name {role!r}: lower-case letters, digits and _ only")

    def render(template: str, **parts) -> str:
        return sql.SQL(template).format(**parts).as_string(raw_connection)

    with raw_connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database(), current_schema()")
        owner, database, schema = cursor.fetchone()
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        exists = cursor.fetchone() is not None
    if role == owner:
        raise ValueError(f"the app role must not be the owner of the tables ({owner}); run this as the owner")
    names = {"role": sql.Identifier(role), "owner": sql.Identifier(owner), "schema": sql.Identifier(schema)}
    attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT"
    statements = [render(("ALTER ROLE {role} " if exists else "CREATE ROLE {role} ") + attributes, **names)]
    if password:
        statements.append(render("ALTER ROLE {role} PASSWORD {password}", password=sql.Literal(password), **names))
    statements += [
        render("GRANT CONNECT ON DATABASE {database} TO {role}", database=sql.Identifier(database), **names),
        render("GRANT USAGE ON SCHEMA {schema} TO {role}", **names),
        render("REVOKE CREATE ON SCHEMA {schema} FROM {role}", **names),
        render("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}", **names),
        render("REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schema} FROM {role}", **names),
        render("GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}", **names),
        render(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}"
            " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
            **names,
        ),
        render(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT USAGE ON SEQUENCES TO {role}", **names
        ),
    ]
    for table in APPEND_ONLY_TABLES:
        statements.append(
            render("REVOKE UPDATE, DELETE ON {table} FROM {role}", table=sql.Identifier(schema, table), **names)
        )
    return statements


def database_role_warnings_of_connection(connection) -> list[str]:
    """`database_role_warnings`, asked once per database connection: `/health` asks on every call of the load
    balancer, and the look-up was a third of its round trips. The app never changes the role of an open
    connection (no SET ROLE), so the answer holds until the connection is replaced."""
    if connection.vendor != "postgresql":
        return []
    known = getattr(connection, "_wegweiser_role_warnings", None)
    if known is not None and connection.connection is not None and known[0] is connection.connection:
        return list(known[1])
    warnings = database_role_warnings(connection)
    if connection.connection is not None:
        connection._wegweiser_role_warnings = (connection.connection, tuple(warnings))
    return warnings


def database_role_warnings(connection) -> list[str]:
    """What is wrong with the role this connection runs as; empty when it cannot rewrite the audit log."""
    if connection.vendor != "postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT current_user,
                          (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
                          (SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c
                            WHERE c.oid = to_regclass(%s))""",
                [APPEND_ONLY_TABLES[0]],
            )
            user, superuser, owner = cursor.fetchone()
    except DatabaseError:
        return []
    if superuser:
        return [f"the app is connected to PostgreSQL as the superuser {user}: it could switch off the audit triggers"]
    if owner:
        return [
            f"the app is connected to PostgreSQL as {user}, the owner of {APPEND_ONLY_TABLES[0]}: "
            "it could switch off the audit triggers; run the app as the role of `manage.py db_app_role`"
        ]
    return []
