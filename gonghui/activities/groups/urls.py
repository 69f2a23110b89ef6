"""Pages of the interest groups, under /o/<org_code>/activities/groups/ (names in the
activities namespace: the committee's pages, then the leader's)."""

from django.urls import path

from . import views

group = "<int:interest_group_id>/"
plan = f"{group}plans/<int:group_plan_id>/"

urlpatterns = [
    path("", views.groups, name="groups"),
    path("new/", views.group_create, name="group_create"),
    path("led/", views.groups_led, name="groups_led"),
    path(group, views.group, name="group"),
    path(f"{group}edit/", views.group_edit, name="group_edit"),
    path(f"{group}members/", views.group_member_add, name="group_member_add"),
    path(
        f"{group}members/<int:group_membership_id>/remove/",
        views.group_member_remove,
        name="group_member_remove",
    ),
    path(f"{group}activities/", views.group_activity, name="group_activity"),
    path(f"{plan}decide/", views.group_plan_decide, name="group_plan_decide"),
    path(f"{group}plan/", views.group_plan_save, name="group_plan"),
    path(f"{plan}submit/", views.group_plan_submit, name="group_plan_submit"),
]
