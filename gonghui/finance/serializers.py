"""Serializers of the finance API: vouchers and their lines, periods, the chart, projects
and the statements. Amounts travel as strings with two decimals ("1234.50")."""

from __future__ import annotations

from rest_framework import serializers

from gonghui.api.fields import (
    RecordSerializer,
    ScopedPrimaryKeyRelatedField,
    ScopedSlugRelatedField,
)
from gonghui.funds.models import Fund

from .models import ExpenseType, Period, Project, Voucher, VoucherAttachment, VoucherLine
from .services import LineInput


class VoucherLineSerializer(RecordSerializer):
    debit = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    credit = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    project_code = serializers.CharField(source="project.code", read_only=True, allow_null=True)

    class Meta:
        model = VoucherLine
        # Grouped by line: the account, the amount, the dimensions of 4xx/5xx, the money.
        fields = (
            ["order", "account_code", "account_name", "summary", "debit", "credit"]
            + ["restricted", "expense_type", "expense_type_display", "economic_class"]
            + ["project_code", "project_name", "fund", "fund_name", "payee"]
        )


class VoucherSerializer(RecordSerializer):
    total = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    reverses_number = serializers.CharField(
        source="reverses.number", read_only=True, allow_null=True
    )

    class Meta:
        model = Voucher
        # Grouped by line: what it is, its state, its content, its three people.
        fields = (
            ["id", "number", "date", "kind", "kind_display", "state", "state_display"]
            + ["summary", "total", "attachments_count", "reverses", "reverses_number"]
            + ["external_no", "import_batch", "note", "prepared_by", "prepared_at"]
            + ["reviewed_by"]
            + ["reviewed_at", "posted_by", "posted_at", "concerns", "override_reason"]
        )
        read_only_fields = fields


class VoucherDetailSerializer(VoucherSerializer):
    lines = VoucherLineSerializer(many=True, read_only=True)

    class Meta(VoucherSerializer.Meta):
        fields = [*VoucherSerializer.Meta.fields, "lines"]
        read_only_fields = fields


class VoucherLineInputSerializer(serializers.Serializer):
    account = serializers.CharField(max_length=12)
    debit = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, default=0)
    credit = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, default=0)
    summary = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    restricted = serializers.BooleanField(required=False, allow_null=True, default=None)
    expense_type = serializers.ChoiceField(
        choices=ExpenseType.choices, required=False, allow_blank=True, default=""
    )
    # Another union's project or fund is "not found": the fields resolve in the scope.
    project = ScopedSlugRelatedField(
        Project, slug_field="code", required=False, allow_null=True, default=None
    )
    economic_class = serializers.CharField(
        max_length=8, required=False, allow_blank=True, default=""
    )
    fund = ScopedPrimaryKeyRelatedField(Fund, required=False, allow_null=True, default=None)
    payee = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def to_internal_value(self, data):
        return LineInput(**super().to_internal_value(data))


class VoucherWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    summary = serializers.CharField(max_length=200)
    attachments_count = serializers.IntegerField(min_value=0, max_value=999, default=0)
    lines = VoucherLineInputSerializer(many=True)


class VoucherSubmitSerializer(serializers.Serializer):
    override_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class VoucherReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class VoucherReverseSerializer(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField(max_length=120)


class PeriodSerializer(RecordSerializer):
    class Meta:
        model = Period
        fields = [
            "year",
            "month",
            "state",
            "state_display",
            "last_seq",
            "closed_by",
            "closed_at",
        ] + ["reopened_by", "reopened_at", "reopen_reason"]
        read_only_fields = fields


class AccountSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    normal = serializers.CharField()
    parent = serializers.CharField(allow_null=True)
    level = serializers.IntegerField()
    leaf = serializers.BooleanField()
    built_in = serializers.BooleanField()
    active = serializers.BooleanField()


class SubAccountCreateSerializer(serializers.Serializer):
    parent_code = serializers.CharField(max_length=12)
    code = serializers.CharField(max_length=12)
    name = serializers.CharField(max_length=60)


class ProjectSerializer(RecordSerializer):
    class Meta:
        model = Project
        fields = ["id", "code", "name", "restricted", "finished"]
        read_only_fields = ["id", "finished"]


class BalanceLineSerializer(serializers.Serializer):
    line = serializers.CharField()
    opening = serializers.CharField()
    closing = serializers.CharField()


class FlowLineSerializer(serializers.Serializer):
    line = serializers.CharField()
    period = serializers.CharField()
    year_to_date = serializers.CharField()


class StatementsSerializer(serializers.Serializer):
    """The same JSON as `manage.py statements --format json`."""

    org = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField(allow_null=True)
    balance_sheet = BalanceLineSerializer(many=True)
    income_expense = FlowLineSerializer(many=True)


class TrialBalanceRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    opening = serializers.DecimalField(max_digits=14, decimal_places=2)
    debit = serializers.DecimalField(max_digits=14, decimal_places=2)
    credit = serializers.DecimalField(max_digits=14, decimal_places=2)
    closing = serializers.DecimalField(max_digits=14, decimal_places=2)


class PeriodListSerializer(serializers.ListSerializer):
    """The months a reopening reopened, newest first."""

    child = PeriodSerializer()


# -- ledgers and the bank reconciliation (read-only) -----------------------------------
class LedgerEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["opening", "line", "day", "month", "year"])
    date = serializers.DateField(allow_null=True)
    number = serializers.CharField(allow_blank=True)
    voucher_id = serializers.IntegerField(allow_null=True)
    account = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    debit = serializers.CharField()
    credit = serializers.CharField()
    direction = serializers.CharField()
    balance = serializers.CharField()
    pending = serializers.BooleanField()


class LedgerSerializer(serializers.Serializer):
    title = serializers.CharField()
    subject = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField(allow_null=True)
    pending = serializers.BooleanField()
    entries = LedgerEntrySerializer(many=True)


class BankItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    summary = serializers.CharField(allow_blank=True)
    counterparty = serializers.CharField(allow_blank=True, required=False)
    voucher = serializers.CharField(allow_blank=True, required=False)
    amount = serializers.CharField()


class ReconciliationSerializer(serializers.Serializer):
    account = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    book_balance = serializers.CharField()
    bank_balance = serializers.CharField(allow_null=True)
    bank_received_not_booked = BankItemSerializer(many=True)
    bank_paid_not_booked = BankItemSerializer(many=True)
    booked_received_not_in_bank = BankItemSerializer(many=True)
    booked_paid_not_in_bank = BankItemSerializer(many=True)
    adjusted_book_balance = serializers.CharField()
    adjusted_bank_balance = serializers.CharField(allow_null=True)
    balanced = serializers.BooleanField()
    done = serializers.BooleanField()


class VoucherFileSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.SerializerMethodField()

    class Meta:
        model = VoucherAttachment
        fields = ["id", "name", "size", "content_type", "uploaded_by", "uploaded_at"]
        read_only_fields = fields

    def get_uploaded_by(self, obj) -> str:
        return str(obj.uploaded_by) if obj.uploaded_by_id else ""


class VoucherUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPG, PNG or .xlsx, at most 20 MB")


class BankStatementUploadSerializer(serializers.Serializer):
    account = serializers.CharField(help_text="bank account code, e.g. 10201")
    file = serializers.FileField(help_text="the bank's statement, .xlsx, .xls or .csv, ≤ 2 MB")
    dry_run = serializers.BooleanField(
        default=False, help_text="only say what importing would do (the preview)"
    )


class BankStatementLinePreviewSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    date = serializers.DateField()
    summary = serializers.CharField(allow_blank=True)
    counterparty = serializers.CharField(allow_blank=True)
    receipt = serializers.CharField()
    payment = serializers.CharField()
    balance = serializers.CharField(allow_null=True)
    known = serializers.BooleanField(help_text="imported before: left as it is")


class BankStatementImportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    imported = serializers.IntegerField(help_text="transactions written (0 in a dry run)")
    new = serializers.IntegerField(help_text="transactions not imported before")
    known = serializers.IntegerField(help_text="transactions imported before")
    notes = serializers.ListField(child=serializers.CharField())
    lines = BankStatementLinePreviewSerializer(many=True)


class BankAccountSerializer(serializers.Serializer):
    account = serializers.CharField(help_text="bank account code, e.g. 10201")


class BankMatchSerializer(BankAccountSerializer):
    bank_line = serializers.IntegerField(help_text="id of the bank transaction")
    voucher_line = serializers.IntegerField(help_text="id of the posted voucher line")


class BankUnmatchSerializer(BankAccountSerializer):
    bank_line = serializers.IntegerField(help_text="id of the bank transaction")


class BankDoneSerializer(BankAccountSerializer):
    done = serializers.BooleanField(default=True, help_text="false opens the month again")


class NoteTableSerializer(serializers.Serializer):
    caption = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class NoteItemSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    heading = serializers.CharField()
    text = serializers.CharField(allow_blank=True)
    tables = NoteTableSerializer(many=True)


class NoteWriteSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
