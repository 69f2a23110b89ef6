"""Pages reached without a login: a member activates their account from the printed code."""

from __future__ import annotations

from django.contrib.auth import login
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gonghui.audit.context import client_ip

from .forms import ActivationForm
from .invitations import ActivationError, invitation_accept

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
    key = _attempts_key(request)
    cache.set(key, cache.get(key, 0) + 1, ATTEMPTS_WINDOW)


@require_http_methods(["GET", "POST"])
def activate(request):
    form = ActivationForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST":
        if attempts_exhausted(request):
            form.add_error(None, _("Too many attempts. Try again in a quarter of an hour."))
        elif form.is_valid():
            count_attempt(request)
            try:
                user = invitation_accept(
                    code=form.cleaned_data["code"], mobile=form.cleaned_data["mobile"],
                    password=form.cleaned_data["password1"], ip=client_ip(request),
                )  # fmt: skip
            except ActivationError as exc:
                form.add_error(None, str(exc))
            else:
                login(request, user, backend="gonghui.accounts.backends.UsernameOrMobileBackend")
                return redirect("home")
    return render(request, "members/activate.html", {"form": form})
