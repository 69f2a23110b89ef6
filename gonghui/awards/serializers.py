from __future__ import annotations

from rest_framework import serializers

from gonghui.api.fields import RecordSerializer

from . import rules
from .models import (
    AwardRound,
    Nomination,
    NominationFile,
    Objection,
    TitleHeld,
    TitleLevel,
)


class AwardsRoundSerializer(RecordSerializer):
    union = serializers.CharField(source="org.code", read_only=True)
    kind = serializers.ChoiceField(choices=rules.kind_choices())
    award_name = serializers.CharField(read_only=True)
    quota = serializers.IntegerField(min_value=1, max_value=500, required=False)
    publicity_days = serializers.IntegerField(
        min_value=1, max_value=rules.MAX_PUBLICITY_DAYS, required=False
    )
    nomination_deadline = serializers.DateField(required=False)

    class Meta:
        model = AwardRound
        fields = """
            id union year kind award_name title call_text quota nomination_deadline
            publicity_days publicity_start publicity_end status status_display
        """.split()
        read_only_fields = ["id", "publicity_start", "publicity_end", "status"]
        extra_kwargs = {"year": {"required": False}, "title": {"required": False}}


class AwardsFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = NominationFile
        fields = ["id", "name", "document", "size", "content_type", "uploaded_at"]
        read_only_fields = fields


class AwardsNominationSerializer(RecordSerializer):
    """A nomination as the committee reads it."""

    round = serializers.IntegerField(source="round_id", read_only=True)
    member = serializers.IntegerField(source="member_id", read_only=True)
    nominee_org = serializers.CharField(source="nominee_org.code", read_only=True, default=None)
    tags_display = serializers.ListField(source="tag_labels", read_only=True)
    files = AwardsFileSerializer(many=True, read_only=True)

    class Meta:
        model = Nomination
        fields = """
            id round nominee_type nominee_type_display member nominee_org nominee_name
            nominee_unit tags tags_display story nominated_by nominated_on status status_display
            score votes_for votes_cast review_note certificate_no files
        """.split()
        read_only_fields = fields


class AwardsPublicNameSerializer(serializers.ModelSerializer):
    """A name on the 公示 or the honour roll, as members read it."""

    round = serializers.IntegerField(source="round_id", read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Nomination
        fields = [
            "id",
            "round",
            "nominee_name",
            "nominee_unit",
            "story",
            "certificate_no",
            "photos",
        ]
        read_only_fields = fields

    def get_photos(self, obj) -> list[int]:
        return [f.pk for f in obj.files.all() if f.is_photo]


class AwardsMyNominationSerializer(RecordSerializer):
    round = serializers.IntegerField(source="round_id", read_only=True)
    round_title = serializers.CharField(source="round.title", read_only=True)
    files = AwardsFileSerializer(many=True, read_only=True)

    class Meta:
        model = Nomination
        fields = """
            id round round_title nominee_type nominee_name nominee_unit story nominated_on
            status status_display files
        """.split()
        read_only_fields = fields


class AwardsNominateSerializer(serializers.Serializer):
    nominee_type = serializers.ChoiceField(choices=rules.Nominee.choices, required=False)
    member = serializers.IntegerField(required=False, min_value=1)
    nominee_org = serializers.IntegerField(required=False, min_value=1)
    nominee_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    story = serializers.CharField(max_length=5000)
    tags = serializers.ListField(
        child=serializers.ChoiceField(choices=[t.value for t in rules.DECLARED_TAGS]),
        required=False,
        max_length=10,
    )
    negatives = serializers.ListField(
        child=serializers.ChoiceField(choices=rules.Negative.choices), required=False, max_length=10
    )
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=12, write_only=True
    )


class AwardsReviewSerializer(serializers.Serializer):
    selected = serializers.BooleanField()
    score = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, max_value=100, required=False, allow_null=True
    )
    votes_for = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=10000
    )
    votes_cast = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=10000
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AwardsAttachSerializer(serializers.Serializer):
    file = serializers.FileField()
    document = serializers.CharField(required=False, allow_blank=True, max_length=60)


class AwardsPubliciseSerializer(serializers.Serializer):
    start = serializers.DateField(required=False, allow_null=True)


class AwardsDecideSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=60)
    date = serializers.DateField(required=False, allow_null=True)
    text = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class AwardsObjectionSerializer(RecordSerializer):
    """An objection as the committee reads it: with who raised it."""

    nomination = serializers.IntegerField(source="nomination_id", read_only=True)
    nominee_name = serializers.CharField(source="nomination.nominee_name", read_only=True)

    class Meta:
        model = Objection
        fields = """
            id nomination nominee_name raised_by text raised_on answer upheld answered_by
            answered_at
        """.split()
        read_only_fields = fields


class AwardsMyObjectionSerializer(serializers.ModelSerializer):
    """One's own objection and its answer (no names: not the answerer's either)."""

    nomination = serializers.IntegerField(source="nomination_id", read_only=True)
    nominee_name = serializers.CharField(source="nomination.nominee_name", read_only=True)

    class Meta:
        model = Objection
        fields = ["id", "nomination", "nominee_name", "text", "raised_on", "answer", "answered_at"]
        read_only_fields = fields


class AwardsObjectSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class AwardsAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=2000)
    upheld = serializers.BooleanField(required=False, default=False)


class AwardsTitleSerializer(RecordSerializer):
    member = serializers.IntegerField(source="member_id")
    member_name = serializers.CharField(source="member.name", read_only=True)
    level = serializers.ChoiceField(choices=TitleLevel.choices)
    year = serializers.IntegerField(min_value=1950, max_value=2100)

    class Meta:
        model = TitleHeld
        fields = """
            id member member_name title level level_display year awarding_body note nomination
        """.split()
        read_only_fields = ["id", "nomination"]

    def to_internal_value(self, data):
        out = super().to_internal_value(data)
        if "member_id" in out:
            out["member"] = out.pop("member_id")
        return out
