from django.urls import path

from . import views, views_bank, views_ledgers, views_reports, views_vouchers
from .ledgers import KINDS

app_name = "finance"

urlpatterns = [
    path("", views.index, name="index"),
    path("vouchers/", views_vouchers.voucher_list, name="vouchers"),
    path("vouchers/new/", views_vouchers.voucher_create, name="voucher_create"),
    path("vouchers/<int:voucher_id>/", views_vouchers.voucher_detail, name="voucher"),
    path("vouchers/<int:voucher_id>/edit/", views_vouchers.voucher_edit, name="voucher_edit"),
    path("vouchers/<int:voucher_id>/submit/", views_vouchers.voucher_submit, name="voucher_submit"),
    path("vouchers/<int:voucher_id>/review/", views_vouchers.voucher_review, name="voucher_review"),
    path("vouchers/<int:voucher_id>/reject/", views_vouchers.voucher_reject, name="voucher_reject"),
    path("vouchers/<int:voucher_id>/post/", views_vouchers.voucher_post, name="voucher_post"),
    path("vouchers/<int:voucher_id>/void/", views_vouchers.voucher_void, name="voucher_void"),
    path(
        "vouchers/<int:voucher_id>/reverse/",
        views_vouchers.voucher_reverse,
        name="voucher_reverse",
    ),
    path("vouchers/<int:voucher_id>/delete/", views_vouchers.voucher_delete, name="voucher_delete"),
    path("vouchers/<int:voucher_id>/files/", views_vouchers.voucher_attach, name="voucher_attach"),
    path(
        "vouchers/<int:voucher_id>/files/<int:voucher_file_id>/",
        views_vouchers.voucher_file,
        name="voucher_file",
    ),
    path(
        "vouchers/<int:voucher_id>/files/<int:voucher_file_id>/remove/",
        views_vouchers.voucher_detach,
        name="voucher_detach",
    ),
    path("periods/", views.periods, name="periods"),
    path("periods/<int:year>/<int:month>/close/", views.period_close, name="period_close"),
    path("periods/<int:year>/<int:month>/reopen/", views.period_reopen, name="period_reopen"),
    path("chart/", views.chart_page, name="chart"),
    path("chart/new/", views.subaccount_create, name="subaccount_create"),
    path("statements/", views_reports.statements, name="statements"),
    path("statements/xlsx/", views_reports.statements_xlsx, name="statements_xlsx"),
    path("statements/pdf/", views_reports.statements_pdf, name="statements_pdf"),
    path("trial-balance/", views_reports.trial_balance, name="trial_balance"),
    # Ledgers: one view per format, the kind given by the URL (cash, bank, general, …).
    *(
        path(f"ledgers/{kind}/{suffix}", view, {"kind": kind}, name=f"ledger_{kind}{name}")
        for kind in KINDS
        for suffix, view, name in (
            ("", views_ledgers.ledger, ""),
            ("xlsx/", views_ledgers.ledger_xlsx, "_xlsx"),
            ("pdf/", views_ledgers.ledger_pdf, "_pdf"),
        )
    ),
    path("notes/", views_ledgers.notes_page, name="notes"),
    path("notes/save/", views_ledgers.notes_save, name="notes_save"),
    path("notes/docx/", views_ledgers.notes_docx, name="notes_docx"),
    path("bank/", views_bank.bank_page, name="bank"),
    path("bank/pdf/", views_bank.bank_pdf, name="bank_pdf"),
    path("bank/import/", views_bank.bank_import, name="bank_import"),
    path("bank/auto-match/", views_bank.bank_auto_match, name="bank_auto_match"),
    path("bank/match/", views_bank.bank_match, name="bank_match"),
    path("bank/unmatch/", views_bank.bank_unmatch, name="bank_unmatch"),
    path("bank/done/", views_bank.bank_done, name="bank_done"),
]
