"""Routes of imports under /api/v1/orgs/<org_code>/imports/ (contracts: unchanged)."""

from django.urls import path

from .api import BatchViewSet, UploadViewSet

batch = "<int:batch_id>/"

urlpatterns = [
    path("orgs/", UploadViewSet.as_view({"post": "orgs_upload"}), name="api-imports-orgs"),
    path("members/", UploadViewSet.as_view({"post": "members_upload"}), name="api-imports-members"),
    path(
        "vouchers/", UploadViewSet.as_view({"post": "vouchers_upload"}), name="api-imports-vouchers"
    ),
    path(batch, BatchViewSet.as_view({"get": "retrieve"}), name="api-imports-batch"),
    path(f"{batch}commit/", BatchViewSet.as_view({"post": "commit"}), name="api-imports-commit"),
    path(f"{batch}cancel/", BatchViewSet.as_view({"post": "cancel"}), name="api-imports-cancel"),
    path(f"{batch}retry/", BatchViewSet.as_view({"post": "retry"}), name="api-imports-retry"),
]
