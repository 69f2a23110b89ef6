"""API representations of organisations and committees."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.settings import api_settings

from gonghui.accounts.models import RoleAssignment, User

from .models import CommitteeSeat, CommitteeTerm, Organisation


def apply_and_clean(instance: models.Model, attrs: dict) -> None:
    """Set `attrs` on `instance` and run the model's full_clean(), as a ModelForm does.

    DRF serializers skip Model.clean(), where the domain rules live (which kind sits
    under which, the chair not on the audit committee); this turns them into a 400
    with the same field-keyed messages the pages show.
    """
    for name, value in attrs.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
    except DjangoValidationError as exc:
        detail = serializers.as_serializer_error(exc)
        if "__all__" in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop("__all__")
        raise serializers.ValidationError(detail) from exc


def save_clean(instance: models.Model, attrs: dict) -> models.Model:
    """`apply_and_clean`, then save: the instance as the API answers it."""
    apply_and_clean(instance, attrs)
    instance.save()
    return instance


class OrganisationSerializer(serializers.ModelSerializer):
    """An organisation as the API shows it; PATCH edits what OrganisationEditForm edits."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit_type_display = serializers.CharField(source="get_unit_type_display", read_only=True)
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
    # check runs in apply_and_clean instead.
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


class CommitteeSeatSerializer(serializers.ModelSerializer):
    position_display = serializers.CharField(source="get_position_display", read_only=True)
    portfolio_display = serializers.CharField(source="get_portfolio_display", read_only=True)
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


class CommitteeTermSerializer(serializers.ModelSerializer):
    org = serializers.SlugRelatedField(slug_field="code", read_only=True)
    seats = CommitteeSeatSerializer(many=True, read_only=True)

    class Meta:
        model = CommitteeTerm
        fields = ["id", "org", "number", "start_date", "end_date", "note", "seats"]
