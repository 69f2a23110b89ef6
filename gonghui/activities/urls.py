from django.urls import path

from . import views, views_contests, views_festivals, views_groups

app_name = "activities"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("statistics/", views.statistics, name="statistics"),
    path("festivals/", views_festivals.calendar, name="festivals"),
    # The member's own pages (phone-sized).
    path("mine/", views.mine, name="mine"),
    path("checkin/", views.checkin, name="checkin"),
    path("<int:activity_id>/signup/", views.signup, name="signup"),
    path("<int:activity_id>/cancel/", views.cancel, name="cancel"),
    # The organiser's pages.
    path("<int:activity_id>/", views.detail, name="detail"),
    path("<int:activity_id>/edit/", views.edit, name="edit"),
    path("<int:activity_id>/signups/", views.signup_add, name="signup_add"),
    path(
        "<int:activity_id>/signups/<int:signup_id>/remove/",
        views.signup_remove,
        name="signup_remove",
    ),
    path("<int:activity_id>/sheet/", views.sheet, name="sheet"),
    path("<int:activity_id>/sheet.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("<int:activity_id>/poster/", views.poster, name="poster"),
    path("<int:activity_id>/checkin-code/", views.checkin_code, name="checkin_code"),
    path("<int:activity_id>/after/", views.after, name="after"),
    path("<int:activity_id>/files/<int:file_id>/", views.file_view, name="file"),
    path("<int:activity_id>/files/<int:file_id>/delete/", views.file_delete, name="file_delete"),
    path("<int:activity_id>/<str:transition>/", views.transition, name="transition"),
    # Interest groups (兴趣小组): the committee's pages, then the leader's.
    path("groups/", views_groups.groups, name="groups"),
    path("groups/new/", views_groups.group_create, name="group_create"),
    path("groups/led/", views_groups.groups_led, name="groups_led"),
    path("groups/<int:interest_group_id>/", views_groups.group, name="group"),
    path("groups/<int:interest_group_id>/edit/", views_groups.group_edit, name="group_edit"),
    path(
        "groups/<int:interest_group_id>/members/",
        views_groups.group_member_add,
        name="group_member_add",
    ),
    path(
        "groups/<int:interest_group_id>/members/<int:group_membership_id>/remove/",
        views_groups.group_member_remove,
        name="group_member_remove",
    ),
    path(
        "groups/<int:interest_group_id>/activities/",
        views_groups.group_activity,
        name="group_activity",
    ),
    path(
        "groups/<int:interest_group_id>/plans/<int:group_plan_id>/decide/",
        views_groups.group_plan_decide,
        name="group_plan_decide",
    ),
    path("groups/<int:interest_group_id>/plan/", views_groups.group_plan_save, name="group_plan"),
    path(
        "groups/<int:interest_group_id>/plans/<int:group_plan_id>/submit/",
        views_groups.group_plan_submit,
        name="group_plan_submit",
    ),
    # Contests (比赛).
    path(
        "contests/for/<int:activity_id>/",
        views_contests.contest_create,
        name="contest_create",
    ),
    path("contests/<int:contest_id>/", views_contests.contest, name="contest"),
    path(
        "contests/<int:contest_id>/entrants/",
        views_contests.contest_entrant_add,
        name="contest_entrant_add",
    ),
    path(
        "contests/<int:contest_id>/entrants/<int:entrant_id>/remove/",
        views_contests.contest_entrant_remove,
        name="contest_entrant_remove",
    ),
    path(
        "contests/<int:contest_id>/judges/",
        views_contests.contest_judge_add,
        name="contest_judge_add",
    ),
    path(
        "contests/<int:contest_id>/judges/<int:contest_judge_id>/remove/",
        views_contests.contest_judge_remove,
        name="contest_judge_remove",
    ),
    path(
        "contests/<int:contest_id>/publish/",
        views_contests.contest_publish,
        name="contest_publish",
    ),
    path("contests/<int:contest_id>/score/", views_contests.contest_score, name="contest_score"),
    path(
        "contests/<int:contest_id>/results/",
        views_contests.contest_results,
        name="contest_results",
    ),
]
