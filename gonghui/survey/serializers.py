from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import selectors
from .models import SurveyPeriod, SurveyReport


class SurveyPeriodSerializer(serializers.ModelSerializer):
    org = serializers.CharField(source="org.code", read_only=True)

    class Meta:
        model = SurveyPeriod
        fields = ["id", "org", "year", "start_date", "end_date", "deadline", "eligible_units"]
        read_only_fields = ["id", "org"]
        extra_kwargs = {
            "start_date": {"required": False},
            "end_date": {"required": False},
            "deadline": {"required": False},
        }


class SurveyFigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    section = serializers.CharField()
    unit = serializers.CharField()
    how = serializers.CharField()
    source = serializers.CharField()
    computed = serializers.CharField(allow_null=True)
    entered = serializers.CharField(allow_null=True)
    value = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)


class SurveyFailureSerializer(serializers.Serializer):
    message = serializers.CharField()
    codes = serializers.ListField(child=serializers.CharField())


class SurveyRateSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.CharField(allow_null=True)
    formula = serializers.CharField()


class SurveyReportSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="period.year", read_only=True)
    union = serializers.CharField(source="org.code", read_only=True)
    union_name = serializers.CharField(source="org.name", read_only=True)
    overdue = serializers.SerializerMethodField(
        help_text="Still held by the union (draft or returned) after the deadline"
    )
    sheet = serializers.SerializerMethodField()

    class Meta:
        model = SurveyReport
        fields = [
            "id",
            "year",
            "union",
            "union_name",
            "status",
            "overdue",
            "computed_at",
            "submitted_at",
            "review_comment",
            "reviewed_at",
            "sheet",
        ]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(selectors.today())

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "figures": {"type": "array", "items": {"type": "object"}},
                "failures": {"type": "array", "items": {"type": "object"}},
                "missing": {"type": "array", "items": {"type": "string"}},
                "rates": {"type": "array", "items": {"type": "object"}},
            },
        }
    )
    def get_sheet(self, obj) -> dict:
        return selectors.sheet_json(obj)


class SurveyEntriesSerializer(serializers.Serializer):
    values = serializers.DictField(help_text="Indicator code → value (empty: clear)")
    reasons = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=300),
        required=False,
        help_text="Indicator code → why a computed figure is corrected",
    )


class SurveyCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class SurveyComputedSerializer(serializers.Serializer):
    computed = serializers.IntegerField()


class SurveyAggregateSerializer(serializers.Serializer):
    rows = serializers.ListField(child=serializers.DictField())
    founding_rate = serializers.CharField(allow_null=True)
    formulas = serializers.ListField(child=serializers.CharField())
