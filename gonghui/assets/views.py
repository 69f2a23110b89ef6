"""Pages of the fixed assets: the register and its cards, the forms, the monthly
depreciation, the stocktakes, the disposals awaiting the chair, and the 备查簿."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.files import file_response
from gonghui.core.forms import run

from . import forms, rules, selectors, services
from .models import DisposalState, StocktakeState

READ, WRITE, APPROVE = "assets.asset:read", "assets.asset:write", "assets.disposal:approve"


def _asset(request, asset_id):
    return get_object_or_404(selectors.assets(request.org), pk=asset_id)


def _filters(request) -> tuple[forms.FilterForm, dict]:
    form = forms.FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {k: data.get(k) or "" for k in ("state", "category", "q")}


@org_view(READ)
def index(request, org_code):
    form, filters = _filters(request)
    page = Paginator(selectors.assets(request.org, **filters), 50).get_page(request.GET.get("page"))
    rows = selectors.with_values(page.object_list)
    for a in rows:
        a.category_name = rules.CATEGORIES[a.category].name
    ctx = {"form": form, "page_obj": page, "rows": rows, "query": request.GET.urlencode()}
    ctx["can_write"] = request.access.has(WRITE)
    return render(request, "assets/index.html", ctx)


@org_view(READ)
def export(request, org_code):
    _form, filters = _filters(request)
    name, content, media = services.register_export(actor=request.user, org=request.org, **filters)
    return file_response(content, filename=name, content_type=media)


def _form_page(request, form, title: str, back: str):
    return render(request, "assets/form.html", {"form": form, "title": title, "back": back})


@org_view(WRITE, methods=("GET", "POST"))
def asset_create(request, org_code):
    form = forms.AssetForm(request.POST or None, org=request.org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if a := run(form, services.asset_register, actor=request.user, org=request.org, **data):
            messages.success(
                request,
                _("%(asset)s registered; voucher %(number)s awaits review.")
                % {"asset": a, "number": a.voucher.number},
            )
            return redirect("assets:asset", org_code=org_code, asset_id=a.pk)
    back = f"/o/{org_code}/assets/"
    return _form_page(request, form, _("Register a fixed asset"), back)


@org_view(READ)
def asset_detail(request, org_code, asset_id):
    a = _asset(request, asset_id)
    schedule = selectors.schedule(a)
    ctx = {
        "asset": a,
        "category": rules.CATEGORIES[a.category],
        "schedule": schedule,
        "accumulated": schedule[-1].accumulated if schedule else 0,
        "net": schedule[-1].net if schedule else a.original_value,
        "monthly": rules.monthly_amount(a.original_value, a.years),
        "vouchers": selectors.vouchers_of(a),
        "disposals": a.disposals.all(),
        "can_write": request.access.has(WRITE) and a.in_use,
    }
    return render(request, "assets/detail.html", ctx)


@org_view(WRITE, methods=("GET", "POST"))
def asset_edit(request, org_code, asset_id):
    a = _asset(request, asset_id)
    initial = {k: getattr(a, k) for k in ("spec", "location", "keeper", "note")}
    form = forms.AssetEditForm(request.POST or None, initial=initial)
    data = form.cleaned_data if request.method == "POST" and form.is_valid() else None
    if data is not None and run(form, services.asset_update, actor=request.user, asset=a, **data):
        messages.success(request, _("Saved."))
        return redirect("assets:asset", org_code=org_code, asset_id=a.pk)
    return _form_page(request, form, str(a), f"/o/{org_code}/assets/{a.pk}/")


@org_view(WRITE, methods=("GET", "POST"))
def disposal_request(request, org_code, asset_id):
    a = _asset(request, asset_id)
    form = forms.DisposalForm(request.POST or None, initial={"date": timezone.localdate()})
    data = form.cleaned_data if request.method == "POST" and form.is_valid() else None
    if data is not None and run(
        form, services.disposal_request, actor=request.user, asset=a, **data
    ):
        messages.success(request, _("The disposal awaits the chair's approval."))
        return redirect("assets:asset", org_code=org_code, asset_id=a.pk)
    title = _("Dispose of %(asset)s") % {"asset": a}
    return _form_page(request, form, title, f"/o/{org_code}/assets/{a.pk}/")


@org_view(READ)
def depreciation(request, org_code):
    today = timezone.localdate()
    last = today.replace(day=1) - dt.timedelta(days=1)  # the month before this one
    ctx = {
        "runs": selectors.runs(request.org),
        "form": forms.RunForm(initial={"year": last.year, "month": last.month}),
        "due": selectors.depreciation_due(request.org, last.year, last.month),
        "month": last,
        "can_write": request.access.has(WRITE),
    }
    return render(request, "assets/depreciation.html", ctx)


@org_view(WRITE, methods=("POST",))
def depreciation_run(request, org_code):
    form = forms.RunForm(request.POST)
    if form.is_valid():
        r = services.depreciation_run(actor=request.user, org=request.org, **form.cleaned_data)
        messages.success(
            request,
            _("Depreciation of %(period)s: voucher %(number)s awaits review.")
            % {"period": r, "number": r.voucher.number},
        )
    else:
        messages.error(request, _("Choose a year and a month."))
    return redirect("assets:depreciation", org_code=org_code)


@org_view(READ)
def disposals(request, org_code):
    ctx = {
        "waiting": selectors.disposals(request.org, state=DisposalState.REQUESTED),
        "decided": selectors.disposals(request.org).exclude(state=DisposalState.REQUESTED)[:50],
        "can_approve": request.access.has(APPROVE),
    }
    return render(request, "assets/disposals.html", ctx)


def _disposal(request, disposal_id):
    return get_object_or_404(selectors.disposals(request.org), pk=disposal_id)


@org_view(APPROVE, methods=("POST",))
def disposal_approve(request, org_code, disposal_id):
    d = _disposal(request, disposal_id)
    note = request.POST.get("note", "")
    d = services.disposal_approve(actor=request.user, disposal=d, note=note)
    messages.success(request, _("Approved: voucher %(number)s.") % {"number": d.voucher.number})
    return redirect("assets:disposals", org_code=org_code)


@org_view(APPROVE, methods=("POST",))
def disposal_reject(request, org_code, disposal_id):
    d = _disposal(request, disposal_id)
    services.disposal_reject(actor=request.user, disposal=d, note=request.POST.get("note", ""))
    messages.success(request, _("Rejected."))
    return redirect("assets:disposals", org_code=org_code)


@org_view(READ)
def stocktakes(request, org_code):
    ctx = {
        "stocktakes": selectors.stocktakes(request.org),
        "form": forms.DateForm(initial={"date": timezone.localdate()}),
        "can_write": request.access.has(WRITE),
    }
    return render(request, "assets/stocktakes.html", ctx)


@org_view(WRITE, methods=("POST",))
def stocktake_open(request, org_code):
    form = forms.DateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date."))
        return redirect("assets:stocktakes", org_code=org_code)
    st = services.stocktake_open(actor=request.user, org=request.org, **form.cleaned_data)
    return redirect("assets:stocktake", org_code=org_code, stocktake_id=st.pk)


def _stocktake(request, stocktake_id):
    return get_object_or_404(selectors.stocktakes(request.org), pk=stocktake_id)


@org_view(READ)
def stocktake_detail(request, org_code, stocktake_id):
    return _stocktake_page(request, _stocktake(request, stocktake_id), forms.SurplusForm())


def _stocktake_page(request, st, surplus_form):
    items = list(selectors.stocktake_items(st))
    for item in items:
        code = item.asset.category if item.asset else item.category
        item.category_name = rules.CATEGORIES[code].name
    ctx = {
        "stocktake": st,
        "items": items,
        "can_count": st.state == StocktakeState.OPEN and request.access.has(WRITE),
        "can_approve": st.state == StocktakeState.SUBMITTED and request.access.has(APPROVE),
        "surplus_form": surplus_form,
    }
    return render(request, "assets/stocktake.html", ctx)


@org_view(WRITE, methods=("POST",))
def stocktake_mark(request, org_code, stocktake_item_id):
    item = get_object_or_404(selectors.stocktake_items_of(request.org), pk=stocktake_item_id)
    services.stocktake_mark(
        actor=request.user,
        item=item,
        result=request.POST.get("result", ""),
        note=request.POST.get("note", ""),
    )
    return redirect("assets:stocktake", org_code=org_code, stocktake_id=item.stocktake_id)


@org_view(WRITE, methods=("POST",))
def stocktake_surplus(request, org_code, stocktake_id):
    st = _stocktake(request, stocktake_id)
    form = forms.SurplusForm(request.POST)
    if form.is_valid() and run(
        form, services.stocktake_add_surplus, actor=request.user, stocktake=st, **form.cleaned_data
    ):
        return redirect("assets:stocktake", org_code=org_code, stocktake_id=st.pk)
    return _stocktake_page(request, st, form)


@org_view(WRITE, methods=("POST",))
def stocktake_submit(request, org_code, stocktake_id):
    st = services.stocktake_submit(actor=request.user, stocktake=_stocktake(request, stocktake_id))
    messages.success(request, _("Handed to the chair for approval."))
    return redirect("assets:stocktake", org_code=org_code, stocktake_id=st.pk)


@org_view(APPROVE, methods=("POST",))
def stocktake_approve(request, org_code, stocktake_id):
    st = services.stocktake_approve(actor=request.user, stocktake=_stocktake(request, stocktake_id))
    messages.success(request, _("Approved."))
    return redirect("assets:stocktake", org_code=org_code, stocktake_id=st.pk)


@org_view(READ)
def lent_items(request, org_code):
    form = forms.LentForm(initial={"lent_on": timezone.localdate()})
    return _lent_page(request, form if request.access.has(WRITE) else None)


def _lent_page(request, form):
    ctx = {
        "items": selectors.lent_items(request.org),
        "form": form,
        "return_form": forms.ReturnForm(initial={"returned_on": timezone.localdate()}),
        "can_write": request.access.has(WRITE),
    }
    return render(request, "assets/lent.html", ctx)


@org_view(WRITE, methods=("POST",))
def lent_item_create(request, org_code):
    form = forms.LentForm(request.POST)
    if form.is_valid() and run(
        form, services.lent_item_create, actor=request.user, org=request.org, **form.cleaned_data
    ):
        messages.success(request, _("Entered in the register of lent items."))
        return redirect("assets:lent", org_code=org_code)
    return _lent_page(request, form)


@org_view(WRITE, methods=("POST",))
def lent_item_return(request, org_code, lent_item_id):
    item = get_object_or_404(selectors.lent_items(request.org), pk=lent_item_id)
    form = forms.ReturnForm(request.POST)
    if form.is_valid():
        services.lent_item_return(actor=request.user, item=item, **form.cleaned_data)
        messages.success(request, _("Returned."))
    else:
        messages.error(request, _("Enter the date."))
    return redirect("assets:lent", org_code=org_code)


def dashboard_panel(request) -> dict | None:
    """The card: assets in use and their values, disposals awaiting the chair."""
    if not request.org.is_union:
        return None
    data = selectors.summary(request.org)
    if not data["count"] and not data["waiting"] and not request.access.has(WRITE):
        return None
    return data
