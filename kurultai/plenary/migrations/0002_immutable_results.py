"""PostgreSQL triggers: registrations are append-only, a published result and the ballots of a
vote that is no longer open refuse change, even from raw SQL. No-ops on SQLite, where the
models and services hold the same rules."""

from django.db import migrations

import kurultai.common.migration_ops


class PostgresOnly(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


PUBLISHED_RESULT = """
CREATE OR REPLACE FUNCTION plenary_voteevent_published() RETURNS trigger AS $$
BEGIN
    IF OLD.state = 'published' THEN
        RAISE EXCEPTION 'published vote results are immutable (vote event %)', OLD.slug;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER plenary_voteevent_published_trg BEFORE UPDATE OR DELETE ON plenary_voteevent
    FOR EACH ROW EXECUTE FUNCTION plenary_voteevent_published();
"""

BALLOTS_WHILE_OPEN = """
CREATE OR REPLACE FUNCTION plenary_ballot_while_open() RETURNS trigger AS $$
DECLARE
    vote_state varchar;
BEGIN
    SELECT state INTO vote_state FROM plenary_voteevent
        WHERE id = (CASE WHEN TG_OP = 'INSERT' THEN NEW.vote_event_id ELSE OLD.vote_event_id END);
    IF vote_state IS DISTINCT FROM 'open' THEN
        RAISE EXCEPTION 'ballots change only while their vote is open (it is %)', vote_state;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER plenary_ballot_while_open_trg BEFORE INSERT OR UPDATE OR DELETE ON plenary_ballot
    FOR EACH ROW EXECUTE FUNCTION plenary_ballot_while_open();
"""


class Migration(migrations.Migration):
    dependencies = [("plenary", "0001_initial")]

    operations = [
        kurultai.common.migration_ops.AppendOnlyTrigger("plenary_registration"),
        PostgresOnly(
            PUBLISHED_RESULT,
            "DROP TRIGGER IF EXISTS plenary_voteevent_published_trg ON plenary_voteevent; "
            "DROP FUNCTION IF EXISTS plenary_voteevent_published();",
        ),
        PostgresOnly(
            BALLOTS_WHILE_OPEN,
            "DROP TRIGGER IF EXISTS plenary_ballot_while_open_trg ON plenary_ballot; "
            "DROP FUNCTION IF EXISTS plenary_ballot_while_open();",
        ),
    ]
