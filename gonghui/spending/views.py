"""Pages of the spending rules: the rules in force here (and where each comes from), the
upper union's editor for its subtree (add a rule, adopt a preset, end a rule), the
history, and the payouts that went beyond a rule (for the 经审会 and the chair)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.forms import run
from gonghui.core.params import year_param

from . import presets, selectors, services
from .forms import AdoptForm, EndForm, RuleForm

READ, WRITE = "spending.rule:read", "spending.rule:write"


@org_view(READ)
def index(request, org_code):
    today = timezone.localdate()
    return render(
        request,
        "spending/index.html",
        {
            "rules": selectors.in_force(request.org, today),
            "today": today,
            "region": request.org.rules_region(),
            "may_write": request.access.has(WRITE),
            "tab": "index",
        },
    )


@org_view(READ)
def history(request, org_code):
    return render(
        request,
        "spending/history.html",
        {"rows": selectors.history(request.org), "tab": "history"},
    )


def _editor(request, **forms):
    ctx = {
        "own": selectors.own(request.org),
        "presets": presets.PRESETS,
        "rule_form": RuleForm(),
        "adopt_form": AdoptForm(),
        "end_form": EndForm(initial={"date": timezone.localdate()}),
        "tab": "manage",
    }
    return render(request, "spending/manage.html", ctx | forms)


@org_view(WRITE)
def manage(request, org_code):
    return _editor(request)


@org_view(WRITE, methods=("POST",))
def rule_add(request, org_code):
    form = RuleForm(request.POST)
    if form.is_valid() and run(
        form, services.rule_create, actor=request.user, org=request.org, data=form.cleaned_data
    ):
        messages.success(request, _("The rule was added."))
        return redirect("spending:manage", org_code=org_code)
    return _editor(request, rule_form=form)


@org_view(WRITE, methods=("POST",))
def preset_adopt(request, org_code):
    form = AdoptForm(request.POST)
    if form.is_valid() and run(
        form, services.preset_adopt, actor=request.user, org=request.org, **form.cleaned_data
    ):
        messages.success(request, _("The rule set was adopted."))
        return redirect("spending:manage", org_code=org_code)
    return _editor(request, adopt_form=form)


@org_view(WRITE, methods=("POST",))
def rule_end(request, org_code, rule_id):
    rule = get_object_or_404(selectors.own(request.org), pk=rule_id)
    form = EndForm(request.POST)
    if form.is_valid() and run(
        form, services.rule_end, actor=request.user, rule=rule, date=form.cleaned_data["date"]
    ):
        messages.success(request, _("The rule was ended."))
        return redirect("spending:manage", org_code=org_code)
    return _editor(request, end_form=form)


@org_view(READ)
def overrides(request, org_code):
    year = year_param(request)
    return render(
        request,
        "spending/overrides.html",
        {"rows": selectors.overrides(request.org, year), "year": year, "tab": "overrides"},
    )
