"""Search facets (committee, region), Kazakh stems, URL argument; ``kind`` loses its choices.

The full-text index is rebuilt over the new ``stems_kk`` column: on SQLite the FTS5 table and
its triggers are dropped before the table changes (Django rebuilds an SQLite table to add a
column, which would drop the triggers) and made again after; on PostgreSQL the generated
``tsvector`` column is made again with the stems (``simple`` configuration, weight C). The new
columns are filled by ``kurultai search reindex`` (the demo loader runs it).
"""

from django.db import migrations, models

from kurultai.opendata.migration_ops import VendorSQL

OLD_COLUMNS = "title_kk, title_ru, title_en, body_kk, body_ru, body_en, names"
COLUMNS = OLD_COLUMNS + ", stems_kk"


def _fts(columns: str) -> list[str]:
    new = ", ".join(f"new.{c.strip()}" for c in columns.split(","))
    old = ", ".join(f"old.{c.strip()}" for c in columns.split(","))
    return [
        f"""CREATE VIRTUAL TABLE opendata_search_fts USING fts5(
            {columns}, content='opendata_searchdocument', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2')""",
        f"""CREATE TRIGGER opendata_search_ai AFTER INSERT ON opendata_searchdocument BEGIN
            INSERT INTO opendata_search_fts(rowid, {columns}) VALUES (new.id, {new});
        END""",
        f"""CREATE TRIGGER opendata_search_ad AFTER DELETE ON opendata_searchdocument BEGIN
            INSERT INTO opendata_search_fts(opendata_search_fts, rowid, {columns}) VALUES ('delete', old.id, {old});
        END""",
        f"""CREATE TRIGGER opendata_search_au AFTER UPDATE ON opendata_searchdocument BEGIN
            INSERT INTO opendata_search_fts(opendata_search_fts, rowid, {columns}) VALUES ('delete', old.id, {old});
            INSERT INTO opendata_search_fts(rowid, {columns}) VALUES (new.id, {new});
        END""",
        "INSERT INTO opendata_search_fts(opendata_search_fts) VALUES ('rebuild')",
    ]


SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS opendata_search_au",
    "DROP TRIGGER IF EXISTS opendata_search_ad",
    "DROP TRIGGER IF EXISTS opendata_search_ai",
    "DROP TABLE IF EXISTS opendata_search_fts",
]


def _vector(with_stems: bool) -> str:
    stems = (
        "\n        || setweight(to_tsvector('simple'::regconfig, coalesce(stems_kk, '')), 'C')" if with_stems else ""
    )
    return f"""ALTER TABLE opendata_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title_kk, '') || ' ' || coalesce(names, '')), 'A')
        || setweight(to_tsvector('russian'::regconfig, coalesce(title_ru, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(title_en, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(body_kk, '')), 'B')
        || setweight(to_tsvector('russian'::regconfig, coalesce(body_ru, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(body_en, '')), 'B'){stems}
    ) STORED"""


PG_DROP = [
    "DROP INDEX IF EXISTS opendata_search_vector_gin",
    "ALTER TABLE opendata_searchdocument DROP COLUMN IF EXISTS search_vector",
]
GIN = "CREATE INDEX opendata_search_vector_gin ON opendata_searchdocument USING GIN (search_vector)"


class Migration(migrations.Migration):
    dependencies = [("opendata", "0002_fulltext")]

    operations = [
        VendorSQL("sqlite", SQLITE_DROP, _fts(OLD_COLUMNS)),
        migrations.AddField(
            model_name="searchdocument",
            name="committee",
            field=models.CharField(blank=True, max_length=60, verbose_name="committee"),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="region",
            field=models.CharField(blank=True, max_length=12, verbose_name="region"),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="stems_kk",
            field=models.TextField(blank=True, verbose_name="Kazakh stems"),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="url_arg",
            field=models.CharField(blank=True, max_length=160, null=True),
        ),
        migrations.AlterField(
            model_name="searchdocument",
            name="kind",
            field=models.CharField(max_length=20, verbose_name="kind"),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["kind", "updated_at"], name="opendata_search_kind_updated"),
        ),
        VendorSQL("sqlite", _fts(COLUMNS), SQLITE_DROP),
        VendorSQL("postgresql", [*PG_DROP, _vector(True), GIN], [*PG_DROP, _vector(False), GIN]),
    ]
