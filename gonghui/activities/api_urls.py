"""Routes of this module under /api/v1/orgs/<org_code>/activities/ (names start with api-activities-).

The URLs are contracts: each maps its HTTP methods to an action of a resource in api.py,
api_groups.py or api_contests.py.
"""

from django.urls import path

from .api import ActivityViewSet, FileViewSet, MeViewSet, SignupViewSet
from .api_contests import ContestScoreViewSet, ContestViewSet
from .api_groups import GroupViewSet, LedGroupViewSet

activity = "<int:activity_id>/"
signup = f"{activity}signups/<int:signup_id>/"
group = "groups/<int:interest_group_id>/"
plan = f"{group}plans/<int:group_plan_id>/"
contest = "contests/<int:contest_id>/"
entrant, judge = f"{contest}entrants/<int:entrant_id>/", f"{contest}judges/<int:contest_judge_id>/"
member = f"{group}members/<int:group_membership_id>/"


def route(url: str, name: str, viewset, **actions):
    return path(url, viewset.as_view(actions), name=f"api-activities{name}")


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
    route(
        f"{activity}files/<int:file_id>/", "-file", FileViewSet, get="retrieve", delete="destroy"
    ),
    route(f"{activity}<str:transition>/", "-transition", ActivityViewSet, post="transition"),
    # Interest groups (api_groups.py).
    route("groups/", "-groups", GroupViewSet, get="list", post="create"),
    route("groups/led/", "-groups-led", LedGroupViewSet, get="led"),
    route(group, "-group", GroupViewSet, get="retrieve", patch="partial_update"),
    route(f"{group}members/", "-group-members", GroupViewSet, post="member_add"),
    route(member, "-group-member", GroupViewSet, delete="member_remove"),
    route(f"{group}activities/", "-group-activities", GroupViewSet, post="activity"),
    route(f"{group}plan/", "-group-plan", LedGroupViewSet, post="plan_save"),
    route(f"{plan}submit/", "-group-plan-submit", LedGroupViewSet, post="plan_submit"),
    route(f"{plan}decide/", "-group-plan-decide", GroupViewSet, post="plan_decide"),
    # Contests (api_contests.py).
    route("contests/for/<int:activity_id>/", "-contest-create", ContestViewSet, post="create"),
    route(contest, "-contest", ContestViewSet, get="retrieve"),
    route(f"{contest}entrants/", "-contest-entrants", ContestViewSet, post="entrant_add"),
    route(entrant, "-contest-entrant", ContestViewSet, delete="entrant_remove"),
    route(f"{contest}judges/", "-contest-judges", ContestViewSet, post="judge_add"),
    route(judge, "-contest-judge", ContestViewSet, delete="judge_remove"),
    route(f"{contest}publish/", "-contest-publish", ContestViewSet, post="publish"),
    route(
        f"{contest}scores/", "-contest-scores", ContestScoreViewSet, get="my_scores", post="score"
    ),
    route(f"{contest}results/", "-contest-results", ContestScoreViewSet, get="results"),
]
