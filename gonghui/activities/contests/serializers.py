"""Serializers of the contests' API."""

from __future__ import annotations

from rest_framework import serializers

from .. import models


class ContestEntrantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    team_member_ids = serializers.PrimaryKeyRelatedField(
        source="team_members", many=True, read_only=True
    )

    class Meta:
        model = models.Entrant
        fields = ["id", "name", "member_id", "team_name", "team_member_ids"]
        read_only_fields = fields


class ContestJudgeSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Judge
        fields = ["id", "name", "user_id"]
        read_only_fields = fields


class ContestSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="activity.title", read_only=True)

    class Meta:
        model = models.Contest
        fields = [
            *("id", "activity_id", "title", "mode", "score_min", "score_max", "result_published"),
            "published_at",
        ]
        read_only_fields = ["id", "activity_id", "title", "result_published", "published_at"]


class ContestResultSerializer(serializers.Serializer):
    entrant_id = serializers.IntegerField(source="entrant.pk")
    name = serializers.CharField(source="entrant")
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
    entrant_id = serializers.IntegerField(source="entrant.pk")
    name = serializers.CharField(source="entrant")
    value = serializers.FloatField(allow_null=True)  # a number in the JSON
