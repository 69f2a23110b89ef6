"""Shapes of the roll-up answers (documented for the schema; the data is built by
gonghui.upper.finance, amounts as strings with two decimals)."""

from __future__ import annotations

from rest_framework import serializers

from gonghui.finance.serializers import BalanceLineSerializer, FlowLineSerializer


class RollupUnionSerializer(serializers.Serializer):
    org = serializers.CharField()
    name = serializers.CharField()
    has_books = serializers.BooleanField()


class UnionRowSerializer(RollupUnionSerializer):
    """A union's key lines of the year (null when it has no books: 无账)."""

    income = serializers.CharField(allow_null=True, help_text="收入合计")
    expense = serializers.CharField(allow_null=True, help_text="支出合计")
    difference = serializers.CharField(allow_null=True, help_text="本期收支差额")
    assets = serializers.CharField(allow_null=True, help_text="资产总计 (期末)")
    surplus = serializers.CharField(allow_null=True, help_text="年末资金结余")


class RollupSerializer(serializers.Serializer):
    """The unions' annual 工会01 and 工会02 summed line by line (`statements --format json`)."""

    org = serializers.CharField()
    year = serializers.IntegerField()
    unions = RollupUnionSerializer(many=True)
    balance_sheet = BalanceLineSerializer(many=True)
    income_expense = FlowLineSerializer(many=True)
