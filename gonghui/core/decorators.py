"""Declare on each view which permission it needs and which HTTP methods it answers."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_http_methods

# Filled by `org_view`; the scoping matrix test reads it to know what each view needs.
VIEW_PERMISSIONS: dict[str, str] = {}


def org_view(perm: str, methods=("GET",)):
    """An organisation page: needs `perm` in request.org (403 otherwise) and answers
    only `methods` (405 otherwise). The middleware has already answered 404 when the
    user holds no role covering the organisation in the URL."""
    from gonghui.accounts.permissions import PERMISSIONS

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
            return view(request, *args, **kwargs)

        wrapper.required_permission = perm
        wrapper.allowed_methods = tuple(methods)
        VIEW_PERMISSIONS[f"{view.__module__}.{view.__name__}"] = perm
        return wrapper

    return decorator
