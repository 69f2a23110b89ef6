"""Routes of this module under /api/v1/orgs/<org_code>/activities/ (names start with api-activities-).

The URLs are contracts: each maps its HTTP methods to an action of a resource in api.py;
those of the interest groups and contests are in groups/api_urls.py and contests/api_urls.py.
"""

from django.urls import include, path

from .api import ActivityViewSet, FileViewSet, MeViewSet, SignupViewSet, route

activity = "<int:activity_id>/"
signup = f"{activity}signups/<int:signup_id>/"
file = f"{activity}files/<int:file_id>/"

urlpatterns = [
    route("", "", ActivityViewSet, get="list", post="create"),
    route("statistics/", "-statistics", ActivityViewSet, get="statistics"),
    route("festivals/", "-festivals", ActivityViewSet, get="festivals"),
    # The member's own.
    route("me/", "-me", MeViewSet, get="me"),
    route("checkin/", "-checkin", MeViewSet, post="check_in"),
    route(f"{activity}signup/", "-signup", MeViewSet, post="sign_up", delete="cancel"),
    # The organiser's.
    route(activity, "-activity", ActivityViewSet, get="retrieve", patch="partial_update"),
    route(f"{activity}record/", "-record", ActivityViewSet, post="record"),
    route(f"{activity}checkin-code/", "-checkin-code", ActivityViewSet, get="checkin_code"),
    route(f"{activity}signups/", "-signups", SignupViewSet, get="list", post="create"),
    route(f"{signup}remove/", "-signup-remove", SignupViewSet, post="remove"),
    route(f"{signup}attendance/", "-attendance", SignupViewSet, post="attendance"),
    route(f"{activity}sheet.pdf", "-sheet", ActivityViewSet, get="sheet"),
    route(f"{activity}files/", "-files", FileViewSet, get="list", post="create"),
    route(file, "-file", FileViewSet, get="retrieve", delete="destroy"),
    route(f"{activity}<str:transition>/", "-transition", ActivityViewSet, post="transition"),
    # Interest groups and contests.
    path("groups/", include("gonghui.activities.groups.api_urls")),
    path("contests/", include("gonghui.activities.contests.api_urls")),
]
