"""API representations of organisations and committees."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.accounts.models import RoleAssignment, User
from gonghui.api.fields import RecordSerializer

from .models import CommitteeSeat, CommitteeTerm, Organisation


class OrganisationSerializer(RecordSerializer):
    """An organisation as the API shows it; PATCH edits what OrganisationEditForm edits."""

    # Declared: the body of a PATCH documents it without null (the top of the tree has none).
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Organisation
        fields = (  # noqa: SIM905 - field names as words
            "code name kind kind_display parent unit_name unit_type unit_type_display credit_code "
            "founded_on region require_2fa"
        ).split()
        read_only_fields = ["code", "kind"]


class OrganisationCreateSerializer(OrganisationSerializer):
    """A new child organisation: the fields of OrganisationForm."""

    # Declared by hand: the generated UniqueValidator would query through the scoped
    # manager and miss codes taken elsewhere; the model's own (platform-wide) unique
    # check runs in check_model instead.
    code = serializers.CharField(max_length=32)

    class Meta(OrganisationSerializer.Meta):
        read_only_fields = []

    def validate_code(self, value: str) -> str:
        return value.strip().upper()


class AccountField(serializers.SlugRelatedField):
    """An account by username, limited (like the page form) to those holding a role in scope."""

    def get_queryset(self):
        linked = RoleAssignment.objects.values_list("user_id", flat=True)
        return super().get_queryset().filter(pk__in=linked)


class CommitteeSeatSerializer(RecordSerializer):
    user = AccountField(
        slug_field="username",
        queryset=User.objects,
        required=False,
        allow_null=True,
        help_text=_("Optional: the login of this person."),
    )

    class Meta:
        model = CommitteeSeat
        fields = (  # noqa: SIM905 - field names as words
            "id person_name position position_display portfolio portfolio_display user order"
        ).split()


class CommitteeTermSerializer(RecordSerializer):
    seats = CommitteeSeatSerializer(many=True, read_only=True)

    class Meta:
        model = CommitteeTerm
        fields = ["id", "org", "number", "start_date", "end_date", "note", "seats"]
        read_only_fields = ["org"]
