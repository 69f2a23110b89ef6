"""Routes of this module under /api/v1/orgs/<org_code>/plans/ (names start with api-plans-)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
