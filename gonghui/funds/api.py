"""API of the funds, views of the books: the pages' actions, for scripts and clients.

Same rules as the pages: funds and ledger lines (an entry's id is its voucher line's) come
through the scoped selectors (another union's ids answer 404), every change runs through
services.py (row lock, balance check, a voucher, audit entries with source "api"); a
refusal answers 400 through the project's exception handler. Amounts travel as strings
with two decimals ("1234.50"); numbers are accepted on input.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status

from gonghui.api.viewsets import OrgViewSet, file_answers, service_action
from gonghui.core.files import PDF, XLSX, file_response
from gonghui.core.params import check_year

from . import selectors, services
from . import serializers as s

READ, WRITE = "funds.ledger:read", "funds.ledger:write"
CREATED = status.HTTP_201_CREATED


class FundViewSet(OrgViewSet):
    operation_prefix = "funds"
    permissions = {
        **dict.fromkeys(["list", "retrieve", "ledger", "ledger_xlsx", "ledger_pdf"], READ),
        **dict.fromkeys(["create", "set_active", "income", "payout"], WRITE),
    }
    serializer_class = s.FundSerializer
    lookup_url_kwarg = "fund_id"
    file_actions = {"ledger_xlsx": ((XLSX, "xlsx"),), "ledger_pdf": ((PDF, "pdf"),)}

    def get_queryset(self):
        return selectors.funds()

    @extend_schema(
        summary="The funds of the union (of the subtree for an upper union) with balances",
        parameters=[
            OpenApiParameter("closed", OpenApiTypes.BOOL, description="Include closed funds")
        ],
    )
    def list(self, request, *args, **kwargs):
        closed = (request.query_params.get("closed") or "").lower() in ("1", "true")
        return self.paginated(selectors.funds_with_balances(self.org, include_inactive=closed))

    @extend_schema(summary="Open a fund in this union", request=s.FundCreateSerializer)
    def create(self, request, *args, **kwargs):
        data = self.validated(s.FundCreateSerializer)
        fund = services.fund_create(actor=request.user, org=self.org, **data)
        return self.respond(fund, status_code=CREATED)

    @extend_schema(
        summary="Close a fund (its balance must be zero) or reopen it",
        request={
            "application/json": {"type": "object", "properties": {"active": {"type": "boolean"}}}
        },
    )
    def set_active(self, request, *args, **kwargs):
        fund, active = self.get_object(), request.data.get("active")
        if not isinstance(active, bool):
            raise exceptions.ValidationError({"active": ["true or false"]})
        return self.respond(services.fund_set_active(actor=request.user, fund=fund, active=active))

    @extend_schema(
        summary="A fund's ledger for a year: opening balance, entries with running balance, totals",
        responses=s.FundLedgerSerializer,
    )
    def ledger(self, request, *args, **kwargs):
        book = selectors.ledger(self.get_object(), check_year(kwargs["year"]))
        return self.respond(book, serializer_class=s.FundLedgerSerializer)

    income = service_action(
        services.fund_income,
        target="fund",
        body=s.FundEntryCreateSerializer,
        returns=s.FundEntrySerializer,
        status_code=CREATED,
        summary="Record income into the fund (a voucher, handed in for review)",
    )
    payout = service_action(
        services.fund_payout,
        target="fund",
        body=s.FundPayoutCreateSerializer,
        returns=s.FundEntrySerializer,
        status_code=CREATED,
        summary="Pay out of the fund (a voucher; refused above the balance)",
    )

    def export(self, request, fmt: str, year):
        name, content, media_type = services.ledger_export(
            actor=request.user, fund=self.get_object(), year=check_year(year), fmt=fmt
        )
        return file_response(content, filename=name, content_type=media_type)

    @extend_schema(
        summary="The ledger of a year as .xlsx (opening, running balance, totals, 大写, 核对 column)",
        responses=file_answers(XLSX),
    )
    def ledger_xlsx(self, request, *args, **kwargs):
        return self.export(request, "xlsx", kwargs["year"])

    @extend_schema(summary="The ledger of a year as PDF", responses=file_answers(PDF))
    def ledger_pdf(self, request, *args, **kwargs):
        return self.export(request, "pdf", kwargs["year"])


class EntryViewSet(OrgViewSet):
    operation_prefix = "funds_entry"
    permissions = {"retrieve": READ, "reverse": WRITE}
    serializer_class = s.FundEntrySerializer
    lookup_url_kwarg = "fund_entry_id"

    def get_queryset(self):
        return selectors.entries()

    def get_object(self):
        return selectors.entry(super().get_object())

    reverse = service_action(
        services.fund_entry_reverse,
        target="entry",
        body=s.FundReverseSerializer,
        returns=s.FundEntrySerializer,
        status_code=CREATED,
        summary="Reverse an entry by a 红字 voucher (冲销): once; a reversal is not reversed",
    )
