"""Error pages that a person (or an operator setting Gonghui up) can act on."""

from __future__ import annotations

import logging

from django.core.exceptions import DisallowedHost
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("gonghui.setup")


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
