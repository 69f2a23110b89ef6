"""Routes of the interest groups under /api/v1/orgs/<org_code>/activities/groups/ (api.py)."""

from ..api import route
from .api import GroupViewSet, LedGroupViewSet

group = "<int:interest_group_id>/"
plan = f"{group}plans/<int:group_plan_id>/"
member = f"{group}members/<int:group_membership_id>/"

urlpatterns = [
    route("", "-groups", GroupViewSet, get="list", post="create"),
    route("led/", "-groups-led", LedGroupViewSet, get="led"),
    route(group, "-group", GroupViewSet, get="retrieve", patch="partial_update"),
    route(f"{group}members/", "-group-members", GroupViewSet, post="member_add"),
    route(member, "-group-member", GroupViewSet, delete="member_remove"),
    route(f"{group}activities/", "-group-activities", GroupViewSet, post="activity"),
    route(f"{group}plan/", "-group-plan", LedGroupViewSet, post="plan_save"),
    route(f"{plan}submit/", "-group-plan-submit", LedGroupViewSet, post="plan_submit"),
    route(f"{plan}decide/", "-group-plan-decide", GroupViewSet, post="plan_decide"),
]
