from django.urls import path

from . import views, views_self

app_name = "ideas"

ONE = "<int:idea_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("enter/", views.enter, name="enter"),
    path("metrics/", views.metrics, name="metrics"),
    path("metrics/<int:year>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("drives/", views.drives, name="drives"),
    path("drives/new/", views.drive_create, name="drive_create"),
    path("drives/<int:drive_id>/", views.drive_edit, name="drive_edit"),
    # The member's own (phone-sized).
    path("me/", views_self.me, name="me"),
    path("me/new/", views_self.new, name="new"),
    path(f"me/{ONE}", views_self.mine, name="mine"),
    path(f"me/{ONE}files/<int:idea_file_id>/", views_self.my_file, name="my_file"),
    # The committee's.
    path(ONE, views.detail, name="detail"),
    path(f"{ONE}files/<int:idea_file_id>/", views.file_view, name="file"),
    path(f"{ONE}<str:idea_action>/", views.act, name="act"),
]
