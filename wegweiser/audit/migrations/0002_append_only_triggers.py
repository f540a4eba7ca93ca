"""The database itself refuses UPDATE and DELETE on the audit log, on SQLite and on PostgreSQL."""

from django.db import migrations

from wegweiser.audit.triggers import install_audit_triggers, remove_audit_triggers


def install(apps, schema_editor):
    install_audit_triggers(schema_editor.connection)


def remove(apps, schema_editor):
    remove_audit_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
