"""The care API: every page action of views.py, for scripts.

Same rules as the pages: the permission of each action, records through the scoped
selectors (another union's ids are a 404), the workflows through services.py (so the audit
entries and the vouchers in the books are the same; a refusal answers 400 through the project's
exception handler), hardship files only with welfare.case:read and every read of one logged,
phone and ID numbers masked unless the caller holds members.sensitive:read and asks
(?reveal=1, logged). The answers are plain objects (serializers.case_dict and the like);
each action's docstring is its summary.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.schema import OBJECTS, GonghuiAutoSchema, page_of
from gonghui.api.viewsets import OrgViewSet, file_answers
from gonghui.core.files import PDF, XLSX
from gonghui.core.params import year_param
from gonghui.members.models import Member
from gonghui.members.selectors import search_q
from gonghui.spending.selectors import caps_for

from . import rules, selectors, services, views
from . import serializers as s
from . import services_records as records
from .models import (
    Batch,
    BatchLine,
    CaseDocument,
    CaseState,
    HelpMeasure,
    HouseholdMember,
    SickLeave,
)

CASE_READ, CASE_WRITE = "welfare.case:read", "welfare.case:write"
VISIT_READ, VISIT_WRITE = "welfare.visit:read", "welfare.visit:write"
OBJ, CREATED = OpenApiTypes.OBJECT, {201: OpenApiTypes.OBJECT}
# The lists answer plain objects: a whole JSON array, or a page of them (`paged_actions`).
LIST, PAGE = {200: OBJECTS}, {200: page_of(OBJECTS)}


def doc(body=None, responses=OBJ, **kwargs):
    """The action's schema: `body` (what `self.body()` checks), its answers, and its
    docstring as the summary."""

    def decorate(method):
        method.body = body
        summary = " ".join((method.__doc__ or "").split())
        schema = {"summary": summary, "description": "", "request": body, "responses": responses}
        return extend_schema(**schema, **kwargs)(method)

    return decorate


class CareSchema(GonghuiAutoSchema):
    """Operation ids as recorded (from the path: these were plain views), under "welfare"."""

    def get_tags(self):
        return ["welfare"]


class CareViewSet(OrgViewSet):
    schema = CareSchema()

    def body(self) -> dict:
        return self.validated(getattr(self, self.action).body)

    def answer(self, data, *, created: bool = False) -> Response:
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def may(self, perm: str) -> bool:
        return self.access.has(perm)

    def override(self, data: dict) -> dict:
        """The chair's reason for going above a standard, and whether the caller may."""
        reason = data.pop("override_reason")
        return {"override_reason": reason, "may_override": self.may("welfare.override:approve")}


# -- hardship files -----------------------------------------------------------------------------


class CaseViewSet(CareViewSet):
    permissions = {
        **dict.fromkeys(["index", "retrieve", "document", "export"], CASE_READ),
        **dict.fromkeys(["create", "partial_update", "step", "review_add"], CASE_WRITE),
        **dict.fromkeys(["household_add", "household_leave", "measure_add"], CASE_WRITE),
        **dict.fromkeys(["measure_done", "document_add"], CASE_WRITE),
    }
    lookup_url_kwarg = "case_id"

    def get_object(self):
        return selectors.case_file(self.kwargs["case_id"])

    def full(self, f, *, created: bool = False, reveal: bool = False) -> Response:
        return self.answer(s.case_dict(f, reveal=reveal, full=True), created=created)

    @doc(responses=LIST, operation_id="welfare_cases_list")
    def index(self, request, *args, **kwargs):
        """Hardship files (?state=, ?q=)"""
        qs, state = selectors.cases(), request.query_params.get("state", "")
        q = request.query_params.get("q", "").strip()
        if state in CaseState.values:
            qs = qs.filter(state=state)
        if q:
            qs = qs.filter(member__in=Member.objects.filter(search_q(q)))
        return Response([s.case_dict(f) for f in qs[:500]])

    @doc(s.WelfareCaseCreateSerializer, CREATED)
    def create(self, request, *args, **kwargs):
        """File a household (申报)"""
        data = self.body()
        f = services.case_create(actor=request.user, member=data.pop("member"), data=data)
        return self.full(f, created=True)

    @doc()
    def retrieve(self, request, *args, **kwargs):
        """One hardship file (each read is logged; ?reveal=1 for full numbers)"""
        f, reveal = self.get_object(), request.query_params.get("reveal") in ("1", "true")
        if reveal and not self.may("members.sensitive:read"):
            raise exceptions.PermissionDenied()
        records.case_open(actor=request.user, file=f, reveal=reveal)
        return self.full(f, reveal=reveal)

    @doc(s.WelfareCaseFactsSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Correct the facts of an open file (the category is computed again)"""
        f, data = self.get_object(), self.validated(s.WelfareCaseFactsSerializer, partial=True)
        return self.full(services.case_update(actor=request.user, file=f, data=data))

    @doc(s.WelfareStepSerializer)
    def step(self, request, *args, **kwargs):
        """Move a file: check, submit, approve, reject, close"""
        f, step = self.get_object(), kwargs["case_step"]
        if step not in services.TRANSITIONS:
            raise Http404
        data = self.body()
        return self.full(services.case_transition(actor=request.user, file=f, action=step, **data))

    @doc(s.WelfareHouseholdSerializer, CREATED)
    def household_add(self, request, *args, **kwargs):
        """Add a person to the household"""
        person = services.household_add(
            actor=request.user, file=self.get_object(), data=self.body()
        )
        return self.answer({"id": person.pk}, created=True)

    @doc(s.WelfareDateSerializer)
    def household_leave(self, request, *args, **kwargs):
        """A person left the household (kept, no longer counted)"""
        f, pk = self.get_object(), kwargs["case_person_id"]
        person = get_object_or_404(HouseholdMember, pk=pk, file=f)
        services.household_leave(actor=request.user, person=person, **self.body())
        return self.answer(s.pick(person, "id left_on"))

    @doc(s.WelfareMeasureSerializer, CREATED)
    def measure_add(self, request, *args, **kwargs):
        """Add a measure to the help plan (一户一策)"""
        measure = services.measure_add(actor=request.user, file=self.get_object(), data=self.body())
        return self.answer({"id": measure.pk}, created=True)

    @doc(s.WelfareMeasureDoneSerializer)
    def measure_done(self, request, *args, **kwargs):
        """A measure was carried out"""
        f, pk = self.get_object(), kwargs["case_measure_id"]
        measure = get_object_or_404(HelpMeasure, pk=pk, file=f)
        services.measure_done(actor=request.user, measure=measure, **self.body())
        return self.answer(s.pick(measure, "id done_on"))

    @doc(s.WelfareReviewSerializer, CREATED)
    def review_add(self, request, *args, **kwargs):
        """The yearly review, or a follow-up after closing"""
        review = services.case_review(actor=request.user, file=self.get_object(), **self.body())
        return self.answer(s.pick(review, "id outcome category"), created=True)

    @doc(s.WelfareDocumentSerializer, CREATED)
    def document_add(self, request, *args, **kwargs):
        """Attach a document (multipart: kind, upload)"""
        document = services.document_add(actor=request.user, file=self.get_object(), **self.body())
        return self.answer(s.pick(document, "id name"), created=True)

    @doc(responses=file_answers("application/octet-stream"))
    def document(self, request, *args, **kwargs):
        """Download a document of the file (logged)"""
        f, pk = self.get_object(), kwargs["case_document_id"]
        return views.document_response(request, f, get_object_or_404(CaseDocument, pk=pk, file=f))

    @doc(responses=file_answers(XLSX))
    def export(self, request, *args, **kwargs):
        """The 帮扶 statistics list as .xlsx (?year=)"""
        return views.workbook(records.case_export, request, self.org, year_param(request))


class CaseDocumentViewSet(CaseViewSet):
    """Uploads come as multipart forms (or JSON)."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]


# -- visits -------------------------------------------------------------------------------------


class VisitViewSet(CareViewSet):
    permissions = {
        **dict.fromkeys(["index", "retrieve", "person"], VISIT_READ),
        **dict.fromkeys(["create", "reverse", "correct", "sign"], VISIT_WRITE),
    }
    lookup_url_kwarg = "visit_id"
    # A district's year is every visit of its unions: always in pages, like the other lists.
    paged_actions = ("index",)

    def get_object(self):
        return selectors.visit(self.kwargs["visit_id"])

    @doc(
        responses=PAGE,
        operation_id="welfare_visits_list",
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("occasion", str, description=", ".join(rules.OCCASIONS)),
            OpenApiParameter("member", int),
            OpenApiParameter("page", int),
        ],
    )
    def index(self, request, *args, **kwargs):
        """Visits of a year, the latest first, a page at a time (?year=, ?occasion=,
        ?member=, ?page=)"""
        qs, params = selectors.visits(year_param(request)), request.query_params
        if params.get("occasion", "") in rules.OCCASIONS:
            qs = qs.filter(occasion=params["occasion"])
        if params.get("member", "").isdigit():
            qs = qs.filter(member_id=int(params["member"]))
        # The vouchers of the page in one query, not one per visit.
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        books = selectors.bookings(page)
        return paginator.get_paginated_response([s.visit_dict(v, books) for v in page])

    @doc(s.WelfareVisitSerializer, CREATED)
    def create(self, request, *args, **kwargs):
        """Record a visit and pay it from the fund (refused above the standard unless the
        chair gives override_reason)"""
        data = self.body()
        member, override = data.pop("member"), self.override(data)
        visit = services.visit_record(actor=request.user, member=member, data=data, **override)
        return self.answer(s.visit_dict(visit), created=True)

    @doc()
    def retrieve(self, request, *args, **kwargs):
        """One visit"""
        return self.answer(s.visit_dict(self.get_object()))

    @doc(s.WelfareReasonSerializer)
    def reverse(self, request, *args, **kwargs):
        """Reverse a payout (a 红字 voucher in the books; the visit is kept)"""
        visit = services.visit_reverse(actor=request.user, visit=self.get_object(), **self.body())
        return self.answer(s.visit_dict(selectors.visit(visit.pk)))

    @doc(s.WelfareCorrectSerializer, CREATED)
    def correct(self, request, *args, **kwargs):
        """Correct a visit: reverse it and record the right one"""
        visit, data = self.get_object(), self.body()
        reason, override = data.pop("reason"), self.override(data)
        new = services.visit_correct(
            actor=request.user, visit=visit, data=data, reason=reason, **override
        )
        return self.answer(s.visit_dict(new), created=True)

    @doc(s.WelfareReceiptSerializer)
    def sign(self, request, *args, **kwargs):
        """The recipient signed for it"""
        visit = services.visit_sign_off(actor=request.user, visit=self.get_object(), **self.body())
        return self.answer(s.visit_dict(visit))

    @doc()
    def person(self, request, *args, **kwargs):
        """What a member received this year, per occasion, beside the caps (?year=)"""
        member = get_object_or_404(Member.objects.select_related("org"), pk=kwargs["member_id"])
        return self.answer(s.person_year_dict(selectors.person_year(member, year_param(request))))


# -- batches ------------------------------------------------------------------------------------


class BatchViewSet(CareViewSet):
    permissions = {
        **dict.fromkeys(["index", "retrieve", "sheet"], VISIT_READ),
        **dict.fromkeys(["create", "line_add", "line_change", "line_remove", "pay"], VISIT_WRITE),
    }
    lookup_url_kwarg = "visit_batch_id"

    def get_object(self):
        return selectors.batch(self.kwargs["visit_batch_id"])

    def line(self) -> BatchLine:
        lines = BatchLine.objects.select_related("batch")
        return get_object_or_404(lines, pk=self.kwargs["batch_line_id"], batch=self.get_object())

    @doc(responses=LIST, operation_id="welfare_batches_list")
    def index(self, request, *args, **kwargs):
        """Batches of visits"""
        return Response([s.batch_dict(b) for b in Batch.objects.order_by("-date", "-id")[:200]])

    @doc(s.WelfareBatchSerializer, CREATED)
    def create(self, request, *args, **kwargs):
        """Plan a batch for members chosen from the roster"""
        data = self.body()
        selection, group = data.pop("selection"), data.pop("group")
        if selection == "hardship" and not self.may(CASE_READ):
            raise exceptions.PermissionDenied()
        batch = services.batch_create(
            actor=request.user, org=self.org, data=data, selection=selection, group=group
        )
        return self.answer(s.batch_dict(batch, lines=True), created=True)

    @doc()
    def retrieve(self, request, *args, **kwargs):
        """One batch with its lines and what each would break"""
        b = self.get_object()
        findings = services.batch_findings(b) if b.state == Batch.State.DRAFT else {}
        return self.answer(s.batch_dict(b, lines=True, findings=findings))

    @doc(s.WelfareLineAddSerializer, CREATED)
    def line_add(self, request, *args, **kwargs):
        """Add a member to a planned batch"""
        line = services.batch_line_add(actor=request.user, batch=self.get_object(), **self.body())
        return self.answer({"id": line.pk}, created=True)

    @doc(s.WelfareLineChangeSerializer)
    def line_change(self, request, *args, **kwargs):
        """Change a line's amount or goods"""
        line = self.line()
        services.batch_line_change(actor=request.user, line=line, **self.body())
        return self.answer(s.pick(line, "id amount goods", amounts="amount"))

    @doc(responses={204: None})
    def line_remove(self, request, *args, **kwargs):
        """Remove a line from a planned batch"""
        services.batch_line_remove(actor=request.user, line=self.line())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @doc(responses=file_answers(PDF))
    def sheet(self, request, *args, **kwargs):
        """The 慰问金发放表 as PDF"""
        return views.sheet_response(request, self.get_object())

    @doc(s.WelfarePaySerializer)
    def pay(self, request, *args, **kwargs):
        """Record every payout of the batch: all or nothing"""
        batch, override = self.get_object(), self.override(self.body())
        batch = services.batch_pay(actor=request.user, batch=batch, **override)
        return self.answer(s.batch_dict(batch, lines=True))


# -- reminders, sick leave, reports, rules ------------------------------------------------------


class UnionViewSet(CareViewSet):
    """What belongs to the union as a whole."""

    permissions = {
        **dict.fromkeys(["reminders", "report", "report_export", "rules"], VISIT_READ),
        **dict.fromkeys(["sick_leave_add", "sick_leave_end", "settings_save"], VISIT_WRITE),
        "region_line": "orgs.org:write",
    }
    # A district's roll is a million people: always in pages, like the page.
    paged_actions = ("reminders",)

    @doc(
        responses=PAGE,
        parameters=[
            OpenApiParameter("days", int, description="1-366 (31 at an upper union)"),
            OpenApiParameter("kind", str, description=", ".join(selectors.KIND_LABELS)),
            OpenApiParameter("page", int),
        ],
    )
    def reminders(self, request, *args, **kwargs):
        """Coming up: birthdays, ages, retirements, sick leave, bereavement anniversaries (and
        files due for review, with welfare.case:read), in date order, a page at a time;
        ?days= (up to 366, 31 at an upper union), ?kind=, ?page="""
        days = views.days_param(request.query_params, self.org)
        feed = selectors.ReminderFeed(
            self.org,
            timezone.localdate(),
            days=days,
            with_cases=self.may(CASE_READ),
            kind=request.query_params.get("kind", ""),
        )
        fields = "kind date member=member.pk member_name=member.name text occasion file=file.pk"
        return self.paginated(feed, row=lambda reminder: s.pick(reminder, fields))

    @doc(s.WelfareSickLeaveSerializer, CREATED)
    def sick_leave_add(self, request, *args, **kwargs):
        """Record a member's sick leave"""
        leave = services.sick_leave_record(actor=request.user, **self.body())
        return self.answer({"id": leave.pk}, created=True)

    @doc(s.WelfareSickLeaveEndSerializer)
    def sick_leave_end(self, request, *args, **kwargs):
        """Back at work"""
        leave = get_object_or_404(SickLeave, pk=kwargs["sick_leave_id"])
        services.sick_leave_end(actor=request.user, leave=leave, **self.body())
        return self.answer(s.pick(leave, "id end"))

    @doc()
    def report(self, request, *args, **kwargs):
        """People and money per occasion, month, group and fund, and the ledger check"""
        year = year_param(request)
        out = s.report_dict(year, selectors.report(self.org, year))
        if self.may(CASE_READ):
            out["hardship"] = s.hardship_rows(selectors.hardship_statistics(self.org, year))
        return self.answer(out)

    @doc(responses=file_answers(XLSX))
    def report_export(self, request, *args, **kwargs):
        """The visits of a year as .xlsx"""
        return views.workbook(records.visit_export, request, self.org, year_param(request))

    @doc()
    def rules(self, request, *args, **kwargs):
        """The standards in force: caps, occasions, poverty lines, the union's settings"""
        today, region = timezone.localdate(), self.org.rules_region()
        return self.answer(
            {
                "region": region,
                "caps": s.caps_dict(caps_for(self.org, today)),
                "occasions": [s.occasion_dict(o) for o in rules.OCCASIONS.values()],
                "lines": s.lines_dict(services.lines_for(self.org, today)),
                "settings": s.pick(services.settings_for(self.org), s.SETTINGS),
            }
        )

    @doc(s.WelfareRegionLineSerializer, CREATED)
    def region_line(self, request, *args, **kwargs):
        """Set the poverty lines of the region for this organisation's subtree"""
        line = services.region_line_set(actor=request.user, org=self.org, data=self.body())
        return self.answer(s.pick(line, "id region"), created=True)

    @doc(s.WelfareSettingsSerializer)
    def settings_save(self, request, *args, **kwargs):
        """The union's own settings: 五必访 list, reminder ages, retirement ages"""
        st = services.settings_save(actor=request.user, org=self.org, data=self.body())
        return self.answer(s.pick(st, "must_visit reminder_ages"))
