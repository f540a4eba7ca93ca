"""The birth year goes into the name index itself, so a search with a birth date reads only the index entries of
persons born within a year of it (or of unknown birth) instead of every namesake's row.

SQLite: the FTS5 trigram table gets a second column holding the birth year as one trigram (the year minus 1800,
three digits; `___` for an unknown date), kept in step by triggers; a contentless table, since the year token
is not a column of casework_person. PostgreSQL keeps 0002's pg_trgm index: its planner already combines it with
the birth-date index in one bitmap scan, and a GIN index over trigrams and year (btree_gin) measured slower
(23.8 against 9.5 ms for a common name at 100,000 persons).
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


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_home_lists_in_index_order")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
