"""Serializers of the import API: the upload, and a batch with one page of its preview."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.api.fields import RecordSerializer

from . import selectors, services, tasks
from .models import ImportBatch


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class BatchVouchersSerializer(serializers.Serializer):
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text="Vouchers (not rows): create, unchanged, error, total; null for an import "
        "checked before vouchers were counted",
    )
    imported = serializers.IntegerField(help_text="Vouchers this import wrote into the books")
    list_url = serializers.CharField(
        help_text="The finance voucher list of these vouchers (?import_batch=), in number order"
    )


class BatchSerializer(RecordSerializer):
    # Plain text, not an enum: "kind" names the organisation kinds elsewhere in the
    # schema, and two enums of one name would collide.
    kind = serializers.CharField(read_only=True, help_text="orgs, members or vouchers")
    preview = serializers.SerializerMethodField()
    vouchers = serializers.SerializerMethodField()
    progress_done = serializers.SerializerMethodField()
    progress_total = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = (  # noqa: SIM905 - field names as words
            "id org kind status original_name counts preview progress_done progress_total "
            "created_by created_at committed_at vouchers"
        ).split()
        read_only_fields = fields

    @extend_schema_field(BatchVouchersSerializer(allow_null=True))
    def get_vouchers(self, batch) -> dict | None:
        """Of a voucher import: its counts in vouchers (`counts` counts rows, a voucher
        is several) and the vouchers it imported; null for other imports."""
        if batch.kind != ImportBatch.Kind.VOUCHERS:
            return None
        groups = selectors.preview_head(batch).get("groups")
        url = reverse("api-finance-vouchers", kwargs={"org_code": batch.org.code})
        return {
            "counts": groups,
            "imported": batch.vouchers.count(),
            "list_url": f"{url}?import_batch={batch.pk}",
        }

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
