from django.urls import path

from . import views

app_name = "aid"

urlpatterns = [
    path("", views.index, name="index"),
    # 金秋助学
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:round_id>/apply/", views.application_create, name="application_create"),
    path("applications/<int:application_id>/", views.application_detail, name="application"),
    path(
        "applications/<int:application_id>/decide/",
        views.application_decide,
        name="application_decide",
    ),
    path("applications/<int:application_id>/pay/", views.application_pay, name="application_pay"),
    path(
        "applications/<int:application_id>/proof/",
        views.application_proof,
        name="application_proof",
    ),
    path("education/report/", views.education_report, name="education_report"),
    path("education/report.xlsx", views.education_report_xlsx, name="education_report_xlsx"),
    # 医疗互助
    path("schemes/new/", views.scheme_create, name="scheme_create"),
    path("schemes/<int:scheme_id>/", views.scheme_detail, name="scheme"),
    path("schemes/<int:scheme_id>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:scheme_id>/enrolments/", views.enrolments, name="enrolments"),
    path("schemes/<int:scheme_id>/enrol/", views.enrol, name="enrol"),
    path("schemes/<int:scheme_id>/enrol-all/", views.enrol_all, name="enrol_all"),
    path("schemes/<int:scheme_id>/claims/new/", views.claim_create, name="claim_create"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim"),
    path("claims/<int:claim_id>/bills/", views.claim_bill_add, name="claim_bill_add"),
    path("claims/<int:claim_id>/review/", views.claim_review, name="claim_review"),
    path("claims/<int:claim_id>/decide/", views.claim_decide, name="claim_decide"),
    path("claims/<int:claim_id>/pay/", views.claim_pay, name="claim_pay"),
    path("bills/<int:claim_bill_id>/file/", views.claim_bill_file, name="claim_bill_file"),
    path("bills/<int:claim_bill_id>/remove/", views.claim_bill_remove, name="claim_bill_remove"),
    path("medical/report/", views.medical_report, name="medical_report"),
    path("medical/report.xlsx", views.medical_report_xlsx, name="medical_report_xlsx"),
    # both
    path("payments/<int:aid_payment_id>/reverse/", views.payment_reverse, name="payment_reverse"),
]
