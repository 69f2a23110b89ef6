"""Serializers of the audit committee's API: reviews, findings, the settings and the
bodies of the workflows."""

from __future__ import annotations

from rest_framework import serializers

from gonghui.api.fields import RecordSerializer

from .models import Finding, OversightSettings, Review

_review_out = "id state state_display opened_by opinion signatures signed_on signed_by".split()


class ReviewSerializer(RecordSerializer):
    class Meta:
        model = Review
        fields = [
            *"kind kind_display year period period_display subject members".split(),
            *["started_on", "ended_on", *_review_out],
        ]
        read_only_fields = _review_out
        extra_kwargs = {"period": {"required": False}, "members": {"required": False}}


_finding_out = "id review state state_display found_by rectification rectified_on".split()


class FindingSerializer(RecordSerializer):
    class Meta:
        model = Finding
        fields = [
            *"text severity severity_display amount responsible due_on".split(),
            *_finding_out,
            *"rectified_by recheck_note rechecked_on rechecked_by".split(),
        ]
        read_only_fields = [*_finding_out, "rectified_by", "recheck_note", "rechecked_on"]
        read_only_fields += ["rechecked_by"]


class OversightSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = OversightSettings
        fields = ["periodic_per_year", "departure_audit_required"]


class OpinionSerializer(serializers.Serializer):
    text = serializers.CharField()


class SignSerializer(serializers.Serializer):
    signers = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    on = serializers.DateField(required=False)


class RectifySerializer(serializers.Serializer):
    text = serializers.CharField()
    on = serializers.DateField(required=False)


class RecheckSerializer(RectifySerializer):
    text = None
    accepted = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class WaitingSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()
    since = serializers.DateField(allow_null=True)


class OversightReportTextSerializer(serializers.Serializer):
    """The text of the year's work report: the committee's kept edit, else the draft."""

    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    kept = serializers.BooleanField(read_only=True)
