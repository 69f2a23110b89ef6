"""The care API: every page action of views.py, for scripts.

Same rules as the pages: one permission per method, records fetched through the scoped
managers (another union's ids are a 404), the workflows run through services.py (so the
audit entries and the fund ledger are the same), hardship files only with
welfare.case:read and every read of one logged, phone and ID numbers masked unless the
caller holds members.sensitive:read and asks (?reveal=1, logged).
"""

from __future__ import annotations

import io
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView
from gonghui.audit import models as audit
from gonghui.core.params import year_param

from . import rules, selectors, services
from . import serializers as s
from .models import (
    Batch,
    BatchLine,
    CaseDocument,
    CaseState,
    HardshipFile,
    HelpMeasure,
    HouseholdMember,
    SickLeave,
    Visit,
)

TAG = "welfare"
OBJ = OpenApiTypes.OBJECT
# The list endpoints answer a JSON array of objects (not a page).
LIST = {200: {"type": "array", "items": {"type": "object", "additionalProperties": {}}}}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refused(exc: services.WelfareError) -> exceptions.ValidationError:
    return exceptions.ValidationError({"detail": str(exc)})


def _valid(serializer_class, request, **kw):
    ser = serializer_class(data=request.data, **kw)
    ser.is_valid(raise_exception=True)
    return dict(ser.validated_data)


def _file(case_id) -> HardshipFile:
    return get_object_or_404(
        HardshipFile.objects.select_related("member", "member__org", "org"), pk=case_id
    )


def _visit(visit_id) -> Visit:
    return get_object_or_404(
        Visit.objects.select_related("member", "org", "fund", "fund_entry", "reversal_entry"),
        pk=visit_id,
    )


def _batch(visit_batch_id) -> Batch:
    return get_object_or_404(Batch.objects.select_related("fund", "org"), pk=visit_batch_id)


def _may_override(request) -> bool:
    return request.access.has("welfare.override:approve")


def schema(summary: str, request=None, responses=OBJ, **kw):
    return extend_schema(tags=[TAG], summary=summary, request=request, responses=responses, **kw)


# -- hardship files -------------------------------------------------------------------


class CaseListAPI(OrgAPIView):
    permissions = {"GET": "welfare.case:read", "POST": "welfare.case:write"}

    @schema("Hardship files (?state=, ?q=)", responses=LIST, operation_id="welfare_cases_list")
    def get(self, request, org_code):
        from gonghui.members.models import Member
        from gonghui.members.selectors import search_q

        qs = HardshipFile.objects.select_related("member", "org").order_by("-applied_on", "-id")
        state = request.query_params.get("state", "")
        if state in CaseState.values:
            qs = qs.filter(state=state)
        q = (request.query_params.get("q") or "").strip()
        if q:
            qs = qs.filter(member__in=Member.objects.filter(search_q(q)))
        return Response([s.case_dict(f) for f in qs[:500]])

    @schema("File a household (申报)", s.WelfareCaseCreateSerializer, {201: OBJ})
    def post(self, request, org_code):
        data = _valid(s.WelfareCaseCreateSerializer, request)
        member = data.pop("member")
        try:
            f = services.case_create(actor=request.user, member=member, data=data)
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response(s.case_dict(f, full=True), status=status.HTTP_201_CREATED)


class CaseAPI(OrgAPIView):
    permissions = {"GET": "welfare.case:read", "PATCH": "welfare.case:write"}

    @schema("One hardship file (each read is logged; ?reveal=1 for full numbers)")
    def get(self, request, org_code, case_id):
        f = _file(case_id)
        reveal = request.query_params.get("reveal") in ("1", "true")
        if reveal and not request.access.has("members.sensitive:read"):
            raise exceptions.PermissionDenied()
        audit.record("welfare.case.viewed", obj=f, note="full numbers shown" if reveal else "")
        return Response(s.case_dict(f, reveal=reveal, full=True))

    @schema("Correct the facts of an open file (the category is computed again)",
            s.WelfareCaseUpdateSerializer)  # fmt: skip
    def patch(self, request, org_code, case_id):
        f = _file(case_id)
        data = _valid(s.WelfareCaseUpdateSerializer, request)
        try:
            f = services.case_update(actor=request.user, file=f, data=data)
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response(s.case_dict(f, full=True))


class CaseStepAPI(OrgAPIView):
    permissions = {"POST": "welfare.case:write"}

    @schema("Move a file: check, submit, approve, reject, close", s.WelfareStepSerializer)
    def post(self, request, org_code, case_id, case_step):
        step = case_step
        f = _file(case_id)
        if step not in services.TRANSITIONS:
            raise Http404
        data = _valid(s.WelfareStepSerializer, request)
        try:
            f = services.case_transition(actor=request.user, file=f, action=step, **data)
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response(s.case_dict(f, full=True))


class HouseholdAPI(OrgAPIView):
    permissions = {"POST": "welfare.case:write"}

    @schema("Add a person to the household", s.WelfareHouseholdSerializer, {201: OBJ})
    def post(self, request, org_code, case_id):
        f = _file(case_id)
        data = _valid(s.WelfareHouseholdSerializer, request)
        try:
            p = services.household_add(actor=request.user, file=f, data=data)
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response({"id": p.pk}, status=status.HTTP_201_CREATED)


class HouseholdLeaveAPI(OrgAPIView):
    permissions = {"POST": "welfare.case:write"}

    @schema("A person left the household (kept, no longer counted)", s.WelfareDateSerializer)
    def post(self, request, org_code, case_id, case_person_id):
        f = _file(case_id)
        person = get_object_or_404(HouseholdMember, pk=case_person_id, file=f)
        data = _valid(s.WelfareDateSerializer, request)
        try:
            services.household_leave(actor=request.user, person=person, date=data["date"])
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response({"id": person.pk, "left_on": person.left_on})


class MeasureAPI(OrgAPIView):
    permissions = {"POST": "welfare.case:write"}

    @schema("Add a measure to the help plan (一户一策)", s.WelfareMeasureSerializer, {201: OBJ})
    def post(self, request, org_code, case_id):
        f = _file(case_id)
        data = _valid(s.WelfareMeasureSerializer, request)
        try:
            m = services.measure_add(actor=request.user, file=f, data=data)
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response({"id": m.pk}, status=status.HTTP_201_CREATED)


class MeasureDoneAPI(OrgAPIView):
    permissions = {"POST": "welfare.case:write"}

    @schema("A measure was carried out", s.WelfareMeasureDoneSerializer)
    def post(self, request, org_code, case_id, case_measure_id):
        f = _file(case_id)
        m = get_object_or_404(HelpMeasure, pk=case_measure_id, file=f)
        data = _valid(s.WelfareMeasureDoneSerializer, request)
        try:
            services.measure_done(actor=request.user, measure=m, **data)
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response({"id": m.pk, "done_on": m.done_on})


class ReviewAPI(OrgAPIView):
    permissions = {"POST": "welfare.case:write"}

    @schema(
        "The yearly review, or a follow-up after closing", s.WelfareReviewSerializer, {201: OBJ}
    )
    def post(self, request, org_code, case_id):
        f = _file(case_id)
        data = _valid(s.WelfareReviewSerializer, request)
        try:
            r = services.case_review(actor=request.user, file=f, **data)
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response({"id": r.pk, "outcome": r.outcome, "category": r.category},
                        status=status.HTTP_201_CREATED)  # fmt: skip


class DocumentListAPI(OrgAPIView):
    permissions = {"POST": "welfare.case:write"}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @schema("Attach a document (multipart: kind, upload)", s.WelfareDocumentSerializer, {201: OBJ})
    def post(self, request, org_code, case_id):
        f = _file(case_id)
        data = _valid(s.WelfareDocumentSerializer, request)
        try:
            d = services.document_add(actor=request.user, file=f, **data)
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response({"id": d.pk, "name": d.name}, status=status.HTTP_201_CREATED)


class DocumentAPI(OrgAPIView):
    permissions = {"GET": "welfare.case:read"}

    @schema(
        "Download a document of the file (logged)",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, org_code, case_id, case_document_id):
        f = _file(case_id)
        d = get_object_or_404(CaseDocument, pk=case_document_id, file=f)
        audit.record("welfare.case.document_opened", obj=f, note=str(d))
        with d.upload.open("rb") as handle:  # at most 10 MB
            response = HttpResponse(handle.read(), content_type="application/octet-stream")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(d.name)}"
        return response


class CaseExportAPI(OrgAPIView):
    permissions = {"GET": "welfare.case:read"}

    @schema(
        "The 帮扶 statistics list as .xlsx (?year=)", responses={(200, XLSX): OpenApiTypes.BINARY}
    )
    def get(self, request, org_code):
        from .exports import HardshipExporter

        year = year_param(request)
        buf = io.BytesIO()
        n = HardshipExporter(user=request.user, org=self.org, options={"year": year}).write_xlsx(
            buf
        )
        audit.record("welfare.case.exported", org=self.org, changes={"rows": [None, n]})
        return HttpResponse(buf.getvalue(), content_type=XLSX)


# -- visits -----------------------------------------------------------------------------


class VisitListAPI(OrgAPIView):
    permissions = {"GET": "welfare.visit:read", "POST": "welfare.visit:write"}

    @schema(
        "Visits of a year (?year=, ?occasion=, ?member=)",
        responses=LIST,
        operation_id="welfare_visits_list",
    )
    def get(self, request, org_code):
        qs = Visit.objects.filter(date__year=year_param(request)).select_related(
            "member", "org", "fund", "fund_entry", "reversal_entry"
        )
        occasion = request.query_params.get("occasion", "")
        if occasion in rules.OCCASIONS:
            qs = qs.filter(occasion=occasion)
        member = request.query_params.get("member", "")
        if member.isdigit():
            qs = qs.filter(member_id=int(member))
        return Response([s.visit_dict(v) for v in qs.order_by("-date", "-id")[:1000]])

    @schema("Record a visit and pay it from the fund (refused above the standard unless "
            "the chair gives override_reason)", s.WelfareVisitSerializer, {201: OBJ})  # fmt: skip
    def post(self, request, org_code):
        data = _valid(s.WelfareVisitSerializer, request)
        member, reason = data.pop("member"), data.pop("override_reason")
        try:
            v = services.visit_record(actor=request.user, member=member, data=data,
                                      override_reason=reason,
                                      may_override=_may_override(request))  # fmt: skip
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response(s.visit_dict(v), status=status.HTTP_201_CREATED)


class VisitAPI(OrgAPIView):
    permissions = {"GET": "welfare.visit:read"}

    @schema("One visit")
    def get(self, request, org_code, visit_id):
        return Response(s.visit_dict(_visit(visit_id)))


class VisitReverseAPI(OrgAPIView):
    permissions = {"POST": "welfare.visit:write"}

    @schema("Reverse a payout (reversing fund entry; the visit is kept)", s.WelfareReasonSerializer)
    def post(self, request, org_code, visit_id):
        v = _visit(visit_id)
        data = _valid(s.WelfareReasonSerializer, request)
        try:
            v = services.visit_reverse(actor=request.user, visit=v, reason=data["reason"])
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response(s.visit_dict(_visit(v.pk)))


class VisitCorrectAPI(OrgAPIView):
    permissions = {"POST": "welfare.visit:write"}

    @schema("Correct a visit: reverse it and record the right one", s.WelfareCorrectSerializer,
            {201: OBJ})  # fmt: skip
    def post(self, request, org_code, visit_id):
        v = _visit(visit_id)
        data = _valid(s.WelfareCorrectSerializer, request)
        reason, override = data.pop("reason"), data.pop("override_reason")
        try:
            new = services.visit_correct(actor=request.user, visit=v, data=data, reason=reason,
                                         override_reason=override,
                                         may_override=_may_override(request))  # fmt: skip
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response(s.visit_dict(new), status=status.HTTP_201_CREATED)


class VisitSignAPI(OrgAPIView):
    permissions = {"POST": "welfare.visit:write"}

    @schema("The recipient signed for it", s.WelfareReceiptSerializer)
    def post(self, request, org_code, visit_id):
        v = _visit(visit_id)
        data = _valid(s.WelfareReceiptSerializer, request)
        try:
            v = services.visit_sign_off(actor=request.user, visit=v, receipt=data["receipt"])
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response(s.visit_dict(v))


class PersonAPI(OrgAPIView):
    permissions = {"GET": "welfare.visit:read"}

    @schema("What a member received this year, per occasion, beside the caps (?year=)")
    def get(self, request, org_code, member_id):
        from gonghui.members.models import Member

        member = get_object_or_404(Member.objects.select_related("org"), pk=member_id)
        year = selectors.person_year(member, year_param(request))
        return Response({
            "member": member.pk, "year": year.year, "table": year.table.label,
            "source": year.table.source, "total": s.money(year.total),
            "festival_total": s.money(year.festival_total),
            "festival_cap": s.money(year.table.festival_year) if year.table.festival_year else None,
            "rows": [{"occasion": r.occasion, "name": r.name, "count": r.count,
                      "amount": s.money(r.amount), "cap": s.money(r.cap) if r.cap else None}
                     for r in year.rows],
        })  # fmt: skip


# -- batches ----------------------------------------------------------------------------


class BatchListAPI(OrgAPIView):
    permissions = {"GET": "welfare.visit:read", "POST": "welfare.visit:write"}

    @schema("Batches of visits", responses=LIST, operation_id="welfare_batches_list")
    def get(self, request, org_code):
        return Response([s.batch_dict(b) for b in Batch.objects.order_by("-date", "-id")[:200]])

    @schema("Plan a batch for members chosen from the roster", s.WelfareBatchSerializer, {201: OBJ})
    def post(self, request, org_code):
        data = _valid(s.WelfareBatchSerializer, request)
        selection, group = data.pop("selection"), data.pop("group")
        if selection == "hardship" and not request.access.has("welfare.case:read"):
            raise exceptions.PermissionDenied()
        try:
            b = services.batch_create(actor=request.user, org=self.org, data=data,
                                      selection=selection, group=group)  # fmt: skip
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response(s.batch_dict(b, lines=True), status=status.HTTP_201_CREATED)


class BatchAPI(OrgAPIView):
    permissions = {"GET": "welfare.visit:read"}

    @schema("One batch with its lines and what each would break")
    def get(self, request, org_code, visit_batch_id):
        b = _batch(visit_batch_id)
        findings = services.batch_findings(b) if b.state == Batch.State.DRAFT else {}
        return Response(s.batch_dict(b, lines=True, findings=findings))


class BatchLineListAPI(OrgAPIView):
    permissions = {"POST": "welfare.visit:write"}

    @schema("Add a member to a planned batch", s.WelfareLineAddSerializer, {201: OBJ})
    def post(self, request, org_code, visit_batch_id):
        b = _batch(visit_batch_id)
        data = _valid(s.WelfareLineAddSerializer, request)
        try:
            line = services.batch_line_add(actor=request.user, batch=b, member=data["member"])
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response({"id": line.pk}, status=status.HTTP_201_CREATED)


class BatchLineAPI(OrgAPIView):
    permissions = {"PATCH": "welfare.visit:write", "DELETE": "welfare.visit:write"}

    def _line(self, visit_batch_id, batch_line_id) -> BatchLine:
        b = _batch(visit_batch_id)
        return get_object_or_404(BatchLine.objects.select_related("batch"), pk=batch_line_id,
                                 batch=b)  # fmt: skip

    @schema("Change a line's amount or goods", s.WelfareLineChangeSerializer)
    def patch(self, request, org_code, visit_batch_id, batch_line_id):
        line = self._line(visit_batch_id, batch_line_id)
        data = _valid(s.WelfareLineChangeSerializer, request)
        try:
            services.batch_line_change(actor=request.user, line=line, **data)
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response({"id": line.pk, "amount": s.money(line.amount), "goods": line.goods})

    @schema("Remove a line from a planned batch", responses={204: None})
    def delete(self, request, org_code, visit_batch_id, batch_line_id):
        line = self._line(visit_batch_id, batch_line_id)
        try:
            services.batch_line_remove(actor=request.user, line=line)
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class BatchSheetAPI(OrgAPIView):
    permissions = {"GET": "welfare.visit:read"}

    @schema("The 慰问金发放表 as PDF", responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, org_code, visit_batch_id):
        from .sheet import render_sheet

        b = _batch(visit_batch_id)
        pdf = render_sheet(b, request)
        audit.record("welfare.batch.sheet_printed", obj=b)
        return HttpResponse(pdf, content_type="application/pdf")


class BatchPayAPI(OrgAPIView):
    permissions = {"POST": "welfare.visit:write"}

    @schema("Record every payout of the batch: all or nothing", s.WelfarePaySerializer)
    def post(self, request, org_code, visit_batch_id):
        b = _batch(visit_batch_id)
        data = _valid(s.WelfarePaySerializer, request)
        try:
            b = services.batch_pay(actor=request.user, batch=b,
                                   override_reason=data["override_reason"],
                                   may_override=_may_override(request))  # fmt: skip
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response(s.batch_dict(b, lines=True))


# -- reminders, reports, rules ----------------------------------------------------------


class ReminderAPI(OrgAPIView):
    permissions = {"GET": "welfare.visit:read"}

    @schema("Coming up: birthdays, ages, retirements, sick leave, bereavement anniversaries "
            "(and files due for review, with welfare.case:read); ?days=", responses=LIST)  # fmt: skip
    def get(self, request, org_code):
        try:
            days = max(1, min(int(request.query_params.get("days", 30)), 366))
        except ValueError:
            days = 30
        items = selectors.reminders(self.org, timezone.localdate(), days=days,
                                    with_cases=request.access.has("welfare.case:read"))  # fmt: skip
        return Response([
            {"kind": r.kind, "date": r.date, "member": r.member.pk, "member_name": r.member.name,
             "text": r.text, "occasion": r.occasion, "file": r.file.pk if r.file else None}
            for r in items
        ])  # fmt: skip


class SickLeaveAPI(OrgAPIView):
    permissions = {"POST": "welfare.visit:write"}

    @schema("Record a member's sick leave", s.WelfareSickLeaveSerializer, {201: OBJ})
    def post(self, request, org_code):
        data = _valid(s.WelfareSickLeaveSerializer, request)
        try:
            leave = services.sick_leave_record(actor=request.user, **data)
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response({"id": leave.pk}, status=status.HTTP_201_CREATED)


class SickLeaveEndAPI(OrgAPIView):
    permissions = {"POST": "welfare.visit:write"}

    @schema("Back at work", s.WelfareSickLeaveEndSerializer)
    def post(self, request, org_code, sick_leave_id):
        leave = get_object_or_404(SickLeave, pk=sick_leave_id)
        data = _valid(s.WelfareSickLeaveEndSerializer, request)
        try:
            services.sick_leave_end(actor=request.user, leave=leave, end=data["end"])
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response({"id": leave.pk, "end": leave.end})


def _rows(rows):
    return [{k: (s.money(v) if k == "amount" else v) for k, v in r.items()} for r in rows]


class ReportAPI(OrgAPIView):
    permissions = {"GET": "welfare.visit:read"}

    @schema("People and money per occasion, month, group and fund, and the ledger check")
    def get(self, request, org_code):
        year = year_param(request)
        r = selectors.report(self.org, year)
        out = {
            "year": year,
            "totals": {**r["totals"], "amount": s.money(r["totals"]["amount"])},
            "by_occasion": _rows(r["by_occasion"]), "by_month": _rows(r["by_month"]),
            "by_group": _rows(r["by_group"]), "by_fund": _rows(r["by_fund"]),
            "ledger": {**r["ledger"], "visits": s.money(r["ledger"]["visits"]),
                       "ledger": s.money(r["ledger"]["ledger"])},
        }  # fmt: skip
        if request.access.has("welfare.case:read"):
            out["hardship"] = [
                {**s.case_dict(row["file"]), "household": row["household"],
                 "received": s.money(row["received"]), "measures": row["measures"],
                 "measures_done": row["measures_done"]}
                for row in selectors.hardship_statistics(self.org, year)
            ]  # fmt: skip
        return Response(out)


class ReportExportAPI(OrgAPIView):
    permissions = {"GET": "welfare.visit:read"}

    @schema("The visits of a year as .xlsx", responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request, org_code):
        from .exports import VisitExporter

        buf = io.BytesIO()
        n = VisitExporter(user=request.user, org=self.org,
                          options={"year": year_param(request)}).write_xlsx(buf)  # fmt: skip
        audit.record("welfare.visits.exported", org=self.org, changes={"rows": [None, n]})
        return HttpResponse(buf.getvalue(), content_type=XLSX)


class RulesAPI(OrgAPIView):
    permissions = {"GET": "welfare.visit:read"}

    @schema("The standards in force: caps, occasions, poverty lines, the union's settings")
    def get(self, request, org_code):
        today = timezone.localdate()
        region = services.region_of(self.org)
        table = rules.cap_table(region, today)
        lines = services.lines_for(self.org, today)
        st = services.settings_for(self.org)
        return Response({
            "region": region,
            "caps": {"label": table.label, "source": table.source, "mark": table.mark,
                     "effective_from": table.effective_from,
                     "per_payout": {k: s.money(v) for k, v in table.per_payout.items()},
                     "festival_year": s.money(table.festival_year) if table.festival_year else None,
                     "per_festival": {k: s.money(v) for k, v in table.per_festival.items()}},
            "occasions": [{"code": o.code, "name": o.name, "forms": list(o.forms), "rule": o.rule,
                           "mark": o.mark} for o in rules.OCCASIONS.values()],
            "lines": {"region": lines.region, "dibao": s.money(lines.dibao),
                      "low_line": s.money(lines.low_line),
                      "accident_ratio": str(lines.accident_ratio), "source": lines.source,
                      "effective_from": lines.effective_from, "example": lines.is_default},
            "settings": {"must_visit": st.must_visit, "reminder_ages": st.reminder_ages,
                         "retirement_age_male": st.retirement_age_male,
                         "retirement_age_female": st.retirement_age_female,
                         "long_sick_days": st.long_sick_days},
        })  # fmt: skip


class RegionLineAPI(OrgAPIView):
    permissions = {"POST": "orgs.org:write"}

    @schema("Set the poverty lines of the region for this organisation's subtree",
            s.WelfareRegionLineSerializer, {201: OBJ})  # fmt: skip
    def post(self, request, org_code):
        data = _valid(s.WelfareRegionLineSerializer, request)
        try:
            line = services.region_line_set(actor=request.user, org=self.org, data=data)
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response({"id": line.pk, "region": line.region}, status=status.HTTP_201_CREATED)


class SettingsAPI(OrgAPIView):
    permissions = {"PUT": "welfare.visit:write"}

    @schema("The union's own settings: 五必访 list, reminder ages, retirement ages",
            s.WelfareSettingsSerializer)  # fmt: skip
    def put(self, request, org_code):
        data = _valid(s.WelfareSettingsSerializer, request)
        try:
            st = services.settings_save(actor=request.user, org=self.org, data=data)
        except services.WelfareError as exc:
            raise _refused(exc) from exc
        return Response({"must_visit": st.must_visit, "reminder_ages": st.reminder_ages})
