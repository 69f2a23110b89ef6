"""Routes of this module under /api/v1/orgs/<org_code>/members/ (names start with api-members).

The URLs are contracts: each maps its HTTP methods to an action of a resource in api.py.
Fixed words come before <int:member_id>/<str:action>/, which would swallow them otherwise.
"""

from django.urls import path

from . import api

members, me, transfers = (
    api.MemberViewSet.as_view,
    api.SelfViewSet.as_view,
    api.TransferViewSet.as_view,
)
requests, invitations = api.ChangeRequestViewSet.as_view, api.InvitationViewSet.as_view
one = "<int:member_id>/"

urlpatterns = [
    path("", members({"get": "list", "post": "create"}), name="api-members"),
    path("me/", me({"get": "me_read", "patch": "me_update"}), name="api-members-me"),
    path("me/requests/", me({"post": "me_request"}), name="api-members-me-requests"),
    path("move/", members({"post": "move"}), name="api-members-move"),
    path("applications/", members({"get": "applications"}), name="api-members-applications"),
    path("statistics/", members({"get": "statistics"}), name="api-members-statistics"),
    path("export.xlsx", members({"get": "export"}), name="api-members-export"),
    path("transfers/", transfers({"get": "list"}), name="api-members-transfers"),
    path(
        "transfers/<int:transfer_id>/accept/",
        transfers({"post": "transfer_accept"}),
        name="api-members-transfer-accept",
    ),
    path(
        "transfers/<int:transfer_id>/refuse/",
        transfers({"post": "transfer_refuse"}),
        name="api-members-transfer-refuse",
    ),
    path("requests/", requests({"get": "list"}), name="api-members-requests"),
    path(
        "requests/<int:request_id>/approve/",
        requests({"post": "request_approve"}),
        name="api-members-request-approve",
    ),
    path(
        "requests/<int:request_id>/reject/",
        requests({"post": "request_reject"}),
        name="api-members-request-reject",
    ),
    path(
        "invitations/",
        invitations({"get": "invitations", "post": "invitations_create"}),
        name="api-members-invitations",
    ),
    path("lapse/", members({"get": "lapse", "post": "lapse_talk"}), name="api-members-lapse"),
    path(one, members({"get": "retrieve", "patch": "partial_update"}), name="api-members-member"),
    path(f"{one}certificate.pdf", members({"get": "certificate"}), name="api-members-certificate"),
    path(f"{one}history/", members({"get": "history"}), name="api-members-history"),
    path(f"{one}transfer/", members({"post": "transfer"}), name="api-members-transfer"),
    path(f"{one}<str:action>/", members({"post": "lifecycle"}), name="api-members-lifecycle"),
]
