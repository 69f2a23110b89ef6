"""Routes of this module under /api/v1/orgs/<org_code>/activities/ (names start with api-activities-)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
