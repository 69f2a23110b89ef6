from __future__ import annotations

from rest_framework import serializers

from .models import Assessment, Evidence, RecordType, Scheme, TargetMode


class AssessmentsSchemeSerializer(serializers.ModelSerializer):
    assessor = serializers.CharField(source="org.code", read_only=True)
    target_mode = serializers.ChoiceField(choices=TargetMode.choices, required=False)
    target_filter = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False, max_length=500
    )
    items = serializers.JSONField(
        required=False,
        help_text="{sections: [{title, items: [{code, text, points, evidence, "
        "guidance}]}], source}; evidence: none, file, record, any. Default: 模范职工之家",
    )
    max_total = serializers.DecimalField(max_digits=7, decimal_places=1, read_only=True)

    class Meta:
        model = Scheme
        fields = [
            "id",
            "assessor",
            "year",
            "title",
            "instructions",
            "deadline",
            "items",
            "max_total",
            "status",
            "target_mode",
            "target_filter",
            "published_at",
        ]
        read_only_fields = ["id", "assessor", "status", "published_at"]
        extra_kwargs = {"year": {"required": False}}


class AssessmentsEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = [
            "id",
            "item",
            "kind",
            "name",
            "size",
            "content_type",
            "record_type",
            "record_id",
            "uploaded_at",
        ]
        read_only_fields = fields


class AssessmentsAssessmentSerializer(serializers.ModelSerializer):
    """One union's assessment, as both sides see it."""

    scheme = serializers.IntegerField(source="scheme_id", read_only=True)
    title = serializers.CharField(source="scheme.title", read_only=True)
    year = serializers.IntegerField(source="scheme.year", read_only=True)
    deadline = serializers.DateField(source="scheme.deadline", read_only=True)
    union = serializers.CharField(source="org.code", read_only=True)
    union_name = serializers.CharField(source="org.name", read_only=True)
    evidence = AssessmentsEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "scheme",
            "title",
            "year",
            "deadline",
            "union",
            "union_name",
            "status",
            "self_scores",
            "self_total",
            "review_scores",
            "total",
            "review_comment",
            "submitted_at",
            "reviewed_at",
            "evidence",
        ]
        read_only_fields = fields


class AssessmentsRankSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    assessment = AssessmentsAssessmentSerializer()


class AssessmentsSelfScoresSerializer(serializers.Serializer):
    scores = serializers.DictField(help_text='Item code → score, or {"score", "note"}')


class AssessmentsScoresSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.CharField(max_length=8), help_text="Item code → score"
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AssessmentsCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000)


class AssessmentsAttachSerializer(serializers.Serializer):
    item = serializers.CharField(max_length=12)
    file = serializers.FileField(required=False)
    record_type = serializers.ChoiceField(choices=RecordType.choices, required=False)
    record_id = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs):
        if not attrs.get("file") and not (attrs.get("record_type") and attrs.get("record_id")):
            raise serializers.ValidationError("Send a file, or record_type and record_id.")
        return attrs


class AssessmentsYearResultsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    schemes = serializers.ListField(
        child=serializers.DictField(), help_text="{id, title, status, max_total}, in order"
    )
    rows = serializers.ListField(
        child=serializers.DictField(),
        help_text="Ranked by total: {rank, union, union_name, scores: [{scheme, assessment, "
        "status, total}], total, average, scored (schemes it was scored under)}",
    )
