"""Pages of education aid (金秋助学) and mutual medical aid (医疗互助) under /o/<code>/aid/.

Records are fetched through the scoped managers (another union's ids answer 404); every
change goes through services.py, which posts the vouchers and writes the audit log.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.files import XLSX, file_response
from gonghui.core.forms import run
from gonghui.core.params import year_param
from gonghui.finance.posting import fund_balance
from gonghui.funds.models import FundKind
from gonghui.funds.services import funds_for

from . import books, forms, selectors, services
from .models import AidRound, ApplicationState, ClaimState, Scheme

READ, WRITE = "aid.programme:read", "aid.programme:write"


def _union_or_none(request):
    org = request.org
    return org if org.is_union else None


def _members_datalist(union, limit: int = 3000) -> list[str]:
    qs = selectors.members_on_roll(union).order_by("name_pinyin", "id")
    # values_list, not only(): audited models read every field when loaded.
    return [
        f"{name} · {card}" if card else name
        for name, card in qs.values_list("name", "card_number")[:limit]
    ]


@org_view(READ)
def index(request, org_code):
    rounds = AidRound.objects.select_related("org").order_by("-year", "-id")[:50]
    schemes = Scheme.objects.select_related("org", "fund").order_by("-year", "-id")[:50]
    return render(
        request,
        "aid/index.html",
        {
            "rounds": rounds,
            "schemes": schemes,
            "counts": selectors.pending_counts(request.org),
            "can_create": request.org.is_union and request.access.has(WRITE),
            "year": dt.date.today().year,
        },
    )


# -- 金秋助学 -----------------------------------------------------------------------------


@org_view(WRITE, methods=("GET", "POST"))
def round_create(request, org_code):
    union = _union_or_none(request)
    if union is None:
        messages.error(
            request, _("Aid is run by a grassroots union; open it from the union's pages.")
        )
        return redirect("aid:index", org_code=org_code)
    form = forms.RoundForm(request.POST or None, initial=forms.RoundForm.initial_for())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        rnd = run(
            form,
            services.round_create,
            actor=request.user,
            org=union,
            year=d["year"],
            name=d["name"],
            opens_on=d["opens_on"],
            closes_on=d["closes_on"],
            standards=form.standards(),
            standards_source=d["standards_source"],
            note=d["note"],
        )
        if rnd:
            messages.success(request, _("Round %(name)s created.") % {"name": rnd.name})
            return redirect("aid:round", org_code=org_code, round_id=rnd.pk)
    return render(
        request, "aid/round_form.html", {"form": form, "title": _("New education aid round")}
    )


def _round(round_id) -> AidRound:
    return get_object_or_404(selectors.rounds(), pk=round_id)


@org_view(READ)
def round_detail(request, org_code, round_id):
    rnd = _round(round_id)
    apps = rnd.applications.select_related("member").order_by("state", "-id")
    state = request.GET.get("state", "")
    if state in ApplicationState.values:
        apps = apps.filter(state=state)
    labels = dict(forms.rules.LEVELS)
    return render(
        request,
        "aid/round_detail.html",
        {
            "round": rnd,
            "standards": [(labels[k], v) for k, v in rnd.standards().items()],
            "applications": apps,
            "states": ApplicationState.choices,
            "state": state,
            "totals": selectors.education_report_for_round(rnd),
            "is_open": rnd.is_open(dt.date.today()),
        },
    )


@org_view(WRITE, methods=("GET", "POST"))
def round_edit(request, org_code, round_id):
    rnd = _round(round_id)
    form = forms.RoundForm(request.POST or None, initial=forms.RoundForm.initial_for(rnd))
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "standards": form.standards()}
        if run(form, services.round_update, actor=request.user, rnd=rnd, data=data):
            messages.success(request, _("Saved."))
            return redirect("aid:round", org_code=org_code, round_id=rnd.pk)
    return render(
        request,
        "aid/round_form.html",
        {"form": form, "title": _("Edit %(name)s") % {"name": rnd.name}, "round": rnd},
    )


@org_view(WRITE, methods=("GET", "POST"))
def application_create(request, org_code, round_id):
    rnd = _round(round_id)
    form = forms.ApplicationForm(request.POST or None, request.FILES or None, rnd=rnd)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        app = run(
            form,
            services.application_create,
            actor=request.user,
            rnd=rnd,
            member=d["member"],
            data=d,
            proof=d["proof"],
        )
        if app:
            messages.success(
                request, _("Application of %(child)s registered.") % {"child": app.child_name}
            )
            return redirect("aid:application", org_code=org_code, application_id=app.pk)
    return render(
        request,
        "aid/application_form.html",
        {"form": form, "round": rnd, "members": _members_datalist(rnd.org)},
    )


def _application(application_id):
    return get_object_or_404(selectors.applications(), pk=application_id)


@org_view(READ)
def application_detail(request, org_code, application_id):
    return _application_page(request, _application(application_id))


def _application_page(request, app, pay_form=None):
    standard = app.round.standards().get(app.level)
    return render(
        request,
        "aid/application_detail.html",
        {
            "app": app,
            "standard": standard,
            "payments": books.attach_payments(list(app.payments.order_by("id"))),
            "decide_form": forms.DecideForm(initial={"amount": standard}),
            "pay_form": pay_form or forms.PayForm(funds=funds_for(app.round.org)),
            "reverse_form": forms.ReverseForm(auto_id="reverse_%s"),
        },
    )


def _button(request, back: str, service, said, form=None, refused: str = "", page=None, **target):
    """A button's POST: the form's values (when valid; else `refused` or its errors are the
    message) and `target` go to `service`; `said` (a message, or a function of what the
    service returned) says what was done, and the person returns to the page `back`. A
    refusal (AidError) is shown by org_view on the page the person came from; one that
    asks for a reason to go ahead (a payment beyond the budget or above a spending rule)
    shows `page(form)` instead: the page again, with what was typed, the concerns and
    the reason to give."""
    if form is not None and not form.is_valid():
        errors = "；".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, refused or errors)
    else:
        data = form.cleaned_data if form is not None else {}
        try:
            result = service(actor=request.user, **target, **data)
        except services.AidError as exc:
            if page is None or exc.field != services.REASON:
                raise
            form.add_error(services.REASON, exc.message)
            return page(form)
        messages.success(request, said if isinstance(said, str) else said(result))
    return redirect(back)


def _decided(thing) -> str:
    return _("Decision recorded: %(state)s.") % {"state": thing.get_state_display()}


def _paid(payment) -> str:
    return _("Paid %(amount)s yuan (voucher %(voucher)s).") % {
        "amount": payment.amount,
        "voucher": payment.booking.number,
    }


@org_view(WRITE, methods=("POST",))
def application_decide(request, org_code, application_id):
    app = _application(application_id)
    form, refused = forms.DecideForm(request.POST), _("Choose a decision.")
    back = reverse("aid:application", args=[org_code, app.pk])
    service = services.application_decide
    return _button(request, back, service, _decided, form, refused, application=app)


@org_view(WRITE, methods=("POST",))
def application_pay(request, org_code, application_id):
    app = _application(application_id)
    form = forms.PayForm(request.POST, funds=funds_for(app.round.org))
    back = reverse("aid:application", args=[org_code, app.pk])
    refused = _("Choose the fund and the date.")
    return _button(
        request,
        back,
        services.application_pay,
        _paid,
        form,
        refused,
        page=lambda form: _application_page(request, app, pay_form=form),
        application=app,
    )


def scan_response(request, record):
    """A stored scan as a download (404 when none was attached); the service logs who
    opened it."""
    scan = services.scan_open(actor=request.user, record=record)
    if scan is None:
        raise Http404
    name, content, media_type = scan
    return file_response(content, filename=name, content_type=media_type)


@org_view(READ)
def application_proof(request, org_code, application_id):
    app = _application(application_id)
    return scan_response(request, app)


@org_view(WRITE, methods=("POST",))
def payment_reverse(request, org_code, aid_payment_id):
    payment = get_object_or_404(selectors.payments(), pk=aid_payment_id)
    if payment.application_id:
        back = reverse("aid:application", args=[org_code, payment.application_id])
    else:
        back = reverse("aid:claim", args=[org_code, payment.claim_id])
    form, refused = forms.ReverseForm(request.POST), _("Give the reason for the reversal.")
    return _button(
        request, back, services.payment_reverse, _reversed, form, refused, payment=payment
    )


def _reversed(payment) -> str:
    return _("Payment reversed (voucher %(voucher)s).") % {
        "voucher": payment.booking.reversal_number
    }


@org_view(READ)
def education_report(request, org_code):
    year = year_param(request)
    return render(
        request,
        "aid/education_report.html",
        {"report": selectors.education_report(request.org, year), "year": year, "years": _years()},
    )


def _years() -> list[int]:
    this = dt.date.today().year
    return list(range(this + 1, this - 6, -1))


def _xlsx(request, programme: str):
    name, content = services.report_export(
        actor=request.user, org=request.org, year=year_param(request), programme=programme
    )
    return file_response(content, filename=name, content_type=XLSX)


@org_view(READ)
def education_report_xlsx(request, org_code):
    return _xlsx(request, "education")


# -- 医疗互助 -----------------------------------------------------------------------------


def _medical_funds(union):
    return funds_for(union, FundKind.MEDICAL)


@org_view(WRITE, methods=("GET", "POST"))
def scheme_create(request, org_code):
    union = _union_or_none(request)
    if union is None:
        messages.error(
            request, _("Aid is run by a grassroots union; open it from the union's pages.")
        )
        return redirect("aid:index", org_code=org_code)
    funds = _medical_funds(union)
    form = forms.SchemeForm(
        request.POST or None, funds=funds, initial=forms.SchemeForm.initial_for()
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        scheme = run(
            form,
            services.scheme_create,
            actor=request.user,
            org=union,
            year=d["year"],
            fund=d["fund"],
            name=d["name"],
            contribution=d["contribution"],
            medical_rules=d["rules"],
            rules_source=d["rules_source"],
        )
        if scheme:
            messages.success(request, _("Scheme %(name)s created.") % {"name": scheme.name})
            return redirect("aid:scheme", org_code=org_code, scheme_id=scheme.pk)
    return render(
        request,
        "aid/scheme_form.html",
        {"form": form, "title": _("New mutual medical aid scheme"), "no_fund": not funds.exists()},
    )


def _scheme(scheme_id) -> Scheme:
    return get_object_or_404(selectors.schemes(), pk=scheme_id)


@org_view(READ)
def scheme_detail(request, org_code, scheme_id):
    scheme = _scheme(scheme_id)
    claims = scheme.claims.select_related("enrolment__member").order_by("-id")
    state = request.GET.get("state", "")
    if state in ClaimState.values:
        claims = claims.filter(state=state)
    totals = selectors.medical_report_for_scheme(scheme)
    return render(
        request,
        "aid/scheme_detail.html",
        {
            "scheme": scheme,
            "rules": scheme.rules,
            "enrolled": totals["enrolled"],
            "candidates": services.enrolment_candidates(scheme).count(),
            "claims": claims[:200],
            "states": ClaimState.choices,
            "state": state,
            "totals": totals,
            "enrol_form": forms.EnrolForm(union=scheme.org),
            "members": _members_datalist(scheme.org),
            "fund_balance": fund_balance(scheme.fund),
        },
    )


@org_view(WRITE, methods=("GET", "POST"))
def scheme_edit(request, org_code, scheme_id):
    scheme = _scheme(scheme_id)
    form = forms.SchemeForm(
        request.POST or None,
        funds=_medical_funds(scheme.org),
        initial=forms.SchemeForm.initial_for(scheme),
    )
    form.fields["year"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run(form, services.scheme_update, actor=request.user, scheme=scheme, data=data):
            messages.success(request, _("Saved."))
            return redirect("aid:scheme", org_code=org_code, scheme_id=scheme.pk)
    return render(
        request,
        "aid/scheme_form.html",
        {"form": form, "title": _("Edit %(name)s") % {"name": scheme.name}, "scheme": scheme},
    )


@org_view(READ)
def enrolments(request, org_code, scheme_id):
    scheme = _scheme(scheme_id)
    # fund_entry: an enrolment of the old funds ledger is found by its entry's source.
    qs = scheme.enrolments.select_related("member__org", "fund_entry").order_by(
        "member__name_pinyin", "id"
    )
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(member__name__contains=q)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    page.object_list = books.attach_enrolments(list(page.object_list))
    return render(request, "aid/enrolments.html", {"scheme": scheme, "page_obj": page, "q": q})


@org_view(WRITE, methods=("POST",))
def enrol(request, org_code, scheme_id):
    scheme = _scheme(scheme_id)
    form = forms.EnrolForm(request.POST, union=scheme.org)
    back = reverse("aid:scheme", args=[org_code, scheme.pk])

    def said(e):
        return _("%(name)s enrolled; %(amount)s yuan recorded in %(fund)s.") % {
            "name": e.member.name,
            "amount": e.contribution,
            "fund": scheme.fund.name,
        }

    return _button(request, back, services.enrolment_create, said, form, scheme=scheme)


@org_view(WRITE, methods=("POST",))
def enrol_all(request, org_code, scheme_id):
    scheme = _scheme(scheme_id)

    def said(rows):
        return _("%(n)s members enrolled; %(amount)s yuan recorded in %(fund)s.") % {
            "n": len(rows),
            "amount": scheme.contribution * len(rows),
            "fund": scheme.fund.name,
        }

    back = reverse("aid:scheme", args=[org_code, scheme.pk])
    return _button(request, back, services.enrolment_bulk, said, scheme=scheme)


@org_view(WRITE, methods=("GET", "POST"))
def claim_create(request, org_code, scheme_id):
    scheme = _scheme(scheme_id)
    form = forms.ClaimForm(request.POST or None, request.FILES or None, union=scheme.org)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        claim = run(
            form,
            services.claim_create,
            actor=request.user,
            scheme=scheme,
            member=d["member"],
            hospital=d["hospital"],
            admitted_on=d["admitted_on"],
            discharged_on=d["discharged_on"],
            bills=[form.bill()],
        )
        if claim:
            messages.success(request, _("Claim submitted."))
            return redirect("aid:claim", org_code=org_code, claim_id=claim.pk)
    return render(
        request,
        "aid/claim_form.html",
        {"form": form, "scheme": scheme, "members": _members_datalist(scheme.org)},
    )


def _claim(claim_id):
    return get_object_or_404(selectors.claims(), pk=claim_id)


@org_view(READ)
def claim_detail(request, org_code, claim_id):
    return _claim_page(request, _claim(claim_id))


def _claim_page(request, claim, pay_form=None):
    quote = None
    quote_error = ""
    if claim.state in (ClaimState.SUBMITTED, ClaimState.REVIEWING, ClaimState.REVERSED):
        try:
            quote = services.claim_quote(claim)
        except services.rules.RuleError as exc:
            quote_error = str(exc)
    return render(
        request,
        "aid/claim_detail.html",
        {
            "claim": claim,
            "member": claim.enrolment.member,
            "bills": claim.bills.all(),
            "quote": quote,
            "quote_error": quote_error,
            "payments": books.attach_payments(list(claim.payments.order_by("id"))),
            "bill_form": forms.BillForm(),
            "reverse_form": forms.ReverseForm(auto_id="reverse_%s"),
            "editable": claim.state in (ClaimState.SUBMITTED, ClaimState.REVIEWING),
            "fund_balance": fund_balance(claim.scheme.fund),
            "pay_form": pay_form or forms.ClaimPayForm(),
        },
    )


@org_view(WRITE, methods=("POST",))
def claim_bill_add(request, org_code, claim_id):
    claim, form = _claim(claim_id), forms.BillForm(request.POST, request.FILES)
    back = reverse("aid:claim", args=[org_code, claim.pk])
    return _button(request, back, services.bill_add, _("Bill added."), form, claim=claim)


def _bill(bill_id):
    return get_object_or_404(selectors.bills(), pk=bill_id)


@org_view(WRITE, methods=("POST",))
def claim_bill_remove(request, org_code, claim_bill_id):
    bill = _bill(claim_bill_id)
    back = reverse("aid:claim", args=[org_code, bill.claim_id])
    return _button(request, back, services.bill_remove, _("Bill removed."), bill=bill)


@org_view(READ)
def claim_bill_file(request, org_code, claim_bill_id):
    bill = _bill(claim_bill_id)
    return scan_response(request, bill)


@org_view(WRITE, methods=("POST",))
def claim_review(request, org_code, claim_id):
    claim = _claim(claim_id)
    back, said = reverse("aid:claim", args=[org_code, claim.pk]), _("The claim is under review.")
    return _button(request, back, services.claim_review, said, claim=claim)


@org_view(WRITE, methods=("POST",))
def claim_decide(request, org_code, claim_id):
    claim, form = _claim(claim_id), forms.ClaimDecideForm(request.POST)
    back, refused = reverse("aid:claim", args=[org_code, claim.pk]), _("Choose a decision.")
    return _button(request, back, services.claim_decide, _decided, form, refused, claim=claim)


@org_view(WRITE, methods=("POST",))
def claim_pay(request, org_code, claim_id):
    claim, form = _claim(claim_id), forms.ClaimPayForm(request.POST)
    back = reverse("aid:claim", args=[org_code, claim.pk])
    refused = _("Enter the date of the payment.")
    return _button(
        request,
        back,
        services.claim_pay,
        _paid,
        form,
        refused,
        page=lambda form: _claim_page(request, claim, pay_form=form),
        claim=claim,
    )


@org_view(READ)
def medical_report(request, org_code):
    year = year_param(request)
    return render(
        request,
        "aid/medical_report.html",
        {"report": selectors.medical_report(request.org, year), "year": year, "years": _years()},
    )


@org_view(READ)
def medical_report_xlsx(request, org_code):
    return _xlsx(request, "medical")
