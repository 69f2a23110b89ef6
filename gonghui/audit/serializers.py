"""API representation of audit entries, masked like the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.api.fields import RecordSerializer

from .display import change_rows
from .models import AuditEntry


class AuditChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class AuditEntrySerializer(RecordSerializer):
    """Needs `access` in the context: sensitive values are masked without members.sensitive:read."""

    record_type = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = (  # noqa: SIM905 - field names as words
            "id at actor actor_name ip source source_display org org_name action record_type "
            "object_id object_repr changes note"
        ).split()
        read_only_fields = fields

    def get_record_type(self, entry: AuditEntry) -> str | None:
        ct = entry.content_type
        return f"{ct.app_label}.{ct.model}" if ct else None

    @extend_schema_field(AuditChangeSerializer(many=True))
    def get_changes(self, entry: AuditEntry) -> list[dict]:
        # change_rows does the masking the pages do; it keeps the order of entry.changes,
        # which gives back the raw field name of each row.
        rows = change_rows(entry, self.context["access"], reveal=self.context.get("reveal", False))
        return [
            {"field": name, "label": label, "before": before, "after": after}
            for name, (label, before, after) in zip(entry.changes or {}, rows, strict=True)
        ]
