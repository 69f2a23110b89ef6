from __future__ import annotations

import base64
from functools import wraps

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.audit import models as audit
from gonghui.audit.context import acting, client_ip
from gonghui.core.forms import run
from gonghui.core.qr import qr_data_uri

from . import selectors, services, throttling
from .access import user_orgs
from .forms import ApiTokenForm, LoginForm, OTPTokenForm, StyledPasswordChangeForm
from .models import ApiToken

OTP_PENDING = "otp_pending"


def _safe_next(request, default="home"):
    nxt = request.POST.get("next") or request.GET.get("next")
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        return nxt
    return reverse_lazy(default)


def _with_next(url_name: str, nxt) -> str:
    """The URL of `url_name` carrying `nxt` as its (encoded) ?next= parameter."""
    url = str(reverse_lazy(url_name))
    return f"{url}?{urlencode({'next': str(nxt)})}" if nxt else url


def _second_factor_first(view):
    """While a log-in waits for its one-time code, the account pages stay closed as well:
    the middleware leaves all of /accounts/ open so that the code pages can be reached,
    but changing the password must not be possible with the password alone."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.session.get(OTP_PENDING) and not request.user.is_verified():
            return redirect(_with_next("accounts:otp", request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Before any password is checked: an address trying many accounts is paused.
        wait = throttling.address_retry_after(request)
        if wait:
            minutes = -(-wait // 60)
            message = _(
                "Too many failed log-ins from your network address. Log-ins from it are "
                "paused; try again in %(minutes)d min."
            ) % {"minutes": minutes}
            response = render(request, "accounts/locked_out.html", {"message": message}, status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        # The request started anonymous: the entry names the user who just logged in.
        with acting(user, ip=client_ip(self.request), source="web"):
            audit.record("accounts.user.logged_in", obj=user)
        if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
            self.request.session[OTP_PENDING] = True
            return redirect(_with_next("accounts:otp", self.get_success_url()))
        return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def otp_verify(request):
    devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect(_with_next("accounts:otp_setup", request.GET.get("next", "")))
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        for device in devices:
            if device.verify_token(token):
                otp_login(request, device)
                request.session.pop(OTP_PENDING, None)
                audit.record("accounts.user.otp_verified", obj=request.user)
                return redirect(_safe_next(request))
        form.add_error("token", _("The code is wrong or has expired."))
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def otp_setup(request):
    user = request.user
    confirmed = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    if (
        confirmed is not None
        and request.method == "POST"
        and request.POST.get("action") == "disable"
    ):
        if not request.user.is_verified():
            messages.error(request, _("Confirm a one-time code first."))
            return redirect("accounts:otp")
        services.otp_disable(actor=user, user=user)
        messages.success(request, _("Two-factor login is off."))
        return redirect("accounts:otp_setup")
    if confirmed is not None:
        return render(request, "accounts/otp_setup.html", {"confirmed": True})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="totp", confirmed=False)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            services.otp_enable(actor=user, device=device)
            otp_login(request, device)
            request.session.pop(OTP_PENDING, None)
            messages.success(request, _("Two-factor login is on."))
            return redirect(_safe_next(request))
        form.add_error("token", _("The code is wrong or has expired."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": qr_data_uri(device.config_url),
            "secret": secret,
            "next": request.GET.get("next", ""),
        },
    )


def _profile(request, *, token_form=None, new_key="", new_token=None, status=200):
    has_otp = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists()
    return render(
        request,
        "accounts/profile.html",
        {
            "assignments": selectors.roles_held(request.user),
            "has_otp": has_otp,
            "orgs": user_orgs(request.user),
            "tokens": ApiToken.objects.filter(user=request.user),
            "token_form": token_form or ApiTokenForm(),
            "new_key": new_key,
            "new_token": new_token,
        },
        status=status,
    )


@require_safe
@login_required
@_second_factor_first
def profile(request):
    return _profile(request)


@require_POST
@login_required
@_second_factor_first
def token_create(request):
    """Make an API token. The page that answers is the only place its key is ever shown
    (only a digest is kept), so it is rendered here instead of redirecting; the response
    is not stored by the browser (PrivateResponsesMiddleware)."""
    form = ApiTokenForm(request.POST)
    create, user = services.api_token_create, request.user
    if form.is_valid() and (made := run(form, create, actor=user, user=user, **form.cleaned_data)):
        token, key = made
        return _profile(request, new_key=key, new_token=token)
    return _profile(request, token_form=form, status=400)


@require_POST
@login_required
@_second_factor_first
def token_revoke(request, token_id: int):
    # Through the owner: another user's token id is a 404, like a missing one.
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token %(prefix)s… was revoked.") % {"prefix": token.prefix})
    return redirect("accounts:profile")


@method_decorator(_second_factor_first, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = StyledPasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        password, user = form.cleaned_data["new_password1"], form.user
        had_tokens = services.password_change(actor=user, user=user, password=password)
        # What PasswordChangeView does after form.save(): the session stays logged in.
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Your password was changed."))
        if had_tokens:
            messages.info(self.request, _("Your API tokens were revoked with the old password."))
        return redirect(self.get_success_url())
