# The roster search finds a member by the last digits of their mobile or ID number
# (selectors.search_q). PostgreSQL answers "reverse(col) LIKE '4321%'" from these
# indexes; without them every such search reads the whole member table (benchmark:
# bench/roster_page.py, 100,000 members).
#
# They are not declared in Member.Meta.indexes because an expression index with an
# operator class cannot be written portably: SQLite (the embedded set-up) has neither
# text_pattern_ops nor a built-in reverse(), and its rosters are small enough to scan.
from django.db import migrations

INDEXES = {
    "members_member_mobile_rev_idx": "mobile",
    "members_member_id_number_rev_idx": "id_number",
}


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL that does nothing on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_member_dues_paid_until_lapsetalk"),
    ]

    operations = [
        PostgreSQLOnly(
            sql=f'CREATE INDEX "{name}" ON "members_member" (reverse("{column}") text_pattern_ops)',
            reverse_sql=f'DROP INDEX IF EXISTS "{name}"',
        )
        for name, column in INDEXES.items()
    ]
