"""API of assigned tasks and report forms: every page action, for scripts and apps.

The sender's resources (`assignments/`) work on what the organisation in the URL sent;
the union's (`inbox/`) on what was sent to it. Same permissions, selectors and services
as the pages; refusals answer 400 through the project's exception handler."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.viewsets import OrgViewSet, file_answers, service_action
from gonghui.core import files

from . import selectors, services
from .serializers import (
    STATUS_VALUES,
    AssignmentAddedSerializer,
    AssignmentAnswerFileSerializer,
    AssignmentBelowSerializer,
    AssignmentBoardSerializer,
    AssignmentCodesSerializer,
    AssignmentCommentSerializer,
    AssignmentFromTaskSerializer,
    AssignmentLinkedRecordSerializer,
    AssignmentNoteSerializer,
    AssignmentRecordSerializer,
    AssignmentRemindedSerializer,
    AssignmentReminderSerializer,
    AssignmentSerializer,
    AssignmentSubmitSerializer,
    AssignmentTargetSerializer,
    AssignmentUploadSerializer,
    AssignmentValuesSerializer,
    AssignmentWithdrawSerializer,
)

READ, WRITE, ANSWER = "assignments.task:read", "assignments.task:write", "assignments.task:answer"


@extend_schema_view(
    list=extend_schema(summary="Tasks and forms the organisation sent or drafted"),
    create=extend_schema(summary="Draft a task or a form (a definition of fields)"),
    retrieve=extend_schema(summary="One task or form"),
    partial_update=extend_schema(summary="Change a draft"),
    destroy=extend_schema(summary="Delete a draft"),
)
class AssignmentViewSet(OrgViewSet):
    operation_prefix = "assignments"
    permissions = {
        **dict.fromkeys(["list", "retrieve", "board", "export"], READ),
        **dict.fromkeys(
            ["create", "partial_update", "destroy", "send", "remind", "withdraw"], WRITE
        ),
        **dict.fromkeys(["add_unions", "from_task"], WRITE),
    }
    serializer_class = AssignmentSerializer
    lookup_url_kwarg = "assignment_id"
    paged_actions = ("list",)
    file_actions = {"export": ((files.XLSX, "xlsx"),)}

    def get_queryset(self):
        return selectors.assignments_sent(self.org)

    def get_object(self):
        return selectors.assignment_of(self.org, self.kwargs["assignment_id"])

    def perform_create(self, data):
        return services.assignment_create(actor=self.request.user, org=self.org, data=data)

    def perform_update(self, obj, data):
        return services.assignment_update(actor=self.request.user, assignment=obj, data=data)

    def perform_destroy(self, obj):
        services.assignment_delete(actor=self.request.user, assignment=obj)

    send = service_action(
        services.assignment_send, target="assignment", summary="Send a draft to its unions"
    )

    withdraw = service_action(
        services.assignment_withdraw,
        target="assignment",
        body=AssignmentWithdrawSerializer,
        summary="Withdraw a sent task (the unions no longer see it)",
    )

    @extend_schema(
        request=AssignmentCodesSerializer,
        responses={200: AssignmentAddedSerializer},
        summary="Send a sent task to more unions below",
    )
    def add_unions(self, request, *args, **kwargs):
        codes = self.validated(AssignmentCodesSerializer)["codes"]
        n = services.assignment_add_unions(
            actor=request.user, assignment=self.get_object(), codes=codes
        )
        return Response({"added": n})

    @extend_schema(
        request=AssignmentFromTaskSerializer,
        responses={201: AssignmentSerializer},
        summary="Draft a task to every union below from a task of our own plan",
    )
    def from_task(self, request, *args, **kwargs):
        task_id = self.validated(AssignmentFromTaskSerializer)["task_id"]
        task = selectors.plan_task_of(self.org, task_id)
        made = services.assignment_from_task(actor=request.user, task=task)
        return self.respond(made, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        request=AssignmentNoteSerializer,
        responses={200: AssignmentRemindedSerializer},
        summary="Remind every union that still owes an answer",
    )
    def remind(self, request, *args, **kwargs):
        note = self.validated(AssignmentNoteSerializer).get("note", "")
        n = services.assignment_remind_open(
            actor=request.user, assignment=self.get_object(), note=note
        )
        return Response({"reminded": n})

    @extend_schema(
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=STATUS_VALUES)],
        responses={200: AssignmentBoardSerializer},
        summary="The status board: each union's answer and the counts",
    )
    def board(self, request, *args, **kwargs):
        found = selectors.board(self.get_object(), request.query_params.get("status", ""))
        return self.respond(found, serializer_class=AssignmentBoardSerializer)

    @extend_schema(responses=file_answers(files.XLSX), summary="Every answer as one workbook")
    def export(self, request, *args, **kwargs):
        name, content = services.answers_export(actor=request.user, assignment=self.get_object())
        return files.file_response(content, filename=name, content_type=files.XLSX)


@extend_schema_view(
    list=extend_schema(summary="Tasks and forms the upper unions below sent, with answer counts"),
    retrieve=extend_schema(summary="One task or form an upper union below sent"),
)
class BelowViewSet(OrgViewSet):
    """What the upper unions in the subtree sent to their unions, read-only (a city
    federation following its districts)."""

    operation_prefix = "assignments_below"
    permissions = dict.fromkeys(["list", "retrieve", "board", "answer"], READ)
    serializer_class = AssignmentBelowSerializer
    lookup_url_kwarg = "assignment_id"
    paged_actions = ("list",)

    def get_queryset(self):
        return selectors.assignments_below(self.org)

    def get_object(self):
        return selectors.assignment_below(self.org, self.kwargs["assignment_id"])

    board = AssignmentViewSet.board

    @extend_schema(responses={200: AssignmentTargetSerializer}, summary="One union's answer")
    def answer(self, request, *args, **kwargs):
        target = selectors.target_of(self.get_object(), self.kwargs["target_id"])
        return self.respond(target, serializer_class=AssignmentTargetSerializer)


class TargetViewSet(OrgViewSet):
    """One union's answer, on the sender's side."""

    operation_prefix = "assignments_answers"
    operation_ids = {"return_": "assignments_answers_return"}
    permissions = {"retrieve": READ, "return_": WRITE, "accept": WRITE, "remind": WRITE}
    serializer_class = AssignmentTargetSerializer
    lookup_url_kwarg = "target_id"

    def get_object(self):
        assignment = selectors.assignment_of(self.org, self.kwargs["assignment_id"])
        return selectors.target_of(assignment, self.kwargs["target_id"])

    return_ = service_action(
        services.answer_return,
        target="target",
        body=AssignmentCommentSerializer,
        summary="Return a submitted answer with a comment",
    )
    accept = service_action(
        services.answer_accept,
        target="target",
        body=AssignmentCommentSerializer,
        summary="Accept a submitted answer",
    )
    remind = service_action(
        services.target_remind,
        target="target",
        body=AssignmentNoteSerializer,
        returns=AssignmentReminderSerializer,
        status_code=status.HTTP_201_CREATED,
        summary="Remind the union of its answer",
    )


@extend_schema_view(
    list=extend_schema(summary="Tasks and forms sent to this union"),
    retrieve=extend_schema(summary="This union's answer"),
)
class InboxViewSet(OrgViewSet):
    """The union's own answers."""

    operation_prefix = "assignments_inbox"
    permissions = {
        "list": READ,
        **dict.fromkeys(["retrieve", "save", "submit", "records", "link", "unlink"], ANSWER),
    }
    serializer_class = AssignmentTargetSerializer
    lookup_url_kwarg = "target_id"

    def get_queryset(self):
        return selectors.inbox(self.org).prefetch_related("files")

    def get_object(self):
        return selectors.answer_of(self.org, self.kwargs["target_id"])

    save = service_action(
        services.answer_save,
        target="target",
        body=AssignmentValuesSerializer,
        summary="Save a draft",
    )
    submit = service_action(
        services.answer_submit,
        target="target",
        body=AssignmentSubmitSerializer,
        summary="Hand in the answer (checked against the form)",
    )
    link = service_action(
        services.answer_record_link,
        target="target",
        body=AssignmentRecordSerializer,
        returns=AssignmentLinkedRecordSerializer,
        summary="Link a record of the union as proof the task was done",
    )
    unlink = service_action(
        services.answer_record_unlink,
        target="target",
        body=AssignmentRecordSerializer,
        summary="Unlink a record",
    )

    @extend_schema(
        parameters=[OpenApiParameter("kind", OpenApiTypes.STR, required=True)],
        responses={200: AssignmentLinkedRecordSerializer(many=True)},
        summary="Records of the union of a kind that may be linked",
    )
    def records(self, request, *args, **kwargs):
        kind = request.query_params.get("kind", "")
        found = services.record_choices(self.get_object(), kind)
        rows = [
            {"kind": kind, "id": o.pk, "label": "", "title": d.title, "date": d.date}
            for o, d in found
        ]
        return Response(AssignmentLinkedRecordSerializer(rows, many=True).data)


class AnswerFileViewSet(OrgViewSet):
    operation_prefix = "assignments_inbox_files"
    operation_ids = {"create": "assignments_inbox_files_upload"}
    permissions = {"create": ANSWER, "retrieve": ANSWER, "destroy": ANSWER}
    serializer_class = AssignmentAnswerFileSerializer
    lookup_url_kwarg = "file_id"
    parser_classes = [MultiPartParser, FormParser]

    def target(self):
        return selectors.answer_of(self.org, self.kwargs["target_id"])

    def get_object(self):
        return selectors.file_of(self.target(), self.kwargs["file_id"])

    @extend_schema(
        request={"multipart/form-data": AssignmentUploadSerializer},
        responses={201: AssignmentAnswerFileSerializer},
        summary="Attach a file to a file field of the answer",
    )
    def create(self, request, *args, **kwargs):
        target = self.target()  # another union's answer is a 404 before the body is read
        data = self.validated(AssignmentUploadSerializer)
        item = services.answer_file_add(
            actor=request.user, target=target, field=data["field"], upload=data["file"]
        )
        return self.respond(item, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        summary="Download an attached file",
    )
    def retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        return files.serve_file(item.file, item.name, item.content_type)

    @extend_schema(summary="Remove an attached file")
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, item):
        services.answer_file_delete(actor=self.request.user, item=item)
