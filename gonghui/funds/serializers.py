"""Serializers of the funds API (funds, entries, a year's ledger)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import money
from .models import Fund, FundEntry, FundKind


@extend_schema_field(OpenApiTypes.STR)
class FundAmountField(serializers.Field):
    """An amount as a string ("1234.50") or a number; returned as a string with two decimals
    so no client turns it into a float."""

    default_error_messages = {"invalid": _("This is not an amount.")}

    def to_internal_value(self, data) -> Decimal:
        if isinstance(data, float):
            data = repr(data)  # JSON numbers arrive as floats: read their written digits
        try:
            value = money.parse_amount(data)
        except money.AmountError as exc:
            raise serializers.ValidationError(str(exc)) from None
        if value <= 0:
            raise serializers.ValidationError(_("The amount must be more than zero."))
        return value

    def to_representation(self, value) -> str:
        return f"{value:.2f}"


def _money(value) -> str:
    return f"{value:.2f}"


class FundSerializer(serializers.ModelSerializer):
    balance = serializers.SerializerMethodField()
    org_code = serializers.CharField(source="org.code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)

    class Meta:
        model = Fund
        fields = ["id", "org_code", "org_name", "kind", "name", "opened_on", "is_active", "balance"]
        read_only_fields = ["id", "is_active"]

    def get_balance(self, fund) -> str:
        return _money(fund.balance)


class FundCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FundKind.choices)
    name = serializers.CharField(max_length=100)
    opened_on = serializers.DateField(required=False, allow_null=True)


class FundEntrySerializer(serializers.ModelSerializer):
    income = FundAmountField()
    expense = FundAmountField()
    reverses = serializers.CharField(source="reverses.voucher_no", default=None, read_only=True)
    reversed_by = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.username", default=None)

    class Meta:
        model = FundEntry
        fields = (  # noqa: SIM905 - field names as words
            "id fund voucher_no date summary income expense payee source source_id reverses "
            "reversed_by created_by created_at"
        ).split()
        read_only_fields = fields

    def get_reversed_by(self, entry) -> str | None:
        return entry.reversed_by.voucher_no if entry.is_reversed else None


class FundLedgerRowSerializer(FundEntrySerializer):
    balance = serializers.SerializerMethodField()

    class Meta(FundEntrySerializer.Meta):
        fields = [*FundEntrySerializer.Meta.fields, "balance"]
        read_only_fields = fields

    def get_balance(self, entry) -> str:
        return _money(self.context["balances"][entry.pk])


class FundEntryCreateSerializer(serializers.Serializer):
    amount = FundAmountField()
    date = serializers.DateField()
    summary = serializers.CharField(max_length=200)
    payee = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    source = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    source_id = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class FundReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=150)
    date = serializers.DateField(required=False, allow_null=True, default=None)


class FundLedgerSerializer(serializers.Serializer):
    """A year's ledger (selectors.Ledger): totals, and each entry with the balance after it."""

    fund = FundSerializer()
    year = serializers.IntegerField()
    opening = serializers.CharField()
    income = serializers.CharField()
    expense = serializers.CharField()
    closing = serializers.CharField()
    rows = FundLedgerRowSerializer(many=True)

    def to_representation(self, book):
        balances = {row.entry.pk: row.balance for row in book.rows}
        entries = [row.entry for row in book.rows]
        totals = {k: _money(getattr(book, k)) for k in ("opening", "income", "expense", "closing")}
        return {
            "fund": FundSerializer(book.fund).data,
            "year": book.year,
            **totals,
            "rows": FundLedgerRowSerializer(
                entries, many=True, context={"balances": balances}
            ).data,
        }
