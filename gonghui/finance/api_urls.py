"""Routes of the books under /api/v1/orgs/<org_code>/finance/ (names start with
api-finance-). The URLs are contracts: each maps its methods to an action in api.py."""

from gonghui.api.routes import routes_named

from . import api, api_ledgers

route = routes_named("api-finance-")
voucher = "vouchers/<int:voucher_id>/"
month = "periods/<int:year>/<int:month>/"
V, P, S = api.VoucherViewSet, api.PeriodViewSet, api.StatementViewSet

urlpatterns = [
    route("accounts/", api.AccountViewSet, "accounts", get="list", post="create"),
    route("accounts/<str:code>/retire/", api.AccountViewSet, "account-retire", post="retire"),
    route("projects/", api.ProjectViewSet, "projects", get="list", post="create"),
    route("vouchers/", V, "vouchers", get="list", post="create"),
    route(voucher, V, "voucher", get="retrieve", patch="partial_update", delete="destroy"),
    *(
        route(f"{voucher}{verb}/", V, f"voucher-{verb}", post=verb)
        for verb in ("submit", "review", "reject", "post", "void", "reverse")
    ),
    route(f"{voucher}files/", api.VoucherFileViewSet, "voucher-files", get="list", post="create"),
    route(
        f"{voucher}files/<int:voucher_file_id>/",
        api.VoucherFileViewSet,
        "voucher-file",
        get="retrieve",
        delete="destroy",
    ),
    route("periods/<int:year>/", P, "periods", get="list"),
    route(f"{month}close/", P, "close", post="close"),
    route(f"{month}reopen/", P, "reopen", post="reopen"),
    route("years/<int:year>/closing-entries/", P, "year-close", post="year_close"),
    route("statements/<int:year>/", S, "statements", get="retrieve"),
    route("statements/<int:year>/xlsx/", S, "statements-xlsx", get="xlsx"),
    route("statements/<int:year>/pdf/", S, "statements-pdf", get="pdf"),
    route("ledgers/<int:year>/<int:month>/trial-balance/", S, "trial-balance", get="trial_balance"),
    route("ledgers/<int:year>/<str:kind>/", api_ledgers.LedgerViewSet, "ledger", get="retrieve"),
    route("bank/statements/", api_ledgers.BankViewSet, "bank-statements", post="statement"),
    *(
        route(
            f"bank/<int:year>/<int:month>/{verb.replace('_', '-')}/",
            api_ledgers.BankViewSet,
            f"bank-{verb.replace('_', '-')}",
            post=verb,
        )
        for verb in ("auto_match", "match", "unmatch", "done")
    ),
    route("notes/<int:year>/", api_ledgers.NotesViewSet, "notes", get="list"),
    route("notes/<int:year>/docx/", api_ledgers.NotesViewSet, "notes-docx", get="docx"),
    route("notes/<int:year>/<int:item>/", api_ledgers.NotesViewSet, "note", put="update"),
    route(
        "bank/<int:year>/<int:month>/reconciliation/",
        api_ledgers.ReconciliationViewSet,
        "bank-reconciliation",
        get="retrieve",
    ),
]
