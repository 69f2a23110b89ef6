"""Carry the tokens of DRF's authtoken app over into ApiToken, then empty its table.

authtoken stored keys in clear and is no longer installed, but a database that had it
still holds its table. Each key is kept working (stored as its digest, expiring after
API_TOKEN_DAYS), and the clear keys are deleted. The table itself is left, empty: the
authtoken migrations stay recorded as applied.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone

TABLE = "authtoken_token"


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if TABLE not in connection.introspection.table_names(cursor):
            return
        cursor.execute(f"SELECT key, user_id, created FROM {TABLE}")  # noqa: S608
        rows = cursor.fetchall()
    ApiToken = apps.get_model("accounts", "ApiToken")
    now = timezone.now()
    ApiToken.objects.bulk_create(
        [
            ApiToken(
                user_id=user_id,
                # Data, not interface text: shown as typed on the account page.
                name="旧令牌（已迁移）",
                prefix=key[:6],
                digest=hashlib.sha256(key.encode()).hexdigest(),
                created_at=created or now,
                expires_at=now + timedelta(days=settings.API_TOKEN_DAYS),
            )
            for key, user_id, created in rows
        ],
        batch_size=1000,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_api_tokens_and_failed_logins")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
