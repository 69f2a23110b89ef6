"""Routes of this module under /api/v1/orgs/<org_code>/democracy/ (names start with api-democracy-)."""

from django.urls import path

from . import api

S = "sessions/<int:session_id>/"

urlpatterns = [
    path("congresses/", api.CongressListAPI.as_view(), name="api-democracy-congresses"),
    path("congresses/<int:congress_id>/", api.CongressAPI.as_view(), name="api-democracy-congress"),
    path(
        "congresses/<int:congress_id>/delegations/",
        api.DelegationListAPI.as_view(),
        name="api-democracy-delegations",
    ),
    path(
        "congresses/<int:congress_id>/representatives/",
        api.RepresentativeListAPI.as_view(),
        name="api-democracy-representatives",
    ),
    path(
        "congresses/<int:congress_id>/sessions/",
        api.SessionListAPI.as_view(),
        name="api-democracy-sessions",
    ),
    path(
        "representatives/<int:representative_id>/",
        api.RepresentativeAPI.as_view(),
        name="api-democracy-representative",
    ),
    path(S, api.SessionAPI.as_view(), name="api-democracy-session"),
    path(S + "attendance/", api.AttendanceAPI.as_view(), name="api-democracy-attendance"),
    path(S + "signin-code/", api.SigninCodeAPI.as_view(), name="api-democracy-signin-code"),
    path(S + "agenda/", api.AgendaAPI.as_view(), name="api-democracy-agenda"),
    path(
        S + "agenda/<int:agenda_item_id>/",
        api.AgendaItemAPI.as_view(),
        name="api-democracy-agenda-item",
    ),
    path(S + "documents/", api.DocumentListAPI.as_view(), name="api-democracy-documents"),
    path(
        S + "documents/<int:session_document_id>/",
        api.DocumentAPI.as_view(),
        name="api-democracy-document",
    ),
    path(S + "resolutions/", api.ResolutionListAPI.as_view(), name="api-democracy-resolutions"),
    path(
        S + "<str:session_action>/",
        api.SessionActionAPI.as_view(),
        name="api-democracy-session-action",
    ),
    path(
        "resolutions/<int:resolution_id>/votes/",
        api.ResolutionVotesAPI.as_view(),
        name="api-democracy-resolution-votes",
    ),
    path(
        "resolutions/<int:resolution_id>/ballot/",
        api.ResolutionBallotAPI.as_view(),
        name="api-democracy-resolution-ballot",
    ),
    path(
        "resolutions/<int:resolution_id>/result/",
        api.ResolutionResultAPI.as_view(),
        name="api-democracy-resolution-result",
    ),
    path("proposals/", api.ProposalListAPI.as_view(), name="api-democracy-proposals"),
    path(
        "proposals/report/", api.ProposalReportAPI.as_view(), name="api-democracy-proposal-report"
    ),
    path("proposals/<int:proposal_id>/", api.ProposalAPI.as_view(), name="api-democracy-proposal"),
    path(
        "proposals/<int:proposal_id>/<str:proposal_action>/",
        api.ProposalActionAPI.as_view(),
        name="api-democracy-proposal-action",
    ),
    path("contracts/", api.ContractListAPI.as_view(), name="api-democracy-contracts"),
    path("contracts/<int:contract_id>/", api.ContractAPI.as_view(), name="api-democracy-contract"),
    path(
        "contracts/<int:contract_id>/negotiations/",
        api.NegotiationListAPI.as_view(),
        name="api-democracy-negotiations",
    ),
    path(
        "contracts/<int:contract_id>/checks/",
        api.HonouringCheckAPI.as_view(),
        name="api-democracy-checks",
    ),
    path(
        "negotiations/<int:negotiation_id>/file/",
        api.NegotiationFileAPI.as_view(),
        name="api-democracy-negotiation-file",
    ),
    # The representative's own.
    path("me/", api.MeAPI.as_view(), name="api-democracy-me"),
    path("me/signin/", api.SigninAPI.as_view(), name="api-democracy-signin"),
    path("me/proposals/", api.MyProposalListAPI.as_view(), name="api-democracy-my-proposals"),
    path(
        "me/proposals/<int:proposal_id>/",
        api.MyProposalAPI.as_view(),
        name="api-democracy-my-proposal",
    ),
    path(
        "me/proposals/<int:proposal_id>/<str:rep_action>/",
        api.MyProposalActionAPI.as_view(),
        name="api-democracy-my-proposal-action",
    ),
]
