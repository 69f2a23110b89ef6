"""Routes of this module under /api/v1/orgs/<org>/ideas/ (names start with api-ideas-).
The URLs are contracts: each maps its HTTP methods to an action of a resource in api.py."""

from gonghui.api.routes import routes_named

from .api import (
    DepartmentRequestViewSet,
    DriveViewSet,
    IdeaFileViewSet,
    IdeaViewSet,
    MetricsViewSet,
    MyIdeaViewSet,
    ReviewViewSet,
    RewardViewSet,
)

route = routes_named("api-ideas-")
idea = "ideas/<int:idea_id>/"
ACTIONS = "accept decline send withdraw answer decide implement verify close".split()

urlpatterns = [
    route("ideas/", IdeaViewSet, "ideas", get="list", post="create"),
    route(idea, IdeaViewSet, "idea", get="retrieve"),
    *[route(f"{idea}{a}/", IdeaViewSet, f"idea-{a}", post=a) for a in ACTIONS],
    route(f"{idea}files/", IdeaFileViewSet, "files", get="list", post="create"),
    route(f"{idea}files/<int:idea_file_id>/", IdeaFileViewSet, "file", get="retrieve"),
    route(f"{idea}requests/", DepartmentRequestViewSet, "requests", get="list"),
    route(f"{idea}reviews/", ReviewViewSet, "reviews", get="list", post="create"),
    route(f"{idea}reward/", RewardViewSet, "reward", get="retrieve", post="create"),
    route(f"{idea}reward/pay/", RewardViewSet, "reward-pay", post="pay"),
    route("drives/", DriveViewSet, "drives", get="list", post="create"),
    route("drives/<int:drive_id>/", DriveViewSet, "drive", get="retrieve", patch="partial_update"),
    route("metrics/<int:year>/", MetricsViewSet, "metrics", get="retrieve"),
    route("metrics/<int:year>/report/", MetricsViewSet, "report", get="report"),
    route("me/ideas/", MyIdeaViewSet, "my-ideas", get="list", post="create"),
    route("me/ideas/<int:idea_id>/", MyIdeaViewSet, "my-idea", get="retrieve"),
]
