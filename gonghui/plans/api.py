"""API of the work plan: the pages in views.py, for scripts.

Same rules as the pages: plans, tasks and records come through the union's selectors
(another union's ids answer 404), changes go through the service functions (a refusal
answers 400 through the project's exception handler), and the models and services write
the audit log (the base view sets the actor and source "api").
"""

from __future__ import annotations

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.viewsets import OrgViewSet, service_action
from gonghui.core.params import year_param

from . import evidence as registry
from . import selectors, services
from . import serializers as s

READ, WRITE = "plans.plan:read", "plans.plan:write"
YEAR = OpenApiParameter("year", int, description="Year (default: this year)")
CREATED = status.HTTP_201_CREATED


@extend_schema(tags=["work plans"])
class PlansViewSet(OrgViewSet):
    """The recorded operation ids of this module's resources are drf-spectacular's, made of
    the path and DRF's word for the method (orgs_plans_tasks_split_create): they keep them
    by naming no `operation_prefix`, the schema's fallback."""

    def plan(self):
        return get_object_or_404(selectors.plans(self.org), pk=self.kwargs["plan_id"])

    def task(self):
        return get_object_or_404(selectors.tasks(self.org), pk=self.kwargs["task_id"])


@extend_schema_view(
    list=extend_schema(parameters=[YEAR]),
    retrieve=extend_schema(responses=s.PlanDetailSerializer),
    partial_update=extend_schema(request=s.PlanUpdateSerializer),
    destroy=extend_schema(description="Discard a draft plan."),
)
class PlanViewSet(PlansViewSet):
    permissions = {
        **dict.fromkeys(["list", "retrieve", "calendar", "due"], READ),
        **dict.fromkeys(["create", "partial_update", "destroy", "accept", "archive"], WRITE),
        "draft_next_year": WRITE,
    }
    serializer_class = s.PlanSerializer
    lookup_url_kwarg = "plan_id"

    def get_queryset(self):
        return selectors.plans(self.org)

    def filter_queryset(self, qs):
        return qs.filter(year=year_param(self.request)).order_by("id")

    def retrieve(self, request, *args, **kwargs):
        return self.with_tasks(self.get_object())

    def with_tasks(self, plan, status_code=status.HTTP_200_OK):
        tasks = selectors.tasks_with_progress(plan.tasks.order_by("position", "id"))
        return Response(s.PlanDetailSerializer(plan, context={"tasks": tasks}).data, status_code)

    @extend_schema(request=None, responses={201: s.PlanDetailSerializer})
    def draft_next_year(self, request, *args, **kwargs):
        """Draft next year's plan from this accepted plan and the year's records, each task
        marked carried/recurring/new (`origin`, `origin_note`); once (400 naming it)."""
        plan = services.plan_draft_next_year(actor=request.user, plan=self.get_object())
        return self.with_tasks(plan, status_code=CREATED)

    @extend_schema(
        request={
            "multipart/form-data": s.PlanImportSerializer,
            "application/json": s.PlanImportSerializer,
        },
        responses={201: s.PlanSerializer(many=True)},
        description="Import a plan document (file, or pasted text) as draft plans; a file "
        "holding several plans gives one draft each.",
    )
    def create(self, request, *args, **kwargs):
        d = self.validated(s.PlanImportSerializer)
        upload = d.get("file")
        data, name = (upload.read(), upload.name) if upload else (d["text"].encode(), "")
        document = {"data": data, "filename": name, "title": d.get("title") or ""}
        document["as_kind"] = d.get("as_kind") or ""
        plans = services.plans_import(actor=request.user, org=self.org, year=d["year"], **document)
        return self.respond(plans, status_code=CREATED, many=True)

    def partial_update(self, request, *args, **kwargs):
        plan, edits = self.get_object(), self.validated(s.PlanUpdateSerializer, partial=True)
        # The title and year not sent stay as they are.
        data = {"title": plan.title, "year": plan.year, **edits}
        services.plan_update(actor=request.user, plan=plan, **data)
        return self.respond(plan)

    def perform_destroy(self, plan):
        services.plan_delete(actor=self.request.user, plan=plan)

    accept = service_action(services.plan_accept, target="plan", body=s.PlanAcceptSerializer)
    archive = extend_schema(request=None)(service_action(services.plan_archive, target="plan"))

    @extend_schema(parameters=[YEAR], responses=dict)
    def calendar(self, request, *args, **kwargs):
        year = year_param(request)
        calendar = {"year": year, "months": selectors.calendar(self.org, year)}
        calendar["whole_year"] = selectors.whole_year_tasks(self.org, year)
        return self.respond(calendar, serializer_class=s.CalendarSerializer)

    @extend_schema(
        responses=dict,
        description="Tasks due this month and overdue, per owner (the dashboard card).",
    )
    def due(self, request, *args, **kwargs):
        due = selectors.due_tasks(self.org, timezone.localdate())
        return self.respond(due, serializer_class=s.DueSerializer)


@extend_schema_view(partial_update=extend_schema(request=s.SectionWriteSerializer))
class SectionViewSet(PlansViewSet):
    permissions = {"create": WRITE, "partial_update": WRITE}
    serializer_class = s.SectionSerializer
    lookup_url_kwarg = "section_id"

    def get_queryset(self):
        return selectors.sections(self.org)

    @extend_schema(request=s.SectionWriteSerializer)
    def create(self, request, *args, **kwargs):
        plan, d = self.plan(), self.validated(s.SectionWriteSerializer)
        parent = get_object_or_404(plan.sections, pk=d["parent"]) if d.get("parent") else None
        title, number = d["title"], d.get("number", "")
        section = services.section_create(
            actor=request.user, plan=plan, title=title, number=number, parent=parent
        )
        return self.respond(section, status_code=CREATED)

    def partial_update(self, request, *args, **kwargs):
        section, edits = self.get_object(), self.validated(s.SectionWriteSerializer, partial=True)
        # The title and number not sent stay as they are (a section is not moved here).
        data = {"title": section.title, "number": section.number, **edits}
        data.pop("parent", None)
        services.section_update(actor=request.user, section=section, **data)
        return self.respond(section)


@extend_schema_view(
    create=extend_schema(request=s.TaskWriteSerializer),
    partial_update=extend_schema(request=s.TaskWriteSerializer),
)
class TaskViewSet(PlansViewSet):
    permissions = {
        **dict.fromkeys(["list", "retrieve"], READ),
        **dict.fromkeys(["create", "partial_update", "destroy", "merge"], WRITE),
        **dict.fromkeys(["split", "move", "status"], WRITE),
    }
    serializer_class = s.TaskSerializer
    lookup_url_kwarg = "task_id"

    def get_queryset(self):
        return selectors.tasks(self.org)

    def list(self, request, *args, **kwargs):
        return self.respond(list(self.plan().tasks.order_by("position", "id")))

    def respond(self, obj, **kwargs):
        """Tasks (one, or a list) with their progress, read again after a change."""
        many = isinstance(obj, list)
        ids = [task.pk for task in obj] if many else [obj.pk]
        read = selectors.tasks(self.org).filter(pk__in=ids)
        by_id = {task.pk: task for task in selectors.tasks_with_progress(read)}
        tasks = [by_id[pk] for pk in ids]
        return super().respond(tasks if many else tasks[0], many=many, **kwargs)

    def write_data(self, plan, data: dict) -> dict:
        """Turn ids of the write serializer into objects of this plan and union."""
        out = {k: v for k, v in data.items() if k not in ("owner", "section", "after")}
        if "owner" in data:
            owner = None
            if data["owner"] is not None:
                owner = services.owner_choices(self.org).filter(pk=data["owner"]).first()
                if owner is None:
                    raise services.PlanError(_("The owner must sit on this union's committee."))
            out["owner"] = owner
        if "section" in data:
            section = None
            if data["section"] is not None:
                section = plan.sections.filter(pk=data["section"]).first()
                if section is None:
                    raise services.PlanError(_("That section belongs to another plan."))
            out["section"] = section
        return out

    def create(self, request, *args, **kwargs):
        plan, d = self.plan(), self.validated(s.TaskWriteSerializer)
        after = get_object_or_404(plan.tasks, pk=d["after"]) if d.get("after") else None
        data = self.write_data(plan, d)
        task = services.task_create(actor=request.user, plan=plan, data=data, after=after)
        return self.respond(task, status_code=CREATED)

    def partial_update(self, request, *args, **kwargs):
        task = self.get_object()
        data = self.write_data(task.plan, self.validated(s.TaskWriteSerializer, partial=True))
        return self.respond(services.task_update(actor=request.user, task=task, data=data))

    def perform_destroy(self, task):
        services.task_delete(actor=self.request.user, task=task)

    @extend_schema(request=s.MergeSerializer)
    def merge(self, request, *args, **kwargs):
        ids = set(self.validated(s.MergeSerializer)["tasks"])
        tasks = list(selectors.tasks(self.org).filter(pk__in=ids))
        if len(tasks) != len(ids):
            raise exceptions.NotFound()
        return self.respond(services.tasks_merge(actor=request.user, tasks=tasks))

    split = service_action(
        services.task_split,
        target="task",
        body=s.SplitSerializer,
        responses=s.TaskSerializer(many=True),
    )
    move = service_action(services.task_move, target="task", body=s.MoveSerializer)
    status = service_action(services.task_set_status, target="task", body=s.StatusSerializer)


@extend_schema_view(destroy=extend_schema(description="Unlink a record from its task."))
class EvidenceViewSet(PlansViewSet):
    permissions = {"list": READ, "create": WRITE, "destroy": WRITE, "kinds": READ}
    serializer_class = s.EvidenceSerializer
    lookup_url_kwarg = "evidence_id"

    def get_queryset(self):
        return selectors.evidence(self.org)

    def list(self, request, *args, **kwargs):
        return self.respond(self.task().evidence.order_by("date", "id"), many=True)

    @extend_schema(request=s.LinkSerializer)
    def create(self, request, *args, **kwargs):
        task, d = self.task(), self.validated(s.LinkSerializer)
        evidence = services.evidence_link(
            actor=request.user, task=task, kind_key=d["kind"], object_id=d["object_id"]
        )
        return self.respond(evidence, status_code=CREATED)

    def perform_destroy(self, evidence):
        services.evidence_unlink(actor=self.request.user, evidence=evidence)

    @extend_schema(
        parameters=[YEAR, OpenApiParameter("kind", str, description="List this kind's records")],
        responses=dict,
        description="The registered kinds of records; with ?kind=, that kind's records of the "
        "year that can be linked to a task.",
    )
    def kinds(self, request, *args, **kwargs):
        kinds = [{"key": k.key, "label": str(k.label)} for k in registry.kinds()]
        key = request.query_params.get("kind")
        if not key:
            return Response({"kinds": kinds})
        try:
            kind = registry.get(key)
        except LookupError:
            raise exceptions.NotFound() from None
        objects = kind.candidates(self.org, year_param(request))[:200]
        records = [{"object_id": str(obj.pk), **s.described(kind, obj)} for obj in objects]
        return Response({"kinds": kinds, "kind": key, "records": records})


class RecordViewSet(PlansViewSet):
    permissions = {"create": WRITE, "retrieve": READ, "attachment": READ}
    serializer_class = s.WorkRecordSerializer
    lookup_url_kwarg = "record_id"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        return selectors.records(self.org)

    @extend_schema(
        request={"multipart/form-data": s.WorkRecordWriteSerializer},
        description="Write a work record with attachments, linked to the task.",
    )
    def create(self, request, *args, **kwargs):
        task = self.task()
        data = request.data.copy() if hasattr(request.data, "copy") else dict(request.data)
        files = request.FILES.getlist("attachments") if request.FILES else []
        if hasattr(data, "pop"):
            data.pop("attachments", None)
        body = s.WorkRecordWriteSerializer(data=data)
        body.is_valid(raise_exception=True)
        record = services.record_create(
            actor=request.user, org=self.org, data=body.validated_data, files=files, task=task
        )
        return self.respond(record, status_code=CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def attachment(self, request, *args, **kwargs):
        attachments = selectors.attachments(self.org)
        att = get_object_or_404(attachments, pk=kwargs["attachment_id"])
        return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)
