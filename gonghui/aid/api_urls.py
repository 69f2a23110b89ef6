"""Routes of this module under /api/v1/orgs/<org_code>/aid/ (names start with api-aid-).

The URLs are contracts: each maps its HTTP methods to an action of a resource in api.py.
"""

from gonghui.api.routes import routes_named

from . import api

route = routes_named("api-aid-")
LIST, ONE = {"get": "list", "post": "create"}, {"get": "retrieve", "patch": "partial_update"}
application, claim = "applications/<int:application_id>/", "claims/<int:claim_id>/"
payment = "payments/<int:aid_payment_id>/"

urlpatterns = [
    route("rounds/", api.RoundViewSet, "rounds", **LIST),
    route("rounds/<int:round_id>/", api.RoundViewSet, "round", **ONE),
    route("rounds/<int:round_id>/applications/", api.ApplicationViewSet, "applications", **LIST),
    route(application, api.ApplicationViewSet, "application", get="retrieve"),
    route(f"{application}decide/", api.ApplicationViewSet, "application-decide", post="decide"),
    route(f"{application}pay/", api.ApplicationViewSet, "application-pay", post="pay"),
    route(f"{application}proof/", api.ApplicationViewSet, "application-proof", get="proof"),
    route("education/report/", api.ReportViewSet, "education-report", get="education"),
    route("schemes/", api.SchemeViewSet, "schemes", **LIST),
    route("schemes/<int:scheme_id>/", api.SchemeViewSet, "scheme", **ONE),
    route("schemes/<int:scheme_id>/enrolments/", api.EnrolmentViewSet, "enrolments", **LIST),
    route("schemes/<int:scheme_id>/claims/", api.ClaimViewSet, "claims", **LIST),
    route(claim, api.ClaimViewSet, "claim", get="retrieve"),
    route(f"{claim}bills/", api.BillViewSet, "bills", post="create"),
    route(f"{claim}review/", api.ClaimViewSet, "claim-review", post="review"),
    route(f"{claim}decide/", api.ClaimViewSet, "claim-decide", post="decide"),
    route(f"{claim}pay/", api.ClaimViewSet, "claim-pay", post="pay"),
    route("bills/<int:claim_bill_id>/", api.BillViewSet, "bill", get="retrieve", delete="destroy"),
    route("medical/report/", api.ReportViewSet, "medical-report", get="medical"),
    route(f"{payment}reverse/", api.PaymentViewSet, "payment-reverse", post="reverse"),
]
