"""Aid's money moves to the books: new payments and enrolments get no funds ledger entry
(the voucher is found through finance.SourcePosting), and a payment says itself when it
was reversed instead of pointing at a reversing ledger entry."""

import django.db.models.deletion
from django.db import migrations, models


def reversed_on_from_entries(apps, schema_editor):
    Payment = apps.get_model("aid", "Payment")
    rows = Payment._base_manager.filter(reversal_entry__isnull=False).select_related(
        "reversal_entry"
    )
    for payment in rows:
        Payment._base_manager.filter(pk=payment.pk).update(reversed_on=payment.reversal_entry.date)


class Migration(migrations.Migration):
    dependencies = [
        ("aid", "0002_verbose_names"),
        ("funds", "0004_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="payment",
            name="reversed_on",
            field=models.DateField(blank=True, null=True, verbose_name="date of the reversal"),
        ),
        migrations.AlterField(
            model_name="enrolment",
            name="fund_entry",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="funds.fundentry",
                verbose_name="ledger entry",
            ),
        ),
        migrations.AlterField(
            model_name="payment",
            name="fund_entry",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="funds.fundentry",
                verbose_name="ledger entry",
            ),
        ),
        migrations.RunPython(reversed_on_from_entries, migrations.RunPython.noop),
    ]
