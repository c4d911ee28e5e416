"""Full-text search over opendata_searchdocument: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL."""

from django.db import migrations

from kurultai.opendata.migration_ops import VendorSQL

COLUMNS = "title_kk, title_ru, title_en, body_kk, body_ru, body_en, names"
NEW = ", ".join(f"new.{c.strip()}" for c in COLUMNS.split(","))
OLD = ", ".join(f"old.{c.strip()}" for c in COLUMNS.split(","))

SQLITE = [
    f"""CREATE VIRTUAL TABLE opendata_search_fts USING fts5(
        {COLUMNS}, content='opendata_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER opendata_search_ai AFTER INSERT ON opendata_searchdocument BEGIN
        INSERT INTO opendata_search_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",
    f"""CREATE TRIGGER opendata_search_ad AFTER DELETE ON opendata_searchdocument BEGIN
        INSERT INTO opendata_search_fts(opendata_search_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD});
    END""",
    f"""CREATE TRIGGER opendata_search_au AFTER UPDATE ON opendata_searchdocument BEGIN
        INSERT INTO opendata_search_fts(opendata_search_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD});
        INSERT INTO opendata_search_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",
]
SQLITE_BACK = [
    "DROP TRIGGER IF EXISTS opendata_search_au",
    "DROP TRIGGER IF EXISTS opendata_search_ad",
    "DROP TRIGGER IF EXISTS opendata_search_ai",
    "DROP TABLE IF EXISTS opendata_search_fts",
]

# Russian configuration for the Russian text, simple for Kazakh (no Kazakh stemmer ships
# with PostgreSQL) and for names, English for English; titles and names weigh more.
POSTGRES = [
    """ALTER TABLE opendata_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title_kk, '') || ' ' || coalesce(names, '')), 'A')
        || setweight(to_tsvector('russian'::regconfig, coalesce(title_ru, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(title_en, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(body_kk, '')), 'B')
        || setweight(to_tsvector('russian'::regconfig, coalesce(body_ru, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(body_en, '')), 'B')
    ) STORED""",
    "CREATE INDEX opendata_search_vector_gin ON opendata_searchdocument USING GIN (search_vector)",
]
POSTGRES_BACK = [
    "DROP INDEX IF EXISTS opendata_search_vector_gin",
    "ALTER TABLE opendata_searchdocument DROP COLUMN IF EXISTS search_vector",
]


class Migration(migrations.Migration):
    dependencies = [("opendata", "0001_initial")]

    operations = [
        VendorSQL("sqlite", SQLITE, SQLITE_BACK),
        VendorSQL("postgresql", POSTGRES, POSTGRES_BACK),
    ]
