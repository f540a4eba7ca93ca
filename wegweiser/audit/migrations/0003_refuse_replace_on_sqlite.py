"""SQLite: INSERT OR REPLACE with an existing id overwrote an entry; a BEFORE INSERT trigger refuses it."""

from django.db import migrations

from wegweiser.audit.triggers import install_audit_triggers


def install(apps, schema_editor):
    # Idempotent: the triggers of 0002 are kept, the REPLACE guard is added.
    install_audit_triggers(schema_editor.connection)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_auditentry_no_replace;")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(install, remove)]
