"""Resolve the organisation of each page request once, and scope everything to it."""

from __future__ import annotations

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import urlencode

from gonghui.accounts.access import resolve_access
from gonghui.audit.context import Actor, client_ip, reset_actor, set_actor

from .scoping import PLATFORM, Scope, reset_scope, set_scope


def _with_next(url_name: str, request) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"


class OrgScopeMiddleware:
    """For /o/<org_code>/... pages: 404 without a role there, else request.org,
    request.access and the organisation's scope for the whole request. Every other
    request runs with no scope at all, so a stray tenant query raises.
    The API resolves its own way through the same `resolve_access` (it authenticates
    by token inside the view), see gonghui.api.base.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.org = None
        request.access = None
        user = getattr(request, "user", None)
        is_api = request.path_info.startswith("/api/")
        actor_token = set_actor(
            Actor(
                user=user if user is not None and user.is_authenticated else None,
                ip=client_ip(request),
                source="api" if is_api else "web",
            )
        )
        scope_token = set_scope(None)
        try:
            if not is_api:
                response = self._pending_otp(request)
                if response is not None:
                    return response
            if request.path_info.startswith("/admin/") and user is not None and user.is_superuser:
                # Platform operators administer the whole platform.
                set_scope(PLATFORM)
            elif not is_api:
                response = self._resolve_org(request)
                if response is not None:
                    return response
            return self.get_response(request)
        finally:
            reset_scope(scope_token)
            reset_actor(actor_token)

    def _pending_otp(self, request):
        """Users who turned two-factor login on confirm their code before anything else."""
        if not request.session.get("otp_pending") or request.path_info.startswith(
            ("/accounts/", "/static/")
        ):
            return None
        if request.user.is_authenticated and not request.user.is_verified():
            return redirect(_with_next("accounts:otp", request))
        return None

    def _resolve_org(self, request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        code = match.kwargs.get("org_code")
        if code is None:
            return None
        if not request.user.is_authenticated:
            return redirect(_with_next("accounts:login", request))
        access = resolve_access(request.user, code, otp_verified=request.user.is_verified())
        if access is None:
            raise Http404
        if access.needs_otp:
            return redirect(_with_next("accounts:otp", request))
        request.org = access.org
        request.access = access
        set_scope(Scope(path=access.org.path))
        # Remember the last organisation worked in, for the home page redirect.
        if request.session.get("org_code") != code:
            request.session["org_code"] = code
        return None


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """The interface is Chinese whatever language the browser asks for.

    Cadres often use browsers set up in English on office machines; the union's work is
    in Chinese. A deliberate choice (the language cookie) still wins.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()


class PrivateResponsesMiddleware:
    """Nothing answered to a logged-in user is kept by a browser or a shared cache: rosters,
    ID numbers and case files must not stay on an office computer's disk or in a proxy.

    Pages and API alike (DRF has set request.user by the time the response comes back).
    Static files never get here (WhiteNoise answers them first); pages for anonymous
    visitors, such as the login page, keep their headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response


# What a JSON answer needs of a browser: nothing. Not to be framed, nothing to load.
API_CSP = "default-src 'none'; frame-ancestors 'none'"


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp for pages; a fixed, stricter policy for the API's JSON answers.

    The package builds the policy again for every response (a tenth of the CPU of a
    sign-up at opening time, #13 §9), and a JSON answer has no use for the pages' one.
    Downloads from the API (spreadsheets, PDFs) keep the pages' policy.
    """

    def process_response(self, request, response):
        if request.path_info.startswith("/api/") and response.get("Content-Type", "").startswith(
            "application/json"
        ):
            if CSP_HEADER not in response:
                response[CSP_HEADER] = API_CSP
            return response
        return super().process_response(request, response)
