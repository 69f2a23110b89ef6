"""Serializers of the interest groups' API."""

from __future__ import annotations

from rest_framework import serializers

from .. import models
from .. import selectors as activity_selectors
from . import selectors


class InterestGroupMembershipSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = models.GroupMembership
        fields = ["id", "member_id", "member_name", "joined_on"]
        read_only_fields = fields


class InterestGroupPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.GroupPlan
        fields = ["id", "year", "text", "budget", "status", "reason", "submitted_at", "decided_at"]
        read_only_fields = fields


class InterestGroupSerializer(serializers.ModelSerializer):
    leader_name = serializers.CharField(source="leader.name", read_only=True, default=None)

    class Meta:
        model = models.InterestGroup
        fields = ["id", "name", "description", "leader_id", "leader_name", "active"]
        read_only_fields = fields


class InterestGroupWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    leader_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    active = serializers.BooleanField(required=False, default=True)


class InterestGroupDetailSerializer(InterestGroupSerializer):
    members = InterestGroupMembershipSerializer(source="memberships", many=True, read_only=True)
    plans = InterestGroupPlanSerializer(many=True, read_only=True)
    activities = serializers.SerializerMethodField()

    class Meta(InterestGroupSerializer.Meta):
        fields = [*InterestGroupSerializer.Meta.fields, "members", "plans", "activities"]

    def get_activities(self, obj) -> list[dict]:
        return [
            {
                "id": a.pk,
                "title": a.title,
                "starts_at": a.starts_at,
                "actual_cost": a.actual_cost,
                "voucher": a.booked_voucher and a.booked_voucher.number,
            }
            for a in activity_selectors.with_vouchers(selectors.group_activities(obj))
        ]


class InterestGroupLedSerializer(InterestGroupSerializer):
    plans = InterestGroupPlanSerializer(many=True, read_only=True)  # selectors.with_plans

    class Meta(InterestGroupSerializer.Meta):
        fields = [*InterestGroupSerializer.Meta.fields, "plans"]


class InterestGroupMemberIdSerializer(serializers.Serializer):
    member_id = serializers.IntegerField()


class InterestGroupActivitySerializer(serializers.Serializer):
    activity_id = serializers.IntegerField()
    unlink = serializers.BooleanField(required=False, default=False)


class InterestGroupPlanDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class InterestGroupPlanWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    text = serializers.CharField()
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
