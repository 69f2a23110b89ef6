"""API of the funds ledger: the pages' actions, for scripts and the other modules' clients.

Same rules as the pages: funds and entries are fetched through the scoped managers
(another union's ids answer 404), every change runs through services.py (row lock,
balance check, audit entry with the caller and source "api"). Amounts travel as strings
with two decimals ("1234.50"); numbers are accepted on input.
"""

from __future__ import annotations

import io
from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView
from gonghui.core.params import check_year

from . import selectors, services
from . import serializers as s
from .exports import PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE, export_ledger, ledger_filename
from .models import Fund, FundEntry

TAG = "funds"
READ, WRITE = "funds.ledger:read", "funds.ledger:write"
REFUSED = OpenApiResponse(description='Refused by a ledger rule: {"detail": "..."}')


def _fund(fund_id: int) -> Fund:
    return get_object_or_404(Fund.objects.select_related("org"), pk=fund_id)


def _entry(fund_entry_id: int) -> FundEntry:
    return get_object_or_404(
        FundEntry.objects.select_related("fund", "fund__org", "reverses", "created_by"),
        pk=fund_entry_id,
    )


def _refused(exc: services.FundError) -> exceptions.ValidationError:
    return exceptions.ValidationError({"detail": str(exc)})


def _valid(serializer_class, request) -> dict:
    ser = serializer_class(data=request.data)
    ser.is_valid(raise_exception=True)
    return dict(ser.validated_data)


class FundListAPI(OrgAPIView):
    permissions = {"GET": READ, "POST": WRITE}

    @extend_schema(
        tags=[TAG],
        operation_id="funds_list",
        summary="The funds of the union (of the subtree for an upper union) with balances",
        parameters=[
            OpenApiParameter("closed", OpenApiTypes.BOOL, description="Include closed funds")
        ],
        responses=s.FundSerializer(many=True),
    )
    def get(self, request, org_code):
        closed = (request.query_params.get("closed") or "").lower() in ("1", "true")
        funds = selectors.funds_with_balances(self.org, include_inactive=closed)
        return Response(s.FundSerializer(funds, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="funds_create",
        summary="Open a fund in this union",
        request=s.FundCreateSerializer,
        responses={201: s.FundSerializer, 400: REFUSED},
    )
    def post(self, request, org_code):
        data = _valid(s.FundCreateSerializer, request)
        try:
            fund = services.fund_create(actor=request.user, org=self.org, **data)
        except services.FundError as exc:
            raise _refused(exc) from exc
        return Response(s.FundSerializer(fund).data, status=status.HTTP_201_CREATED)


class FundAPI(OrgAPIView):
    permissions = {"GET": READ}

    @extend_schema(tags=[TAG], operation_id="funds_read", responses=s.FundSerializer)
    def get(self, request, org_code, fund_id):
        return Response(s.FundSerializer(_fund(fund_id)).data)


class FundActiveAPI(OrgAPIView):
    permissions = {"POST": WRITE}

    @extend_schema(
        tags=[TAG],
        operation_id="funds_set_active",
        summary="Close a fund (its balance must be zero) or reopen it",
        request={
            "application/json": {"type": "object", "properties": {"active": {"type": "boolean"}}}
        },
        responses={200: s.FundSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, fund_id):
        fund = _fund(fund_id)
        active = request.data.get("active")
        if not isinstance(active, bool):
            raise exceptions.ValidationError({"active": ["true or false"]})
        try:
            fund = services.fund_set_active(actor=request.user, fund=fund, active=active)
        except services.FundError as exc:
            raise _refused(exc) from exc
        return Response(s.FundSerializer(fund).data)


class LedgerAPI(OrgAPIView):
    permissions = {"GET": READ}

    @extend_schema(
        tags=[TAG],
        operation_id="funds_ledger",
        summary="A fund's ledger for a year: opening balance, entries with running balance, totals",
        responses=s.FundLedgerSerializer,
    )
    def get(self, request, org_code, fund_id, year):
        book = selectors.ledger(_fund(fund_id), check_year(year))
        balances = {row.entry.pk: row.balance for row in book.rows}
        rows = s.FundLedgerRowSerializer(
            [row.entry for row in book.rows], many=True, context={"balances": balances}
        ).data
        return Response(
            {
                "fund": s.FundSerializer(book.fund).data,
                "year": book.year,
                "opening": f"{book.opening:.2f}",
                "income": f"{book.income:.2f}",
                "expense": f"{book.expense:.2f}",
                "closing": f"{book.closing:.2f}",
                "rows": rows,
            }
        )


class _EntryCreateAPI(OrgAPIView):
    permissions = {"POST": WRITE}
    service = staticmethod(services.fund_income)

    def post(self, request, org_code, fund_id):
        fund = _fund(fund_id)
        data = _valid(s.FundEntryCreateSerializer, request)
        try:
            entry = type(self).service(actor=request.user, fund=fund, **data)
        except services.FundError as exc:
            raise _refused(exc) from exc
        return Response(s.FundEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class IncomeAPI(_EntryCreateAPI):
    service = staticmethod(services.fund_income)

    @extend_schema(
        tags=[TAG],
        operation_id="funds_income",
        summary="Record income into the fund",
        request=s.FundEntryCreateSerializer,
        responses={201: s.FundEntrySerializer, 400: REFUSED},
    )
    def post(self, request, org_code, fund_id):
        return super().post(request, org_code, fund_id)


class PayoutAPI(_EntryCreateAPI):
    service = staticmethod(services.fund_payout)

    @extend_schema(
        tags=[TAG],
        operation_id="funds_payout",
        summary="Pay out of the fund (refused above the balance)",
        request=s.FundEntryCreateSerializer,
        responses={201: s.FundEntrySerializer, 400: REFUSED},
    )
    def post(self, request, org_code, fund_id):
        return super().post(request, org_code, fund_id)


class EntryAPI(OrgAPIView):
    permissions = {"GET": READ}

    @extend_schema(tags=[TAG], operation_id="funds_entry_read", responses=s.FundEntrySerializer)
    def get(self, request, org_code, fund_entry_id):
        return Response(s.FundEntrySerializer(_entry(fund_entry_id)).data)


class EntryReverseAPI(OrgAPIView):
    permissions = {"POST": WRITE}

    @extend_schema(
        tags=[TAG],
        operation_id="funds_entry_reverse",
        summary="Reverse an entry (冲销): once per entry; a reversal is not reversed",
        request=s.FundReverseSerializer,
        responses={201: s.FundEntrySerializer, 400: REFUSED},
    )
    def post(self, request, org_code, fund_entry_id):
        entry = _entry(fund_entry_id)
        data = _valid(s.FundReverseSerializer, request)
        try:
            rev = services.fund_entry_reverse(actor=request.user, entry=entry, **data)
        except services.FundError as exc:
            raise _refused(exc) from exc
        return Response(s.FundEntrySerializer(rev).data, status=status.HTTP_201_CREATED)


class _FileRenderer(BaseRenderer):
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class XlsxRenderer(_FileRenderer):
    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"


class PdfRenderer(_FileRenderer):
    media_type = PDF_CONTENT_TYPE
    format = "pdf"


class _ExportAPI(OrgAPIView):
    permissions = {"GET": READ}
    fmt = "xlsx"

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors (403, 404 …) answer JSON even when the client asked for the file type.
        if isinstance(response, Response):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def get(self, request, org_code, fund_id, year):
        fund, year = _fund(fund_id), check_year(year)
        if self.fmt == "xlsx":
            buf = io.BytesIO()
            export_ledger(buf, user=request.user, fund=fund, year=year, fmt="xlsx")
            body, content_type = buf.getvalue(), XLSX_CONTENT_TYPE
        else:
            body = export_ledger(None, user=request.user, fund=fund, year=year, fmt="pdf")
            content_type = PDF_CONTENT_TYPE
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote(ledger_filename(fund, year, self.fmt))}"
        )
        return response


class ExportXlsxAPI(_ExportAPI):
    renderer_classes = [JSONRenderer, XlsxRenderer]
    fmt = "xlsx"

    @extend_schema(
        tags=[TAG],
        operation_id="funds_ledger_xlsx",
        summary="The ledger of a year as .xlsx (opening, running balance, totals, 大写, 核对 column)",
        responses={(200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request, org_code, fund_id, year):
        return super().get(request, org_code, fund_id, year)


class ExportPdfAPI(_ExportAPI):
    renderer_classes = [JSONRenderer, PdfRenderer]
    fmt = "pdf"

    @extend_schema(
        tags=[TAG],
        operation_id="funds_ledger_pdf",
        summary="The ledger of a year as PDF",
        responses={(200, PDF_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request, org_code, fund_id, year):
        return super().get(request, org_code, fund_id, year)
