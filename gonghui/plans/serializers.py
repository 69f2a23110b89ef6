"""Shapes of the work plan API. Output serializers read the models; input serializers
validate what a script sends before it reaches the service functions."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from rest_framework import serializers

from . import summary as summaries
from .models import TERM_MONTHS, Evidence, Plan, Record, Section, Task, TaskStatus
from .taxonomy import CATEGORIES, CATEGORY_ZH


class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    complete = serializers.BooleanField()
    label = serializers.SerializerMethodField()

    def get_label(self, obj) -> str:
        return obj.label()


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "kind", "object_id", "title", "date", "linked_at"]


class TaskSerializer(serializers.ModelSerializer):
    category_label = serializers.SerializerMethodField()
    owner_name = serializers.SerializerMethodField()
    section = serializers.PrimaryKeyRelatedField(read_only=True)
    owner = serializers.PrimaryKeyRelatedField(read_only=True)
    progress = serializers.SerializerMethodField()
    due_date = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()
    origin_display = serializers.CharField(source="get_origin_display", read_only=True)

    class Meta:
        model = Task
        fields = (  # noqa: SIM905 - field names as words
            "id plan section position text category category_label months term recurrence "
            "quantities owner owner_name status due_date progress evidence origin "
            "origin_display origin_note drafted_from"
        ).split()

    def get_category_label(self, obj) -> str:
        return CATEGORY_ZH.get(obj.category, "")

    def get_owner_name(self, obj) -> str:
        return obj.owner.person_name if obj.owner else ""

    def get_progress(self, obj) -> dict | None:
        progress = getattr(obj, "progress", None)
        return ProgressSerializer(progress).data if progress is not None else None

    def get_due_date(self, obj) -> dt.date:
        return obj.due_date()

    def get_evidence(self, obj) -> list[dict]:
        items = getattr(obj, "evidence_list", None)
        return EvidenceSerializer(items, many=True).data if items is not None else []


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "parent", "number", "title", "level", "position"]


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "year", "start_month", "title", "status", "source_name", "created_at"]
        fields += ["accepted_at", "drafted_from"]


class PlanDetailSerializer(PlanSerializer):
    sections = serializers.SerializerMethodField()
    tasks = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "sections", "tasks"]

    def get_sections(self, obj) -> list[dict]:
        return SectionSerializer(obj.sections.order_by("position", "id"), many=True).data

    def get_tasks(self, obj) -> list[dict]:
        return TaskSerializer(self.context["tasks"], many=True).data


class PlanImportSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    file = serializers.FileField(required=False)
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    as_kind = serializers.ChoiceField(
        choices=["", "plan"],
        required=False,
        default="",
        help_text='"plan": import it as a plan even if it reads as a summary, a congress '
        "report or a notice (refused with what it looks like otherwise)",
    )

    def validate(self, attrs):
        if not attrs.get("file") and not (attrs.get("text") or "").strip():
            raise serializers.ValidationError(_("Choose a file or paste the text of the plan."))
        return attrs


class PlanSummaryImportSerializer(PlanImportSerializer):
    year = None
    title = None
    as_kind = None
    confirm = serializers.BooleanField(default=False, help_text="Replace the year's summary")


class PlanUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    start_month = serializers.ChoiceField(
        choices=[1, 9], required=False, help_text="9: a school year (September to August)"
    )


class PlanAcceptSerializer(serializers.Serializer):
    replace = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Archive the union's other accepted plan of the same year. Without it, "
        "accepting a second plan for a year is refused (400) with a message naming it.",
    )


class SectionWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    parent = serializers.IntegerField(required=False, allow_null=True)


class TaskWriteSerializer(serializers.Serializer):
    text = serializers.CharField(required=False)
    category = serializers.ChoiceField(choices=CATEGORIES, required=False)
    months = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=12), required=False
    )
    term = serializers.ChoiceField(choices=["", *TERM_MONTHS], required=False)
    owner = serializers.IntegerField(required=False, allow_null=True)
    section = serializers.IntegerField(required=False, allow_null=True)
    after = serializers.IntegerField(required=False, help_text="Insert after this task (create).")


class MergeSerializer(serializers.Serializer):
    tasks = serializers.ListField(child=serializers.IntegerField(), min_length=2)


class SplitSerializer(serializers.Serializer):
    parts = serializers.ListField(child=serializers.CharField(), min_length=2)


class MoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["up", "down"])


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TaskStatus.values)


class LinkSerializer(serializers.Serializer):
    kind = serializers.CharField()
    object_id = serializers.CharField()


class WorkRecordSerializer(serializers.ModelSerializer):
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Record
        fields = ["id", "date", "title", "text", "participants", "amount", "attachments"]

    def get_attachments(self, obj) -> list[dict]:
        return [{"id": a.pk, "name": a.name, "size": a.size} for a in obj.attachments.all()]


class WorkRecordWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    date = serializers.DateField()
    text = serializers.CharField(required=False, allow_blank=True)
    participants = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    attachments = serializers.ListField(child=serializers.FileField(), required=False)


def described(kind, obj) -> dict:
    """A record of a registered evidence kind as the linking list shows it."""
    d = kind.describe(obj)
    return {"title": d.title, "date": d.date, "summary": d.summary}


class CalendarSerializer(serializers.BaseSerializer):
    """The year's tasks month by month (selectors.calendar), with the whole-year ones."""

    def to_representation(self, calendar):
        def task(row) -> dict:
            t = row["task"]
            records = [{"title": e.title, "date": e.date} for e in row["records"]]
            owner = t.owner.person_name if t.owner else ""
            shown = {"id": t.pk, "text": t.text, "owner": owner, "covered": row["covered"]}
            return {**shown, "records": records}

        months = [
            {"month": m["month"], "tasks": [task(r) for r in m["rows"]]} for m in calendar["months"]
        ]
        whole = [{"id": t.pk, "text": t.text} for t in calendar["whole_year"]]
        return {"year": calendar["year"], "months": months, "whole_year": whole}


class DueSerializer(serializers.BaseSerializer):
    """Tasks due this month and overdue (selectors.DueList), and per owner their ids."""

    def to_representation(self, due):
        by_owner = [
            {"owner": name, "this_month": [t.pk for t in this], "overdue": [t.pk for t in late]}
            for name, this, late in due.by_owner()
        ]
        return {
            "this_month": TaskSerializer(due.this_month, many=True).data,
            "overdue": TaskSerializer(due.overdue, many=True).data,
            "by_owner": by_owner,
        }


# -- the year-end summary (api_summary.py) --------------------------------------------------


class PlanSummaryRowSerializer(serializers.Serializer):
    category = serializers.CharField(help_text="Task category code (plans taxonomy)")
    name = serializers.CharField(help_text="The category's Chinese name")
    planned = serializers.IntegerField(help_text="Tasks planned (dropped ones excluded)")
    done = serializers.IntegerField()
    doing = serializers.IntegerField(help_text="Under way: some record linked")
    todo = serializers.IntegerField(help_text="Not started: no record linked")
    dropped = serializers.IntegerField()


class PlanSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField(
        help_text="Plain text: paragraphs separated by a blank line; headings start with "
        "一、 (first level) or （一） (second level)"
    )
    figures = serializers.JSONField(
        help_text="The figures the draft was written from (per category), as generated"
    )
    edited = serializers.BooleanField(help_text="The text differs from the generated draft")
    generated_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    updated_by = serializers.CharField(allow_null=True)
    planned_vs_done = PlanSummaryRowSerializer(many=True, help_text="Counted now from the records")

    def to_representation(self, summary):
        overview = summaries.year_overview(summary.org, summary.year)
        rows = [{k: v for k, v in row.items() if k != "label"} for row in overview["rows"]]
        shown = {k: getattr(summary, k) for k in ("year", "title", "body", "figures")}
        return super().to_representation(
            {
                **shown,
                "edited": summaries.is_edited(summary),
                "generated_at": summary.generated_at,
                "updated_at": summary.updated_at,
                "updated_by": summary.updated_by.get_username() if summary.updated_by else None,
                "planned_vs_done": rows,
            }
        )


class PlanSummaryWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(trim_whitespace=False)


class PlanSummaryGenerateSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(
        default=False, help_text="Replace a summary edited since its draft was generated"
    )
