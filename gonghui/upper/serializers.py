"""Shapes of the roll-up answers (built by gonghui.upper.finance; amounts as strings)."""

from rest_framework import serializers
from rest_framework.fields import CharField

from gonghui.finance.serializers import BalanceLineSerializer, FlowLineSerializer

from .rollup import FIGURES


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


class RollupFigureSerializer(serializers.Serializer):
    """A column of the unions' table: its key in each row, its label, its family."""

    key, label, family = (serializers.CharField() for _ in range(3))
    money, percent = serializers.BooleanField(), serializers.BooleanField()


def _figures(cls_name: str, **more):
    """A serializer of every figure (labelled in the answer's `figures`): amounts as strings,
    counts and shares as integers, null where the caller may not read the family or a union
    has none."""
    kind = {True: serializers.CharField, False: serializers.IntegerField}
    fields = {k: kind[f.money](allow_null=True) for k, f in FIGURES.items()}
    return type(cls_name, (serializers.Serializer,), {**more, **fields})


class UnionsRollupSerializer(serializers.Serializer):
    """The unions below the organisation, each with the year's figures, and their total."""

    org, year = serializers.CharField(), serializers.IntegerField()
    computed_at = serializers.DateTimeField(
        allow_null=True, help_text="When a large tree's kept figures were computed; null: now"
    )
    figures = RollupFigureSerializer(many=True)
    unions = _figures("UnionFiguresRowSerializer", org=CharField(), name=CharField())(many=True)
    total = _figures("UnionFiguresTotalSerializer")()


class UnionsRefreshSerializer(serializers.Serializer):
    queued = serializers.BooleanField(help_text="False: a small tree, rolled up live")
