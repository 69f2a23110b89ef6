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
    AssignmentAnswerFileSerializer,
    AssignmentBoardSerializer,
    AssignmentCommentSerializer,
    AssignmentNoteSerializer,
    AssignmentRemindedSerializer,
    AssignmentReminderSerializer,
    AssignmentSerializer,
    AssignmentSubmitSerializer,
    AssignmentTargetSerializer,
    AssignmentUploadSerializer,
    AssignmentValuesSerializer,
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
        **dict.fromkeys(["create", "partial_update", "destroy", "send", "remind"], WRITE),
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
    permissions = {"list": READ, "retrieve": ANSWER, "save": ANSWER, "submit": ANSWER}
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
