"""API of the contests: set-up, entrants, judges and publication (cadres), the judge's
scores, and the results."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView

from . import reach
from . import services_contests as svc
from .api import REFUSED, _refused
from .models import Activity, Contest, ContestMode, Entrant, Judge, Score
from .services import ActivityError

TAG = "activities (contests)"


class ContestEntrantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    team_member_ids = serializers.PrimaryKeyRelatedField(
        source="team_members", many=True, read_only=True
    )

    class Meta:
        model = Entrant
        fields = ["id", "name", "member_id", "team_name", "team_member_ids"]
        read_only_fields = fields


class ContestJudgeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Judge
        fields = ["id", "name", "user_id"]
        read_only_fields = fields


class ContestSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="activity.title", read_only=True)

    class Meta:
        model = Contest
        fields = [
            "id", "activity_id", "title", "mode", "score_min", "score_max",
            "result_published", "published_at",
        ]  # fmt: skip
        read_only_fields = ["id", "activity_id", "title", "result_published", "published_at"]


class ContestResultSerializer(serializers.Serializer):
    entrant_id = serializers.IntegerField()
    name = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    # Numbers in the JSON (the results are computed, not serialized as decimal strings).
    final = serializers.FloatField(allow_null=True)
    scores = serializers.ListField(child=serializers.FloatField(allow_null=True))


class ContestDetailSerializer(serializers.Serializer):
    contest = ContestSerializer()
    entrants = ContestEntrantSerializer(many=True)
    judges = ContestJudgeSerializer(many=True)
    results = ContestResultSerializer(many=True)


class ContestEntrantWriteSerializer(serializers.Serializer):
    member_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    team_name = serializers.CharField(required=False, default="", allow_blank=True)
    team_member_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )


class ContestJudgeWriteSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    name = serializers.CharField(required=False, default="", allow_blank=True, max_length=60)


class ContestScoreWriteSerializer(serializers.Serializer):
    entrant_id = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=5, decimal_places=2)


class ContestMyScoreSerializer(serializers.Serializer):
    entrant_id = serializers.IntegerField()
    name = serializers.CharField()
    value = serializers.FloatField(allow_null=True)  # a number in the JSON


def _results(c: Contest) -> list[dict]:
    return [
        {
            "entrant_id": r["entrant"].pk,
            "name": str(r["entrant"]),
            "rank": r["rank"],
            "final": r["final"],
            "scores": r["scores"],
        }
        for r in svc.results(c)
    ]


def _detail(c: Contest) -> dict:
    return {
        "contest": ContestSerializer(c).data,
        "entrants": ContestEntrantSerializer(
            Entrant._base_manager.filter(contest=c).select_related("member"), many=True
        ).data,
        "judges": ContestJudgeSerializer(Judge._base_manager.filter(contest=c), many=True).data,
        "results": _results(c),
    }


class ContestCreateAPI(OrgAPIView):
    permissions = {"POST": "activities.activity:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_contest_create",
        summary="Set up the contest of a competition activity",
        request=ContestSerializer,
        responses={201: ContestSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, activity_id):
        activity = get_object_or_404(Activity.objects.select_related("org"), pk=activity_id)
        s = ContestSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        try:
            c = svc.contest_create(
                actor=request.user,
                activity=activity,
                mode=d.get("mode", ContestMode.INDIVIDUAL),
                score_min=d.get("score_min", 0),
                score_max=d.get("score_max", 10),
            )
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(ContestSerializer(c).data, status=status.HTTP_201_CREATED)


class ContestAPI(OrgAPIView):
    permissions = {"GET": "activities.activity:read"}

    @extend_schema(tags=[TAG], operation_id="activities_contest", responses=ContestDetailSerializer)
    def get(self, request, org_code, contest_id):
        return Response(_detail(reach.contest(contest_id)))


class EntrantsAPI(OrgAPIView):
    permissions = {"POST": "activities.activity:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_contest_entrant_add",
        summary="Enter a member (individual contest) or a team with its members",
        request=ContestEntrantWriteSerializer,
        responses={201: ContestEntrantSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, contest_id):
        c = reach.contest(contest_id)
        s = ContestEntrantWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        member = None
        if d["member_id"]:
            member = reach.member_in_scope(d["member_id"])
            if member is None:
                raise exceptions.ValidationError({"member_id": ["No such member."]})
        team = []
        for mid in d["team_member_ids"]:
            m = reach.member_in_scope(mid)
            if m is None:
                raise exceptions.ValidationError({"team_member_ids": ["No such member."]})
            team.append(m)
        try:
            e = svc.entrant_add(
                actor=request.user, contest=c, member=member, team_name=d["team_name"],
                team_members=team,
            )  # fmt: skip
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(ContestEntrantSerializer(e).data, status=status.HTTP_201_CREATED)


class EntrantAPI(OrgAPIView):
    permissions = {"DELETE": "activities.activity:write"}

    @extend_schema(
        tags=[TAG], operation_id="activities_contest_entrant_remove", responses={204: None}
    )
    def delete(self, request, org_code, contest_id, entrant_id):
        c = reach.contest(contest_id)
        try:
            svc.entrant_remove(actor=request.user, entrant=reach.entrant(c, entrant_id))
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class JudgesAPI(OrgAPIView):
    permissions = {"POST": "activities.activity:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_contest_judge_add",
        summary="Assign a judge: an account of a member or role holder of the union",
        request=ContestJudgeWriteSerializer,
        responses={201: ContestJudgeSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, contest_id):
        c = reach.contest(contest_id)
        s = ContestJudgeWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        user = svc.judge_candidates(c.activity.org).filter(pk=s.validated_data["user_id"]).first()
        if user is None:
            raise exceptions.ValidationError({"user_id": ["No such person."]})
        try:
            j = svc.judge_add(
                actor=request.user, contest=c, user=user, name=s.validated_data["name"]
            )
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(ContestJudgeSerializer(j).data, status=status.HTTP_201_CREATED)


class JudgeAPI(OrgAPIView):
    permissions = {"DELETE": "activities.activity:write"}

    @extend_schema(
        tags=[TAG], operation_id="activities_contest_judge_remove", responses={204: None}
    )
    def delete(self, request, org_code, contest_id, contest_judge_id):
        c = reach.contest(contest_id)
        try:
            svc.judge_remove(actor=request.user, judge=reach.judge(c, contest_judge_id))
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class PublishAPI(OrgAPIView):
    permissions = {"POST": "activities.activity:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_contest_publish",
        summary="Publish the results (every judge has scored every entrant); scores freeze",
        request=None,
        responses={200: ContestDetailSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, contest_id):
        c = reach.contest(contest_id)
        try:
            svc.results_publish(actor=request.user, contest=c)
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(_detail(c))


class ScoresAPI(OrgAPIView):
    """The judge's own scores (judges may be ordinary members)."""

    permissions = {"GET": "activities.signup:self", "POST": "activities.signup:self"}

    def _judge(self, request, contest_id):
        c = reach.contest_near(self.org, contest_id)
        judge = svc.judge_of(request.user, c)
        if judge is None:
            raise exceptions.PermissionDenied()
        return c, judge

    @extend_schema(
        tags=[TAG],
        operation_id="activities_contest_my_scores",
        responses=ContestMyScoreSerializer(many=True),
    )
    def get(self, request, org_code, contest_id):
        c, judge = self._judge(request, contest_id)
        mine = {s.entrant_id: s.value for s in Score._base_manager.filter(judge=judge)}
        rows = Entrant._base_manager.filter(contest=c).select_related("member").order_by("id")
        return Response(
            [{"entrant_id": e.pk, "name": str(e), "value": mine.get(e.pk)} for e in rows]
        )

    @extend_schema(
        tags=[TAG],
        operation_id="activities_contest_score",
        summary="Give (or correct, until publication) my score for an entrant",
        request=ContestScoreWriteSerializer,
        responses={200: ContestMyScoreSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, contest_id):
        c, judge = self._judge(request, contest_id)
        s = ContestScoreWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            e = reach.entrant(c, s.validated_data["entrant_id"])
        except Http404:
            raise exceptions.ValidationError({"entrant_id": ["No such entrant."]}) from None
        try:
            score = svc.score_enter(
                actor=request.user, contest=c, entrant=e, value=s.validated_data["value"]
            )
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response({"entrant_id": e.pk, "name": str(e), "value": score.value})


class ResultsAPI(OrgAPIView):
    permissions = {"GET": "activities.signup:self"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_contest_results",
        summary="The published ranking",
        responses=ContestResultSerializer(many=True),
    )
    def get(self, request, org_code, contest_id):
        c = reach.contest_near(self.org, contest_id)
        if not c.result_published:
            in_scope = self.access.has("activities.activity:read") and (
                c.activity.org.path.startswith(self.org.path)
            )
            if not in_scope:
                raise Http404
        return Response(_results(c))
