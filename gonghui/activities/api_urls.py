"""Routes of this module under /api/v1/orgs/<org_code>/activities/ (names start with api-activities-)."""

from django.urls import path

from . import api, api_contests, api_groups, festival_views

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
    # Interest groups and contests (api_groups.py, api_contests.py).
    path("groups/", api_groups.GroupListAPI.as_view(), name="api-activities-groups"),
    path("groups/led/", api_groups.LedGroupsAPI.as_view(), name="api-activities-groups-led"),
    path(
        "groups/<int:interest_group_id>/",
        api_groups.GroupAPI.as_view(),
        name="api-activities-group",
    ),
    path(
        "groups/<int:interest_group_id>/members/",
        api_groups.GroupMembersAPI.as_view(),
        name="api-activities-group-members",
    ),
    path(
        "groups/<int:interest_group_id>/members/<int:group_membership_id>/",
        api_groups.GroupMemberAPI.as_view(),
        name="api-activities-group-member",
    ),
    path(
        "groups/<int:interest_group_id>/activities/",
        api_groups.GroupActivitiesAPI.as_view(),
        name="api-activities-group-activities",
    ),
    path(
        "groups/<int:interest_group_id>/plan/",
        api_groups.GroupPlanAPI.as_view(),
        name="api-activities-group-plan",
    ),
    path(
        "groups/<int:interest_group_id>/plans/<int:group_plan_id>/submit/",
        api_groups.GroupPlanSubmitAPI.as_view(),
        name="api-activities-group-plan-submit",
    ),
    path(
        "groups/<int:interest_group_id>/plans/<int:group_plan_id>/decide/",
        api_groups.GroupPlanDecideAPI.as_view(),
        name="api-activities-group-plan-decide",
    ),
    path(
        "contests/for/<int:activity_id>/",
        api_contests.ContestCreateAPI.as_view(),
        name="api-activities-contest-create",
    ),
    path(
        "contests/<int:contest_id>/",
        api_contests.ContestAPI.as_view(),
        name="api-activities-contest",
    ),
    path(
        "contests/<int:contest_id>/entrants/",
        api_contests.EntrantsAPI.as_view(),
        name="api-activities-contest-entrants",
    ),
    path(
        "contests/<int:contest_id>/entrants/<int:entrant_id>/",
        api_contests.EntrantAPI.as_view(),
        name="api-activities-contest-entrant",
    ),
    path(
        "contests/<int:contest_id>/judges/",
        api_contests.JudgesAPI.as_view(),
        name="api-activities-contest-judges",
    ),
    path(
        "contests/<int:contest_id>/judges/<int:contest_judge_id>/",
        api_contests.JudgeAPI.as_view(),
        name="api-activities-contest-judge",
    ),
    path(
        "contests/<int:contest_id>/publish/",
        api_contests.PublishAPI.as_view(),
        name="api-activities-contest-publish",
    ),
    path(
        "contests/<int:contest_id>/scores/",
        api_contests.ScoresAPI.as_view(),
        name="api-activities-contest-scores",
    ),
    path(
        "contests/<int:contest_id>/results/",
        api_contests.ResultsAPI.as_view(),
        name="api-activities-contest-results",
    ),
]
