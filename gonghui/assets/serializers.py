"""Serializers of the fixed-asset API: records out (RecordSerializer), bodies in."""

from __future__ import annotations

from rest_framework import serializers as s

from gonghui.api.fields import RecordSerializer, ScopedPrimaryKeyRelatedField
from gonghui.funds.models import Fund

from . import selectors
from .models import Asset, DepreciationRun, Disposal, LentItem, Stocktake, StocktakeItem

MONEY = {"max_digits": 14, "decimal_places": 2}


def category_field(**kw):
    """The category's code (rules.CATEGORIES; the service refuses another), as text: its
    choices are the rules' table, documented by `category_display`."""
    return s.CharField(max_length=12, help_text="rules.CATEGORIES: office, furniture, …", **kw)


class AssetSerializer(RecordSerializer):
    category = category_field(read_only=True)
    accumulated = s.SerializerMethodField()
    voucher_number = s.CharField(source="voucher.number", read_only=True, default="")

    class Meta:
        model = Asset
        fields = (
            "id number name category category_display spec location keeper purchased_on "
            "original_value years restricted project project_name state state_display "
            "ended_on voucher voucher_number note accumulated"
        ).split()
        read_only_fields = ["number", "state", "ended_on", "voucher"]

    def get_accumulated(self, obj) -> str:
        found = getattr(obj, "accumulated", None)
        return f"{selectors.accumulated(obj) if found is None else found:.2f}"


class ScheduleRowSerializer(s.Serializer):
    year, month = s.IntegerField(), s.IntegerField()
    amount, accumulated, net = (s.DecimalField(**MONEY) for _ in range(3))
    voucher_number = s.CharField(source="voucher.number", default="")


class AssetWriteSerializer(RecordSerializer):
    category = category_field()
    number = s.CharField(required=False, allow_blank=True, max_length=30)
    original_value = s.DecimalField(**MONEY)
    years = s.IntegerField(required=False, allow_null=True, min_value=1)
    override_reason = s.CharField(required=False, allow_blank=True, max_length=300)
    fund = ScopedPrimaryKeyRelatedField(Fund, required=False, allow_null=True, default=None)

    class Meta:
        model = Asset
        fields = (
            "number name category spec location keeper purchased_on original_value years "
            "restricted project fund note override_reason"
        ).split()


class AssetUpdateSerializer(s.Serializer):
    location = s.CharField(required=False, allow_blank=True)
    keeper = s.CharField(required=False, allow_blank=True)
    spec = s.CharField(required=False, allow_blank=True)
    note = s.CharField(required=False, allow_blank=True)


class RunSerializer(RecordSerializer):
    class Meta:
        model = DepreciationRun
        fields = ["id", "year", "month", "total", "voucher", "created_by"]
        read_only_fields = ["total", "voucher", "created_by"]


class DisposalSerializer(RecordSerializer):
    asset_name = s.CharField(source="asset.name", read_only=True)

    class Meta:
        model = Disposal
        fields = (
            "id asset asset_name kind kind_display date reason proceeds state state_display "
            "requested_by decided_by decision_note voucher"
        ).split()
        read_only_fields = ["asset", "state", "requested_by", "decided_by", "voucher"]
        extra_kwargs = {"proceeds": {"required": False}, "decision_note": {"read_only": True}}


class NoteSerializer(s.Serializer):
    note = s.CharField(required=False, allow_blank=True, max_length=200)


class ItemSerializer(RecordSerializer):
    category = category_field(read_only=True)

    class Meta:
        model = StocktakeItem
        fields = "id asset result result_display name category value note".split()


class StocktakeSerializer(RecordSerializer):
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = Stocktake
        fields = "id date state state_display voucher approval_voucher note items".split()
        read_only_fields = ["state", "voucher", "approval_voucher", "note"]


class MarkSerializer(s.Serializer):
    result = s.ChoiceField(choices=["found", "missing"])
    note = s.CharField(required=False, allow_blank=True, max_length=200)


class SurplusSerializer(RecordSerializer):
    category = category_field()

    class Meta:
        model = StocktakeItem
        fields = ["name", "category", "value", "note"]
        extra_kwargs = {"value": {"required": True}, "category": {"required": True}}


class LentItemSerializer(RecordSerializer):
    class Meta:
        model = LentItem
        fields = "id name quantity lender lent_on returned_on note".split()
        read_only_fields = ["returned_on"]


class ReturnSerializer(s.Serializer):
    returned_on = s.DateField()
