"""Routes of this module under /api/v1/orgs/<org_code>/democracy/ (names start with
api-democracy-). The URLs are contracts: each maps its HTTP methods to an action of a
resource in api.py."""

from django.urls import path

from .api import (
    CongressViewSet,
    ContractViewSet,
    DocumentViewSet,
    MeViewSet,
    NegotiationViewSet,
    ProposalViewSet,
    RepresentativeViewSet,
    ResolutionViewSet,
    SessionViewSet,
)

C = "congresses/<int:congress_id>/"
S = "sessions/<int:session_id>/"
R = "resolutions/<int:resolution_id>/"
P = "proposals/<int:proposal_id>/"
K = "contracts/<int:contract_id>/"
MINE = "me/proposals/<int:proposal_id>/"
REP = "representatives/<int:representative_id>/"
FILE = "negotiations/<int:negotiation_id>/file/"
ROUTES = [
    ("congresses/", CongressViewSet, "list create", "congresses"),
    (C, CongressViewSet, "retrieve partial_update", "congress"),
    (f"{C}delegations/", CongressViewSet, "delegations_list delegations_create", "delegations"),
    (
        f"{C}representatives/",
        CongressViewSet,
        "representatives_list representatives_create",
        "representatives",
    ),
    (f"{C}sessions/", CongressViewSet, "sessions_list sessions_create", "sessions"),
    (REP, RepresentativeViewSet, "retrieve partial_update destroy", "representative"),
    (S, SessionViewSet, "retrieve partial_update", "session"),
    (f"{S}attendance/", SessionViewSet, "attendance_list attendance_update", "attendance"),
    (f"{S}signin-code/", SessionViewSet, "signin_code_retrieve", "signin-code"),
    (f"{S}agenda/", SessionViewSet, "agenda_create", "agenda"),
    (f"{S}agenda/<int:agenda_item_id>/", SessionViewSet, "agenda_destroy", "agenda-item"),
    (f"{S}documents/", DocumentViewSet, "list create", "documents"),
    (f"{S}documents/<int:session_document_id>/", DocumentViewSet, "retrieve destroy", "document"),
    (f"{S}resolutions/", SessionViewSet, "resolutions_list resolutions_create", "resolutions"),
    (f"{S}<str:session_action>/", SessionViewSet, "act", "session-action"),
    (f"{R}votes/", ResolutionViewSet, "votes_create", "resolution-votes"),
    (f"{R}ballot/", ResolutionViewSet, "ballot_create", "resolution-ballot"),
    (f"{R}result/", ResolutionViewSet, "result_create", "resolution-result"),
    ("proposals/", ProposalViewSet, "list", "proposals"),
    ("proposals/report/", ProposalViewSet, "report_retrieve", "proposal-report"),
    ("proposals/paper/", ProposalViewSet, "paper_create", "proposal-paper"),
    (P, ProposalViewSet, "retrieve", "proposal"),
    (f"{P}<str:proposal_action>/", ProposalViewSet, "act", "proposal-action"),
    ("contracts/", ContractViewSet, "list create", "contracts"),
    (K, ContractViewSet, "retrieve partial_update", "contract"),
    (f"{K}negotiations/", NegotiationViewSet, "create", "negotiations"),
    (f"{K}checks/", ContractViewSet, "checks_create", "checks"),
    (FILE, NegotiationViewSet, "file_retrieve", "negotiation-file"),
    # The representative's own.
    ("me/", MeViewSet, "retrieve", "me"),
    ("me/signin/", MeViewSet, "signin_create", "signin"),
    ("me/proposals/", MeViewSet, "proposals_list proposals_create", "my-proposals"),
    (MINE, MeViewSet, "proposals_retrieve proposals_partial_update", "my-proposal"),
    (f"{MINE}<str:rep_action>/", MeViewSet, "act", "my-proposal-action"),
]


def actions(names: str) -> dict[str, str]:
    """The methods of a route, from its actions' names: "list create" → {"get": "list",
    "post": "create"} (…_list, …_retrieve: get; …_create, act: post; …_update: put)."""
    verbs = {"partial_update": "patch", "update": "put", "destroy": "delete", "act": "post"}
    verbs |= {"list": "get", "retrieve": "get", "create": "post"}
    return {next(m for end, m in verbs.items() if a.endswith(end)): a for a in names.split()}


urlpatterns = [
    path(route, resource.as_view(actions(names)), name=f"api-democracy-{name}")
    for route, resource, names, name in ROUTES
]
