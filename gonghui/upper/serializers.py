"""Shapes of the roll-up answers (built by gonghui.upper.finance; amounts as strings)."""

from rest_framework import serializers

from gonghui.finance.serializers import BalanceLineSerializer, FlowLineSerializer


class RollupUnionSerializer(serializers.Serializer):
    org, name, has_books = (
        serializers.CharField(),
        serializers.CharField(),
        serializers.BooleanField(),
    )


class RollupUnionRowSerializer(RollupUnionSerializer):
    """收入合计, 支出合计, 本期收支差额, 资产总计 (期末), 年末资金结余; null: 无账."""

    income, expense, difference, assets, surplus = (
        serializers.CharField(allow_null=True) for _ in range(5)
    )


class StatementsRollupSerializer(serializers.Serializer):
    """The unions' annual 工会01 and 工会02 summed line by line (`statements --format json`)."""

    org, year = serializers.CharField(), serializers.IntegerField()
    unions = RollupUnionSerializer(many=True)
    balance_sheet = BalanceLineSerializer(many=True)
    income_expense = FlowLineSerializer(many=True)
