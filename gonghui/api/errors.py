"""Errors of the API answer in JSON, like everything else it says.

DRF turns the exceptions it knows (validation, 404, 403, …) into JSON; anything else used
to escape to Django's HTML error page, so a script got a page of HTML instead of a JSON
body it could read. Here an unexpected exception is logged with its traceback and answered
with a plain JSON message that gives nothing away; `handler500` does the same for errors
raised outside the API views (middleware, parsing) on /api/ paths.
"""

from __future__ import annotations

import logging

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import server_error
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from gonghui.core.errors import DomainError

logger = logging.getLogger("gonghui.api")


def server_error_message() -> str:
    return _("Internal server error. It has been logged; please try again later.")


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        # A rule refused the action: the person's words, and the field where there is one.
        set_rollback()
        return Response(
            {"detail": exc.message, "field": exc.field}, status=status.HTTP_400_BAD_REQUEST
        )
    response = drf_exception_handler(exc, context)
    if response is not None:
        return response
    request = context.get("request")
    view = context.get("view")
    logger.error(
        "Unhandled exception in %s %s (%s)",
        getattr(request, "method", "?"),
        getattr(request, "path", "?"),
        type(view).__name__ if view is not None else "?",
        exc_info=exc,
    )
    set_rollback()
    return Response(
        {"detail": server_error_message()}, status=status.HTTP_500_INTERNAL_SERVER_ERROR
    )


def handler500(request, *args, **kwargs):
    """Django's handler500: JSON for /api/ paths, the usual page elsewhere."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(
            {"detail": server_error_message()},
            status=500,
            json_dumps_params={"ensure_ascii": False},
        )
    return server_error(request, *args, **kwargs)
