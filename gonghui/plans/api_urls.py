"""Routes of the work plan under /api/v1/orgs/<org_code>/plans/ (names start with api-plans-).

The URLs are contracts: each maps its HTTP methods to an action of a resource in api.py or
api_summary.py.
"""

from gonghui.api.routes import routes_named

from .api import EvidenceViewSet, PlanViewSet, RecordViewSet, SectionViewSet, TaskViewSet
from .api_summary import SummaryViewSet

route = routes_named("api-")
LIST, ONE = {"get": "list", "post": "create"}, {"get": "retrieve", "patch": "partial_update"}
plan, task = "<int:plan_id>/", "tasks/<int:task_id>/"
summary = "summary/<int:year>/"

urlpatterns = [
    route("", PlanViewSet, "plans", **LIST),
    route("calendar/", PlanViewSet, "plans-calendar", get="calendar"),
    route("due/", PlanViewSet, "plans-due", get="due"),
    route("evidence-kinds/", EvidenceViewSet, "plans-evidence-kinds", get="kinds"),
    route(plan, PlanViewSet, "plans-plan", **ONE, delete="destroy"),
    route(f"{plan}accept/", PlanViewSet, "plans-accept", post="accept"),
    route(f"{plan}archive/", PlanViewSet, "plans-archive", post="archive"),
    route(f"{plan}draft-next-year/", PlanViewSet, "plans-draft-next-year", post="draft_next_year"),
    route(f"{plan}sections/", SectionViewSet, "plans-sections", post="create"),
    route(f"{plan}tasks/", TaskViewSet, "plans-tasks", **LIST),
    route("sections/<int:section_id>/", SectionViewSet, "plans-section", patch="partial_update"),
    route("tasks/merge/", TaskViewSet, "plans-tasks-merge", post="merge"),
    route(task, TaskViewSet, "plans-task", **ONE, delete="destroy"),
    route(f"{task}split/", TaskViewSet, "plans-task-split", post="split"),
    route(f"{task}move/", TaskViewSet, "plans-task-move", post="move"),
    route(f"{task}status/", TaskViewSet, "plans-task-status", post="status"),
    route(f"{task}evidence/", EvidenceViewSet, "plans-evidence", **LIST),
    route(f"{task}records/", RecordViewSet, "plans-records", post="create"),
    route("evidence/<int:evidence_id>/", EvidenceViewSet, "plans-evidence-item", delete="destroy"),
    route("records/<int:record_id>/", RecordViewSet, "plans-record", get="retrieve"),
    route(
        summary,
        SummaryViewSet,
        "plans-summary",
        get="retrieve",
        put="update",
        patch="partial_update",
    ),
    route(f"{summary}generate/", SummaryViewSet, "plans-summary-generate", post="generate"),
    route(f"{summary}import/", SummaryViewSet, "plans-summary-import", post="import_"),
    route(f"{summary}export/", SummaryViewSet, "plans-summary-export", get="export"),
    route("attachments/<int:attachment_id>/", RecordViewSet, "plans-attachment", get="attachment"),
]
