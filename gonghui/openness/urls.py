from django.urls import path

from . import views, views_finance

app_name = "openness"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("questions/", views.questions, name="questions"),
    path("questions/<int:question_id>/answer/", views.answer, name="answer"),
    path("items/", views.items, name="items"),
    path("items/add/", views.item_add, name="item_add"),
    path("items/toggle/", views.item_toggle, name="item_toggle"),
    path("finance/", views_finance.finance_index, name="finance"),
    path("finance/publish/", views_finance.finance_publish, name="finance_publish"),
    path("finance/settings/", views_finance.finance_settings, name="finance_settings"),
    path(
        "finance/<int:year>/<str:period>/notice/",
        views_finance.finance_notice,
        name="finance_notice",
    ),
    path(
        "finance/<int:year>/<str:period>/report.docx",
        views_finance.finance_report,
        name="finance_report",
    ),
    path("report/<int:year>/", views.report, name="report"),
    path("report/<int:year>/report.<str:fmt>", views.report_export, name="report_export"),
    path("<int:notice_id>/", views.detail, name="detail"),
    path("<int:notice_id>/edit/", views.edit, name="edit"),
    path("<int:notice_id>/approve/", views.approve, name="approve"),
    path("<int:notice_id>/publish/", views.publish, name="publish"),
    path("<int:notice_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:notice_id>/delete/", views.delete, name="delete"),
    path("<int:notice_id>/ask/", views.ask, name="ask"),
    path("<int:notice_id>/files/", views.file_upload, name="file_upload"),
    path("<int:notice_id>/files/<int:notice_file_id>/", views.file_view, name="file"),
    path(
        "<int:notice_id>/files/<int:notice_file_id>/delete/",
        views.file_delete,
        name="file_delete",
    ),
]
