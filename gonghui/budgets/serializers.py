"""Serializers of the budgets API: documents with their lines, the steps' bodies, and
the execution of a year."""

from __future__ import annotations

from rest_framework import serializers

from gonghui.api.fields import RecordSerializer, ScopedPrimaryKeyRelatedField
from gonghui.finance.models import Project

from .models import Budget, BudgetLine, Kind


class BudgetLineSerializer(RecordSerializer):
    """A line: account, 专项 flag, project, amount (a 决算's: its figure and the budget)."""

    class Meta:
        model = BudgetLine
        fields = "id account_code account_name restricted project project_name amount budgeted note"
        fields = fields.split()
        read_only_fields = fields


# The kinds as plain text ("budget", "adjustment", "final"): an enum named "kind" would
# collide with the other modules' kinds in the schema.
KINDS = f"One of: {', '.join(Kind.values)}."


class BudgetSerializer(RecordSerializer):
    """A budget, an adjustment or a 决算, with its chain, cover and lines."""

    kind = serializers.CharField(read_only=True, help_text=KINDS)
    lines = BudgetLineSerializer(many=True, read_only=True)

    class Meta:
        model = Budget
        fields = (
            "id org year kind kind_display version state state_display explanation "
            "committee_term committee_session committee_date approved_by approved_at "
            "review_term review_session review_date review_opinion reviewed_by reviewed_at "
            "submitted_at decided_in ratified_by ratified_at return_reason sign_chair "
            "sign_finance_head sign_audit_head sign_preparer lines"
        ).split()
        read_only_fields = fields


class BudgetLineInput(serializers.Serializer):
    account = serializers.CharField(max_length=12)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    restricted = serializers.BooleanField(default=False)
    project = ScopedPrimaryKeyRelatedField(Project, allow_null=True, required=False, default=None)
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class BudgetLinesSerializer(serializers.Serializer):
    lines = BudgetLineInput(many=True)


class BudgetCreateSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=KINDS)
    year = serializers.IntegerField()
    explanation = serializers.CharField(required=False, default="", allow_blank=True)

    def validate_kind(self, value: str) -> str:
        if value not in Kind.values:
            raise serializers.ValidationError(KINDS)
        return value


class BudgetMeetingSerializer(serializers.Serializer):
    term = serializers.IntegerField()
    session = serializers.IntegerField()
    date = serializers.DateField()


class BudgetReviewSerializer(BudgetMeetingSerializer):
    opinion = serializers.CharField(max_length=5000)


class BudgetOpinionSerializer(serializers.Serializer):
    opinion = serializers.CharField(max_length=5000)


class BudgetReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class ExecutionRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    restricted = serializers.BooleanField()
    project = serializers.CharField(source="project.name", allow_null=True, default=None)
    approved = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    executed = serializers.DecimalField(max_digits=14, decimal_places=2)
    pending = serializers.DecimalField(max_digits=14, decimal_places=2)
    rate = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)


class ExecutionSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    budget = serializers.IntegerField(source="budget.pk", allow_null=True, default=None)
    income = ExecutionRowSerializer(many=True)
    expense = ExecutionRowSerializer(many=True)
