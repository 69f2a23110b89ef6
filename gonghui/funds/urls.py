from django.urls import path

from . import views

app_name = "funds"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.fund_create, name="create"),
    path("<int:fund_id>/", views.fund_detail, name="fund"),
    path("<int:fund_id>/<int:year>/", views.fund_ledger, name="ledger"),
    path("<int:fund_id>/<int:year>.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:fund_id>/<int:year>.pdf", views.export_pdf, name="export_pdf"),
    path("<int:fund_id>/income/", views.income, name="income"),
    path("<int:fund_id>/payout/", views.payout, name="payout"),
    path("<int:fund_id>/active/", views.fund_active, name="active"),
    path("entries/<int:fund_entry_id>/reverse/", views.entry_reverse, name="reverse"),
]
