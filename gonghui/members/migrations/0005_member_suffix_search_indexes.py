# The roster search finds a member by the last digits of their mobile or ID number
# (selectors.search_q). PostgreSQL answers "reverse(col) LIKE '4321%'" from these
# indexes; without them every such search reads the whole member table (benchmark:
# bench/roster_page.py, 100,000 members).
#
# They are not declared in Member.Meta.indexes because an expression index with an
# operator class cannot be written portably: SQLite (the embedded set-up) has neither
# text_pattern_ops nor a built-in reverse(), and its rosters are small enough to scan.
from django.db import migrations

from gonghui.core.migration_ops import PostgreSQLOnly

INDEXES = {
    "members_member_mobile_rev_idx": "mobile",
    "members_member_id_number_rev_idx": "id_number",
}


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
