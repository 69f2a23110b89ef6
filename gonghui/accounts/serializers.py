"""API representations of accounts and their roles."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.orgs.models import Organisation

from .models import RoleAssignment, User
from .permissions import ROLE_CHOICES


class RoleAssignmentSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    user_display_name = serializers.CharField(source="user.display_name", read_only=True)
    role_name = serializers.CharField(source="get_role_display", read_only=True)
    org = serializers.SlugRelatedField(slug_field="code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = [
            "id",
            "user",
            "user_display_name",
            "role",
            "role_name",
            "org",
            "org_name",
            "granted_at",
        ]
        read_only_fields = fields


class RoleGrantSerializer(serializers.Serializer):
    """The fields of RoleGrantForm; whether the grant is allowed is the service's call."""

    login = serializers.CharField(max_length=150, label=_("Username or mobile number"))
    role = serializers.ChoiceField(choices=ROLE_CHOICES)
    # The scoped manager, evaluated per request: only organisations in the caller's subtree.
    org = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects)

    def validate_login(self, value: str) -> User:
        login = value.strip()
        user = (
            User.objects.filter(username=login).first() or User.objects.filter(mobile=login).first()
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                _("No active account with this username or mobile number.")
            )
        return user


class MeSerializer(serializers.ModelSerializer):
    """The caller's own account: their own mobile number is not masked."""

    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["username", "display_name", "mobile", "roles"]
        read_only_fields = fields

    @extend_schema_field(RoleAssignmentSerializer(many=True))
    def get_roles(self, user: User) -> list[dict]:
        return RoleAssignmentSerializer(self.context["roles"], many=True).data
