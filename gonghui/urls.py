from django.contrib import admin
from django.urls import include, path

from gonghui.core import views as core_views

org_patterns = [
    path("", include("gonghui.core.urls")),
    path("orgs/", include("gonghui.orgs.urls")),
    path("roles/", include("gonghui.accounts.urls_org")),
    path("audit/", include("gonghui.audit.urls")),
    path("imports/", include("gonghui.imports.urls")),
    path("members/", include("gonghui.members.urls")),
    path("plans/", include("gonghui.plans.urls")),
    path("activities/", include("gonghui.activities.urls")),
    path("funds/", include("gonghui.funds.urls")),
    path("dues/", include("gonghui.dues.urls")),
    path("finance/", include("gonghui.finance.urls")),
    path("welfare/", include("gonghui.welfare.urls")),
    path("aid/", include("gonghui.aid.urls")),
    path("democracy/", include("gonghui.democracy.urls")),
    path("voting/", include("gonghui.voting.urls")),
    path("openness/", include("gonghui.openness.urls")),
    path("budgets/", include("gonghui.budgets.urls")),
    path("assets/", include("gonghui.assets.urls")),
    path("oversight/", include("gonghui.oversight.urls")),
    path("spending/", include("gonghui.spending.urls")),
    path("levy/", include("gonghui.levy.urls")),
    path("upper/", include("gonghui.upper.urls")),
    path("assignments/", include("gonghui.assignments.urls")),
    path("survey/", include("gonghui.survey.urls")),
    path("binders/", include("gonghui.binders.urls")),
    path("assessments/", include("gonghui.assessments.urls")),
    path("awards/", include("gonghui.awards.urls")),
    path("ideas/", include("gonghui.ideas.urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("gonghui.accounts.urls")),
    path("activate/", include("gonghui.members.urls_public")),
    # Printed QR codes: one code for everyone, redirected to each user's own organisation.
    path("go/activities/", include("gonghui.activities.urls_public")),
    path("go/democracy/", include("gonghui.democracy.urls_public")),
    # A department answers a rationalisation proposal through its link, without a login.
    path("go/ideas/", include("gonghui.ideas.urls_public")),
    path("o/<str:org_code>/", include(org_patterns)),
    path("api/v1/", include("gonghui.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "gonghui.core.errors.bad_request"
# JSON for /api/ paths (a script reads the body), Django's page elsewhere.
handler500 = "gonghui.api.errors.handler500"
