"""Serializers of the spending rules API."""

from __future__ import annotations

from rest_framework import serializers

from gonghui.api.fields import RecordSerializer

from .models import SpendingRule
from .presets import PRESET_CHOICES


class SpendingRuleSerializer(RecordSerializer):
    accounts = serializers.ListField(
        child=serializers.CharField(max_length=12), required=False, max_length=20
    )

    class Meta:
        model = SpendingRule
        fields = (
            "id org org_name item item_display basis basis_display amount percent region "
            "effective_from effective_to source accounts preset preset_display note"
        ).split()
        read_only_fields = ["id", "org", "effective_to", "preset"]
        extra_kwargs = {"region": {"required": False}}


class SpendingRulesSerializer(serializers.ListSerializer):
    child = SpendingRuleSerializer()


class SpendingInForceSerializer(serializers.Serializer):
    rule = SpendingRuleSerializer()
    origin = serializers.ChoiceField(choices=["own", "ancestor"])
    setter = serializers.CharField()
    from_preset = serializers.CharField()


class SpendingEndSerializer(serializers.Serializer):
    date = serializers.DateField()


class SpendingAdoptSerializer(serializers.Serializer):
    preset = serializers.ChoiceField(choices=PRESET_CHOICES)
    effective_from = serializers.DateField()


class SpendingPresetRowSerializer(serializers.Serializer):
    item = serializers.CharField()
    basis = serializers.CharField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    accounts = serializers.ListField(child=serializers.CharField())


class SpendingPresetSerializer(serializers.Serializer):
    code = serializers.CharField()
    region = serializers.CharField()
    label = serializers.CharField()
    effective_from = serializers.DateField()
    source = serializers.CharField()
    note = serializers.CharField()
    rows = SpendingPresetRowSerializer(many=True)


class SpendingOverrideSerializer(serializers.Serializer):
    date = serializers.DateField()
    where = serializers.ChoiceField(choices=["books", "welfare"])
    what = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    concerns = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField()
    by = serializers.CharField()
    org_name = serializers.CharField()
    voucher_id = serializers.IntegerField(allow_null=True)
    visit_id = serializers.IntegerField(allow_null=True)
