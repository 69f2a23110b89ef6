"""Response headers, cookies, Django's deployment checks, and templates that the
Content-Security-Policy would break."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.accounts.conftest import PASSWORD
from tests.factories import UnionFactory

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(django_settings.BASE_DIR).parent
TEMPLATE_FILES = sorted(Path(django_settings.BASE_DIR).glob("**/templates/**/*.html"))


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


# -- headers ----------------------------------------------------------------------


@pytest.fixture(
    params=[
        (None, "/accounts/login/", 200),
        ("chair", "/o/{union}/", 200),
        ("chair", "/o/{union}/roles/", 200),
        ("chair", "/accounts/me/", 200),
        ("chair", "/accounts/otp/setup/", 200),
        ("chair", "/o/{other}/", 404),
        ("member", "/o/{group}/roles/", 403),
    ],
    ids=lambda p: f"{p[0]}:{p[1]}",
)
def page(request, client, union, group, staff, login):
    role, path, status = request.param
    c = login(staff(role, group if role == "member" else union)) if role else client
    other = UnionFactory(parent=union.parent)
    response = c.get(path.format(union=union.code, group=group.code, other=other.code))
    assert response.status_code == status
    return response


def test_pages_carry_a_strict_content_security_policy(page):
    directives = csp_directives(page)
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    header = page["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    assert "*" not in header.replace("'", " ").split()


def test_pages_cannot_be_framed_or_sniffed(page):
    assert page["X-Frame-Options"] == "DENY"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "same-origin"


def test_the_csrf_cookie_is_http_only(client):
    r = client.get("/accounts/login/")
    cookie = r.cookies[django_settings.CSRF_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert bool(cookie["secure"]) == django_settings.CSRF_COOKIE_SECURE


def test_the_session_cookie_is_http_only(client, union, staff):
    chair = staff("chair", union)
    client.get("/accounts/login/")
    r = client.post("/accounts/login/", {"username": chair.username, "password": PASSWORD})
    assert r.status_code == 302
    cookie = r.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert bool(cookie["secure"]) == django_settings.SESSION_COOKIE_SECURE


def test_cookies_are_https_only_by_default():
    """Without SECURE_COOKIES=0 (only `make run` on 127.0.0.1 sets it), cookies are Secure."""
    if os.environ.get("SECURE_COOKIES") is not None or django_settings.DEBUG:
        pytest.skip("SECURE_COOKIES or DEBUG is set in this environment")
    assert django_settings.SESSION_COOKIE_SECURE
    assert django_settings.CSRF_COOKIE_SECURE


# -- manage.py check --deploy -----------------------------------------------------

# Findings of `check --deploy` that settings.py does not address yet. Each is there for a
# reason (see the xfail below); anything else showing up is a regression.
KNOWN_DEPLOY_FINDINGS: set[str] = set()


@pytest.fixture(scope="module")
def deploy_check(tmp_path_factory):
    """Run `manage.py check --deploy` with a production-like environment only."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "TMPDIR"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "example.org",
            "SECURE_HSTS_SECONDS": "31536000",
            "SECURE_PROXY_SSL": "1",
            "GONGHUI_VAR_DIR": str(tmp_path_factory.mktemp("var")),
            "SECURE_SSL_REDIRECT": "1",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
            "SECURE_HSTS_PRELOAD": "1",
        }
    )
    proc = subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = proc.stdout + proc.stderr
    return proc.returncode, output, set(re.findall(r"\((\w+\.[EWC]\d+)\)", output))


def test_no_unexpected_deployment_findings(deploy_check):
    returncode, output, findings = deploy_check
    assert "Traceback" not in output, output
    assert findings <= KNOWN_DEPLOY_FINDINGS, output
    if not findings:
        assert returncode == 0, output


def test_the_deployment_checks_pass(deploy_check):
    returncode, output, _ = deploy_check
    assert returncode == 0, output


# -- templates ----------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE)
SCRIPT_WITH_BODY = re.compile(r"<script\b[^>]*>\s*[^<\s]", re.IGNORECASE)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


# Templates that never reach a browser, so the policy does not apply to them, and why.
NOT_SERVED_TO_BROWSERS = {
    "members/certificate.html": "rendered to PDF by WeasyPrint (gonghui.members.views.certificate)",
    "budgets/document_pdf.html": "a budget or 决算 with its cover, rendered to PDF (gonghui.budgets.exports)",
    "activities/sheet_pdf.html": "the sign-in sheet, rendered to PDF (gonghui.activities.sheet)",
    "funds/ledger_pdf.html": "the fund ledger, rendered to PDF (gonghui.funds.exports)",
    "finance/statements_pdf.html": "工会01 and 工会02, rendered to PDF (gonghui.finance.exports)",
    "finance/ledger_pdf.html": "a ledger of the books, rendered to PDF (gonghui.finance.ledgers)",
    "finance/bank_reconciliation_pdf.html": "the 余额调节表, rendered to PDF (gonghui.finance.bank)",
    "oversight/opinion_pdf.html": "the review opinion, rendered to PDF (gonghui.oversight.documents)",
    "plans/summary_pdf.html": "the year-end summary, rendered to PDF (gonghui.plans.summary_docs)",
    "voting/evaluation_pdf.html": "the evaluation report, rendered to PDF (gonghui.voting.report)",
    "welfare/sheet_pdf.html": "the 慰问金发放表, rendered to PDF (gonghui.welfare.sheet)",
    "awards/certificates_pdf.html": "the numbered award certificates, rendered to PDF (gonghui.awards.documents)",
    "binders/document.html": "a part of the inspection binder, rendered to PDF (gonghui.binders)",
}


def _template_name(path: Path) -> str:
    """The name Django loads it by: the path below its (last) templates/ directory."""
    parts = path.parts
    last = len(parts) - 1 - parts[::-1].index("templates")
    return "/".join(parts[last + 1 :])


def test_there_are_templates_to_scan():
    assert len(TEMPLATE_FILES) > 10
    assert any(p.name == "base.html" for p in TEMPLATE_FILES)


def test_templates_exempted_from_the_scan_exist_and_stand_alone():
    names = {_template_name(p): p for p in TEMPLATE_FILES}
    for name in NOT_SERVED_TO_BROWSERS:
        assert name in names, f"{name} is gone: remove it from NOT_SERVED_TO_BROWSERS"
        assert "{% extends" not in names[name].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path", TEMPLATE_FILES, ids=lambda p: str(p.relative_to(django_settings.BASE_DIR))
)
def test_templates_have_nothing_the_policy_blocks(path):
    if _template_name(path) in NOT_SERVED_TO_BROWSERS:
        pytest.skip(NOT_SERVED_TO_BROWSERS[_template_name(path)])
    text = path.read_text(encoding="utf-8")
    problems = []
    for name, pattern in [
        ("inline <script> without src", INLINE_SCRIPT),
        ("<script> with a body", SCRIPT_WITH_BODY),
        ('style="..." attribute', STYLE_ATTR),
        ("<style> element", STYLE_ELEMENT),
        ("on...= event handler attribute", EVENT_HANDLER),
        ("javascript: URL", JS_URL),
    ]:
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            problems.append(f"line {line}: {name}: {match.group(0)!r}")
    assert not problems, "\n".join(problems)


def test_htmx_does_not_inject_its_indicator_styles():
    """htmx adds a <style> element unless told not to; the policy would block it."""
    base = (Path(django_settings.BASE_DIR) / "templates" / "base.html").read_text()
    assert '"includeIndicatorStyles": false' in base
