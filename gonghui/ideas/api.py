"""API resources of rationalisation proposals: every page action, under the pages' rules
(selectors, services, permissions); `me/ideas/` is the member's own, as on the phone; the
department's link has a public endpoint (`DepartmentAnswerAPI`, throttled per address)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.api.viewsets import OrgViewSet, file_answers, service_action
from gonghui.core import files
from gonghui.core.params import check_year

from . import rules, selectors, services, views, views_public
from . import serializers as ser
from .models import Status

READ, WRITE, SUBMIT = "ideas.idea:read", "ideas.idea:write", "ideas.idea:submit"
CREATED = status.HTTP_201_CREATED
PARSERS = [JSONParser, MultiPartParser, FormParser]


class IdeasViewSet(OrgViewSet):
    """The resources' standard actions are named `<prefix>_<action>`."""

    def idea(self):
        return selectors.idea_of(self.org, self.kwargs["idea_id"])


def _act(service, body, summary, returns=None):
    return service_action(service, target="idea", body=body, summary=summary, returns=returns)


# -- ideas -------------------------------------------------------------------------------


FILTERS = {"year": int, "status": Status.values, "outcome": [k for k, _ in rules.OUTCOMES]}
FILTERS |= {"department": str, "overdue": bool, "drive": int, "q": str}


@extend_schema_view(
    list=extend_schema(
        summary="The ideas of the union (or of the unions below); q: title, proposer, team",
        parameters=[
            OpenApiParameter(
                k, v if isinstance(v, type) else str, enum=None if isinstance(v, type) else v
            )
            for k, v in FILTERS.items()
        ],
    ),
)
class IdeaViewSet(IdeasViewSet):
    operation_prefix = "ideas_ideas"
    permissions = {
        **dict.fromkeys(["list", "retrieve"], READ),
        **dict.fromkeys(
            "create accept decline send withdraw answer decide implement verify close".split(),
            WRITE,
        ),
    }
    serializer_class = ser.IdeaSerializer
    lookup_url_kwarg = "idea_id"
    paged_actions = ("list",)
    parser_classes = PARSERS

    def get_queryset(self):
        return selectors.ideas(self.org).prefetch_related("co_proposers")

    def filter_queryset(self, qs):
        return selectors.filtered(qs, self.request.query_params)

    @extend_schema(
        summary="Enter an idea handed in on paper, for its proposer",
        request=ser.IdeaEnterSerializer,
        responses={201: ser.IdeaSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = self.validated(ser.IdeaEnterSerializer)
        idea = services.idea_enter(
            actor=request.user,
            org=self.org,
            proposer=data.pop("proposer"),
            co_proposers=data.pop("co_proposers"),
            uploads=data.pop("files"),
            data=data,
        )
        return self.respond(idea, status_code=CREATED)

    accept = _act(services.idea_accept, ser.NoteSerializer, "Take the idea up (立项/初审)")
    decline = _act(
        services.idea_decline, ser.ReasonSerializer, "Do not take it up; the proposer reads why"
    )
    send = _act(
        services.idea_send,
        ser.SendSerializer,
        "Send the idea to the responsible department: answers the request with its link",
        returns=ser.IdeaDepartmentRequestSerializer,
    )
    withdraw = _act(
        services.request_withdraw, None, "Withdraw the department's link; the idea waits again"
    )
    answer = _act(
        services.idea_record_answer,
        ser.AnswerSerializer,
        "Record the department's answer received on paper or by phone",
    )
    decide = _act(
        services.idea_decide,
        ser.DecideSerializer,
        "Record the outcome (adopt, trial, keep for later, not adopt; reason for the last two)",
    )
    implement = _act(services.idea_implement, ser.ImplementSerializer, "Record the implementation")
    verify = _act(
        services.idea_verify, ser.VerifySerializer, "Verify the value created (10,000 yuan)"
    )
    close = _act(services.idea_close, ser.CloseSerializer, "Close with feedback to the proposer")


# -- what hangs off one idea --------------------------------------------------------------


class IdeaFileViewSet(IdeasViewSet):
    operation_prefix = "ideas_files"
    operation_ids = {"create": "ideas_files_upload", "retrieve": "ideas_files_download"}
    permissions = {"list": READ, "retrieve": READ, "create": WRITE}
    serializer_class = ser.IdeaFileSerializer
    lookup_url_kwarg = "idea_file_id"
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.files_of(self.idea())

    def get_object(self):
        return selectors.file_of(self.idea(), self.kwargs["idea_file_id"])

    @extend_schema(
        request={"multipart/form-data": ser.UploadSerializer},
        responses={201: ser.IdeaFileSerializer},
    )
    def create(self, request, *args, **kwargs):
        idea = self.idea()
        upload = self.validated(ser.UploadSerializer)["file"]
        return self.respond(
            services.file_add(actor=request.user, idea=idea, upload=upload), status_code=CREATED
        )

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        return files.serve_file(item.file, item.name, item.content_type)


class DepartmentRequestViewSet(IdeasViewSet):
    operation_prefix = "ideas_requests"
    # The links are credentials: the committee's.
    permissions = {"list": WRITE}
    serializer_class = ser.IdeaDepartmentRequestSerializer

    def get_queryset(self):
        return selectors.requests_of(self.idea())


class ReviewViewSet(IdeasViewSet):
    operation_prefix = "ideas_reviews"
    permissions = {"list": READ, "create": WRITE}
    serializer_class = ser.IdeaReviewSerializer

    def get_queryset(self):
        return selectors.reviews_of(self.idea())

    @extend_schema(
        summary="Record (or replace) the caller's review: points per criterion, a recommendation",
        request=ser.IdeaReviewInputSerializer,
        responses={201: ser.IdeaReviewSerializer},
    )
    def create(self, request, *args, **kwargs):
        idea = self.idea()  # another union's idea is a 404 before the body is read
        data = self.validated(ser.IdeaReviewInputSerializer)
        review = services.review_record(
            actor=request.user,
            idea=idea,
            scores={k: data[k] for k in rules.CRITERIA_KEYS},
            recommendation=data["recommendation"],
            note=data["note"],
        )
        return self.respond(review, status_code=CREATED)


class RewardViewSet(IdeasViewSet):
    operation_prefix = "ideas_reward"
    permissions = {"retrieve": READ, "create": WRITE, "pay": WRITE}
    serializer_class = ser.IdeaRewardSerializer

    def get_object(self):
        reward = getattr(self.idea(), "reward", None)
        if reward is None:
            raise exceptions.NotFound(_("This idea has no reward."))
        return reward

    @extend_schema(
        summary="Record the reward of an adopted idea (pay=true: pay it through the books too)",
        request=ser.IdeaRewardInputSerializer,
        responses={201: ser.IdeaRewardSerializer},
    )
    def create(self, request, *args, **kwargs):
        idea = self.idea()  # another union's idea is a 404 before the body is read
        data = self.validated(ser.IdeaRewardInputSerializer)
        reward = services.reward_record(actor=request.user, idea=idea, **data)
        return self.respond(reward, status_code=CREATED)

    pay = service_action(
        services.reward_pay,
        target="reward",
        body=ser.PaySerializer,
        summary="Pay the reward: a payout voucher on 50301 handed in for review",
    )


# -- drives, metrics -----------------------------------------------------------------------


class DriveViewSet(IdeasViewSet):
    operation_prefix = "ideas_drives"
    permissions = {"list": READ, "retrieve": READ, "create": WRITE, "partial_update": WRITE}
    serializer_class = ser.IdeaDriveSerializer
    lookup_url_kwarg = "drive_id"

    def get_queryset(self):
        return selectors.drives(self.org)

    def perform_create(self, data):
        drive = services.drive_create(actor=self.request.user, org=self.org, data=data)
        return self.get_queryset().get(pk=drive.pk)

    def perform_update(self, drive, data):
        services.drive_update(actor=self.request.user, drive=drive, data=data)


class MetricsViewSet(IdeasViewSet):
    operation_prefix = "ideas_metrics"
    operation_ids = {"report": "ideas_metrics_report"}
    permissions = {"retrieve": READ, "report": READ}
    file_actions = {"report": ((files.XLSX, "xlsx"),)}

    @extend_schema(
        summary="The year's figures: participation, per capita, adoption, implementation, "
        "value created, rewards; per department, responsible department and union",
        responses=OpenApiTypes.OBJECT,
    )
    def retrieve(self, request, *args, **kwargs):
        year = check_year(kwargs["year"])
        return Response(selectors.metrics_json(selectors.metrics(self.org, year)))

    @extend_schema(summary="The yearly report as a workbook", responses=file_answers(files.XLSX))
    def report(self, request, *args, **kwargs):
        return views.report_response(request.user, self.org, check_year(kwargs["year"]))


# -- the member's own ----------------------------------------------------------------------


class MyIdeaViewSet(IdeasViewSet):
    operation_prefix = "ideas_my_ideas"
    permissions = {"list": SUBMIT, "retrieve": SUBMIT, "create": SUBMIT}
    serializer_class = ser.MyIdeaSerializer
    lookup_url_kwarg = "idea_id"
    parser_classes = PARSERS

    def member(self):
        return selectors.member_of(self.request.user, self.org)

    def get_queryset(self):
        return selectors.my_ideas(self.member())

    def get_object(self):
        return selectors.my_idea(self.member(), self.kwargs["idea_id"])

    @extend_schema(
        summary="Submit an idea (with photos as multipart files)",
        request=ser.MyIdeaInputSerializer,
        responses={201: ser.MyIdeaSerializer},
    )
    def create(self, request, *args, **kwargs):
        member = self.member()
        if member is None:
            raise exceptions.NotFound(_("Your account is not linked to a member record here."))
        data = self.validated(ser.MyIdeaInputSerializer)
        idea = services.idea_submit(
            actor=request.user,
            member=member,
            data=data,
            co_proposers=services.co_proposers(member, data.pop("co_proposer_ids")),
            uploads=data.pop("files"),
        )
        return self.respond(selectors.my_idea(member, idea.pk), status_code=CREATED)


# -- the department's link (public) ------------------------------------------------------------


class DepartmentAnswerAPI(APIView):
    """The department's link, for an app: no authentication (the token is the credential),
    throttled per address together with the page (a few wrong tokens, then 429)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def _request(self, request, token):
        if views_public.attempts_exhausted(request._request):
            raise exceptions.Throttled(
                detail=_("Too many attempts. Try again in a quarter of an hour.")
            )
        found = views_public.find(request._request, token)
        if found is None:
            raise exceptions.NotFound(_("This link is not valid."))
        return found

    @extend_schema(
        tags=["ideas"],
        operation_id="ideas_answer_read",
        summary="The idea a department's link names",
        auth=[],
        responses={200: ser.PublicIdeaSerializer},
    )
    def get(self, request, token):
        found = self._request(request, token)
        return Response(ser.PublicIdeaSerializer(found).data)

    @extend_schema(
        tags=["ideas"],
        operation_id="ideas_answer_create",
        summary="The department's one answer through its link",
        auth=[],
        request=ser.PublicAnswerSerializer,
        responses={200: ser.PublicIdeaSerializer},
    )
    def post(self, request, token):
        self._request(request, token)
        body = ser.PublicAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answered = services.department_answer(token=token, **body.validated_data)
        return Response(ser.PublicIdeaSerializer(answered).data)
