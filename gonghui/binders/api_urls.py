"""Routes of this module under /api/v1/orgs/<org_code>/binders/ (names start with
api-binders-). The URLs are contracts: each maps its HTTP methods to an action."""

from gonghui.api.routes import routes_named

from .api import BinderJobViewSet

route = routes_named("api-binders-")
one = "<int:binder_job_id>/"

urlpatterns = [
    route("", BinderJobViewSet, "list", get="list", post="create"),
    route(one, BinderJobViewSet, "one", get="retrieve"),
    route(f"{one}download/", BinderJobViewSet, "download", get="download"),
]
