from django.urls import path

from . import views, views_self

app_name = "democracy"

S = "sessions/<int:session_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    # Congress terms and representatives.
    path("congresses/new/", views.congress_create, name="congress_create"),
    path("congresses/<int:congress_id>/", views.congress_detail, name="congress"),
    path("congresses/<int:congress_id>/edit/", views.congress_edit, name="congress_edit"),
    path(
        "congresses/<int:congress_id>/representatives/add/",
        views.representatives_add,
        name="representatives_add",
    ),
    path("congresses/<int:congress_id>/delegations/", views.delegation_add, name="delegation_add"),
    path("congresses/<int:congress_id>/sessions/new/", views.session_create, name="session_create"),
    path(
        "representatives/<int:representative_id>/",
        views.representative_edit,
        name="representative",
    ),
    path(
        "representatives/<int:representative_id>/remove/",
        views.representative_remove,
        name="representative_remove",
    ),
    # Sessions.
    path(S, views.session_detail, name="session"),
    path(S + "edit/", views.session_edit, name="session_edit"),
    path(S + "quorum/", views.session_quorum, name="session_quorum"),
    path(S + "attendance/", views.attendance, name="attendance"),
    path(S + "agenda/", views.agenda_add, name="agenda_add"),
    path(S + "agenda/<int:agenda_item_id>/remove/", views.agenda_remove, name="agenda_remove"),
    path(S + "documents/", views.document_add, name="document_add"),
    path(S + "documents/<int:session_document_id>/", views.document_view, name="document"),
    path(
        S + "documents/<int:session_document_id>/remove/",
        views.document_remove,
        name="document_remove",
    ),
    path(S + "code/", views.signin_code, name="signin_code"),
    path(S + "resolutions/", views.resolution_add, name="resolution_add"),
    path(S + "<str:session_action>/", views.session_action, name="session_action"),
    path("resolutions/<int:resolution_id>/votes/", views.resolution_votes, name="resolution_votes"),
    path(
        "resolutions/<int:resolution_id>/result/",
        views.resolution_result,
        name="resolution_result",
    ),
    path(
        "resolutions/<int:resolution_id>/ballot/", views.resolution_ballot, name="resolution_ballot"
    ),
    # Proposals.
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/report/", views.proposal_report, name="proposal_report"),
    path("proposals/paper/", views.proposal_paper, name="proposal_paper"),
    path("proposals/report.xlsx", views.proposal_report_xlsx, name="proposal_report_xlsx"),
    path("proposals/<int:proposal_id>/", views.proposal_detail, name="proposal"),
    path(
        "proposals/<int:proposal_id>/<str:proposal_action>/",
        views.proposal_action,
        name="proposal_action",
    ),
    # Collective contracts.
    path("contracts/", views.contracts, name="contracts"),
    path("contracts/new/", views.contract_create, name="contract_create"),
    path("contracts/<int:contract_id>/", views.contract_detail, name="contract"),
    path("contracts/<int:contract_id>/edit/", views.contract_edit, name="contract_edit"),
    path(
        "contracts/<int:contract_id>/negotiations/", views.negotiation_add, name="negotiation_add"
    ),
    path("contracts/<int:contract_id>/checks/", views.check_add, name="check_add"),
    path(
        "negotiations/<int:negotiation_id>/file/", views.negotiation_file, name="negotiation_file"
    ),
    # The representative's own pages (phone-sized).
    path("me/", views_self.me, name="me"),
    path("me/signin/", views_self.signin, name="signin"),
    path("me/proposals/new/", views_self.proposal_new, name="my_proposal_new"),
    path("me/proposals/<int:proposal_id>/", views_self.my_proposal, name="my_proposal"),
    path(
        "me/proposals/<int:proposal_id>/edit/",
        views_self.my_proposal_edit,
        name="my_proposal_edit",
    ),
    path(
        "me/proposals/<int:proposal_id>/<str:rep_action>/",
        views_self.my_proposal_action,
        name="my_proposal_action",
    ),
    path(
        "me/" + S + "documents/<int:session_document_id>/",
        views_self.my_document,
        name="my_document",
    ),
]
