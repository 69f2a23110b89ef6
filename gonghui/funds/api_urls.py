"""Routes of this module under /api/v1/orgs/<org_code>/funds/ (names start with api-funds-)."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.FundListAPI.as_view(), name="api-funds-list"),
    path("<int:fund_id>/", api.FundAPI.as_view(), name="api-funds-fund"),
    path("<int:fund_id>/active/", api.FundActiveAPI.as_view(), name="api-funds-active"),
    path("<int:fund_id>/ledger/<int:year>/", api.LedgerAPI.as_view(), name="api-funds-ledger"),
    path(
        "<int:fund_id>/ledger/<int:year>/xlsx/",
        api.ExportXlsxAPI.as_view(),
        name="api-funds-export-xlsx",
    ),
    path(
        "<int:fund_id>/ledger/<int:year>/pdf/",
        api.ExportPdfAPI.as_view(),
        name="api-funds-export-pdf",
    ),
    path("<int:fund_id>/income/", api.IncomeAPI.as_view(), name="api-funds-income"),
    path("<int:fund_id>/payout/", api.PayoutAPI.as_view(), name="api-funds-payout"),
    path("entries/<int:fund_entry_id>/", api.EntryAPI.as_view(), name="api-funds-entry"),
    path(
        "entries/<int:fund_entry_id>/reverse/",
        api.EntryReverseAPI.as_view(),
        name="api-funds-entry-reverse",
    ),
]
