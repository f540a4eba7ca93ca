"""The birth year goes into the name index itself, so a search with a birth date reads only the index entries of
persons born within a year of it (or of unknown birth) instead of every namesake's row.

SQLite: the FTS5 trigram table gets a second column holding the birth year as one trigram (the year minus 1800,
three digits; `___` for an unknown date), kept in step by triggers; a contentless table, since the year token
is not a column of casework_person. PostgreSQL: a GIN index over the name key's trigrams and the birth year
(btree_gin), beside the name-only index that serves searches without a birth date. The search
(`casework/search.py`) asks for what the database has.
"""

from importlib import import_module

from django.db import migrations

YEAR_TOKEN = (
    "CASE WHEN {row}.birth_date = '' THEN '___' "
    "ELSE printf('%03d', max(0, min(999, CAST(substr({row}.birth_date, 1, 4) AS INTEGER) - 1800))) END"
)

SQLITE_CREATE = [
    "DROP TABLE IF EXISTS casework_person_name_fts_vocab",
    "DROP TRIGGER IF EXISTS casework_person_name_fts_ai",
    "DROP TRIGGER IF EXISTS casework_person_name_fts_ad",
    "DROP TRIGGER IF EXISTS casework_person_name_fts_au",
    "DROP TABLE IF EXISTS casework_person_name_fts",
    "CREATE VIRTUAL TABLE casework_person_name_fts USING fts5(name_key, birth_year, content='', tokenize='trigram')",
    "CREATE TRIGGER casework_person_name_fts_ai AFTER INSERT ON casework_person BEGIN "
    "INSERT INTO casework_person_name_fts(rowid, name_key, birth_year) "
    f"VALUES (new.id, new.name_key, {YEAR_TOKEN.format(row='new')}); END",
    "CREATE TRIGGER casework_person_name_fts_ad AFTER DELETE ON casework_person BEGIN "
    "INSERT INTO casework_person_name_fts(casework_person_name_fts, rowid, name_key, birth_year) "
    f"VALUES ('delete', old.id, old.name_key, {YEAR_TOKEN.format(row='old')}); END",
    "CREATE TRIGGER casework_person_name_fts_au AFTER UPDATE OF name_key, birth_date ON casework_person BEGIN "
    "INSERT INTO casework_person_name_fts(casework_person_name_fts, rowid, name_key, birth_year) "
    f"VALUES ('delete', old.id, old.name_key, {YEAR_TOKEN.format(row='old')}); "
    "INSERT INTO casework_person_name_fts(rowid, name_key, birth_year) "
    f"VALUES (new.id, new.name_key, {YEAR_TOKEN.format(row='new')}); END",
    "INSERT INTO casework_person_name_fts(rowid, name_key, birth_year) "
    f"SELECT p.id, p.name_key, {YEAR_TOKEN.format(row='p')} FROM casework_person p",
    # How many persons each trigram occurs in, so a search can leave out the commonest ones.
    "CREATE VIRTUAL TABLE casework_person_name_fts_vocab USING fts5vocab(casework_person_name_fts, 'row')",
]

# Back to 0002's index (name key only, its content read from casework_person).
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
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'casework_person_name_fts'")
            if cursor.fetchone() is None:
                return  # an SQLite without FTS5 or trigram (0002 found none): the search scans
            for statement in SQLITE_CREATE:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_available_extensions WHERE name IN ('pg_trgm', 'btree_gin')"
            )
            if cursor.fetchone()[0] < 2:
                return
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS casework_person_name_year_trgm "
                "ON casework_person USING gin (name_key gin_trgm_ops, (left(birth_date, 4)))"
            )


def drop_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'casework_person_name_fts'")
            if cursor.fetchone() is None:
                return
            for statement in SQLITE_DROP:
                cursor.execute(statement)
            previous = import_module("wegweiser.casework.migrations.0002_person_name_search_index")
            for statement in previous.SQLITE_CREATE:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS casework_person_name_year_trgm")


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_home_lists_in_index_order")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
