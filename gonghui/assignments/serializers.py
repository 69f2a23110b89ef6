from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from .models import (
    AnswerFile,
    AnswerStatus,
    Assignment,
    AssignmentTarget,
    Kind,
    Reminder,
    TargetMode,
)


class AssignmentSerializer(serializers.ModelSerializer):
    sender = serializers.CharField(source="org.code", read_only=True)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    target_mode = serializers.ChoiceField(choices=TargetMode.choices, required=False)
    target_filter = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False, max_length=500
    )
    definition = serializers.JSONField(required=False)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "sender",
            "kind",
            "title",
            "instructions",
            "deadline",
            "definition",
            "status",
            "target_mode",
            "target_filter",
            "sent_at",
            "withdrawn_reason",
            "plan_task",
        ]
        read_only_fields = ["id", "sender", "status", "sent_at", "withdrawn_reason", "plan_task"]


class AssignmentBelowSerializer(AssignmentSerializer):
    """A task or form an upper union below sent, with its answer counts (read-only)."""

    sender_name = serializers.CharField(source="org.name", read_only=True)
    targets = serializers.IntegerField(source="n_targets", read_only=True)
    handed_in = serializers.IntegerField(source="n_in", read_only=True)
    accepted = serializers.IntegerField(source="n_accepted", read_only=True)
    overdue = serializers.IntegerField(source="n_overdue", read_only=True)

    class Meta(AssignmentSerializer.Meta):
        counts = ["sender_name", "targets", "handed_in", "accepted", "overdue"]
        fields = read_only_fields = [*AssignmentSerializer.Meta.fields, *counts]


class AssignmentAnswerFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnswerFile
        fields = ["id", "field", "name", "size", "content_type", "uploaded_at"]
        read_only_fields = fields


class AssignmentReminderSerializer(serializers.ModelSerializer):
    sent_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Reminder
        fields = ["id", "note", "sent_by", "sent_at"]
        read_only_fields = fields


class AssignmentTargetSerializer(serializers.ModelSerializer):
    """One union's answer, as both sides see it."""

    assignment = serializers.IntegerField(source="assignment_id", read_only=True)
    title = serializers.CharField(source="assignment.title", read_only=True)
    deadline = serializers.DateField(source="assignment.deadline", read_only=True)
    union = serializers.CharField(source="org.code", read_only=True)
    union_name = serializers.CharField(source="org.name", read_only=True)
    overdue = serializers.SerializerMethodField()
    files = AssignmentAnswerFileSerializer(many=True, read_only=True)
    reminders = AssignmentReminderSerializer(many=True, read_only=True)

    class Meta:
        model = AssignmentTarget
        fields = [
            "id",
            "assignment",
            "title",
            "deadline",
            "union",
            "union_name",
            "status",
            "overdue",
            "values",
            "saved_at",
            "submitted_at",
            "review_comment",
            "reviewed_at",
            "files",
            "records",
            "reminders",
        ]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(timezone.localdate())


class AssignmentBoardCountsSerializer(serializers.Serializer):
    not_started = serializers.IntegerField()
    draft = serializers.IntegerField()
    submitted = serializers.IntegerField()
    returned = serializers.IntegerField()
    accepted = serializers.IntegerField()
    overdue = serializers.IntegerField()


class AssignmentBoardSerializer(serializers.Serializer):
    counts = AssignmentBoardCountsSerializer()
    rows = AssignmentTargetSerializer(many=True)


class AssignmentValuesSerializer(serializers.Serializer):
    values = serializers.DictField(help_text="Field key → value (a table: a list of rows)")


class AssignmentSubmitSerializer(serializers.Serializer):
    values = serializers.DictField(
        required=False, help_text="Values to hand in (default: the saved draft)"
    )


class AssignmentCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AssignmentNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AssignmentRemindedSerializer(serializers.Serializer):
    reminded = serializers.IntegerField()


class AssignmentUploadSerializer(serializers.Serializer):
    field = serializers.CharField(max_length=40)
    file = serializers.FileField()


class AssignmentWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class AssignmentCodesSerializer(serializers.Serializer):
    codes = serializers.ListField(child=serializers.CharField(max_length=32), max_length=500)


class AssignmentAddedSerializer(serializers.Serializer):
    added = serializers.IntegerField()


class AssignmentFromTaskSerializer(serializers.Serializer):
    task_id = serializers.IntegerField(help_text="A task of this organisation's accepted plan")


class AssignmentRecordSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=60, help_text="A kind of plan evidence")
    object_id = serializers.CharField(max_length=20)


class AssignmentLinkedRecordSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()
    label = serializers.CharField()
    title = serializers.CharField()
    date = serializers.DateField()


STATUS_VALUES = [*AnswerStatus.values, "overdue"]
