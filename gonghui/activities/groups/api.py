"""API of the interest groups: the committee's endpoints and the leader's (plan)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status

from gonghui.api.viewsets import OrgViewSet

from ..api import READ, SELF, WRITE, member_in_scope, no_content
from ..models import Activity
from . import selectors
from . import services as svc
from .serializers import (
    InterestGroupActivitySerializer,
    InterestGroupDetailSerializer,
    InterestGroupLedSerializer,
    InterestGroupMemberIdSerializer,
    InterestGroupMembershipSerializer,
    InterestGroupPlanDecideSerializer,
    InterestGroupPlanSerializer,
    InterestGroupPlanWriteSerializer,
    InterestGroupSerializer,
    InterestGroupWriteSerializer,
)


@extend_schema_view(
    list=extend_schema(responses=InterestGroupSerializer(many=True)),
    create=extend_schema(request=InterestGroupWriteSerializer),
    partial_update=extend_schema(request=InterestGroupWriteSerializer),
)
class GroupViewSet(OrgViewSet):
    operation_prefix = "activities_group"
    operation_ids = {"list": "activities_groups", "retrieve": "activities_group"}
    permissions = {
        **dict.fromkeys(("list", "retrieve"), READ),
        **dict.fromkeys(("create", "partial_update", "member_add", "member_remove"), WRITE),
        **dict.fromkeys(("activity", "plan_decide"), WRITE),
    }
    serializer_class = InterestGroupDetailSerializer
    lookup_url_kwarg = "interest_group_id"

    def get_queryset(self):
        return selectors.groups()

    def serializer_for(self, obj=None):
        return InterestGroupSerializer if self.action == "list" else InterestGroupDetailSerializer

    def get_object(self):
        return selectors.group(self.kwargs["interest_group_id"])

    def create(self, request, *args, **kwargs):
        data = self.validated(InterestGroupWriteSerializer)
        leader = member_in_scope(data["leader_id"]) if data["leader_id"] else None
        fields = {k: data[k] for k in ("name", "description")}
        g = svc.group_create(actor=request.user, org=self.org, leader=leader, **fields)
        return self.respond(selectors.group(g.pk), status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        g = self.get_object()
        data = self.validated(InterestGroupWriteSerializer, partial=True)
        leader = g.leader
        if "leader_id" in data:
            leader = member_in_scope(data["leader_id"]) if data["leader_id"] else None
        fields = {k: data.get(k, getattr(g, k)) for k in ("name", "description", "active")}
        svc.group_update(actor=request.user, group=g, leader=leader, **fields)
        return self.respond(self.get_object())

    @extend_schema(
        request=InterestGroupMemberIdSerializer, responses={201: InterestGroupMembershipSerializer}
    )
    def member_add(self, request, *args, **kwargs):
        g = self.get_object()
        member = member_in_scope(self.validated(InterestGroupMemberIdSerializer)["member_id"])
        row = svc.group_member_add(actor=request.user, group=g, member=member)
        return self.respond(
            row, status_code=201, serializer_class=InterestGroupMembershipSerializer
        )

    @extend_schema(responses={204: None})
    def member_remove(self, request, *args, **kwargs):
        row = selectors.membership(self.get_object(), kwargs["group_membership_id"])
        return no_content(svc.group_member_remove, actor=request.user, membership=row)

    @extend_schema(
        summary="Make one of the union's activities the group's own (or unlink it)",
        request=InterestGroupActivitySerializer,
    )
    def activity(self, request, *args, **kwargs):
        g, data = self.get_object(), self.validated(InterestGroupActivitySerializer)
        activity = Activity.objects.filter(pk=data["activity_id"]).first()
        if activity is None:
            raise exceptions.ValidationError({"activity_id": ["No such activity."]})
        unlink = data["unlink"]
        svc.group_activity_link(actor=request.user, group=g, activity=activity, unlink=unlink)
        return self.respond(self.get_object())

    @extend_schema(
        summary="The committee approves or rejects (with a reason) a submitted plan",
        request=InterestGroupPlanDecideSerializer,
        responses=InterestGroupPlanSerializer,
    )
    def plan_decide(self, request, *args, **kwargs):
        plan = selectors.plan(self.get_object(), kwargs["group_plan_id"])
        data = self.validated(InterestGroupPlanDecideSerializer)
        svc.plan_decide(actor=request.user, plan=plan, **data)
        return self.respond(plan, serializer_class=InterestGroupPlanSerializer)


# -- the leader's -------------------------------------------------------------------------


class LedGroupViewSet(OrgViewSet):
    """The groups the caller leads, reached from their own organisation (it, above, below)."""

    operation_prefix = "activities_group"
    operation_ids = {"led": "activities_groups_led", "plan_save": "activities_group_plan_save"}
    permissions = dict.fromkeys(("led", "plan_save", "plan_submit"), SELF)
    serializer_class = InterestGroupPlanSerializer

    def get_object(self):
        return selectors.led_group(self.request.user, self.org, self.kwargs["interest_group_id"])

    @extend_schema(
        summary="The groups I lead, with their plans",
        responses=InterestGroupLedSerializer(many=True),
    )
    def led(self, request, *args, **kwargs):
        groups = selectors.with_plans(selectors.led_by(request.user, self.org))
        return self.respond(groups, serializer_class=InterestGroupLedSerializer, many=True)

    @extend_schema(
        summary="The leader writes (or rewrites) the group's plan and budget for a year",
        request=InterestGroupPlanWriteSerializer,
    )
    def plan_save(self, request, *args, **kwargs):
        group = self.get_object()
        data = self.validated(InterestGroupPlanWriteSerializer)
        return self.respond(svc.plan_save(actor=request.user, group=group, by_leader=True, **data))

    @extend_schema(summary="The leader submits the plan to the union committee", request=None)
    def plan_submit(self, request, *args, **kwargs):
        plan = selectors.plan(self.get_object(), kwargs["group_plan_id"])
        return self.respond(svc.plan_submit(actor=request.user, plan=plan))
