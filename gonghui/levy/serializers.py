"""Shapes of the levy funds API."""

from __future__ import annotations

from rest_framework import serializers as s

from gonghui.api.fields import RecordSerializer

from .models import Arrival, Receivable, Reminder, Remittance, SplitRule
from .rules import Way

MONEY = {"max_digits": 14, "decimal_places": 2}


def number(field="voucher"):
    """The voucher's number (记-0001), null until booked."""
    return s.CharField(source=f"{field}.number", read_only=True, allow_null=True, default=None)


class ArrivalSerializer(RecordSerializer):
    voucher, transfer_voucher = number(), number("transfer_voucher")

    class Meta:
        model = Arrival
        fields = read_only_fields = (
            "id org month way way_display payroll_base amount own_share upper_share own_percent "
            "received_on note voucher transferred_on transfer_voucher"
        ).split()


class ArrivalWriteSerializer(s.Serializer):
    month = s.DateField(help_text="Any day of the payroll month")
    way, amount = s.ChoiceField(choices=Way.choices), s.DecimalField(**MONEY)
    payroll_base = s.DecimalField(**MONEY, required=False, allow_null=True)
    received_on, note = s.DateField(), s.CharField(max_length=200, required=False, default="")
    commit = s.BooleanField(default=True, help_text="False: the split only, nothing saved")


class RemittanceSerializer(RecordSerializer):
    voucher = number()

    class Meta:
        model = Remittance
        fields = read_only_fields = "id org paid_on amount note voucher".split()


class RemitSerializer(s.Serializer):
    amount, paid_on = s.DecimalField(**MONEY), s.DateField()
    note = s.CharField(max_length=200, required=False, default="")


class ReceivableSerializer(RecordSerializer):
    voucher, collect_voucher = number(), number("collect_voucher")

    class Meta:
        model = Receivable
        fields = read_only_fields = (
            "id org year amount note voucher collected_on collect_voucher".split()
        )


class ReceivableWriteSerializer(s.Serializer):
    year, amount = s.IntegerField(min_value=2000, max_value=2100), s.DecimalField(**MONEY)
    note = s.CharField(max_length=200, required=False, default="")


class ReminderSerializer(RecordSerializer):
    class Meta:
        model = Reminder
        fields = read_only_fields = "id org sent_from amount message sent_by sent_at".split()


class ReminderWriteSerializer(s.Serializer):
    union = s.CharField(max_length=20, help_text="The code of a union below")
    amount = s.DecimalField(**MONEY, required=False, allow_null=True, help_text="Default: owed")
    message = s.CharField(max_length=300, required=False, default="")


class SplitRuleSerializer(RecordSerializer):
    class Meta:
        model = SplitRule
        fields = "id org own_percent effective_from source".split()
        read_only_fields = ("id", "org")


class SummarySerializer(s.Serializer):
    year, owed = s.IntegerField(), s.DecimalField(**MONEY)
    own_percent = s.DecimalField(source="split.own_percent", max_digits=5, decimal_places=2)
    split_source = s.CharField(source="split.source")
    missing = s.ListField(child=s.DateField(), help_text="Payroll months due, nothing recorded")
    received, kept, remitted = (s.DecimalField(**MONEY) for _ in range(3))
    reminders = ReminderSerializer(many=True)


class UnionRowSerializer(s.Serializer):
    union, name = s.CharField(source="union.code"), s.CharField(source="union.name")
    owed, last_remitted_on = s.DecimalField(**MONEY), s.DateField(allow_null=True)


class ArrivalTransferSerializer(s.Serializer):
    transferred_on = s.DateField()


class CollectSerializer(s.Serializer):
    collected_on = s.DateField()
