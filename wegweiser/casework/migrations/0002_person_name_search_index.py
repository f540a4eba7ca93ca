"""The name search index, by database: SQLite FTS5 with the trigram tokenizer (kept in step by triggers),
PostgreSQL pg_trgm with a GIN index. Where neither is available the search falls back to a plain scan."""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS casework_person_name_fts USING fts5("
    "name_key, content='casework_person', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS casework_person_name_fts_ai AFTER INSERT ON casework_person BEGIN "
    "INSERT INTO casework_person_name_fts(rowid, name_key) VALUES (new.id, new.name_key); END",
    "CREATE TRIGGER IF NOT EXISTS casework_person_name_fts_ad AFTER DELETE ON casework_person BEGIN "
    "INSERT INTO casework_person_name_fts(casework_person_name_fts, rowid, name_key) "
    "VALUES ('delete', old.id, old.name_key); END",
    "CREATE TRIGGER IF NOT EXISTS casework_person_name_fts_au AFTER UPDATE OF name_key ON casework_person BEGIN "
    "INSERT INTO casework_person_name_fts(casework_person_name_fts, rowid, name_key) "
    "VALUES ('delete', old.id, old.name_key); "
    "INSERT INTO casework_person_name_fts(rowid, name_key) VALUES (new.id, new.name_key); END",
    "INSERT INTO casework_person_name_fts(casework_person_name_fts) VALUES ('rebuild')",
    # How many persons each trigram occurs in, so a search can leave out the commonest ones.
    "CREATE VIRTUAL TABLE IF NOT EXISTS casework_person_name_fts_vocab "
    "USING fts5vocab(casework_person_name_fts, 'row')",
]
SQLITE_DROP = [
    "DROP TABLE IF EXISTS casework_person_name_fts_vocab",
    "DROP TRIGGER IF EXISTS casework_person_name_fts_ai",
    "DROP TRIGGER IF EXISTS casework_person_name_fts_ad",
    "DROP TRIGGER IF EXISTS casework_person_name_fts_au",
    "DROP TABLE IF EXISTS casework_person_name_fts",
]


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            try:
                for statement in SQLITE_CREATE:
                    cursor.execute(statement)
            except Exception:  # noqa: BLE001 - an SQLite without FTS5 or trigram: the search scans instead
                return
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
            if cursor.fetchone() is None:
                return
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS casework_person_name_key_trgm "
                "ON casework_person USING gin (name_key gin_trgm_ops)"
            )


def drop_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_DROP:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS casework_person_name_key_trgm")


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
