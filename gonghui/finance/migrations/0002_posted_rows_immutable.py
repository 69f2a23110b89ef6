"""On PostgreSQL the database itself refuses to change or delete a posted voucher or its
lines, so not even a raw SQL session of the application can rewrite the books: a mistake
is corrected by a 红字 voucher. Lines may still turn from unposted to posted (记账)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION gonghui_finance_posted_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'finance_voucherline' THEN
        IF OLD.posted THEN
            RAISE EXCEPTION 'finance_voucherline: a posted line never changes; reverse its voucher';
        END IF;
    ELSIF OLD.state = 'posted' THEN
        RAISE EXCEPTION 'finance_voucher: a posted voucher never changes; reverse it';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER finance_voucherline_immutable
    BEFORE UPDATE OR DELETE ON finance_voucherline
    FOR EACH ROW EXECUTE FUNCTION gonghui_finance_posted_immutable();
CREATE TRIGGER finance_voucher_immutable
    BEFORE UPDATE OR DELETE ON finance_voucher
    FOR EACH ROW EXECUTE FUNCTION gonghui_finance_posted_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS finance_voucherline_immutable ON finance_voucherline;
DROP TRIGGER IF EXISTS finance_voucher_immutable ON finance_voucher;
DROP FUNCTION IF EXISTS gonghui_finance_posted_immutable();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
