"""Declare on each view which permission it needs and which HTTP methods it answers."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from gonghui.accounts.permissions import PERMISSIONS

from .errors import DomainError

# Filled by `org_view`; the scoping matrix test reads it to know what each view needs.
VIEW_PERMISSIONS: dict[str, str] = {}


def org_view(perm: str, methods=("GET",)):
    """An organisation page: needs `perm` in request.org (403 otherwise) and answers
    only `methods` (405 otherwise). The middleware has already answered 404 when the
    user holds no role covering the organisation in the URL."""
    if perm not in PERMISSIONS:
        raise KeyError(f"unknown permission {perm!r}")

    # HEAD is a GET without the body (monitors, link checkers): allowed wherever GET is.
    allowed = [*methods, "HEAD"] if "GET" in methods and "HEAD" not in methods else list(methods)

    def decorator(view):
        @require_http_methods(allowed)
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            access = getattr(request, "access", None)
            if access is None:  # mounted outside /o/<org_code>/: a programming error
                raise RuntimeError(f"{view.__name__} is an org view without org_code in its URL")
            if not access.has(perm):
                raise PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except DomainError as exc:
                # A refused action that no form took care of (a button): say why on the
                # page the person came from. Forms use core.forms.run to keep the input.
                messages.error(request, exc.message)
                return redirect(back_url(request))

        wrapper.required_permission = perm
        wrapper.allowed_methods = tuple(methods)
        VIEW_PERMISSIONS[f"{view.__module__}.{view.__name__}"] = perm
        return wrapper

    return decorator


def back_url(request, default: str = "") -> str:
    """Where to send the person after an action: `next` or the page they came from, when
    it is on this site, else `default`, else their organisation's dashboard."""
    for candidate in (
        request.POST.get("next"),
        request.GET.get("next"),
        request.headers.get("Referer"),
    ):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    if default:
        return default
    org = getattr(request, "org", None)
    return reverse("core:dashboard", kwargs={"org_code": org.code}) if org else reverse("home")
