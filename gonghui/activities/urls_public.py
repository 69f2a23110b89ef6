"""Routes of the printed QR codes, outside any organisation (mounted at /go/activities/).

A poster is one code for every member, but a member's pages live under the organisation
their login sits at (often a group below the organiser). These two routes find that
organisation for the logged-in user and redirect; nothing is shown here.
"""

from django.urls import path

from . import views_public

app_name = "activities_go"

urlpatterns = [
    path("<int:activity_id>/", views_public.go_signup, name="signup"),
    path("<int:activity_id>/checkin/", views_public.go_checkin, name="checkin"),
]
