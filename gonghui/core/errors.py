"""Refusals a person can act on: the domain error every workflow raises, and error pages.

`DomainError` is the one base of every app's workflow error (MemberError, PlanError...):
a Chinese message and, where it concerns one input, the field. The doors turn it into
words for the person without a try/except at each call: the API's exception handler
answers 400 `{"detail", "field"}`, `org_view` shows the message on the page, and
`core.forms.run` puts it on the form field.
"""

from __future__ import annotations

import logging

from django.core.exceptions import DisallowedHost
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("gonghui.setup")


class DomainError(Exception):
    """A rule refused the action. `message` is for the person (Chinese, through gettext);
    `field` names the input it concerns, or None for the action as a whole."""

    def __init__(self, message="", *, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field

    def __str__(self) -> str:
        return self.message


def bad_request(request, exception=None):
    """400. A host missing from ALLOWED_HOSTS is the usual first stumble of a new
    installation: say which setting to change (not its current value), and log it."""
    if isinstance(exception, DisallowedHost):
        host = request.META.get("HTTP_HOST", "")
        # get_host() raised: the raw header is all there is, and it is the operator's clue.
        logger.warning(
            "Refused a request for host %r: add it to ALLOWED_HOSTS (comma-separated).", host
        )
        message = _(
            "This address is not among the addresses the server is set up for. The operator "
            "adds it to the ALLOWED_HOSTS environment variable (comma-separated, see "
            ".env.example) and restarts Gonghui."
        )
    else:
        message = _("The request could not be understood. Go back and try again.")
    # A template of its own, without base.html: the base template asks for the host again.
    body = render_to_string("400.html", {"message": message})
    return HttpResponseBadRequest(body)
