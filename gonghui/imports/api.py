"""Import endpoints: the same upload → preview → commit as the pages, for scripts."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView

from . import services
from .base import ImportRefused
from .models import ImportBatch
from .tabular import ImportFileError

PERM = "orgs.import:run"


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class BatchSerializer(serializers.ModelSerializer):
    org = serializers.SlugRelatedField(slug_field="code", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    # Plain text, not an enum: "kind" names the organisation kinds elsewhere in the
    # schema, and two enums of one name would collide.
    kind = serializers.CharField(read_only=True, help_text="orgs")

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


ErrorSerializer = inline_serializer("ImportError", {"detail": serializers.CharField()})
RefusedSerializer = inline_serializer(
    "ImportRefused", {"detail": serializers.CharField(), "batch": BatchSerializer()}
)


class OrgImportUpload(OrgAPIView):
    permissions = {"POST": PERM}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="imports_orgs_upload",
        summary="Upload an organisation spreadsheet and preview it",
        request={"multipart/form-data": UploadSerializer},
        responses={201: BatchSerializer, 400: ErrorSerializer},
    )
    def post(self, request, org_code):
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            batch = services.batch_create(
                org=self.org, user=request.user, kind="orgs", upload=upload.validated_data["file"]
            )
        except ImportFileError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(BatchSerializer(batch).data, status=status.HTTP_201_CREATED)


class BatchDetail(OrgAPIView):
    permissions = {"GET": PERM}

    @extend_schema(operation_id="imports_batch_read", responses={200: BatchSerializer})
    def get(self, request, org_code, batch_id: int):
        batch = get_object_or_404(ImportBatch, pk=batch_id)
        return Response(BatchSerializer(batch).data)


class BatchCommit(OrgAPIView):
    permissions = {"POST": PERM}

    @extend_schema(
        operation_id="imports_batch_commit",
        summary="Import every row of the batch, or none when any row has an error",
        request=None,
        responses={
            200: BatchSerializer,
            400: OpenApiResponse(RefusedSerializer, description="Rows have errors"),
            409: OpenApiResponse(ErrorSerializer, description="Already imported or cancelled"),
        },
    )
    def post(self, request, org_code, batch_id: int):
        batch = get_object_or_404(ImportBatch, pk=batch_id)
        if batch.has_errors:
            return self._refused(batch, ImportRefused(services.batch_preview(batch)))
        try:
            services.batch_commit(batch=batch)
        except ImportRefused as exc:
            return self._refused(batch, exc)
        except services.BatchError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(BatchSerializer(batch).data)

    @staticmethod
    def _refused(batch, exc) -> Response:
        return Response(
            {"detail": str(exc), "batch": BatchSerializer(batch).data},
            status=status.HTTP_400_BAD_REQUEST,
        )


class BatchCancel(OrgAPIView):
    permissions = {"POST": PERM}

    @extend_schema(
        operation_id="imports_batch_cancel",
        request=None,
        responses={200: BatchSerializer, 409: ErrorSerializer},
    )
    def post(self, request, org_code, batch_id: int):
        batch = get_object_or_404(ImportBatch, pk=batch_id)
        try:
            services.batch_cancel(batch=batch)
        except services.BatchError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(BatchSerializer(batch).data)
