"""Read-only API of the ledgers and the bank reconciliation: the same selectors as the
pages (gonghui.finance.ledgers, gonghui.finance.bank), answered as JSON."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema

from gonghui.api.viewsets import OrgViewSet
from gonghui.core.params import check_month, check_year, month_param

from . import bank
from . import serializers as s
from .ledgers import KINDS, build_ledger, subject_choices, subject_param

READ = "finance.books:read"
PARAMS = [
    OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=KINDS),
    OpenApiParameter("month", OpenApiTypes.INT, description="1–12; the whole year when absent"),
    OpenApiParameter("account", OpenApiTypes.STR, description="account code (journals, ledgers)"),
    OpenApiParameter("project", OpenApiTypes.INT, description="project id (project ledger)"),
    OpenApiParameter("fund", OpenApiTypes.INT, description="fund id (fund ledger)"),
    OpenApiParameter("pending", OpenApiTypes.BOOL, description="include vouchers not posted"),
]


class LedgerViewSet(OrgViewSet):
    operation_prefix = "finance_ledgers"
    permissions = {"retrieve": READ}
    serializer_class = s.LedgerSerializer

    @extend_schema(
        summary="A ledger (日记账, 总分类账, 明细账, 辅助账) of a year", parameters=PARAMS
    )
    def retrieve(self, request, *args, **kwargs):
        kind, year = kwargs["kind"], check_year(kwargs["year"])
        if kind not in KINDS:
            raise Http404
        param = subject_param(kind)
        choices = subject_choices(self.org, kind)
        subject = request.query_params.get(param) or (choices[0][0] if choices else "")
        pending = request.query_params.get("pending") in ("1", "true", "True")
        ledger = build_ledger(
            self.org, kind, subject=subject, year=year, month=month_param(request), pending=pending
        )
        if ledger is None:
            raise Http404
        data = {
            "title": ledger.title,
            "subject": ledger.subject,
            "year": ledger.year,
            "month": ledger.month,
            "pending": ledger.pending,
            "entries": [e.as_json() for e in ledger.entries],
        }
        return self.respond(data)


class ReconciliationViewSet(OrgViewSet):
    operation_prefix = "finance_bank"
    permissions = {"retrieve": READ}
    serializer_class = s.ReconciliationSerializer

    @extend_schema(
        summary="The bank reconciliation (余额调节表) of a month (?account=)",
        parameters=[OpenApiParameter("account", OpenApiTypes.STR)],
    )
    def retrieve(self, request, *args, **kwargs):
        year, month = check_year(kwargs["year"]), check_month(kwargs["month"])
        codes = [a.code for a in bank.bank_accounts(self.org)]
        account = request.query_params.get("account") or codes[0]
        if account not in codes:
            raise Http404
        return self.respond(bank.reconciliation(self.org, account, year, month).as_json())
