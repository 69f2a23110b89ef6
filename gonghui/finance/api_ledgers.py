"""API of the ledgers, the bank reconciliation and the notes to the statements (附注): the
same selectors and services as the pages (gonghui.finance.ledgers, gonghui.finance.bank,
services_bank, notes), answered as JSON. The month and the account of the bank's actions
travel as on the pages: the month in the path, the account in the body."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from gonghui.api.viewsets import OrgViewSet, file_answers
from gonghui.core.files import DOCX, file_response
from gonghui.core.params import check_month, check_year, month_param

from . import bank, notes, services_bank, services_reports
from . import serializers as s
from .ledgers import KINDS, build_ledger, subject_choices, subject_param
from .models import VoucherLine

READ = "finance.books:read"
RECONCILE = "finance.bank:reconcile"
# As on the pages: the notes are read with the statements and written by the accountant.
NOTES_READ, NOTES_WRITE = "finance.statements:read", "finance.voucher:post"
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


def _account(org, data: dict) -> str:
    code = data.get("account") or ""
    if code not in [a.code for a in bank.bank_accounts(org)]:
        raise Http404
    return code


class BankViewSet(OrgViewSet):
    """The bank reconciliation's actions: import a statement (or preview it), match
    automatically or by hand, undo a match, mark the month done or open it again."""

    operation_prefix = "finance_bank_actions"
    permissions = dict.fromkeys(["statement", "auto_match", "match", "unmatch", "done"], RECONCILE)
    serializer_class = s.ReconciliationSerializer
    # The statement comes as a file, the other actions' bodies as JSON (or a form).
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _answer(self, account: str):
        year, month = check_year(self.kwargs["year"]), check_month(self.kwargs["month"])
        return self.respond(bank.reconciliation(self.org, account, year, month).as_json())

    @extend_schema(
        summary="Import a bank statement whole (or with dry_run, only preview it)",
        request={"multipart/form-data": s.BankStatementUploadSerializer},
        responses=s.BankStatementImportSerializer,
    )
    def statement(self, request, *args, **kwargs):
        data = self.validated(s.BankStatementUploadSerializer)
        answer = services_bank.bank_statement_receive(
            actor=request.user,
            org=self.org,
            account_code=_account(self.org, data),
            upload=data["file"],
            dry_run=data["dry_run"],
        )
        return self.respond(answer, serializer_class=s.BankStatementImportSerializer)

    @extend_schema(
        summary="Match the account's bank transactions to the books automatically",
        request=s.BankAccountSerializer,
    )
    def auto_match(self, request, *args, **kwargs):
        account = _account(self.org, self.validated(s.BankAccountSerializer))
        services_bank.bank_auto_match(actor=request.user, org=self.org, account_code=account)
        return self._answer(account)

    @extend_schema(
        summary="Match one bank transaction to one posted voucher line by hand",
        request=s.BankMatchSerializer,
    )
    def match(self, request, *args, **kwargs):
        data = self.validated(s.BankMatchSerializer)
        account = _account(self.org, data)
        try:
            line = bank.bank_lines_of(self.org, data["bank_line"])
            book = (
                VoucherLine.objects.filter(org=self.org)
                .select_related("voucher")
                .get(pk=data["voucher_line"])
            )
        except (VoucherLine.DoesNotExist, bank.BankStatementLine.DoesNotExist) as exc:
            raise Http404 from exc
        services_bank.bank_match(
            actor=request.user, org=self.org, bank_line=line, voucher_line=book
        )
        return self._answer(account)

    @extend_schema(summary="Undo a bank transaction's match", request=s.BankUnmatchSerializer)
    def unmatch(self, request, *args, **kwargs):
        data = self.validated(s.BankUnmatchSerializer)
        account = _account(self.org, data)
        try:
            line = bank.bank_lines_of(self.org, data["bank_line"])
        except bank.BankStatementLine.DoesNotExist as exc:
            raise Http404 from exc
        services_bank.bank_unmatch(actor=request.user, org=self.org, bank_line=line)
        return self._answer(account)

    @extend_schema(
        summary="Mark the month's reconciliation done (its balances agree), or open it again",
        request=s.BankDoneSerializer,
    )
    def done(self, request, *args, **kwargs):
        data = self.validated(s.BankDoneSerializer)
        account = _account(self.org, data)
        services_bank.bank_reconciliation_done(
            actor=request.user,
            org=self.org,
            account_code=account,
            year=check_year(kwargs["year"]),
            month=check_month(kwargs["month"]),
            done=data["done"],
        )
        return self._answer(account)


def _item_json(item: notes.Item) -> dict:
    def cell(value):
        return f"{value:.2f}" if isinstance(value, Decimal) else str(value)

    return {
        "number": item.number,
        "heading": item.heading,
        "text": item.text,
        "tables": [
            {"caption": caption, "columns": columns, "rows": [[cell(v) for v in r] for r in rows]}
            for caption, columns, rows in item.tables
        ],
    }


class NotesViewSet(OrgViewSet):
    """The notes to the annual statements (附注): eight items, each with the union's text
    and the figures the books give."""

    operation_prefix = "finance_notes"
    permissions = {"list": NOTES_READ, "docx": NOTES_READ, "update": NOTES_WRITE}
    serializer_class = s.NoteItemSerializer
    file_actions = {"docx": ((DOCX, "docx"),)}

    @extend_schema(
        summary="The eight items of a year's notes", responses=s.NoteItemSerializer(many=True)
    )
    def list(self, request, *args, **kwargs):
        year = check_year(kwargs["year"])
        items = [_item_json(i) for i in notes.notes(self.org, year)]
        return self.respond(items, many=True)

    @extend_schema(
        summary="Write the union's text of one item (1–8)",
        request=s.NoteWriteSerializer,
        responses=s.NoteItemSerializer,
    )
    def update(self, request, *args, **kwargs):
        year, item = check_year(kwargs["year"]), kwargs["item"]
        text = self.validated(s.NoteWriteSerializer)["text"]
        services_reports.note_save(
            actor=request.user, org=self.org, year=year, item=item, text=text
        )
        found = [i for i in notes.notes(self.org, year) if i.number == item]
        return self.respond(_item_json(found[0]))

    @extend_schema(summary="The notes as a Word document", responses=file_answers(DOCX))
    def docx(self, request, *args, **kwargs):
        name, content = services_reports.notes_export(
            actor=request.user, org=self.org, year=check_year(kwargs["year"])
        )
        return file_response(content, filename=name, content_type=DOCX)
