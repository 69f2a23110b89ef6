"""Routes of the JSON API under /api/v1/. Every pattern is named with an `api-` prefix."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

from gonghui.accounts.api_urls import caller_patterns
from gonghui.members import api as members_api

org_patterns = [
    path("", include("gonghui.orgs.api_urls")),
    path("", include("gonghui.accounts.api_urls")),
    path("audit/", include("gonghui.audit.api_urls")),
    path("imports/", include("gonghui.imports.api_urls")),
    path("members/", include("gonghui.members.api_urls")),
    path("plans/", include("gonghui.plans.api_urls")),
    path("activities/", include("gonghui.activities.api_urls")),
    path("funds/", include("gonghui.funds.api_urls")),
    path("finance/", include("gonghui.finance.api_urls")),
    path("dues/", include("gonghui.dues.api_urls")),
    path("welfare/", include("gonghui.welfare.api_urls")),
    path("aid/", include("gonghui.aid.api_urls")),
    path("democracy/", include("gonghui.democracy.api_urls")),
    path("voting/", include("gonghui.voting.api_urls")),
    path("openness/", include("gonghui.openness.api_urls")),
    path("budgets/", include("gonghui.budgets.api_urls")),
    path("assets/", include("gonghui.assets.api_urls")),
    path("oversight/", include("gonghui.oversight.api_urls")),
    path("spending/", include("gonghui.spending.api_urls")),
    path("levy/", include("gonghui.levy.api_urls")),
    path("upper/", include("gonghui.upper.api_urls")),
    path("assignments/", include("gonghui.assignments.api_urls")),
    path("assessments/", include("gonghui.assessments.api_urls")),
    path("binders/", include("gonghui.binders.api_urls")),
    path("survey/", include("gonghui.survey.api_urls")),
    path("awards/", include("gonghui.awards.api_urls")),
    path("ideas/", include("gonghui.ideas.api_urls")),
]

urlpatterns = [
    # JSON whatever the Accept header says (the plain view would default to YAML).
    # Public: it describes the endpoints and holds no data.
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-schema"),
    path("", include(caller_patterns)),
    # Public: a member creates their login with a printed code (throttled per address).
    path("activate/", members_api.ActivateAPI.as_view(), name="api-members-activate"),
    # Public: a department answers a proposal with the token of its link (throttled).
    path("ideas/", include("gonghui.ideas.urls_link")),
    path("orgs/<str:org_code>/", include(org_patterns)),
]
