from django.urls import include, path

from . import views, views_festivals, views_signups

app_name = "activities"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("statistics/", views.statistics, name="statistics"),
    path("festivals/", views_festivals.calendar, name="festivals"),
    # The member's own pages (phone-sized).
    path("mine/", views_signups.mine, name="mine"),
    path("checkin/", views_signups.checkin, name="checkin"),
    path("<int:activity_id>/signup/", views_signups.signup, name="signup"),
    path("<int:activity_id>/cancel/", views_signups.cancel, name="cancel"),
    # The organiser's pages.
    path("<int:activity_id>/", views.detail, name="detail"),
    path("<int:activity_id>/edit/", views.edit, name="edit"),
    path("<int:activity_id>/signups/", views_signups.signup_add, name="signup_add"),
    path(
        "<int:activity_id>/signups/<int:signup_id>/remove/",
        views_signups.signup_remove,
        name="signup_remove",
    ),
    path("<int:activity_id>/sheet/", views_signups.sheet, name="sheet"),
    path("<int:activity_id>/sheet.pdf", views_signups.sheet_pdf, name="sheet_pdf"),
    path("<int:activity_id>/poster/", views.poster, name="poster"),
    path("<int:activity_id>/checkin-code/", views.checkin_code, name="checkin_code"),
    path("<int:activity_id>/after/", views.after, name="after"),
    path("<int:activity_id>/files/<int:file_id>/", views.file_view, name="file"),
    path("<int:activity_id>/files/<int:file_id>/delete/", views.file_delete, name="file_delete"),
    path("<int:activity_id>/<str:transition>/", views.transition, name="transition"),
    # Interest groups (兴趣小组) and contests (比赛): groups/urls.py, contests/urls.py.
    path("groups/", include("gonghui.activities.groups.urls")),
    path("contests/", include("gonghui.activities.contests.urls")),
]
