"""Pages reached without a login: a member activates their account from the printed code."""

from __future__ import annotations

from django.contrib.auth import authenticate, login
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.audit.context import client_ip

from .forms import ActivationForm, ActivationLinkForm
from .services_invitations import ActivationError, ExistingLoginError, invitation_accept

# Attempts per address per quarter of an hour: enough for typos, too few to guess codes.
MAX_ATTEMPTS = 10
ATTEMPTS_WINDOW = 15 * 60


# The throttle is shared with the API (api.ActivateAPI): one count per address for both.
def _attempts_key(request) -> str:
    return f"activate:{client_ip(request)}"


def attempts_exhausted(request) -> bool:
    """Whether the caller's address has used up its activation attempts."""
    return cache.get(_attempts_key(request), 0) >= MAX_ATTEMPTS


def count_attempt(request) -> None:
    # add() starts the window once; incr() is atomic, so parallel attempts all count.
    key = _attempts_key(request)
    cache.add(key, 0, ATTEMPTS_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # the window ended between the two calls
        cache.set(key, 1, ATTEMPTS_WINDOW)


def activation_url(request, code: str) -> str:
    """What a printed QR code opens: this page with the code (without its dashes)."""
    activate = request.build_absolute_uri(reverse("members_public:activate"))
    return f"{activate}?code={code.replace('-', '')}"


def authenticate_for(request):
    """The password check for linking an existing login, through Django's authenticate so
    that axes counts the failures against that login as for the login page."""

    def check(user, password: str) -> bool:
        found = authenticate(request, username=user.username, password=password)
        return found is not None and found.pk == user.pk

    return check


def log_in(request, user) -> None:
    login(request, user, backend="gonghui.accounts.backends.UsernameOrMobileBackend")
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is not None:
        # The second factor was given on this page (invitation_accept refuses otherwise).
        otp_login(request, device)


@require_http_methods(["GET", "HEAD", "POST"])
def activate(request):
    linking = request.method == "POST" and request.POST.get("link") == "1"
    notice = ""
    if linking:
        form = ActivationLinkForm(request.POST)
    else:
        form = ActivationForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST":
        if attempts_exhausted(request):
            form.add_error(None, _("Too many attempts. Try again in a quarter of an hour."))
        elif form.is_valid():
            count_attempt(request)
            data = form.cleaned_data
            try:
                user = invitation_accept(
                    code=data["code"],
                    mobile=data["mobile"],
                    password=data["password"] if linking else data["password1"],
                    otp_token=data.get("otp_token", ""),
                    ip=client_ip(request),
                    authenticate=authenticate_for(request),
                )
            except ExistingLoginError as exc:
                # Keep what was typed (not the passwords) and ask for the login's own proof.
                form = ActivationLinkForm(initial={"mobile": data["mobile"], "code": data["code"]})
                notice, linking = str(exc), True
            except ActivationError as exc:
                form.add_error(None, str(exc))
            else:
                log_in(request, user)
                return redirect("home")
    return render(
        request, "members/activate.html", {"form": form, "linking": linking, "notice": notice}
    )
