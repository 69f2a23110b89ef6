"""Routes of this module under /api/v1/orgs/<org_code>/assignments/ (names start with
api-assignments-). The URLs are contracts: each maps its HTTP methods to an action."""

from gonghui.api.routes import routes_named

from .api import (
    AnswerFileViewSet,
    AssignmentViewSet,
    BelowViewSet,
    InboxViewSet,
    TargetViewSet,
)

route = routes_named("api-assignments-")
one = "sent/<int:assignment_id>/"
target = f"{one}unions/<int:target_id>/"
answer = "inbox/<int:target_id>/"
below = "below/<int:assignment_id>/"

urlpatterns = [
    route("sent/", AssignmentViewSet, "list", get="list", post="create"),
    route(one, AssignmentViewSet, "one", get="retrieve", patch="partial_update", delete="destroy"),
    route("sent/from-task/", AssignmentViewSet, "from-task", post="from_task"),
    route(f"{one}send/", AssignmentViewSet, "send", post="send"),
    route(f"{one}withdraw/", AssignmentViewSet, "withdraw", post="withdraw"),
    route(f"{one}add-unions/", AssignmentViewSet, "add-unions", post="add_unions"),
    route(f"{one}remind/", AssignmentViewSet, "remind", post="remind"),
    route(f"{one}board/", AssignmentViewSet, "board", get="board"),
    route(f"{one}export/", AssignmentViewSet, "export", get="export"),
    route(target, TargetViewSet, "answer", get="retrieve"),
    route(f"{target}return/", TargetViewSet, "return", post="return_"),
    route(f"{target}accept/", TargetViewSet, "accept", post="accept"),
    route(f"{target}remind/", TargetViewSet, "answer-remind", post="remind"),
    route("below/", BelowViewSet, "below", get="list"),
    route(below, BelowViewSet, "below-one", get="retrieve"),
    route(f"{below}board/", BelowViewSet, "below-board", get="board"),
    route(f"{below}unions/<int:target_id>/", BelowViewSet, "below-answer", get="answer"),
    route("inbox/", InboxViewSet, "inbox", get="list"),
    route(answer, InboxViewSet, "inbox-one", get="retrieve"),
    route(f"{answer}save/", InboxViewSet, "save", post="save"),
    route(f"{answer}submit/", InboxViewSet, "submit", post="submit"),
    route(f"{answer}records/", InboxViewSet, "records", get="records", post="link"),
    route(f"{answer}records/remove/", InboxViewSet, "records-remove", post="unlink"),
    route(f"{answer}files/", AnswerFileViewSet, "files", post="create"),
    route(
        f"{answer}files/<int:file_id>/", AnswerFileViewSet, "file", get="retrieve", delete="destroy"
    ),
]
