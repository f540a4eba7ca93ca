from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The shared page cache (settings.CACHES["portal"]) lives in this database; `createcachetable` skips a table
    # that exists, so a re-run or the test database's own call changes nothing.
    table = settings.CACHES["portal"]["LOCATION"]
    call_command("createcachetable", table, database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_info_pages_and_submission_counters")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
