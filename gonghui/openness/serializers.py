"""Serializers of the openness API (notices, files, questions, items, reports)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import rules, selectors
from .models import Notice, NoticeFile, Question


@extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
class NoticeIdsField(serializers.ReadOnlyField):
    """The ids of a list of notices (`source`: the attribute holding them)."""

    def to_representation(self, notices) -> list[int]:
        return [n.pk for n in notices]


class NoticeFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = NoticeFile
        fields = ["id", "name", "size", "content_type", "uploaded_at"]
        read_only_fields = fields


class NoticeSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="org.code", read_only=True)
    drafted_by = serializers.StringRelatedField(source="created_by", read_only=True)
    approved_by = serializers.StringRelatedField(read_only=True)
    self_approved = serializers.BooleanField(read_only=True)
    files = NoticeFileSerializer(many=True, read_only=True)

    class Meta:
        model = Notice
        fields = (
            "id unit item_code category title body channel period_year period status drafted_by "
            "approved_by approved_on self_approved published_on withdrawn_on withdraw_reason files"
        ).split()
        read_only_fields = "id status approved_on published_on withdrawn_on withdraw_reason".split()
        # Optional in a body: what is left out keeps its value (a new notice: its default).
        extra_kwargs = dict.fromkeys(
            "category channel period period_year item_code".split(), {"required": False}
        )


class ReaderNoticeSerializer(NoticeSerializer):
    """What staff read: no drafter."""

    class Meta(NoticeSerializer.Meta):
        fields = [f for f in NoticeSerializer.Meta.fields if f not in ("drafted_by", "status")]
        read_only_fields = fields


class OpennessQuestionSerializer(serializers.ModelSerializer):
    notice_id = serializers.IntegerField(read_only=True)
    asked_by = serializers.SerializerMethodField()
    mine = serializers.SerializerMethodField()
    due_on = serializers.DateField(read_only=True)
    overdue = serializers.SerializerMethodField()
    answered_on_time = serializers.BooleanField(source="on_time", read_only=True)

    class Meta:
        model = Question
        fields = (
            "id notice_id asked_by mine text asked_on due_on overdue answer answered_on "
            "answered_on_time"
        ).split()
        read_only_fields = fields

    def get_asked_by(self, obj) -> str | None:
        # Cadres see who asked; other readers see the question without a name.
        if self.context.get("cadre"):
            return str(obj.asked_by)
        return None

    def get_mine(self, obj) -> bool:
        user = self.context.get("user")
        return bool(user and obj.asked_by_id == user.pk)

    def get_overdue(self, obj) -> bool:
        return obj.overdue_on(timezone.localdate())


class OpennessAskSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class OpennessAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()


class OpennessDateSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None)


class NoticeWithdrawSerializer(OpennessDateSerializer):
    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class NoticeUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class OpennessPeriodSerializer(serializers.Serializer):
    period = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    deadline = serializers.DateField()
    state = serializers.ChoiceField(
        choices=[selectors.PUBLISHED, selectors.DUE, selectors.OVERDUE, selectors.UPCOMING]
    )
    notice_ids = NoticeIdsField(source="notices")


class OpennessItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    frequency = serializers.ChoiceField(choices=rules.Frequency.choices)
    category = serializers.ChoiceField(choices=rules.Category.choices)
    source = serializers.CharField()
    custom = serializers.BooleanField()
    disabled = serializers.BooleanField()
    reason = serializers.CharField()


class OpennessDueItemSerializer(serializers.Serializer):
    item = OpennessItemSerializer()
    periods = OpennessPeriodSerializer(many=True)
    notice_ids = NoticeIdsField(source="notices")


class OpennessItemAddSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    frequency = serializers.ChoiceField(choices=rules.Frequency.choices)
    category = serializers.ChoiceField(choices=rules.Category.choices, default="other")
    source = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    reason = serializers.CharField(max_length=200)


class OpennessItemToggleSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    required = serializers.BooleanField()
    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class OpennessSettingsSerializer(serializers.Serializer):
    state_owned = serializers.BooleanField()
    system = serializers.CharField(read_only=True)


class OpennessReportRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    frequency = serializers.CharField()
    notice_ids = NoticeIdsField(source="notices")
    still_due = serializers.SerializerMethodField()
    questions = serializers.IntegerField()
    answered_on_time = serializers.IntegerField()
    answered_late = serializers.IntegerField()
    unanswered = serializers.IntegerField()

    def get_still_due(self, obj) -> list[str]:
        return [p.period for p in obj.periods if p.flagged]


class OpennessReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    system = serializers.CharField()
    totals = serializers.DictField(child=serializers.IntegerField())
    rows = OpennessReportRowSerializer(many=True)
    other_notice_ids = NoticeIdsField(source="other")
