"""Shapes of the dues API: lines, a month's figures, a payroll file's rows, arrears."""

from __future__ import annotations

from rest_framework import serializers as s

from gonghui.api.fields import RecordSerializer, ScopedPrimaryKeyRelatedField
from gonghui.finance.rules import ROUNDING_CHOICES
from gonghui.funds.models import Fund

from .models import DuesLine

MONEY = {"max_digits": 12, "decimal_places": 2}


class DuesLineSerializer(RecordSerializer):
    class Meta:
        model = DuesLine
        fields = read_only_fields = (
            "id member member_name org unit unit_name month wage base amount_due amount_paid "
            "state state_display exempt_reason method method_display receipt_no collected_by "
            "paid_on posted_in"
        ).split()


class DuesMonthSerializer(s.Serializer):
    month, voucher = s.CharField(source="key"), s.CharField(help_text="Empty until booked")
    counts = s.DictField(child=s.IntegerField(), help_text="Lines per state, and total")
    due, paid, to_post = (s.DecimalField(**MONEY) for _ in range(3))
    created, updated, removed, kept, elsewhere = (s.IntegerField() for _ in range(5))


class DuesPaySerializer(s.Serializer):
    amount, receipt_no, paid_on = s.DecimalField(**MONEY), s.CharField(max_length=30), s.DateField()


class DuesExemptSerializer(s.Serializer):
    reason = s.CharField(max_length=100, allow_blank=True, help_text="Empty: lift it")


class DuesPostSerializer(s.Serializer):
    fund = ScopedPrimaryKeyRelatedField(Fund, required=False, allow_null=True)
    date = s.DateField(required=False, allow_null=True)


class DuesDeductedSerializer(s.Serializer):
    file = s.FileField(help_text="姓名, 身份证号 or 会员证号, 扣缴金额 (.xlsx, .xls, .csv)")
    commit = s.BooleanField(default=False, help_text="False: the preview only")


class DuesDeductionRowSerializer(s.Serializer):
    row, name, action = s.IntegerField(), s.CharField(), s.CharField()
    amount = s.DecimalField(**MONEY, allow_null=True)
    line = s.IntegerField(source="line.pk", allow_null=True, default=None)
    errors, warnings = s.ListField(child=s.CharField()), s.ListField(child=s.CharField())


class DuesDeductionSerializer(s.Serializer):
    month, committed, counts = s.DateField(), s.BooleanField(), s.DictField(child=s.IntegerField())
    total, errors = s.DecimalField(**MONEY), s.ListField(child=s.CharField())
    rows = DuesDeductionRowSerializer(many=True)


class DuesArrearsSerializer(s.Serializer):
    member, member_name = s.IntegerField(source="member.pk"), s.CharField(source="member.name")
    unit = s.CharField(source="member.org.code")
    months, run, owed = s.ListField(child=s.DateField()), s.IntegerField(), s.DecimalField(**MONEY)


class DuesSettingsSerializer(s.Serializer):
    rounding = s.ChoiceField(choices=ROUNDING_CHOICES)
