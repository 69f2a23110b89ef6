"""API representations of accounts and their roles."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.api.fields import RecordSerializer
from gonghui.orgs.models import Organisation

from .models import RoleAssignment, User
from .permissions import ROLE_CHOICES
from .selectors import account_by_login


class RoleAssignmentSerializer(RecordSerializer):
    user_display_name = serializers.CharField(source="user.display_name", read_only=True)
    role_name = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = "id user user_display_name role role_name org org_name granted_at".split()
        read_only_fields = fields


class RoleGrantSerializer(serializers.Serializer):
    """The fields of RoleGrantForm; whether the grant is allowed is the service's call."""

    login = serializers.CharField(max_length=150, label=_("Username or mobile number"))
    role = serializers.ChoiceField(choices=ROLE_CHOICES)
    # The scoped manager, evaluated per request: only organisations in the caller's subtree.
    org = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects)

    def validate_login(self, value: str) -> User:
        user = account_by_login(value)
        if user is None:
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
