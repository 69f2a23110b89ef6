"""API of the dues: the pages' actions through the same scoped selectors and services."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions

from gonghui.api.viewsets import OrgViewSet, file_answers, service_action
from gonghui.core.files import XLSX, file_response
from gonghui.core.params import check_month, check_year, month_param, year_param
from gonghui.members.selectors import own_member

from . import selectors, services
from . import serializers as s

WRITE, COLLECT, SELF = "finance.dues:write", "finance.dues:collect", "self:read"
FULL = OpenApiParameter("full", str, enum=["1"], description="Full ID numbers (with the right)")


class DuesMonthViewSet(OrgViewSet):
    operation_prefix = "dues_months"
    permissions = dict.fromkeys("retrieve generate deductions deducted post".split(), WRITE)
    serializer_class = s.DuesMonthSerializer
    file_actions = {"deductions": ((XLSX, "xlsx"),)}

    def action_kwargs(self) -> dict:
        year, month = check_year(self.kwargs["year"]), check_month(self.kwargs["month"])
        return {"org": self.org, "year": year, "month": month}

    @extend_schema(summary="A month's lines per state, totals and the voucher that booked it")
    def retrieve(self, request, *args, **kwargs):
        return self.respond(selectors.month_summary(**self.action_kwargs()))

    generate = service_action(services.dues_month_generate, summary="Lines from the roster")
    post = service_action(services.dues_month_post, body=s.DuesPostSerializer, summary="Book")
    deducted = service_action(
        services.dues_deductions_import,
        body=s.DuesDeductedSerializer,
        returns=s.DuesDeductionSerializer,
    )

    @extend_schema(parameters=[FULL], responses=file_answers(XLSX))
    def deductions(self, request, *args, **kwargs):
        full = request.query_params.get("full") == "1" and self.access.has("members.sensitive:read")
        export = services.dues_deductions_export
        name, content = export(actor=request.user, full_ids=full, **self.action_kwargs())
        return file_response(content, filename=name, content_type=XLSX)


class DuesLineViewSet(OrgViewSet):
    operation_prefix = "dues_lines"
    permissions = {"list": COLLECT, "retrieve": COLLECT, "pay": COLLECT, "exempt": WRITE}
    serializer_class = s.DuesLineSerializer
    lookup_url_kwarg = "dues_line_id"
    paged_actions = ("list",)

    def get_queryset(self):
        return selectors.lines(self.org)

    @extend_schema(parameters=[OpenApiParameter(p, str) for p in ("year", "month", "state", "q")])
    def list(self, request, *args, **kwargs):
        p, year, month = request.query_params, year_param(request, None), month_param(request)
        first = dt.date(year, month, 1) if year and month else None
        rows = selectors.lines(self.org, month=first, state=p.get("state", ""), q=p.get("q", ""))
        return self.paginated(rows)

    pay = service_action(services.dues_cash_record, target="line", body=s.DuesPaySerializer)
    exempt = service_action(services.dues_exempt, target="line", body=s.DuesExemptSerializer)


class DuesUnionViewSet(OrgViewSet):
    operation_prefix = "dues"
    permissions = {"arrears": COLLECT, "settings_read": WRITE, "settings_update": WRITE}
    serializer_class = s.DuesSettingsSerializer
    paged_actions = ("arrears",)

    def action_kwargs(self) -> dict:
        return {"org": self.org}

    @extend_schema(responses=s.DuesArrearsSerializer(many=True), summary="Longest run first")
    def arrears(self, request, *args, **kwargs):
        return self.paginated(selectors.arrears(self.org), s.DuesArrearsSerializer)

    def settings_read(self, request, *args, **kwargs):
        return self.respond(selectors.settings_of(self.org))

    settings_update = service_action(services.dues_settings_update, body=s.DuesSettingsSerializer)


class DuesOwnViewSet(DuesLineViewSet):
    """The caller's own dues, wherever their lines are (as the page 我的会费)."""

    operation_prefix = "dues_me"
    permissions = {"list": SELF, "retrieve": SELF}
    list = OrgViewSet.list  # all of them, newest first

    def get_queryset(self):
        member = own_member(self.request.user)
        if member is None:
            raise exceptions.NotFound(_("Your account is not linked to a member record yet."))
        return selectors.my_dues(member)
