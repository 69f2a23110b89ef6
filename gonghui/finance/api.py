"""API of the books: the pages' actions for scripts and other clients.

Same rules as the pages: rows come through the scoped selectors (another union's ids
answer 404), every change runs through services.py (locks, four eyes, audit entry with
the caller and source "api"), a refusal answers 400 `{"detail", "field"}`.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.viewsets import OrgViewSet, file_answers, service_action
from gonghui.core.files import PDF, XLSX, file_response, serve_file
from gonghui.core.params import check_month, check_year, month_param, year_param

from . import selectors, services, services_attachments
from . import serializers as s

READ = "finance.books:read"
PREPARE, REVIEW, POST = "finance.voucher:prepare", "finance.voucher:review", "finance.voucher:post"
REOPEN, STATEMENTS = "finance.period:reopen", "finance.statements:read"
CREATED = status.HTTP_201_CREATED


class VoucherViewSet(OrgViewSet):
    operation_prefix = "finance_vouchers"
    permissions = {
        **dict.fromkeys(["list", "retrieve"], READ),
        **dict.fromkeys(["create", "partial_update", "destroy", "submit", "void"], PREPARE),
        **dict.fromkeys(["review", "reject"], REVIEW),
        **dict.fromkeys(["post", "reverse"], POST),
    }
    serializer_class = s.VoucherDetailSerializer
    lookup_url_kwarg = "voucher_id"
    paged_actions = ("list",)

    def get_queryset(self):
        return selectors.vouchers(self.org).prefetch_related("lines__project", "lines__fund")

    def serializer_for(self, obj=None):
        return s.VoucherSerializer if obj is None else s.VoucherDetailSerializer

    @extend_schema(
        summary="The union's vouchers, newest first (without their lines)",
        responses=s.VoucherSerializer(many=True),
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter("month", OpenApiTypes.INT),
            OpenApiParameter("state", OpenApiTypes.STR, description="draft, submitted, …"),
            OpenApiParameter(
                "import_batch",
                OpenApiTypes.INT,
                description="Only the vouchers this import (imports batch id) brought in, "
                "in the order of their numbers",
            ),
        ],
    )
    def list(self, request, *args, **kwargs):
        year, month = year_param(request, None), month_param(request)
        state = request.query_params.get("state") or ""
        batch = request.query_params.get("import_batch") or ""
        if batch and not (batch.isascii() and batch.isdigit() and len(batch) <= 12):
            raise exceptions.ValidationError({"import_batch": [_("Give the id of an import.")]})
        rows = selectors.vouchers(
            self.org, year=year, month=month, state=state, import_batch=int(batch or 0) or None
        )
        if batch:
            rows = rows.order_by("year", "month", "seq", "id")
        return self.paginated(rows, s.VoucherSerializer)

    @extend_schema(
        summary="Prepare a voucher (a draft: balanced, on leaf accounts of the chart)",
        request=s.VoucherWriteSerializer,
        responses={201: s.VoucherDetailSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = self.validated(s.VoucherWriteSerializer)
        voucher = services.voucher_create(actor=request.user, org=self.org, **data)
        return self.respond(self.get_queryset().get(pk=voucher.pk), status_code=CREATED)

    @extend_schema(
        summary="Rewrite a draft or a returned voucher (all fields and lines)",
        request=s.VoucherWriteSerializer,
    )
    def partial_update(self, request, *args, **kwargs):
        voucher = self.get_object()
        data = self.validated(s.VoucherWriteSerializer)
        services.voucher_update(actor=request.user, voucher=voucher, **data)
        return self.respond(self.get_object())

    @extend_schema(summary="Delete a draft (a numbered voucher is voided instead)")
    def destroy(self, request, *args, **kwargs):
        services.voucher_delete(actor=request.user, voucher=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    submit = service_action(
        services.voucher_submit,
        target="voucher",
        body=s.VoucherSubmitSerializer,
        summary="Hand in for review; numbers it",
    )
    review = service_action(
        services.voucher_review,
        target="voucher",
        summary="Review (审核) a voucher someone else prepared",
    )
    reject = service_action(
        services.voucher_reject,
        target="voucher",
        body=s.VoucherReasonSerializer,
        summary="Return a voucher to its preparer with the reason",
    )
    post = service_action(services.voucher_post, target="voucher", summary="Post (记账)")
    void = service_action(
        services.voucher_void,
        target="voucher",
        body=s.VoucherReasonSerializer,
        summary="Void (作废) a numbered voucher; it keeps its number",
    )
    reverse = service_action(
        services.voucher_reverse,
        target="voucher",
        body=s.VoucherReverseSerializer,
        status_code=CREATED,
        summary="Write the 红字 reversal of a posted voucher (handed in for review)",
    )


class VoucherFileViewSet(OrgViewSet):
    """A voucher's original documents (原始凭证): listed, added and removed while the
    voucher is not yet reviewed, downloaded by whoever reads the books."""

    operation_prefix = "finance_voucher_files"
    permissions = {
        **dict.fromkeys(["list", "retrieve"], READ),
        **dict.fromkeys(["create", "destroy"], PREPARE),
    }
    serializer_class = s.VoucherFileSerializer
    lookup_url_kwarg = "voucher_file_id"
    parser_classes = [MultiPartParser, FormParser]

    def voucher(self):
        return get_object_or_404(selectors.vouchers(self.org), pk=self.kwargs["voucher_id"])

    def get_queryset(self):
        return self.voucher().files.select_related("uploaded_by")

    @extend_schema(
        summary="Attach a file (a receipt's photo or scan, a PDF, an Excel list)",
        request={"multipart/form-data": s.VoucherUploadSerializer},
        responses={201: s.VoucherFileSerializer},
    )
    def create(self, request, *args, **kwargs):
        voucher = self.voucher()  # another union's voucher is a 404 before the body is read
        upload = self.validated(s.VoucherUploadSerializer)["file"]
        att = services_attachments.voucher_attach(
            actor=request.user, voucher=voucher, upload=upload
        )
        return self.respond(att, status_code=CREATED)

    @extend_schema(summary="The file itself", responses=file_answers("*/*"))
    def retrieve(self, request, *args, **kwargs):
        att = self.get_object()
        return serve_file(att.file, att.name, att.content_type)

    @extend_schema(summary="Remove a file (before the voucher is reviewed)")
    def destroy(self, request, *args, **kwargs):
        services_attachments.voucher_detach(actor=request.user, attachment=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class PeriodViewSet(OrgViewSet):
    operation_prefix = "finance_periods"
    permissions = {"list": READ, "close": POST, "reopen": REOPEN, "year_close": POST}
    serializer_class = s.PeriodSerializer

    def action_kwargs(self) -> dict:
        month = {"month": check_month(self.kwargs["month"])} if "month" in self.kwargs else {}
        return {"org": self.org, "year": check_year(self.kwargs["year"]), **month}

    @extend_schema(summary="The twelve months of a year and whether each is closed")
    def list(self, request, *args, **kwargs):
        return self.respond(selectors.periods(self.org, check_year(kwargs["year"])), many=True)

    close = service_action(
        services.period_close, summary="Close (结账) a month: in order, nothing waiting"
    )
    reopen = service_action(
        services.period_reopen,
        body=s.VoucherReasonSerializer,
        returns=s.PeriodListSerializer,
        summary="Reopen (反结账) a month and every later one, with the reason",
    )

    year_close = service_action(
        services.year_close,
        returns=s.VoucherDetailSerializer,
        status_code=CREATED,
        summary="Year-end closing (年末结转) of income and expense into 321 and 322",
    )


class AccountViewSet(OrgViewSet):
    operation_prefix = "finance_accounts"
    permissions = {"list": READ, "create": POST, "retire": POST}
    serializer_class = s.AccountSerializer

    @extend_schema(summary="The chart this union books on: built-in and sub-accounts")
    def list(self, request, *args, **kwargs):
        return self.respond(selectors.chart_rows(self.org), many=True)

    @extend_schema(
        summary="Add a sub-account (明细科目) for this union and its subtree",
        request=s.SubAccountCreateSerializer,
        responses={201: s.AccountSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = self.validated(s.SubAccountCreateSerializer)
        sub = services.subaccount_create(actor=request.user, org=self.org, **data)
        row = next(r for r in selectors.chart_rows(self.org) if r["code"] == sub.code)
        return self.respond(row, status_code=CREATED)

    @extend_schema(summary="Retire (停用) a sub-account added here", request=None)
    def retire(self, request, *args, **kwargs):
        services.subaccount_retire(actor=request.user, org=self.org, code=kwargs["code"])
        return self.respond(
            next(r for r in selectors.chart_rows(self.org) if r["code"] == kwargs["code"])
        )


class ProjectViewSet(OrgViewSet):
    operation_prefix = "finance_projects"
    permissions = {"list": READ, "create": PREPARE}
    serializer_class = s.ProjectSerializer

    def get_queryset(self):
        return selectors.projects(self.org)

    def perform_create(self, data):
        return services.project_create(actor=self.request.user, org=self.org, **data)


class StatementViewSet(OrgViewSet):
    operation_prefix = "finance_statements"
    permissions = {
        "retrieve": STATEMENTS,
        "xlsx": STATEMENTS,
        "pdf": STATEMENTS,
        "trial_balance": READ,
    }
    serializer_class = s.StatementsSerializer
    file_actions = {"xlsx": ((XLSX, "xlsx"),), "pdf": ((PDF, "pdf"),)}

    def _file(self, fmt: str):
        year, month = check_year(self.kwargs["year"]), month_param(self.request)
        name, content, media_type = services.statements_export(
            actor=self.request.user, org=self.org, year=year, month=month, fmt=fmt
        )
        return file_response(content, filename=name, content_type=media_type)

    @extend_schema(summary="工会01 and 工会02 as one .xlsx (?month=)", responses=file_answers(XLSX))
    def xlsx(self, request, *args, **kwargs):
        return self._file("xlsx")

    @extend_schema(
        summary="工会01 and 工会02 as PDF with the signature lines (?month=)",
        responses=file_answers(PDF),
    )
    def pdf(self, request, *args, **kwargs):
        return self._file("pdf")

    @extend_schema(
        summary="工会01 and 工会02 of a month (?month=) or of the year",
        parameters=[OpenApiParameter("month", OpenApiTypes.INT)],
    )
    def retrieve(self, request, *args, **kwargs):
        year, month = check_year(kwargs["year"]), month_param(request)
        result = selectors.statement_set(self.org, year, month)
        return self.respond(result.as_json())

    @extend_schema(
        summary="The trial balance (科目余额表) of a month",
        responses=s.TrialBalanceRowSerializer(many=True),
    )
    def trial_balance(self, request, *args, **kwargs):
        year, month = check_year(kwargs["year"]), check_month(kwargs["month"])
        rows = selectors.trial_balance(self.org, year, month)
        return self.respond(rows, many=True, serializer_class=s.TrialBalanceRowSerializer)
