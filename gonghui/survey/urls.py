from django.urls import path

from . import views

app_name = "survey"

period = "<int:period_id>/"
review = f"{period}reports/<int:report_id>/"
report = "reports/<int:report_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("open/", views.open_period, name="open"),
    path(period, views.period, name="period"),
    path(f"{period}compute/", views.period_compute, name="period_compute"),
    path(f"{period}aggregate/", views.aggregate, name="aggregate"),
    path(f"{period}survey.xlsx", views.export, name="export"),
    path(review, views.review, name="review"),
    path(f"{review}return/", views.review_return, name="review_return"),
    path(f"{review}accept/", views.review_accept, name="review_accept"),
    path(report, views.report, name="report"),
    path(f"{report}save/", views.report_save, name="report_save"),
    path(f"{report}compute/", views.report_compute, name="report_compute"),
    path(f"{report}submit/", views.report_submit, name="report_submit"),
    path(f"{report}report.xlsx", views.report_export, name="report_export"),
]
