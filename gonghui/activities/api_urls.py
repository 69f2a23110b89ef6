"""Routes of this module under /api/v1/orgs/<org_code>/activities/ (names start with api-activities-)."""

from django.urls import path

from . import api, festival_views

urlpatterns = [
    path("", api.ActivityListAPI.as_view(), name="api-activities"),
    path("statistics/", api.StatisticsAPI.as_view(), name="api-activities-statistics"),
    path("festivals/", festival_views.FestivalsAPI.as_view(), name="api-activities-festivals"),
    # The member's own.
    path("me/", api.MyActivitiesAPI.as_view(), name="api-activities-me"),
    path("checkin/", api.SelfCheckinAPI.as_view(), name="api-activities-checkin"),
    path("<int:activity_id>/signup/", api.SelfSignupAPI.as_view(), name="api-activities-signup"),
    # The organiser's.
    path("<int:activity_id>/", api.ActivityAPI.as_view(), name="api-activities-activity"),
    path(
        "<int:activity_id>/record/", api.ActivityRecordAPI.as_view(), name="api-activities-record"
    ),
    path(
        "<int:activity_id>/checkin-code/",
        api.CheckinCodeAPI.as_view(),
        name="api-activities-checkin-code",
    ),
    path("<int:activity_id>/signups/", api.SignupListAPI.as_view(), name="api-activities-signups"),
    path(
        "<int:activity_id>/signups/<int:signup_id>/remove/",
        api.SignupRemoveAPI.as_view(),
        name="api-activities-signup-remove",
    ),
    path(
        "<int:activity_id>/signups/<int:signup_id>/attendance/",
        api.AttendanceAPI.as_view(),
        name="api-activities-attendance",
    ),
    path("<int:activity_id>/sheet.pdf", api.SheetPdfAPI.as_view(), name="api-activities-sheet"),
    path("<int:activity_id>/files/", api.FileListAPI.as_view(), name="api-activities-files"),
    path(
        "<int:activity_id>/files/<int:file_id>/",
        api.FileAPI.as_view(),
        name="api-activities-file",
    ),
    path(
        "<int:activity_id>/<str:transition>/",
        api.ActivityTransitionAPI.as_view(),
        name="api-activities-transition",
    ),
]
