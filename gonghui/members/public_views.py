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


@require_http_methods(["GET", "POST"])
def activate(request):
    form = ActivationForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST":
        key = f"activate:{client_ip(request)}"
        attempts = cache.get(key, 0)
        if attempts >= MAX_ATTEMPTS:
            form.add_error(None, _("Too many attempts. Try again in a quarter of an hour."))
        elif form.is_valid():
            cache.set(key, attempts + 1, 15 * 60)
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
