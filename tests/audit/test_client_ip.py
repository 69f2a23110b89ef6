"""The address the log records is the one the proxy saw, not one the client wrote (#11)."""

from __future__ import annotations

from django.test import RequestFactory

from gonghui.audit.context import client_ip


def test_behind_the_proxy_the_last_forwarded_entry_is_the_caller(settings):
    settings.USE_X_FORWARDED_FOR = True
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="127.0.0.1"
    )
    assert client_ip(request) == "203.0.113.9"


def test_a_forged_or_broken_header_falls_back_to_the_connection(settings):
    settings.USE_X_FORWARDED_FOR = True
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="not-an-address", REMOTE_ADDR="10.0.0.5"
    )
    assert client_ip(request) == "10.0.0.5"


def test_without_the_proxy_setting_the_header_is_ignored(settings):
    settings.USE_X_FORWARDED_FOR = False
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="10.0.0.5")
    assert client_ip(request) == "10.0.0.5"
