from __future__ import annotations

from rest_framework import serializers

from gonghui.api.fields import RecordSerializer

from .models import BinderJob


class BinderJobSerializer(RecordSerializer):
    union = serializers.CharField(source="org.code", read_only=True)
    union_name = serializers.CharField(source="org.name", read_only=True)
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = BinderJob
        fields = [
            "id",
            "union",
            "union_name",
            "year",
            "status",
            "status_display",
            "progress",
            "total",
            "percent",
            "error",
            "requested_at",
            "finished_at",
            "name",
            "size",
        ]
        read_only_fields = fields


class BinderRequestSerializer(serializers.Serializer):
    union = serializers.CharField(max_length=32, help_text="The union's code")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
