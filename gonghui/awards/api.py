"""API of awards: every page action, for scripts and apps.

The committee's resources (`rounds/`, their `nominations/` and `objections/`, `titles/`)
work on the rounds of the organisation in the URL; the members' (`calls/`, `publicity/`,
`honours/`, `mine/`) on the rounds of their union, reached from a login at a group. Who
raised an objection is answered to the committee only. Same permissions, selectors and
services as the pages; refusals answer 400."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.viewsets import OrgViewSet, file_answers, service_action
from gonghui.core import files

from . import documents, selectors, services
from . import serializers as ser

READ = "awards.award:read"
WRITE = "awards.award:write"
SELF = "awards.nomination:self"


@extend_schema_view(
    list=extend_schema(summary="The union's award rounds"),
    create=extend_schema(summary="Draft an award round (places default to the award's rule)"),
    retrieve=extend_schema(summary="One award round"),
    partial_update=extend_schema(summary="Change a draft round"),
    destroy=extend_schema(summary="Delete a draft round"),
)
class RoundViewSet(OrgViewSet):
    operation_prefix = "awards_rounds"
    operation_ids = {"open_": "awards_rounds_open"}
    permissions = {
        **dict.fromkeys(["list", "retrieve", "export", "decision", "certificates"], READ),
        **dict.fromkeys(["create", "partial_update", "destroy", "open_", "close"], WRITE),
        **dict.fromkeys(["close_nominations", "publicise", "decide"], WRITE),
    }
    serializer_class = ser.AwardsRoundSerializer
    lookup_url_kwarg = "award_round_id"
    paged_actions = ("list",)
    file_actions = {
        "export": ((files.XLSX, "xlsx"),),
        "certificates": ((files.PDF, "pdf"),),
        "decision": ((files.DOCX, "docx"), (files.PDF, "pdf")),
    }

    def get_queryset(self):
        return selectors.rounds(self.org)

    def get_object(self):
        return selectors.round_of(self.org, self.kwargs["award_round_id"])

    def perform_create(self, data):
        return services.round_create(actor=self.request.user, org=self.org, data=data)

    def perform_update(self, obj, data):
        return services.round_update(actor=self.request.user, round=obj, data=data)

    def perform_destroy(self, obj):
        services.round_delete(actor=self.request.user, round=obj)

    open_ = service_action(services.round_open, target="round", summary="Open the call")
    close_nominations = service_action(
        services.round_close_nominations, target="round", summary="Close nominations, review"
    )
    publicise = service_action(
        services.round_publicise,
        target="round",
        body=ser.AwardsPubliciseSerializer,
        summary="Put the selected list up for 公示 (end computed in working days)",
    )
    decide = service_action(
        services.round_decide,
        target="round",
        body=ser.AwardsDecideSerializer,
        summary="Decide after the 公示 (refused while objections wait); numbers certificates",
    )
    close = service_action(services.round_close, target="round", summary="Close a decided round")

    @extend_schema(responses=file_answers(files.XLSX), summary="The nominations as a workbook")
    def export(self, request, *args, **kwargs):
        name, content = documents.nominations_xlsx(actor=request.user, round=self.get_object())
        return files.file_response(content, filename=name, content_type=files.XLSX)

    @extend_schema(responses=file_answers(files.PDF), summary="The numbered certificates (PDF)")
    def certificates(self, request, *args, **kwargs):
        name, content = documents.certificates_pdf(actor=request.user, round=self.get_object())
        return files.file_response(content, filename=name, content_type=files.PDF)

    @extend_schema(
        parameters=[OpenApiParameter("as", str, enum=["docx", "pdf"], required=False)],
        responses=file_answers(files.DOCX, files.PDF),
        summary="The decision (表彰决定) as .docx (default) or PDF",
    )
    def decision(self, request, *args, **kwargs):
        fmt = "pdf" if request.query_params.get("as") == "pdf" else "docx"
        found = self.get_object()
        name, content = documents.decision_export(actor=request.user, round=found, fmt=fmt)
        kind = files.PDF if fmt == "pdf" else files.DOCX
        return files.file_response(content, filename=name, content_type=kind)


@extend_schema_view(
    list=extend_schema(summary="The round's nominations"),
    retrieve=extend_schema(summary="One nomination"),
)
class NominationViewSet(OrgViewSet):
    operation_prefix = "awards_nominations"
    permissions = {
        "list": READ,
        "retrieve": READ,
        "review": WRITE,
        "withdraw": WRITE,
        "attach": WRITE,
        "file": READ,
    }
    serializer_class = ser.AwardsNominationSerializer
    lookup_url_kwarg = "nomination_id"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def round(self):
        return selectors.round_of(self.org, self.kwargs["award_round_id"])

    def get_queryset(self):
        return selectors.nominations(self.round())

    def get_object(self):
        return selectors.nomination_in(self.round(), self.kwargs["nomination_id"])

    def action_kwargs(self) -> dict:
        return {"committee": True} if self.action == "withdraw" else {}

    review = service_action(
        services.nomination_review,
        target="nomination",
        body=ser.AwardsReviewSerializer,
        summary="Review: score or votes, selected or not",
    )
    withdraw = service_action(
        services.nomination_withdraw, target="nomination", summary="Withdraw a nomination"
    )

    @extend_schema(
        request={"multipart/form-data": ser.AwardsAttachSerializer},
        responses={201: ser.AwardsFileSerializer},
        summary="Add a photo or a required document",
    )
    def attach(self, request, *args, **kwargs):
        n = self.get_object()
        data = self.validated(ser.AwardsAttachSerializer)
        item = services.file_add(
            actor=request.user, nomination=n, upload=data["file"], document=data.get("document", "")
        )
        return self.respond(
            item, status_code=status.HTTP_201_CREATED, serializer_class=ser.AwardsFileSerializer
        )

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        summary="Download a photo or document of a nomination",
    )
    def file(self, request, *args, **kwargs):
        item = selectors.file_in(self.get_object(), self.kwargs["nomination_file_id"])
        return files.serve_file(item.file, item.name, item.content_type)


@extend_schema_view(list=extend_schema(summary="The round's objections, with who raised them"))
class ObjectionViewSet(OrgViewSet):
    operation_prefix = "awards_objections"
    permissions = {"list": WRITE, "answer": WRITE}
    serializer_class = ser.AwardsObjectionSerializer
    lookup_url_kwarg = "objection_id"

    def get_queryset(self):
        return selectors.objections(selectors.round_of(self.org, self.kwargs["award_round_id"]))

    def get_object(self):
        return selectors.objection_in(self.org, self.kwargs["objection_id"])

    answer = service_action(
        services.objection_answer,
        target="objection",
        body=ser.AwardsAnswerSerializer,
        summary="Answer an objection (upheld: the name leaves the list)",
    )


@extend_schema_view(
    list=extend_schema(summary="The titles members hold (劳模/先进人物 register)"),
    create=extend_schema(summary="Add a title from elsewhere to the register"),
    destroy=extend_schema(summary="Remove a title entered by hand"),
)
class TitleViewSet(OrgViewSet):
    operation_prefix = "awards_titles"
    permissions = {"list": READ, "create": WRITE, "destroy": WRITE}
    serializer_class = ser.AwardsTitleSerializer
    lookup_url_kwarg = "title_held_id"
    paged_actions = ("list",)

    def get_queryset(self):
        return selectors.titles(self.org)

    def get_object(self):
        return selectors.title_of(self.org, self.kwargs["title_held_id"])

    def perform_create(self, data):
        return services.title_add(actor=self.request.user, org=self.org, data=data)

    def perform_destroy(self, obj):
        services.title_delete(actor=self.request.user, title=obj)


# -- members ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The union's rounds a member reads (calls, 公示, results)"),
    retrieve=extend_schema(summary="One of them"),
)
class CallViewSet(OrgViewSet):
    operation_prefix = "awards_calls"
    permissions = {"list": SELF, "retrieve": SELF, "nominate": SELF, "names": SELF, "object": SELF}
    serializer_class = ser.AwardsRoundSerializer
    lookup_url_kwarg = "award_round_id"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        return selectors.visible_rounds(self.org).order_by("-id")

    def get_object(self):
        return selectors.visible_round(self.org, self.kwargs["award_round_id"])

    @extend_schema(
        request={
            "multipart/form-data": ser.AwardsNominateSerializer,
            "application/json": ser.AwardsNominateSerializer,
        },
        responses={201: ser.AwardsMyNominationSerializer},
        summary="Nominate (with the 事迹 and photos) while the call is open",
    )
    def nominate(self, request, *args, **kwargs):
        found = self.get_object()
        data = self.validated(ser.AwardsNominateSerializer)
        uploads = data.pop("photos", None) or request.FILES.getlist("photos")
        n = services.nomination_submit(actor=request.user, round=found, data=data, uploads=uploads)
        return self.respond(
            n,
            status_code=status.HTTP_201_CREATED,
            serializer_class=ser.AwardsMyNominationSerializer,
        )

    @extend_schema(
        responses={200: ser.AwardsPublicNameSerializer(many=True)},
        summary="The names on the 公示 (or the honour roll once decided)",
    )
    def names(self, request, *args, **kwargs):
        rows = selectors.publicised(self.get_object())
        return self.respond(rows, many=True, serializer_class=ser.AwardsPublicNameSerializer)

    @extend_schema(
        request=ser.AwardsObjectSerializer,
        responses={201: ser.AwardsMyObjectionSerializer},
        summary="Object to a name on the 公示 (only the committee learns who)",
    )
    def object(self, request, *args, **kwargs):
        n = selectors.publicised_one(self.get_object(), self.kwargs["nomination_id"])
        data = self.validated(ser.AwardsObjectSerializer)
        o = services.objection_raise(actor=request.user, nomination=n, text=data["text"])
        return self.respond(
            o, status_code=status.HTTP_201_CREATED, serializer_class=ser.AwardsMyObjectionSerializer
        )


@extend_schema_view(list=extend_schema(summary="What the caller nominated"))
class MyNominationViewSet(OrgViewSet):
    operation_prefix = "awards_my_nominations"
    permissions = {"list": SELF, "withdraw": SELF}
    serializer_class = ser.AwardsMyNominationSerializer
    lookup_url_kwarg = "nomination_id"

    def get_queryset(self):
        return selectors.my_nominations(self.org, self.request.user)

    def get_object(self):
        return selectors.my_nomination(self.org, self.request.user, self.kwargs["nomination_id"])

    withdraw = service_action(
        services.nomination_withdraw, target="nomination", summary="Withdraw one's nomination"
    )


@extend_schema_view(list=extend_schema(summary="The caller's objections and their answers"))
class MyObjectionViewSet(OrgViewSet):
    operation_prefix = "awards_my_objections"
    permissions = {"list": SELF}
    serializer_class = ser.AwardsMyObjectionSerializer

    def get_queryset(self):
        return selectors.my_objections(self.org, self.request.user)


@extend_schema_view(list=extend_schema(summary="The titles on the caller's own record"))
class MyTitleViewSet(OrgViewSet):
    operation_prefix = "awards_my_titles"
    permissions = {"list": SELF}
    serializer_class = ser.AwardsTitleSerializer

    def get_queryset(self):
        return selectors.my_titles(self.request.user)


class MemberFileViewSet(OrgViewSet):
    operation_prefix = "awards_member_files"
    permissions = {"retrieve": SELF}
    lookup_url_kwarg = "nomination_file_id"

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        summary="A photo on the 公示 or honour roll, or a file of one's own nomination",
    )
    def retrieve(self, request, *args, **kwargs):
        item = selectors.member_file(self.org, request.user, self.kwargs["nomination_file_id"])
        if not item.file:
            return Response({"detail": "not a file"}, status=status.HTTP_404_NOT_FOUND)
        return files.serve_file(item.file, item.name, item.content_type)
