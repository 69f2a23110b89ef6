from django.urls import path

from . import views

app_name = "oversight"

review = "reviews/<int:review_id>/"
finding = "findings/<int:finding_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.settings, name="settings"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/new/", views.review_create, name="review_create"),
    path(review, views.review_detail, name="review"),
    path(f"{review}edit/", views.review_edit, name="review_edit"),
    path(f"{review}opinion/", views.opinion_save, name="opinion_save"),
    path(f"{review}sign/", views.opinion_sign, name="opinion_sign"),
    path(f"{review}opinion.pdf", views.opinion_pdf, name="opinion_pdf"),
    path(f"{review}findings/new/", views.finding_add, name="finding_add"),
    path("findings/", views.findings, name="findings"),
    path(f"{finding}rectify/", views.finding_rectify, name="finding_rectify"),
    path(f"{finding}recheck/", views.finding_recheck, name="finding_recheck"),
    path("overrides/", views.overrides, name="overrides"),
    path("report/", views.report, name="report"),
    path("report/<int:year>/report.docx", views.report_docx, name="report_docx"),
    path("report/<int:year>/save/", views.report_save, name="report_save"),
]
