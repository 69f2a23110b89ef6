from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

org_patterns = [
    path("imports/", include("gonghui.imports.api_urls")),
]

urlpatterns = [
    path("openapi.json", SpectacularAPIView.as_view(), name="api-schema"),
    path("orgs/<str:org_code>/", include(org_patterns)),
]
