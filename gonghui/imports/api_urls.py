from django.urls import path

from . import api

urlpatterns = [
    path("orgs/", api.OrgImportUpload.as_view(), name="api-imports-orgs"),
    path("members/", api.MemberImportUpload.as_view(), name="api-imports-members"),
    path("<int:batch_id>/", api.BatchDetail.as_view(), name="api-imports-batch"),
    path("<int:batch_id>/commit/", api.BatchCommit.as_view(), name="api-imports-commit"),
    path("<int:batch_id>/cancel/", api.BatchCancel.as_view(), name="api-imports-cancel"),
    path("<int:batch_id>/retry/", api.BatchRetry.as_view(), name="api-imports-retry"),
]
