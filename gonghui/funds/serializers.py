"""Serializers of the funds API (funds, their ledger lines in the books, a year's ledger)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import money
from .models import Fund, FundKind


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
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Fund
        fields = ["id", "org_code", "org_name", "kind", "kind_display", "name", "opened_on"]
        fields += ["is_active", "balance"]
        read_only_fields = ["id", "is_active"]

    def get_balance(self, fund) -> str:
        return _money(fund.balance)


class FundCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FundKind.choices)
    name = serializers.CharField(max_length=100)
    opened_on = serializers.DateField(required=False, allow_null=True)


class FundEntrySerializer(serializers.Serializer):
    """A fund's line in the books (selectors.Entry): its voucher (记-0007 per month) and
    state; income = debit, expense = credit (a 红字 reversal in negative)."""

    id = serializers.IntegerField(read_only=True)
    fund = serializers.IntegerField(source="fund_id", read_only=True)
    voucher = serializers.IntegerField(source="voucher_id", read_only=True)
    voucher_no = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)  # finance.VoucherState: submitted … posted
    state_display = serializers.CharField(read_only=True)
    posted = serializers.BooleanField(source="is_posted", read_only=True)
    date = serializers.DateField(read_only=True)
    summary = serializers.CharField(read_only=True)
    income = FundAmountField(read_only=True)
    expense = FundAmountField(read_only=True)
    payee = serializers.CharField(read_only=True)
    accounts = serializers.ListField(child=serializers.CharField(), read_only=True)
    source = serializers.CharField(read_only=True)
    source_id = serializers.CharField(read_only=True)
    reverses = serializers.CharField(read_only=True, allow_null=True)
    reversed_by = serializers.CharField(read_only=True, allow_null=True)
    can_reverse = serializers.BooleanField(read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)
    created_at = serializers.DateTimeField(read_only=True)


class FundLedgerRowSerializer(FundEntrySerializer):
    balance = FundAmountField(read_only=True)


_OPTIONAL = {"required": False, "allow_blank": True, "default": ""}


class FundEntryCreateSerializer(serializers.Serializer):
    amount = FundAmountField()
    date = serializers.DateField()
    summary = serializers.CharField(max_length=200)
    payee = serializers.CharField(max_length=100, **_OPTIONAL)
    # A leaf of the chart (income or expense account); empty: the fund's default.
    account = serializers.CharField(max_length=12, **_OPTIONAL)
    source = serializers.CharField(max_length=40, **_OPTIONAL)
    source_id = serializers.CharField(max_length=64, **_OPTIONAL)


class FundPayoutCreateSerializer(FundEntryCreateSerializer):
    # Beyond the budget or a spending rule: 400 on this field, naming the concerns, unless given.
    override_reason = serializers.CharField(max_length=300, **_OPTIONAL)


class FundReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=120)
    date = serializers.DateField(required=False, allow_null=True, default=None)


class FundLedgerSerializer(serializers.Serializer):
    """A year's ledger (selectors.Ledger): totals, and each line with the balance after it."""

    fund = FundSerializer()
    year = serializers.IntegerField()
    opening = FundAmountField(read_only=True)
    income = FundAmountField(read_only=True)
    expense = FundAmountField(read_only=True)
    closing = FundAmountField(read_only=True)
    rows = FundLedgerRowSerializer(source="entries", many=True)
