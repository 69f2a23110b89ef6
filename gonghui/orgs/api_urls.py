"""Routes of the organisation and its committees under /api/v1/orgs/<org_code>/.

The URLs are contracts: each maps its HTTP methods to an action of a resource in api.py.
"""

from django.urls import path

from .api import OrganisationViewSet, SeatViewSet, SubtreeViewSet, TermViewSet

ONE = {"get": "retrieve", "patch": "partial_update"}
MANY = {"get": "list", "post": "create"}
term = "committee/terms/<int:term_id>/"

urlpatterns = [
    path("", OrganisationViewSet.as_view(ONE), name="api-org"),
    path("subtree/", SubtreeViewSet.as_view(MANY), name="api-org-subtree"),
    path("committee/terms/", TermViewSet.as_view(MANY), name="api-committee-terms"),
    path(term, TermViewSet.as_view(ONE), name="api-committee-term"),
    path(f"{term}seats/", SeatViewSet.as_view({"post": "create"}), name="api-committee-seats"),
    path(
        f"{term}seats/<int:seat_id>/",
        SeatViewSet.as_view({"delete": "destroy"}),
        name="api-committee-seat",
    ),
]
