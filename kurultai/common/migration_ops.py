"""Migration operations shared by apps."""

from __future__ import annotations

from typing import Any

from django.db import migrations


class AppendOnlyTrigger(migrations.RunSQL):
    """On PostgreSQL, refuse UPDATE and DELETE on a table with a trigger; no-op elsewhere."""

    def __init__(self, table: str) -> None:
        self.table = table
        function = f"{table}_append_only"
        forward = f"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME;
            END;
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER {function}_trg BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {function}();
        """
        backward = f"DROP TRIGGER IF EXISTS {function}_trg ON {table}; DROP FUNCTION IF EXISTS {function}();"
        super().__init__(forward, backward)

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return ("kurultai.common.migration_ops.AppendOnlyTrigger", [self.table], {})
