"""API of the interest groups: the committee's endpoints and the leader's (plan)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView

from . import reach
from . import services_groups as svc
from .api import REFUSED, _refused
from .models import Activity, GroupMembership, GroupPlan, InterestGroup
from .services import ActivityError

TAG = "activities (interest groups)"


class InterestGroupMembershipSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = GroupMembership
        fields = ["id", "member_id", "member_name", "joined_on"]
        read_only_fields = fields


class InterestGroupPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = GroupPlan
        fields = [
            "id", "year", "text", "budget", "status", "reason", "submitted_at", "decided_at",
        ]  # fmt: skip
        read_only_fields = fields


class InterestGroupSerializer(serializers.ModelSerializer):
    leader_name = serializers.CharField(source="leader.name", read_only=True, default=None)

    class Meta:
        model = InterestGroup
        fields = ["id", "name", "description", "leader_id", "leader_name", "active"]
        read_only_fields = fields


class InterestGroupWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    leader_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    active = serializers.BooleanField(required=False, default=True)


class InterestGroupDetailSerializer(InterestGroupSerializer):
    members = InterestGroupMembershipSerializer(source="memberships", many=True, read_only=True)
    plans = InterestGroupPlanSerializer(many=True, read_only=True)
    activities = serializers.SerializerMethodField()

    class Meta(InterestGroupSerializer.Meta):
        fields = [*InterestGroupSerializer.Meta.fields, "members", "plans", "activities"]

    def get_activities(self, obj) -> list[dict]:
        return [
            {"id": a.pk, "title": a.title, "starts_at": a.starts_at, "actual_cost": a.actual_cost}
            for a in Activity._base_manager.filter(interest_group=obj).order_by("-starts_at")
        ]


class InterestGroupLedSerializer(InterestGroupSerializer):
    plans = InterestGroupPlanSerializer(many=True, read_only=True)

    class Meta(InterestGroupSerializer.Meta):
        fields = [*InterestGroupSerializer.Meta.fields, "plans"]


class InterestGroupMemberIdSerializer(serializers.Serializer):
    member_id = serializers.IntegerField()


class InterestGroupActivitySerializer(serializers.Serializer):
    activity_id = serializers.IntegerField()
    unlink = serializers.BooleanField(required=False, default=False)


class InterestGroupPlanDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class InterestGroupPlanWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    text = serializers.CharField()
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


def _member(member_id):
    member = reach.member_in_scope(member_id)
    if member is None:
        raise exceptions.ValidationError({"member_id": ["No such member."]})
    return member


def _detail(g):
    return InterestGroupDetailSerializer(
        InterestGroup._base_manager.select_related("leader").get(pk=g.pk)
    ).data


class GroupListAPI(OrgAPIView):
    permissions = {"GET": "activities.activity:read", "POST": "activities.activity:write"}

    @extend_schema(
        tags=[TAG], operation_id="activities_groups", responses=InterestGroupSerializer(many=True)
    )
    def get(self, request, org_code):
        rows = InterestGroup.objects.select_related("leader").order_by("name")
        return Response(InterestGroupSerializer(rows, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="activities_group_create",
        request=InterestGroupWriteSerializer,
        responses={201: InterestGroupDetailSerializer, 400: REFUSED},
    )
    def post(self, request, org_code):
        s = InterestGroupWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        leader = _member(d["leader_id"]) if d["leader_id"] else None
        try:
            g = svc.group_create(
                actor=request.user, org=self.org, name=d["name"], leader=leader,
                description=d["description"],
            )  # fmt: skip
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(_detail(g), status=status.HTTP_201_CREATED)


class GroupAPI(OrgAPIView):
    permissions = {"GET": "activities.activity:read", "PATCH": "activities.activity:write"}

    @extend_schema(
        tags=[TAG], operation_id="activities_group", responses=InterestGroupDetailSerializer
    )
    def get(self, request, org_code, interest_group_id):
        return Response(_detail(reach.group(interest_group_id)))

    @extend_schema(
        tags=[TAG],
        operation_id="activities_group_update",
        request=InterestGroupWriteSerializer,
        responses={200: InterestGroupDetailSerializer, 400: REFUSED},
    )
    def patch(self, request, org_code, interest_group_id):
        g = reach.group(interest_group_id)
        s = InterestGroupWriteSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        if "leader_id" in d:
            leader = _member(d["leader_id"]) if d["leader_id"] else None
        else:
            leader = g.leader
        try:
            svc.group_update(
                actor=request.user, group=g, name=d.get("name", g.name), leader=leader,
                description=d.get("description", g.description), active=d.get("active", g.active),
            )  # fmt: skip
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(_detail(g))


class GroupMembersAPI(OrgAPIView):
    permissions = {"POST": "activities.activity:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_group_member_add",
        request=InterestGroupMemberIdSerializer,
        responses={201: InterestGroupMembershipSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, interest_group_id):
        g = reach.group(interest_group_id)
        s = InterestGroupMemberIdSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            row = svc.group_member_add(
                actor=request.user, group=g, member=_member(s.validated_data["member_id"])
            )
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(InterestGroupMembershipSerializer(row).data, status=status.HTTP_201_CREATED)


class GroupMemberAPI(OrgAPIView):
    permissions = {"DELETE": "activities.activity:write"}

    @extend_schema(tags=[TAG], operation_id="activities_group_member_remove", responses={204: None})
    def delete(self, request, org_code, interest_group_id, group_membership_id):
        g = reach.group(interest_group_id)
        row = reach.membership(g, group_membership_id)
        try:
            svc.group_member_remove(actor=request.user, membership=row)
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupActivitiesAPI(OrgAPIView):
    permissions = {"POST": "activities.activity:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_group_activity",
        summary="Make one of the union's activities the group's own (or unlink it)",
        request=InterestGroupActivitySerializer,
        responses={200: InterestGroupDetailSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, interest_group_id):
        g = reach.group(interest_group_id)
        s = InterestGroupActivitySerializer(data=request.data)
        s.is_valid(raise_exception=True)
        activity = Activity.objects.filter(pk=s.validated_data["activity_id"]).first()
        if activity is None:
            raise exceptions.ValidationError({"activity_id": ["No such activity."]})
        unlink = s.validated_data["unlink"]
        if unlink and activity.interest_group_id != g.pk:
            raise exceptions.ValidationError({"detail": "The activity is not the group's."})
        try:
            svc.group_activity_link(
                actor=request.user, activity=activity, group=None if unlink else g
            )
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(_detail(g))


class GroupPlanDecideAPI(OrgAPIView):
    permissions = {"POST": "activities.activity:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_group_plan_decide",
        summary="The committee approves or rejects (with a reason) a submitted plan",
        request=InterestGroupPlanDecideSerializer,
        responses={200: InterestGroupPlanSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, interest_group_id, group_plan_id):
        p = reach.plan(reach.group(interest_group_id), group_plan_id)
        s = InterestGroupPlanDecideSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            svc.plan_decide(actor=request.user, plan=p, **s.validated_data)
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(InterestGroupPlanSerializer(p).data)


# -- the leader's ------------------------------------------------------------------------


def _led(request, org, interest_group_id):
    g = reach.group_near(org, interest_group_id)
    if not svc.is_leader(request.user, g):
        raise exceptions.PermissionDenied()
    return g


class LedGroupsAPI(OrgAPIView):
    permissions = {"GET": "activities.signup:self"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_groups_led",
        summary="The groups I lead, with their plans",
        responses=InterestGroupLedSerializer(many=True),
    )
    def get(self, request, org_code):
        groups = reach.led_by(request.user, self.org)
        data = []
        for g in groups:
            row = InterestGroupSerializer(g).data
            row["plans"] = InterestGroupPlanSerializer(reach.plans_of(g), many=True).data
            data.append(row)
        return Response(data)


class GroupPlanAPI(OrgAPIView):
    permissions = {"POST": "activities.signup:self"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_group_plan_save",
        summary="The leader writes (or rewrites) the group's plan and budget for a year",
        request=InterestGroupPlanWriteSerializer,
        responses={200: InterestGroupPlanSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, interest_group_id):
        g = _led(request, self.org, interest_group_id)
        s = InterestGroupPlanWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            p = svc.plan_save(actor=request.user, group=g, by_leader=True, **s.validated_data)
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(InterestGroupPlanSerializer(p).data)


class GroupPlanSubmitAPI(OrgAPIView):
    permissions = {"POST": "activities.signup:self"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_group_plan_submit",
        summary="The leader submits the plan to the union committee",
        request=None,
        responses={200: InterestGroupPlanSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, interest_group_id, group_plan_id):
        g = _led(request, self.org, interest_group_id)
        p = reach.plan(g, group_plan_id)
        try:
            svc.plan_submit(actor=request.user, plan=p)
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(InterestGroupPlanSerializer(p).data)
