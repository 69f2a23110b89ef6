"""API endpoints of the work plan: the pages in views.py, for scripts.

Same rules as the pages: plans, tasks and records are fetched through the organisation
(another union's ids answer 404), changes go through the service functions, and the
models and services write the audit log (the base view sets the actor and source "api").
"""

from __future__ import annotations

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView
from gonghui.core.params import year_param

from . import evidence as registry
from . import selectors, services
from .models import Attachment, Evidence, Plan, Record, Section, Task
from .serializers import (
    EvidenceSerializer,
    LinkSerializer,
    MergeSerializer,
    MoveSerializer,
    PlanDetailSerializer,
    PlanImportSerializer,
    PlanSerializer,
    PlanUpdateSerializer,
    SectionSerializer,
    SectionWriteSerializer,
    SplitSerializer,
    StatusSerializer,
    TaskSerializer,
    TaskWriteSerializer,
    WorkRecordSerializer,
    WorkRecordWriteSerializer,
)

TAG = "work plans"
READ, WRITE = "plans.plan:read", "plans.plan:write"
YEAR = OpenApiParameter("year", int, description="Year (default: this year)")


def _refused(exc: services.PlanError):
    return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)


class PlanBase(OrgAPIView):
    def plan(self, plan_id) -> Plan:
        return get_object_or_404(Plan.objects.filter(org=self.org), pk=plan_id)

    def task(self, task_id) -> Task:
        return get_object_or_404(
            Task.objects.filter(plan__org=self.org).select_related("plan"), pk=task_id
        )

    def task_data(self, task: Task) -> dict:
        [task] = selectors.tasks_with_progress(Task.objects.filter(pk=task.pk))
        return TaskSerializer(task).data

    def write_data(self, plan: Plan, data: dict) -> dict:
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


class PlanListAPI(PlanBase):
    permissions = {"GET": READ, "POST": WRITE}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(tags=[TAG], parameters=[YEAR], responses=PlanSerializer(many=True))
    def get(self, request, org_code):
        plans = Plan.objects.filter(org=self.org, year=year_param(request)).order_by("id")
        return Response(PlanSerializer(plans, many=True).data)

    @extend_schema(
        tags=[TAG],
        request={
            "multipart/form-data": PlanImportSerializer,
            "application/json": PlanImportSerializer,
        },
        responses={201: PlanSerializer(many=True)},
        description="Import a plan document (file, or pasted text) as draft plans; a file "
        "holding several plans gives one draft each.",
    )
    def post(self, request, org_code):
        s = PlanImportSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        upload = s.validated_data.get("file")
        data, name = (
            (upload.read(), upload.name) if upload else (s.validated_data["text"].encode(), "")
        )
        try:
            plans = services.plans_import(
                actor=request.user,
                org=self.org,
                year=s.validated_data["year"],
                data=data,
                filename=name,
                title=s.validated_data.get("title") or "",
            )
        except services.PlanError as exc:
            return _refused(exc)
        return Response(PlanSerializer(plans, many=True).data, status=status.HTTP_201_CREATED)


class PlanAPI(PlanBase):
    permissions = {"GET": READ, "PATCH": WRITE, "DELETE": WRITE}

    @extend_schema(tags=[TAG], responses=PlanDetailSerializer)
    def get(self, request, org_code, plan_id):
        plan = self.plan(plan_id)
        tasks = selectors.tasks_with_progress(plan.tasks.order_by("position", "id"))
        return Response(PlanDetailSerializer(plan, context={"tasks": tasks}).data)

    @extend_schema(tags=[TAG], request=PlanUpdateSerializer, responses=PlanSerializer)
    def patch(self, request, org_code, plan_id):
        plan = self.plan(plan_id)
        s = PlanUpdateSerializer(data={"title": plan.title, "year": plan.year, **request.data})
        s.is_valid(raise_exception=True)
        try:
            services.plan_update(actor=request.user, plan=plan, **s.validated_data)
        except services.PlanError as exc:
            return _refused(exc)
        return Response(PlanSerializer(plan).data)

    @extend_schema(tags=[TAG], responses={204: None}, description="Discard a draft plan.")
    def delete(self, request, org_code, plan_id):
        try:
            services.plan_delete(actor=request.user, plan=self.plan(plan_id))
        except services.PlanError as exc:
            return _refused(exc)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PlanAcceptAPI(PlanBase):
    permissions = {"POST": WRITE}

    @extend_schema(tags=[TAG], request=None, responses=PlanSerializer)
    def post(self, request, org_code, plan_id):
        plan = self.plan(plan_id)
        try:
            services.plan_accept(actor=request.user, plan=plan)
        except services.PlanError as exc:
            return _refused(exc)
        return Response(PlanSerializer(plan).data)


class PlanArchiveAPI(PlanBase):
    permissions = {"POST": WRITE}

    @extend_schema(tags=[TAG], request=None, responses=PlanSerializer)
    def post(self, request, org_code, plan_id):
        plan = self.plan(plan_id)
        try:
            services.plan_archive(actor=request.user, plan=plan)
        except services.PlanError as exc:
            return _refused(exc)
        return Response(PlanSerializer(plan).data)


class SectionListAPI(PlanBase):
    permissions = {"POST": WRITE}

    @extend_schema(tags=[TAG], request=SectionWriteSerializer, responses={201: SectionSerializer})
    def post(self, request, org_code, plan_id):
        plan = self.plan(plan_id)
        s = SectionWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        parent = None
        if s.validated_data.get("parent"):
            parent = get_object_or_404(plan.sections, pk=s.validated_data["parent"])
        try:
            section = services.section_create(
                actor=request.user,
                plan=plan,
                title=s.validated_data["title"],
                number=s.validated_data.get("number", ""),
                parent=parent,
            )
        except services.PlanError as exc:
            return _refused(exc)
        return Response(SectionSerializer(section).data, status=status.HTTP_201_CREATED)


class SectionAPI(PlanBase):
    permissions = {"PATCH": WRITE}

    @extend_schema(tags=[TAG], request=SectionWriteSerializer, responses=SectionSerializer)
    def patch(self, request, org_code, section_id):
        section = get_object_or_404(Section.objects.filter(plan__org=self.org), pk=section_id)
        s = SectionWriteSerializer(
            data={"title": section.title, "number": section.number, **request.data}
        )
        s.is_valid(raise_exception=True)
        try:
            services.section_update(
                actor=request.user,
                section=section,
                title=s.validated_data["title"],
                number=s.validated_data.get("number", ""),
            )
        except services.PlanError as exc:
            return _refused(exc)
        return Response(SectionSerializer(section).data)


class TaskListAPI(PlanBase):
    permissions = {"GET": READ, "POST": WRITE}

    @extend_schema(tags=[TAG], responses=TaskSerializer(many=True))
    def get(self, request, org_code, plan_id):
        plan = self.plan(plan_id)
        tasks = selectors.tasks_with_progress(plan.tasks.order_by("position", "id"))
        return Response(TaskSerializer(tasks, many=True).data)

    @extend_schema(tags=[TAG], request=TaskWriteSerializer, responses={201: TaskSerializer})
    def post(self, request, org_code, plan_id):
        plan = self.plan(plan_id)
        s = TaskWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        after = None
        if s.validated_data.get("after"):
            after = get_object_or_404(plan.tasks, pk=s.validated_data["after"])
        try:
            task = services.task_create(
                actor=request.user,
                plan=plan,
                data=self.write_data(plan, s.validated_data),
                after=after,
            )
        except services.PlanError as exc:
            return _refused(exc)
        return Response(self.task_data(task), status=status.HTTP_201_CREATED)


class TaskAPI(PlanBase):
    permissions = {"GET": READ, "PATCH": WRITE, "DELETE": WRITE}

    @extend_schema(tags=[TAG], responses=TaskSerializer)
    def get(self, request, org_code, task_id):
        return Response(self.task_data(self.task(task_id)))

    @extend_schema(tags=[TAG], request=TaskWriteSerializer, responses=TaskSerializer)
    def patch(self, request, org_code, task_id):
        task = self.task(task_id)
        s = TaskWriteSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        try:
            services.task_update(
                actor=request.user, task=task, data=self.write_data(task.plan, s.validated_data)
            )
        except services.PlanError as exc:
            return _refused(exc)
        return Response(self.task_data(task))

    @extend_schema(tags=[TAG], responses={204: None})
    def delete(self, request, org_code, task_id):
        try:
            services.task_delete(actor=request.user, task=self.task(task_id))
        except services.PlanError as exc:
            return _refused(exc)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TaskMergeAPI(PlanBase):
    permissions = {"POST": WRITE}

    @extend_schema(tags=[TAG], request=MergeSerializer, responses=TaskSerializer)
    def post(self, request, org_code):
        s = MergeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        ids = set(s.validated_data["tasks"])
        tasks = list(Task.objects.filter(plan__org=self.org, pk__in=ids))
        if len(tasks) != len(ids):
            raise exceptions.NotFound()
        try:
            keep = services.tasks_merge(actor=request.user, tasks=tasks)
        except services.PlanError as exc:
            return _refused(exc)
        return Response(self.task_data(keep))


class TaskSplitAPI(PlanBase):
    permissions = {"POST": WRITE}

    @extend_schema(tags=[TAG], request=SplitSerializer, responses=TaskSerializer(many=True))
    def post(self, request, org_code, task_id):
        task = self.task(task_id)
        s = SplitSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            tasks = services.task_split(
                actor=request.user, task=task, parts=s.validated_data["parts"]
            )
        except services.PlanError as exc:
            return _refused(exc)
        return Response([self.task_data(t) for t in tasks])


class TaskMoveAPI(PlanBase):
    permissions = {"POST": WRITE}

    @extend_schema(tags=[TAG], request=MoveSerializer, responses=TaskSerializer)
    def post(self, request, org_code, task_id):
        task = self.task(task_id)
        s = MoveSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.task_move(actor=request.user, task=task, direction=s.validated_data["direction"])
        return Response(self.task_data(task))


class TaskStatusAPI(PlanBase):
    permissions = {"POST": WRITE}

    @extend_schema(tags=[TAG], request=StatusSerializer, responses=TaskSerializer)
    def post(self, request, org_code, task_id):
        task = self.task(task_id)
        s = StatusSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            services.task_set_status(
                actor=request.user, task=task, status=s.validated_data["status"]
            )
        except services.PlanError as exc:
            return _refused(exc)
        return Response(self.task_data(task))


class TaskEvidenceAPI(PlanBase):
    permissions = {"GET": READ, "POST": WRITE}

    @extend_schema(tags=[TAG], responses=EvidenceSerializer(many=True))
    def get(self, request, org_code, task_id):
        task = self.task(task_id)
        return Response(EvidenceSerializer(task.evidence.order_by("date", "id"), many=True).data)

    @extend_schema(tags=[TAG], request=LinkSerializer, responses={201: EvidenceSerializer})
    def post(self, request, org_code, task_id):
        task = self.task(task_id)
        s = LinkSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            ev = services.evidence_link(
                actor=request.user,
                task=task,
                kind_key=s.validated_data["kind"],
                object_id=s.validated_data["object_id"],
            )
        except services.PlanError as exc:
            return _refused(exc)
        return Response(EvidenceSerializer(ev).data, status=status.HTTP_201_CREATED)


class EvidenceAPI(PlanBase):
    permissions = {"DELETE": WRITE}

    @extend_schema(tags=[TAG], responses={204: None}, description="Unlink a record from its task.")
    def delete(self, request, org_code, evidence_id):
        ev = get_object_or_404(Evidence.objects.filter(task__plan__org=self.org), pk=evidence_id)
        services.evidence_unlink(actor=request.user, evidence=ev)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EvidenceKindsAPI(PlanBase):
    permissions = {"GET": READ}

    @extend_schema(
        tags=[TAG],
        parameters=[YEAR, OpenApiParameter("kind", str, description="List this kind's records")],
        responses=dict,
        description="The registered kinds of records; with ?kind=, that kind's records of the "
        "year that can be linked to a task.",
    )
    def get(self, request, org_code):
        kinds = [{"key": k.key, "label": str(k.label)} for k in registry.kinds()]
        key = request.query_params.get("kind")
        if not key:
            return Response({"kinds": kinds})
        try:
            kind = registry.get(key)
        except LookupError:
            raise exceptions.NotFound() from None
        records = []
        for obj in kind.candidates(self.org, year_param(request))[:200]:
            d = kind.describe(obj)
            records.append(
                {"object_id": str(obj.pk), "title": d.title, "date": d.date, "summary": d.summary}
            )
        return Response({"kinds": kinds, "kind": key, "records": records})


class RecordListAPI(PlanBase):
    permissions = {"POST": WRITE}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        tags=[TAG],
        request={"multipart/form-data": WorkRecordWriteSerializer},
        responses={201: WorkRecordSerializer},
        description="Write a work record with attachments, linked to the task.",
    )
    def post(self, request, org_code, task_id):
        task = self.task(task_id)
        data = request.data.copy() if hasattr(request.data, "copy") else dict(request.data)
        files = request.FILES.getlist("attachments") if request.FILES else []
        if hasattr(data, "pop"):
            data.pop("attachments", None)
        s = WorkRecordWriteSerializer(data=data)
        s.is_valid(raise_exception=True)
        try:
            record = services.record_create(
                actor=request.user, org=self.org, data=s.validated_data, files=files, task=task
            )
        except services.PlanError as exc:
            return _refused(exc)
        return Response(WorkRecordSerializer(record).data, status=status.HTTP_201_CREATED)


class RecordAPI(PlanBase):
    permissions = {"GET": READ}

    @extend_schema(tags=[TAG], responses=WorkRecordSerializer)
    def get(self, request, org_code, record_id):
        record = get_object_or_404(Record.objects.filter(org=self.org), pk=record_id)
        return Response(WorkRecordSerializer(record).data)


class AttachmentAPI(PlanBase):
    permissions = {"GET": READ}

    @extend_schema(tags=[TAG], responses={(200, "application/octet-stream"): bytes})
    def get(self, request, org_code, attachment_id):
        att = get_object_or_404(Attachment.objects.filter(record__org=self.org), pk=attachment_id)
        return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)


class CalendarAPI(PlanBase):
    permissions = {"GET": READ}

    @extend_schema(tags=[TAG], parameters=[YEAR], responses=dict)
    def get(self, request, org_code):
        year = year_param(request)
        months = []
        for m in selectors.calendar(self.org, year):
            months.append(
                {
                    "month": m["month"],
                    "tasks": [
                        {
                            "id": r["task"].pk,
                            "text": r["task"].text,
                            "owner": r["task"].owner.person_name if r["task"].owner else "",
                            "covered": r["covered"],
                            "records": [{"title": e.title, "date": e.date} for e in r["records"]],
                        }
                        for r in m["rows"]
                    ],
                }
            )
        whole = [{"id": t.pk, "text": t.text} for t in selectors.whole_year_tasks(self.org, year)]
        return Response({"year": year, "months": months, "whole_year": whole})


class DueAPI(PlanBase):
    permissions = {"GET": READ}

    @extend_schema(
        tags=[TAG],
        responses=dict,
        description="Tasks due this month and overdue, per owner (the dashboard card).",
    )
    def get(self, request, org_code):
        due = selectors.due_tasks(self.org, timezone.localdate())
        return Response(
            {
                "this_month": TaskSerializer(due.this_month, many=True).data,
                "overdue": TaskSerializer(due.overdue, many=True).data,
                "by_owner": [
                    {
                        "owner": name,
                        "this_month": [t.pk for t in this],
                        "overdue": [t.pk for t in late],
                    }
                    for name, this, late in due.by_owner()
                ],
            }
        )
