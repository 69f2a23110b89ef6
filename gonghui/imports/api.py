"""Import endpoints: the same upload → preview → commit as the pages, for scripts.

Uploading needs the permission of the kind (orgs.import:run, members.import:run); the
endpoints of one batch are open to any role of the organisation and then check the
permission of the batch's kind, as the pages do. A large file is checked and imported by
a background job: the batch is "previewing" or "committing" meanwhile, with
progress_done of progress_total, and GET on the batch tells when it is done.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView

from . import selectors, services, tasks
from .base import ImportRefused
from .models import ImportBatch
from .tabular import ImportFileError

ANY_ROLE = "dashboard:read"


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class BatchSerializer(serializers.ModelSerializer):
    org = serializers.SlugRelatedField(slug_field="code", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    # Plain text, not an enum: "kind" names the organisation kinds elsewhere in the
    # schema, and two enums of one name would collide.
    kind = serializers.CharField(read_only=True, help_text="orgs or members")
    preview = serializers.SerializerMethodField()
    progress_done = serializers.SerializerMethodField()
    progress_total = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "org",
            "kind",
            "status",
            "original_name",
            "counts",
            "preview",
            "progress_done",
            "progress_total",
            "created_by",
            "created_at",
            "committed_at",
        ]
        read_only_fields = fields

    def get_progress_done(self, batch) -> int:
        """Rows handled so far by a running job (of progress_total)."""
        return tasks.progress(batch)[1]

    def get_progress_total(self, batch) -> int:
        return tasks.progress(batch)[2]

    def get_preview(self, batch) -> dict:
        """Rows with their action, values and problems (of a large file, a sample and
        every row with a problem), one page of them, rows with errors first: ?page=
        (from 1), ?page_size= (at most 500, 100 if not given), ?show=all|errors|changes.
        page, pages, page_size, rows_total (rows under the filter) and show say where the
        page lies. ID and mobile numbers masked without the right to see them."""
        request = self.context.get("request")
        params = request.query_params if request is not None else {}
        return services.preview_page(
            batch,
            self.context["access"],
            page=_number(params.get("page"), 1),
            page_size=_number(params.get("page_size"), selectors.DEFAULT_PAGE_SIZE),
            show=params.get("show") or "all",
        )


def _number(value, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number >= 1 else default


ErrorSerializer = inline_serializer("ImportError", {"detail": serializers.CharField()})
RefusedSerializer = inline_serializer(
    "ImportRefused", {"detail": serializers.CharField(), "batch": BatchSerializer()}
)


def _batch(view, batch_id: int) -> ImportBatch:
    """The batch (404 outside the scope), if the caller may import its kind (403)."""
    batch = get_object_or_404(ImportBatch.objects.defer("preview"), pk=batch_id)
    if not view.access.has(services.KIND_PERMISSIONS[batch.kind]):
        raise exceptions.PermissionDenied()
    return batch


class _Upload(OrgAPIView):
    kind: str
    parser_classes = [MultiPartParser, FormParser]

    def post(self, request, org_code):
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            batch = services.batch_create(
                org=self.org,
                user=request.user,
                kind=self.kind,
                upload=upload.validated_data["file"],
            )
        except ImportFileError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(self.data(batch), status=status.HTTP_201_CREATED)

    def data(self, batch):
        return BatchSerializer(batch, context={"access": self.access, "request": self.request}).data


class OrgImportUpload(_Upload):
    kind = ImportBatch.Kind.ORGS
    permissions = {"POST": "orgs.import:run"}

    @extend_schema(
        operation_id="imports_orgs_upload",
        summary="Upload an organisation spreadsheet and preview it",
        request={"multipart/form-data": UploadSerializer},
        responses={201: BatchSerializer, 400: ErrorSerializer},
    )
    def post(self, request, org_code):
        return super().post(request, org_code)


class MemberImportUpload(_Upload):
    kind = ImportBatch.Kind.MEMBERS
    permissions = {"POST": "members.import:run"}

    @extend_schema(
        operation_id="imports_members_upload",
        summary="Upload a member roster and preview it",
        description="Columns as on the import page (姓名, 证件号码, 所属工会, 工会小组, ...). "
        "A file of more rows than the background threshold is checked by a job: the batch "
        "comes back as 'previewing'.",
        request={"multipart/form-data": UploadSerializer},
        responses={201: BatchSerializer, 400: ErrorSerializer},
    )
    def post(self, request, org_code):
        return super().post(request, org_code)


class BatchDetail(OrgAPIView):
    permissions = {"GET": ANY_ROLE}

    @extend_schema(operation_id="imports_batch_read", responses={200: BatchSerializer})
    def get(self, request, org_code, batch_id: int):
        batch = _batch(self, batch_id)
        services.batch_check_job(batch=batch)
        return Response(
            BatchSerializer(batch, context={"access": self.access, "request": self.request}).data
        )


class BatchCommit(OrgAPIView):
    permissions = {"POST": ANY_ROLE}

    @extend_schema(
        operation_id="imports_batch_commit",
        summary="Import every row of the batch, or none when any row has an error",
        description="A large batch is imported by a background job: the answer is 202 "
        "with the batch 'committing'.",
        request=None,
        responses={
            200: BatchSerializer,
            202: BatchSerializer,
            400: OpenApiResponse(RefusedSerializer, description="Rows have errors"),
            409: OpenApiResponse(ErrorSerializer, description="Already imported or cancelled"),
        },
    )
    def post(self, request, org_code, batch_id: int):
        batch = _batch(self, batch_id)
        if batch.has_errors:
            return self._refused(batch, ImportRefused(services.stored_counts(batch)))
        try:
            done = services.batch_commit(batch=batch)
        except ImportRefused as exc:
            return self._refused(batch, exc)
        except services.BatchError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        data = BatchSerializer(batch, context={"access": self.access, "request": self.request}).data
        running = done is None and batch.is_running
        return Response(data, status=status.HTTP_202_ACCEPTED if running else status.HTTP_200_OK)

    def _refused(self, batch, exc) -> Response:
        return Response(
            {
                "detail": str(exc),
                "batch": BatchSerializer(
                    batch, context={"access": self.access, "request": self.request}
                ).data,
            },
            status=status.HTTP_400_BAD_REQUEST,
        )


class BatchCancel(OrgAPIView):
    permissions = {"POST": ANY_ROLE}

    @extend_schema(
        operation_id="imports_batch_cancel",
        request=None,
        responses={200: BatchSerializer, 409: ErrorSerializer},
    )
    def post(self, request, org_code, batch_id: int):
        batch = _batch(self, batch_id)
        try:
            services.batch_cancel(batch=batch)
        except services.BatchError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(
            BatchSerializer(batch, context={"access": self.access, "request": self.request}).data
        )


class BatchRetry(OrgAPIView):
    permissions = {"POST": ANY_ROLE}

    @extend_schema(
        operation_id="imports_batch_retry",
        summary="Start an interrupted import again",
        description="A batch whose background job died (no sign of life for "
        "IMPORT_JOB_STALE_MINUTES) is 'interrupted'; this starts its check, or its commit "
        "(all rows or none), again. 202 while a job runs it.",
        request=None,
        responses={
            200: BatchSerializer,
            202: BatchSerializer,
            400: OpenApiResponse(RefusedSerializer, description="Rows have errors"),
            409: OpenApiResponse(ErrorSerializer, description="Not interrupted"),
        },
    )
    def post(self, request, org_code, batch_id: int):
        batch = _batch(self, batch_id)
        try:
            services.batch_retry(batch=batch)
        except ImportRefused as exc:
            return Response(
                {"detail": str(exc), "batch": self._data(batch)},
                status=status.HTTP_400_BAD_REQUEST,
            )
        except services.BatchError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        code = status.HTTP_202_ACCEPTED if batch.is_running else status.HTTP_200_OK
        return Response(self._data(batch), status=code)

    def _data(self, batch):
        return BatchSerializer(batch, context={"access": self.access, "request": self.request}).data
