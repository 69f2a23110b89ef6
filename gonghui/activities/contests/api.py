"""API of the contests: set-up, entrants, judges and publication (cadres), the judge's
scores, and the results."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions

from gonghui.api.viewsets import OrgViewSet

from .. import selectors as activity_selectors
from ..api import READ, SELF, WRITE, member_in_scope, no_content
from . import selectors
from . import services as svc
from .serializers import (
    ContestDetailSerializer,
    ContestEntrantSerializer,
    ContestEntrantWriteSerializer,
    ContestJudgeSerializer,
    ContestJudgeWriteSerializer,
    ContestMyScoreSerializer,
    ContestResultSerializer,
    ContestScoreWriteSerializer,
    ContestSerializer,
)

DELETED = extend_schema(responses={204: None})


class ContestViewSet(OrgViewSet):
    operation_prefix = "activities_contest"
    operation_ids = {"retrieve": "activities_contest"}
    permissions = {
        "retrieve": READ,
        **dict.fromkeys(("create", "entrant_add", "entrant_remove", "publish"), WRITE),
        **dict.fromkeys(("judge_add", "judge_remove"), WRITE),
    }
    serializer_class = ContestDetailSerializer
    lookup_url_kwarg = "contest_id"

    def get_object(self):
        return selectors.contest(self.kwargs["contest_id"])

    def full(self, c):
        data = {"contest": c, "entrants": selectors.entrants_of(c)}
        data.update(judges=selectors.judges_of(c), results=svc.results(c))
        return self.respond(data)

    @extend_schema(
        summary="Set up the contest of a competition activity",
        request=ContestSerializer,
        responses={201: ContestSerializer},
    )
    def create(self, request, *args, **kwargs):
        activity = activity_selectors.activity(kwargs["activity_id"])
        data = self.validated(ContestSerializer)  # what is left out: the service's defaults
        contest = svc.contest_create(actor=request.user, activity=activity, **data)
        return self.respond(contest, status_code=201, serializer_class=ContestSerializer)

    def retrieve(self, request, *args, **kwargs):
        return self.full(self.get_object())

    @extend_schema(
        summary="Enter a member (individual contest) or a team with its members",
        request=ContestEntrantWriteSerializer,
        responses={201: ContestEntrantSerializer},
    )
    def entrant_add(self, request, *args, **kwargs):
        c, data = self.get_object(), self.validated(ContestEntrantWriteSerializer)
        member = member_in_scope(data["member_id"], "member_id") if data["member_id"] else None
        team = [member_in_scope(i, "team_member_ids") for i in data["team_member_ids"]]
        team_name = data["team_name"]
        e = svc.entrant_add(
            actor=request.user, contest=c, member=member, team_name=team_name, team_members=team
        )
        return self.respond(e, status_code=201, serializer_class=ContestEntrantSerializer)

    @DELETED
    def entrant_remove(self, request, *args, **kwargs):
        entrant = selectors.entrant(self.get_object(), kwargs["entrant_id"])
        return no_content(svc.entrant_remove, actor=request.user, entrant=entrant)

    @extend_schema(
        summary="Assign a judge: an account of a member or role holder of the union",
        request=ContestJudgeWriteSerializer,
        responses={201: ContestJudgeSerializer},
    )
    def judge_add(self, request, *args, **kwargs):
        c, data = self.get_object(), self.validated(ContestJudgeWriteSerializer)
        user = svc.judge_candidates(c.activity.org).filter(pk=data["user_id"]).first()
        if user is None:
            raise exceptions.ValidationError({"user_id": ["No such person."]})
        judge = svc.judge_add(actor=request.user, contest=c, user=user, name=data["name"])
        return self.respond(judge, status_code=201, serializer_class=ContestJudgeSerializer)

    @DELETED
    def judge_remove(self, request, *args, **kwargs):
        judge = selectors.judge(self.get_object(), kwargs["contest_judge_id"])
        return no_content(svc.judge_remove, actor=request.user, judge=judge)

    @extend_schema(
        summary="Publish the results (every judge has scored every entrant); scores freeze",
        request=None,
    )
    def publish(self, request, *args, **kwargs):
        c = self.get_object()
        svc.results_publish(actor=request.user, contest=c)
        return self.full(c)


class ContestScoreViewSet(OrgViewSet):
    """The judge's own scores (judges may be ordinary members), and the results."""

    operation_prefix = "activities_contest"
    operation_ids = {"my_scores": "activities_contest_my_scores"}
    permissions = dict.fromkeys(("my_scores", "score", "results"), SELF)
    serializer_class = ContestMyScoreSerializer

    def judge(self):
        return selectors.judging(self.request.user, self.org, self.kwargs["contest_id"])

    @extend_schema(responses=ContestMyScoreSerializer(many=True))
    def my_scores(self, request, *args, **kwargs):
        c, judge = self.judge()
        mine = selectors.scores_by(judge)
        rows = [{"entrant": e, "value": mine.get(e.pk)} for e in selectors.entrants_of(c)]
        return self.respond(rows, many=True)

    @extend_schema(
        summary="Give (or correct, until publication) my score for an entrant",
        request=ContestScoreWriteSerializer,
    )
    def score(self, request, *args, **kwargs):
        c, judge = self.judge()
        data = self.validated(ContestScoreWriteSerializer)
        try:
            e = selectors.entrant(c, data["entrant_id"])
        except Http404:
            raise exceptions.ValidationError({"entrant_id": ["No such entrant."]}) from None
        score = svc.score_enter(actor=request.user, contest=c, entrant=e, value=data["value"])
        return self.respond({"entrant": e, "value": score.value})

    @extend_schema(summary="The published ranking", responses=ContestResultSerializer(many=True))
    def results(self, request, *args, **kwargs):
        c = selectors.contest_results(self.access, self.org, kwargs["contest_id"])
        return self.respond(svc.results(c), serializer_class=ContestResultSerializer, many=True)
