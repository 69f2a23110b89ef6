"""The union's finances for its members: the published figures (members), the figures
from the books with the publish action (the unit's cadres), the notice and the congress
report made from a publication. Pages and API share finance.py."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as s

from gonghui.api.viewsets import OrgViewSet, file_answers
from gonghui.core import files
from gonghui.core.decorators import org_view
from gonghui.core.forms import BootstrapMixin, run
from gonghui.core.params import check_year, year_param

from . import finance, selectors
from .rules import Period

READ, WRITE = "openness.notice:read", "openness.notice:write"


class PublishForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, widget=forms.HiddenInput())
    period = forms.ChoiceField(
        label=pgettext_lazy("openness period", "Period covered"),
        choices=[(p, Period(p).label) for p in finance.PERIODS],
    )
    note = forms.CharField(
        label=_("Explanation for the members"), required=False, widget=forms.Textarea({"rows": 3})
    )


def _period(request, unit) -> str:
    period = request.GET.get("period", Period.YEAR)
    return period if period in finance.periods_of(unit) else Period.YEAR


@org_view(READ)
def finance_index(request, org_code):
    unit = selectors.unit_of(request)
    cadre = selectors.is_cadre(request, unit)
    year, period = year_param(request), _period(request, unit)
    ctx = {
        "unit": unit,
        "cadre": cadre,
        "year": year,
        "period": period,
        "periods": [(p, Period(p).label) for p in finance.periods_of(unit)],
        "publications": finance.published(unit).order_by("-year", "period"),
        "item": finance.publication(unit, year, period),
        "half_yearly": len(finance.periods_of(unit)) > 1,
    }
    if cadre:
        ctx["books"] = finance.figures_of(unit, year, period)
        ctx["form"] = PublishForm(initial={"year": year, "period": period})
    return render(request, "openness/finance.html", ctx)


def _cadre_unit(request, org_code):
    unit = selectors.cadre_unit_of(request)
    return unit


@org_view(WRITE, methods=("POST",))
def finance_publish(request, org_code):
    unit = _cadre_unit(request, org_code)
    form = PublishForm(request.POST)
    if form.is_valid():
        done = run(form, finance.finance_publish, actor=request.user, org=unit, **form.cleaned_data)
        if done is not None:
            messages.success(request, _("The figures are published to the members."))
            url = f"?year={done.year}&period={done.period}"
            return redirect(_url(org_code) + url)
    for errors in form.errors.values():
        messages.error(request, errors[0])
    return redirect(_url(org_code))


@org_view(WRITE, methods=("POST",))
def finance_settings(request, org_code):
    unit = _cadre_unit(request, org_code)
    finance.finance_settings_update(
        actor=request.user, org=unit, half_yearly=request.POST.get("half_yearly") == "1"
    )
    messages.success(request, _("Saved."))
    return redirect(_url(org_code))


def _publication(unit, year, period):
    if period not in finance.PERIODS:
        raise Http404
    item = finance.publication(unit, check_year(year), period)
    if item is None:
        raise Http404
    return item


@org_view(WRITE, methods=("POST",))
def finance_notice(request, org_code, year, period):
    unit = _cadre_unit(request, org_code)
    item = finance.finance_notice_create(
        actor=request.user, publication=_publication(unit, year, period)
    )
    messages.success(request, _("A draft notice was made from the figures."))
    return redirect("openness:detail", org_code=org_code, notice_id=item.notice_id)


@org_view(READ)
def finance_report(request, org_code, year, period):
    unit = selectors.unit_of(request)
    name, data = finance.report_export(
        actor=request.user, publication=_publication(unit, year, period)
    )
    return files.file_response(data, filename=name, content_type=files.DOCX)


def _url(org_code) -> str:
    from django.urls import reverse

    return reverse("openness:finance", kwargs={"org_code": org_code})


# -- API ---------------------------------------------------------------------------------------
class FinancePublicationSerializer(s.Serializer):
    year, period, published_on = s.IntegerField(), s.CharField(), s.DateField()
    figures, note = s.JSONField(), s.CharField()


class FinancePublishSerializer(s.Serializer):
    year = s.IntegerField(min_value=2000, max_value=2100)
    period = s.ChoiceField(choices=finance.PERIODS, default=Period.YEAR)
    note = s.CharField(required=False, allow_blank=True, default="")


class FinanceViewSet(OrgViewSet):
    """The published figures (members), publishing (the unit's cadres), the report."""

    operation_prefix = "openness_finance"
    permissions = {"list": READ, "publish": WRITE, "report": READ}
    serializer_class = FinancePublicationSerializer
    file_actions = {"report": ((files.DOCX, "docx"),)}

    def get_queryset(self):
        return finance.published(selectors.unit_of(self.request)).order_by("-year", "period")

    def list(self, request, *args, **kwargs):
        return self.respond(self.get_queryset(), many=True)

    @extend_schema(request=FinancePublishSerializer, summary="Publish a period's figures")
    def publish(self, request, *args, **kwargs):
        unit = selectors.cadre_unit_of(request)
        data = self.validated(FinancePublishSerializer)
        return self.respond(finance.finance_publish(actor=request.user, org=unit, **data))

    @extend_schema(
        parameters=[OpenApiParameter("period", str, OpenApiParameter.PATH, enum=finance.PERIODS)],
        responses=file_answers(files.DOCX),
        summary="经费收支情况报告 (.docx) of a published period",
    )
    def report(self, request, *args, **kwargs):
        unit = selectors.unit_of(request)
        item = _publication(unit, kwargs["year"], kwargs["period"])
        name, data = finance.report_export(actor=request.user, publication=item)
        return files.file_response(data, filename=name, content_type=files.DOCX)
