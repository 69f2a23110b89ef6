# The care reminders (welfare.selectors.ReminderFeed) find birthdays by the month and
# day of birth and retirements by the date of birth; without an index both read the
# whole members table (a district of 1,000,000 members: 4.4 s a page, #13 §9).
#
# - members_member_birthday_idx: EXTRACT(MONTH/DAY FROM birth_date), the expressions
#   Django writes for birth_date__month / __day on PostgreSQL. Only those two: a wider
#   index (with the columns the per-date counts read) was not chosen for a district's
#   counts (a parallel scan of the roll is cheaper there) and cost every import of a
#   roster 5 % more (bench/import_members.py).
# - members_member_birth_date_idx: birth_date, for `birth_date IN (…)` (retirements).
#
# PostgreSQL only and outside the model state, like 0008: SQLite, the embedded set-up,
# serves a small roll without them. Built CONCURRENTLY so that a live roll keeps taking
# writes while they are built.
from django.db import migrations

from gonghui.core.migration_ops import PostgreSQLOnly

BIRTHDAY = "members_member_birthday_idx"
BIRTH_DATE = "members_member_birth_date_idx"


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY runs outside a transaction

    dependencies = [
        ("members", "0008_member_name_trigram_index"),
    ]

    operations = [
        PostgreSQLOnly(
            sql=f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{BIRTHDAY}" ON "members_member" '
            '((EXTRACT(MONTH FROM "birth_date")), (EXTRACT(DAY FROM "birth_date")))',
            reverse_sql=f'DROP INDEX CONCURRENTLY IF EXISTS "{BIRTHDAY}"',
        ),
        PostgreSQLOnly(
            sql=f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{BIRTH_DATE}" ON "members_member" '
            '("birth_date")',
            reverse_sql=f'DROP INDEX CONCURRENTLY IF EXISTS "{BIRTH_DATE}"',
        ),
        # Statistics of the new expressions: without them PostgreSQL guesses 600 birthdays
        # in a month where a district has 66,000, and loops over its organisations.
        PostgreSQLOnly(sql='ANALYZE "members_member"', reverse_sql=migrations.RunSQL.noop),
    ]
