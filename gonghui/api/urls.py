"""Routes of the JSON API under /api/v1/. Every pattern is named with an `api-` prefix."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

from gonghui.accounts.api_urls import caller_patterns
from gonghui.members import api as members_api

# Fixed words before <int:member_id>/<str:action>/, which would swallow them otherwise.
member_patterns = [
    path("", members_api.MemberListAPI.as_view(), name="api-members"),
    path("me/", members_api.SelfMemberAPI.as_view(), name="api-members-me"),
    path(
        "me/requests/",
        members_api.SelfChangeRequestAPI.as_view(),
        name="api-members-me-requests",
    ),
    path("move/", members_api.MoveGroupAPI.as_view(), name="api-members-move"),
    path(
        "applications/",
        members_api.ApplicationListAPI.as_view(),
        name="api-members-applications",
    ),
    path("statistics/", members_api.StatisticsAPI.as_view(), name="api-members-statistics"),
    path("export.xlsx", members_api.ExportAPI.as_view(), name="api-members-export"),
    path("transfers/", members_api.TransferListAPI.as_view(), name="api-members-transfers"),
    path(
        "transfers/<int:transfer_id>/accept/",
        members_api.TransferAcceptAPI.as_view(),
        name="api-members-transfer-accept",
    ),
    path(
        "transfers/<int:transfer_id>/refuse/",
        members_api.TransferRefuseAPI.as_view(),
        name="api-members-transfer-refuse",
    ),
    path("requests/", members_api.ChangeRequestListAPI.as_view(), name="api-members-requests"),
    path(
        "requests/<int:request_id>/approve/",
        members_api.ChangeRequestApproveAPI.as_view(),
        name="api-members-request-approve",
    ),
    path(
        "requests/<int:request_id>/reject/",
        members_api.ChangeRequestRejectAPI.as_view(),
        name="api-members-request-reject",
    ),
    path(
        "invitations/",
        members_api.InvitationListAPI.as_view(),
        name="api-members-invitations",
    ),
    path("lapse/", members_api.LapseAPI.as_view(), name="api-members-lapse"),
    path("<int:member_id>/", members_api.MemberAPI.as_view(), name="api-members-member"),
    path(
        "<int:member_id>/certificate.pdf",
        members_api.CertificateAPI.as_view(),
        name="api-members-certificate",
    ),
    path(
        "<int:member_id>/history/",
        members_api.MemberHistoryAPI.as_view(),
        name="api-members-history",
    ),
    path(
        "<int:member_id>/transfer/",
        members_api.MemberTransferAPI.as_view(),
        name="api-members-transfer",
    ),
    path(
        "<int:member_id>/<str:action>/",
        members_api.MemberLifecycleAPI.as_view(),
        name="api-members-lifecycle",
    ),
]

org_patterns = [
    path("", include("gonghui.orgs.api_urls")),
    path("", include("gonghui.accounts.api_urls")),
    path("audit/", include("gonghui.audit.api_urls")),
    path("imports/", include("gonghui.imports.api_urls")),
    path("members/", include(member_patterns)),
    path("plans/", include("gonghui.plans.api_urls")),
    path("activities/", include("gonghui.activities.api_urls")),
    path("funds/", include("gonghui.funds.api_urls")),
    path("welfare/", include("gonghui.welfare.api_urls")),
    path("aid/", include("gonghui.aid.api_urls")),
    path("democracy/", include("gonghui.democracy.api_urls")),
    path("voting/", include("gonghui.voting.api_urls")),
    path("openness/", include("gonghui.openness.api_urls")),
]

urlpatterns = [
    # JSON whatever the Accept header says (the plain view would default to YAML).
    # Public: it describes the endpoints and holds no data.
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-schema"),
    path("", include(caller_patterns)),
    # Public: a member creates their login with a printed code (throttled per address).
    path("activate/", members_api.ActivateAPI.as_view(), name="api-members-activate"),
    path("orgs/<str:org_code>/", include(org_patterns)),
]
