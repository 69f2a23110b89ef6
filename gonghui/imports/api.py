"""Import resources: the same upload → preview → commit as the pages, for scripts.

Uploading needs the permission of the kind (orgs.import:run, members.import:run,
finance.voucher:post); the actions on one batch are open to any role of the organisation
and then check the permission of the batch's kind, as the pages do. A large file is
checked and imported by a background job: the batch is "previewing" or "committing"
meanwhile, with progress_done of progress_total, and GET on the batch tells when it is
done (202 while a job runs it). A batch in the wrong state for the action answers 409;
rows with errors 400 with the batch.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.viewsets import OrgViewSet

from . import services
from .base import ImportRefused
from .models import ImportBatch
from .serializers import BatchSerializer, UploadSerializer

ANY_ROLE = "dashboard:read"
CONFLICT = inline_serializer("ImportError", {"detail": serializers.CharField()})


def batch_answers(conflict: str, *, may_run: bool = True) -> dict:
    """A batch (202 while a job runs it), or 409 when the batch is in the wrong state."""
    answers = {200: BatchSerializer, 409: OpenApiResponse(CONFLICT, description=conflict)}
    if may_run:
        answers[202] = BatchSerializer
        answers[400] = OpenApiResponse(description="Rows have errors: {detail, batch}")
    return answers


class ImportViewSet(OrgViewSet):
    serializer_class = BatchSerializer

    def serializer_context(self) -> dict:
        return {**super().serializer_context(), "access": self.access}

    def handle_exception(self, exc):
        # The contract of the batch actions (older than the project's 400 for refusals).
        if isinstance(exc, services.BatchError):
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        if isinstance(exc, ImportRefused):
            batch = self.respond(self.batch).data
            return Response({"detail": str(exc), "batch": batch}, status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


def upload(kind: str, summary: str, description: str = ""):
    @extend_schema(
        summary=summary,
        description=description or None,
        request={"multipart/form-data": UploadSerializer},
        responses={201: BatchSerializer},
    )
    def action(self, request, *args, **kwargs):
        file = self.validated(UploadSerializer)["file"]
        batch = services.batch_create(org=self.org, user=request.user, kind=kind, upload=file)
        return self.respond(batch, status_code=status.HTTP_201_CREATED)

    return action


class UploadViewSet(ImportViewSet):
    operation_prefix = "imports"
    permissions = {
        "orgs_upload": "orgs.import:run",
        "members_upload": "members.import:run",
        "vouchers_upload": "finance.voucher:post",
    }
    parser_classes = [MultiPartParser, FormParser]

    orgs_upload = upload(ImportBatch.Kind.ORGS, "Upload an organisation spreadsheet and preview it")
    members_upload = upload(
        ImportBatch.Kind.MEMBERS,
        "Upload a member roster and preview it",
        "Columns as on the import page (姓名, 证件号码, 所属工会, 工会小组, ...). A file of "
        "more rows than the background threshold is checked by a job: the batch comes back "
        "as 'previewing'.",
    )
    vouchers_upload = upload(
        ImportBatch.Kind.VOUCHERS,
        "Upload vouchers from other bookkeeping software and preview them",
        "Columns 日期, 凭证号 (or 凭证字号), 摘要, 科目编码, 科目名称, 借方金额, 贷方金额, "
        "optional 资金性质 and 项目. Committed vouchers are numbered in their month and posted; "
        "every voucher is imported or none.",
    )


class BatchViewSet(ImportViewSet):
    operation_prefix = "imports_batch"
    permissions = dict.fromkeys(("retrieve", "commit", "cancel", "retry"), ANY_ROLE)
    lookup_url_kwarg = "batch_id"

    def get_object(self) -> ImportBatch:
        """The batch (404 outside the scope), if the caller may import its kind (403)."""
        batch = get_object_or_404(ImportBatch.objects.defer("preview"), pk=self.kwargs["batch_id"])
        if not self.access.has(services.KIND_PERMISSIONS[batch.kind]):
            raise exceptions.PermissionDenied()
        self.batch = batch
        return batch

    def running(self, batch) -> Response:
        code = status.HTTP_202_ACCEPTED if batch.is_running else status.HTTP_200_OK
        return self.respond(batch, status_code=code)

    @extend_schema(responses={200: BatchSerializer})
    def retrieve(self, request, *args, **kwargs):
        batch = self.get_object()
        services.batch_check_job(batch=batch)
        return self.respond(batch)

    @extend_schema(
        summary="Import every row of the batch, or none when any row has an error",
        description="A large batch is imported by a background job: the answer is 202 "
        "with the batch 'committing'.",
        request=None,
        responses=batch_answers("Already imported or cancelled"),
    )
    def commit(self, request, *args, **kwargs):
        batch = self.get_object()
        if batch.has_errors:
            raise ImportRefused(services.stored_counts(batch))
        services.batch_commit(batch=batch)
        return self.running(batch)

    @extend_schema(request=None, responses=batch_answers("Not cancellable", may_run=False))
    def cancel(self, request, *args, **kwargs):
        services.batch_cancel(batch=self.get_object())
        return self.respond(self.batch)

    @extend_schema(
        summary="Start an interrupted import again",
        description="A batch whose background job died (no sign of life for "
        "IMPORT_JOB_STALE_MINUTES) is 'interrupted'; this starts its check, or its commit "
        "(all rows or none), again. 202 while a job runs it.",
        request=None,
        responses=batch_answers("Not interrupted"),
    )
    def retry(self, request, *args, **kwargs):
        batch = self.get_object()
        services.batch_retry(batch=batch)
        return self.running(batch)
