"""Routes of the contests under /api/v1/orgs/<org_code>/activities/contests/ (api.py)."""

from ..api import route
from .api import ContestScoreViewSet, ContestViewSet

contest = "<int:contest_id>/"
entrant, judge = f"{contest}entrants/<int:entrant_id>/", f"{contest}judges/<int:contest_judge_id>/"

urlpatterns = [
    route("for/<int:activity_id>/", "-contest-create", ContestViewSet, post="create"),
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
