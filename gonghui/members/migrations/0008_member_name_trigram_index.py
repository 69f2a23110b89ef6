# The roster search by a fragment of the name (selectors.search_q: name LIKE '%志强%')
# read the whole member table: 430 ms at 1,000,000 members (#13 §9). On PostgreSQL a
# pg_trgm GIN index answers LIKE '%…%' for fragments of three characters or more
# (bench/roster_search.py). One or two characters give pg_trgm no trigram to look up
# (a Chinese name is two to four characters: 王, 志强 are typical searches), and LIKE
# '%志强%' read the whole table (550 ms): a GIN index of the name's characters
# (string_to_array(name, NULL) @> '{志,强}', selectors.search_q) serves those.
#
# PostgreSQL only, and outside the model state (not in Member.Meta.indexes): SQLite, the
# embedded set-up, has no GIN index, and it would try to create one again whenever it
# rebuilds the table for a later AlterField. Built CONCURRENTLY, so that adding it to a
# live roster of a million members does not hold up writes.
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import AddIndexConcurrently, TrigramExtension
from django.db import migrations

from gonghui.core.migration_ops import PostgreSQLOnly

CHARS_INDEX = "members_member_name_chars_idx"


class PostgreSQLIndex(AddIndexConcurrently):
    """The index on PostgreSQL; nothing on other databases, nothing in the model state."""

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self._ensure_not_in_transaction(schema_editor)
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_index(model, self.index, concurrently=True)


NAME_TRIGRAMS = GinIndex(
    fields=["name"], name="members_member_name_trgm_idx", opclasses=["gin_trgm_ops"]
)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY runs outside a transaction

    dependencies = [
        ("members", "0007_verbose_names"),
    ]

    operations = [
        TrigramExtension(),  # does nothing on SQLite
        PostgreSQLIndex(model_name="member", index=NAME_TRIGRAMS),
        PostgreSQLOnly(
            sql=f'CREATE INDEX CONCURRENTLY "{CHARS_INDEX}" ON "members_member" '
            'USING gin (string_to_array("name"::text, NULL))',
            reverse_sql=f'DROP INDEX CONCURRENTLY IF EXISTS "{CHARS_INDEX}"',
        ),
    ]
