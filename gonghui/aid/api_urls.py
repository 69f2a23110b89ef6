"""Routes of this module under /api/v1/orgs/<org_code>/aid/ (names start with api-aid-)."""

from django.urls import path

from . import api

urlpatterns = [
    path("rounds/", api.RoundListAPI.as_view(), name="api-aid-rounds"),
    path("rounds/<int:round_id>/", api.RoundAPI.as_view(), name="api-aid-round"),
    path(
        "rounds/<int:round_id>/applications/",
        api.ApplicationListAPI.as_view(),
        name="api-aid-applications",
    ),
    path(
        "applications/<int:application_id>/",
        api.ApplicationAPI.as_view(),
        name="api-aid-application",
    ),
    path(
        "applications/<int:application_id>/decide/",
        api.ApplicationDecideAPI.as_view(),
        name="api-aid-application-decide",
    ),
    path(
        "applications/<int:application_id>/pay/",
        api.ApplicationPayAPI.as_view(),
        name="api-aid-application-pay",
    ),
    path(
        "applications/<int:application_id>/proof/",
        api.ApplicationProofAPI.as_view(),
        name="api-aid-application-proof",
    ),
    path("education/report/", api.EducationReportAPI.as_view(), name="api-aid-education-report"),
    path("schemes/", api.SchemeListAPI.as_view(), name="api-aid-schemes"),
    path("schemes/<int:scheme_id>/", api.SchemeAPI.as_view(), name="api-aid-scheme"),
    path(
        "schemes/<int:scheme_id>/enrolments/",
        api.EnrolmentListAPI.as_view(),
        name="api-aid-enrolments",
    ),
    path("schemes/<int:scheme_id>/claims/", api.ClaimListAPI.as_view(), name="api-aid-claims"),
    path("claims/<int:claim_id>/", api.ClaimAPI.as_view(), name="api-aid-claim"),
    path("claims/<int:claim_id>/bills/", api.ClaimBillListAPI.as_view(), name="api-aid-bills"),
    path(
        "claims/<int:claim_id>/review/", api.ClaimReviewAPI.as_view(), name="api-aid-claim-review"
    ),
    path(
        "claims/<int:claim_id>/decide/", api.ClaimDecideAPI.as_view(), name="api-aid-claim-decide"
    ),
    path("claims/<int:claim_id>/pay/", api.ClaimPayAPI.as_view(), name="api-aid-claim-pay"),
    path("bills/<int:claim_bill_id>/", api.ClaimBillAPI.as_view(), name="api-aid-bill"),
    path("medical/report/", api.MedicalReportAPI.as_view(), name="api-aid-medical-report"),
    path(
        "payments/<int:aid_payment_id>/reverse/",
        api.PaymentReverseAPI.as_view(),
        name="api-aid-payment-reverse",
    ),
]
