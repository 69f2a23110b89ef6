"""On PostgreSQL the database itself refuses UPDATE and DELETE on ledger entries, so
not even a raw SQL session of the application can rewrite the books: corrections are
reversing entries (冲销)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION gonghui_funds_entry_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'funds_fundentry is append-only: reverse an entry instead';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER funds_fundentry_immutable
    BEFORE UPDATE OR DELETE ON funds_fundentry
    FOR EACH ROW EXECUTE FUNCTION gonghui_funds_entry_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS funds_fundentry_immutable ON funds_fundentry;
DROP FUNCTION IF EXISTS gonghui_funds_entry_immutable();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
