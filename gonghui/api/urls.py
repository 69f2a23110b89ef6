"""Routes of the JSON API under /api/v1/. Every pattern is named with an `api-` prefix."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

from gonghui.accounts import api as accounts_api
from gonghui.audit import api as audit_api
from gonghui.members import api as members_api
from gonghui.orgs import api as orgs_api

org_patterns = [
    path("", orgs_api.OrganisationAPI.as_view(), name="api-org"),
    path("subtree/", orgs_api.SubtreeAPI.as_view(), name="api-org-subtree"),
    path("committee/terms/", orgs_api.TermListAPI.as_view(), name="api-committee-terms"),
    path("committee/terms/<int:term_id>/", orgs_api.TermAPI.as_view(), name="api-committee-term"),
    path(
        "committee/terms/<int:term_id>/seats/",
        orgs_api.SeatListAPI.as_view(),
        name="api-committee-seats",
    ),
    path(
        "committee/terms/<int:term_id>/seats/<int:seat_id>/",
        orgs_api.SeatAPI.as_view(),
        name="api-committee-seat",
    ),
    path("roles/", accounts_api.RoleListAPI.as_view(), name="api-roles"),
    path("roles/<int:assignment_id>/", accounts_api.RoleAPI.as_view(), name="api-role"),
    path("audit/", audit_api.AuditListAPI.as_view(), name="api-audit"),
    path("audit/<int:entry_id>/", audit_api.AuditEntryAPI.as_view(), name="api-audit-entry"),
    path("imports/", include("gonghui.imports.api_urls")),
    path("members/", include("gonghui.members.api_urls")),
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
    path("me/", accounts_api.MeAPI.as_view(), name="api-me"),
    # Public: a member creates their login with a printed code (throttled per address).
    path("activate/", members_api.ActivateAPI.as_view(), name="api-members-activate"),
    path("orgs/<str:org_code>/", include(org_patterns)),
]
