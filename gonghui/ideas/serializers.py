"""Serializers of the ideas API."""

from __future__ import annotations

from rest_framework import serializers

from gonghui.api.fields import RecordSerializer, ScopedPrimaryKeyRelatedField
from gonghui.members.models import Member

from . import rules
from .models import Category, DepartmentRequest, Drive, Idea, IdeaFile, Review, Reward


def words(text: str) -> list[str]:
    return text.split()


class IdeaFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = IdeaFile
        fields = ["id", "name", "size", "content_type", "uploaded_at"]
        read_only_fields = fields


class IdeaRewardSerializer(RecordSerializer):
    class Meta:
        model = Reward
        fields = words("id amount payee note awarded_on paid_on voucher_number")
        read_only_fields = fields


class IdeaSerializer(RecordSerializer):
    """An idea as the committee reads it."""

    proposer_id = serializers.IntegerField(read_only=True)
    proposer_name = serializers.CharField(source="proposer.name", read_only=True)
    proposer_department = serializers.CharField(source="proposer.department", read_only=True)
    co_proposers = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    drive_id = serializers.IntegerField(read_only=True, allow_null=True)
    reward = IdeaRewardSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Idea
        fields = words(
            "id code year number drive_id proposer_id proposer_name proposer_department team "
            "co_proposers title text expected_benefit category category_display status "
            "status_display submitted_at screened_at screen_note department deadline overdue "
            "answer answered_by answered_at outcome outcome_display outcome_reason decided_at "
            "implementation implemented_at value_created verification verified_at feedback "
            "closed_at reward"
        )
        read_only_fields = fields

    def get_co_proposers(self, obj) -> list[str]:
        return [m.name for m in obj.co_proposers.all()]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class MyIdeaSerializer(IdeaSerializer):
    """What the proposer reads of their own idea: not the committee's screening notes
    unless it was not taken up (then it is the reason), not who answered."""

    reason = serializers.SerializerMethodField()

    class Meta(IdeaSerializer.Meta):
        fields = words(
            "id code year proposer_name team co_proposers title text expected_benefit category "
            "category_display status status_display submitted_at department answer outcome "
            "outcome_display reason implementation value_created feedback reward"
        )
        read_only_fields = fields

    def get_reason(self, obj) -> str:
        if obj.status == "not_accepted":
            return obj.screen_note
        return obj.outcome_reason


class IdeaInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    text = serializers.CharField()
    expected_benefit = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=Category.choices, default=Category.OTHER)
    team = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=6
    )


class MyIdeaInputSerializer(IdeaInputSerializer):
    co_proposer_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, max_length=20
    )


class IdeaEnterSerializer(IdeaInputSerializer):
    proposer = ScopedPrimaryKeyRelatedField(Member)
    co_proposers = ScopedPrimaryKeyRelatedField(Member, many=True, required=False, default=list)


def body(title: str, /, **fields) -> type[serializers.Serializer]:
    """A request body of the fields given (each action's own, named for the schema)."""
    return type(title, (serializers.Serializer,), fields)


def text(**kw):
    return serializers.CharField(required=False, allow_blank=True, default="", **kw)


NoteSerializer = body("IdeasNoteSerializer", note=text())
ReasonSerializer = body("IdeasReasonSerializer", reason=serializers.CharField())
SendSerializer = body(
    "IdeasSendSerializer",
    department=serializers.CharField(max_length=100),
    deadline=serializers.DateField(required=False, allow_null=True, default=None),
    contact=text(max_length=50),
)
AnswerSerializer = body(
    "IdeasAnswerSerializer", answer=serializers.CharField(), answered_by=text(max_length=50)
)
DecideSerializer = body(
    "IdeasDecideSerializer", outcome=serializers.ChoiceField(choices=rules.OUTCOMES), reason=text()
)
ImplementSerializer = body("IdeasImplementSerializer", implementation=serializers.CharField())
VerifySerializer = body(
    "IdeasVerifySerializer",
    value_created=serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0),
    verification=serializers.CharField(),
)
CloseSerializer = body("IdeasCloseSerializer", feedback=serializers.CharField())
UploadSerializer = body("IdeasUploadSerializer", file=serializers.FileField())


class IdeaDepartmentRequestSerializer(RecordSerializer):
    link = serializers.SerializerMethodField()
    usable = serializers.SerializerMethodField()

    class Meta:
        model = DepartmentRequest
        fields = words(
            "id department contact deadline expires_on sent_at sent_by answered_at answered_by "
            "answer revoked_at usable link"
        )
        read_only_fields = fields

    def get_link(self, obj) -> str:
        from .views import answer_link

        request = self.context.get("request")
        return answer_link(request._request if hasattr(request, "_request") else request, obj)

    def get_usable(self, obj) -> bool:
        return obj.usable()


class IdeaReviewSerializer(RecordSerializer):
    """A reviewer's points (never their recommendation: the tally is anonymous)."""

    class Meta:
        model = Review
        fields = words("id reviewer mass novelty practical benefit score note reviewed_at")
        read_only_fields = fields


IdeaReviewInputSerializer = body(
    "IdeasReviewInputSerializer",
    **{
        c.key: serializers.IntegerField(min_value=0, max_value=c.max_points) for c in rules.CRITERIA
    },
    recommendation=serializers.ChoiceField(
        choices=rules.OUTCOMES, required=False, allow_blank=True, default=""
    ),
    note=text(),
)
PaySerializer = body(
    "IdeasPaySerializer",
    date=serializers.DateField(required=False, allow_null=True, default=None),
    override_reason=text(max_length=200),
)
IdeaRewardInputSerializer = body(
    "IdeasRewardInputSerializer",
    amount=serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0),
    note=text(max_length=200),
    awarded_on=serializers.DateField(required=False, allow_null=True, default=None),
    pay=serializers.BooleanField(required=False, default=False),
    override_reason=text(max_length=200),
)


class IdeaDriveSerializer(RecordSerializer):
    ideas = serializers.IntegerField(source="n_ideas", read_only=True, default=0)

    class Meta:
        model = Drive
        fields = words("id org title theme starts_on ends_on ideas")
        read_only_fields = ["id", "org", "ideas"]
        extra_kwargs = {"theme": {"required": False}}


class PublicIdeaSerializer(serializers.Serializer):
    """What the department's link shows: the idea and the request, nothing of the proposer."""

    union = serializers.CharField(source="idea.org.name")
    title = serializers.CharField(source="idea.title")
    text = serializers.CharField(source="idea.text")
    expected_benefit = serializers.CharField(source="idea.expected_benefit")
    department = serializers.CharField()
    deadline = serializers.DateField()
    expires_on = serializers.DateField()
    answered_at = serializers.DateTimeField(allow_null=True)
    answered_by = serializers.CharField()
    answer = serializers.CharField()
    usable = serializers.BooleanField()


PublicAnswerSerializer = body(
    "IdeasPublicAnswerSerializer",
    answer=serializers.CharField(),
    name=serializers.CharField(max_length=50),
)
