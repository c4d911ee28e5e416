"""A RunSQL that runs on one database vendor only (FTS5 on SQLite, tsvector on PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


class VendorSQL(migrations.RunSQL):
    def __init__(self, vendor: str, sql: Any, reverse_sql: Any = None) -> None:
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (
            "kurultai.opendata.migration_ops.VendorSQL",
            [self.vendor, self.sql],
            {"reverse_sql": self.reverse_sql},
        )
