"""Routes of this module under /api/v1/orgs/<org_code>/funds/ (names start with api-funds-).

The URLs are contracts: each maps its HTTP methods to an action of a resource in api.py.
"""

from django.urls import path

from .api import EntryViewSet, FundViewSet

fund, ledger = "<int:fund_id>/", "<int:fund_id>/ledger/<int:year>/"
entry = "entries/<int:fund_entry_id>/"

urlpatterns = [
    path("", FundViewSet.as_view({"get": "list", "post": "create"}), name="api-funds-list"),
    path(fund, FundViewSet.as_view({"get": "retrieve"}), name="api-funds-fund"),
    path(f"{fund}active/", FundViewSet.as_view({"post": "set_active"}), name="api-funds-active"),
    path(ledger, FundViewSet.as_view({"get": "ledger"}), name="api-funds-ledger"),
    path(
        f"{ledger}xlsx/", FundViewSet.as_view({"get": "ledger_xlsx"}), name="api-funds-export-xlsx"
    ),
    path(f"{ledger}pdf/", FundViewSet.as_view({"get": "ledger_pdf"}), name="api-funds-export-pdf"),
    path(f"{fund}income/", FundViewSet.as_view({"post": "income"}), name="api-funds-income"),
    path(f"{fund}payout/", FundViewSet.as_view({"post": "payout"}), name="api-funds-payout"),
    path(entry, EntryViewSet.as_view({"get": "retrieve"}), name="api-funds-entry"),
    path(
        f"{entry}reverse/",
        EntryViewSet.as_view({"post": "reverse"}),
        name="api-funds-entry-reverse",
    ),
]
