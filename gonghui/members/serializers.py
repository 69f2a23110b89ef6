"""API representations of members, their history, transfers, corrections, invitations and
lapse (the pages in views.py).

ID and mobile numbers are masked wherever a member is shown, unless the caller holds the
sensitive-data right and asked for them (`reveal` in the serializer context); lists are
always masked.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.api.fields import RecordSerializer
from gonghui.orgs.models import Organisation

from . import idcard, selectors, services, vocab
from .forms import MEMBER_FIELDS, ActivationForm, ChangeRequestForm
from .models import ChangeRequest, LapseTalk, Member, MembershipEvent, Transfer
from .services import CONTACT_FIELDS

# Plain read-only text rather than enums for `status` and `kind`: those names already
# stand for other enums in the schema (import batches, organisation kinds), and two
# enums of one name would collide.
STATUS_HELP = "applied, active, retained, transferring, left, lapsed, expelled or rejected"
KIND_HELP = (
    "applied, joined, rejected, transfer_out, transfer_in, transfer_refused, "
    "retained, restored, left, lapsed, expelled, group_changed or imported"
)
MOBILE = {"type": "string", "maxLength": 11, "pattern": r"^1[3-9]\d{9}$"}


def words(text: str) -> list[str]:
    """Field names written as words (a long list stays readable)."""
    return text.split()


def code(**kwargs):
    return serializers.SlugRelatedField(slug_field="code", **kwargs)


def text(source=None, **kwargs):
    return serializers.CharField(source=source, read_only=True, **kwargs)


def choice(values):
    return serializers.ChoiceField(
        choices=[(v, v) for v in values], required=False, allow_blank=True
    )


def _mask(data: dict) -> dict:
    if "id_number" in data:
        data["id_number"] = idcard.mask(data["id_number"] or "")
    if "mobile" in data:
        data["mobile"] = idcard.mask_phone(data["mobile"] or "")
    return data


@extend_schema_field(
    {
        "oneOf": [
            MOBILE,
            {**MOBILE, "pattern": r"^1[3-9]\d\*{4}\d{4}$"},
            {"type": "string", "maxLength": 0},
        ]
    }
)
class ShownMobileField(serializers.CharField):
    """A mobile number as a member is shown: in full, masked (130****3360), or empty."""


class MemberRows(serializers.ListSerializer):
    def to_representation(self, data):
        rows = list(data)
        # One lookup of the union names for the whole page.
        self.context["union_names"] = selectors.union_names(rows)
        return super().to_representation(rows)


class MemberListSerializer(RecordSerializer):
    """A roster row: ID and mobile numbers always masked."""

    status = text(help_text=STATUS_HELP)
    union_name = serializers.SerializerMethodField()

    class Meta:
        model = Member
        list_serializer_class = MemberRows
        fields = words(
            "id name sex sex_display id_type id_number mobile member_type member_type_display "
            "org org_name union_name department status status_display status_since joined_on"
        )
        read_only_fields = fields

    def get_union_name(self, member: Member) -> str:
        names = self.context.get("union_names") or selectors.union_names([member])
        return names.get(member.org_id, "")

    def to_representation(self, instance):
        return _mask(super().to_representation(instance))


class MemberSerializer(RecordSerializer):
    """One member. Writable fields are those of the page's MemberForm.

    `org` is the code of the union group (or union) the member belongs to; it must lie
    inside the caller's union and scope (selectors.placeable_orgs).
    """

    # The value lists of the form (vocab.py): the model keeps plain text columns.
    ethnicity = choice(vocab.ETHNICITIES)
    political_status = choice(vocab.POLITICAL)
    education = choice(vocab.EDUCATION)
    employment_status = choice(vocab.EMPLOYMENT)
    skill_level = choice(vocab.SKILL_LEVELS[1:])
    org = code(
        queryset=Organisation.objects,
        required=False,
        help_text=_("Code of the union group (or union); the organisation of the URL if left out."),
    )
    status = text(help_text=STATUS_HELP)
    account = serializers.SlugRelatedField(
        source="user", slug_field="username", read_only=True, allow_null=True
    )
    masked = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id",
            *MEMBER_FIELDS,
            *words(
                "org_name sex_display id_type_display hukou_type_display member_type_display "
                "status status_display status_since dues_paid_until dues_stop_month account "
                "masked created_at updated_at"
            ),
        ]
        read_only_fields = words(
            "status_since dues_paid_until dues_stop_month created_at updated_at"
        )
        # The (id_type, id_number) constraint is platform-wide and a former member may
        # join again under the same record: the service decides, not a scoped validator.
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        view = self.context.get("view")
        if view is not None and getattr(view, "request", None) is not None:
            self.fields["org"].queryset = selectors.placeable_orgs(view.org)

    def validate_name(self, value: str) -> str:
        return value.strip()

    @extend_schema_field(serializers.BooleanField())
    def get_masked(self, member: Member) -> bool:
        return not self.context.get("reveal", False)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return data if self.context.get("reveal") else _mask(data)


class ShownMemberSerializer(MemberSerializer):
    """What the API answers about a member: the mobile number may come masked."""

    mobile = ShownMobileField(required=False)


class ChangeRequestSerializer(serializers.Serializer):
    """A correction of name or ID number waiting for the committee."""

    field = text()
    new_value = text()
    created_at = serializers.DateTimeField(read_only=True)


class MembershipEventSerializer(RecordSerializer):
    kind = text(help_text=KIND_HELP)

    class Meta:
        model = MembershipEvent
        fields = words(
            "id kind kind_display date reason org org_name from_org from_org_name to_org "
            "to_org_name decided_by"
        )
        read_only_fields = fields


class SelfMemberSerializer(RecordSerializer):
    """The caller's own record: what the page `members/me/` shows; the contact fields
    (those of SelfContactForm) are the only writable ones."""

    status = text(help_text=STATUS_HELP)
    id_number = text("id_number_masked")
    history = serializers.SerializerMethodField()
    pending_changes = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = words("id name org org_name status status_display id_number joined_on")
        fields += [*CONTACT_FIELDS, "history", "pending_changes"]
        read_only_fields = words("id name org joined_on")

    @extend_schema_field(MembershipEventSerializer(many=True))
    def get_history(self, member: Member):
        return MembershipEventSerializer(services.history(member), many=True).data

    @extend_schema_field(ChangeRequestSerializer(many=True))
    def get_pending_changes(self, member: Member):
        return ChangeRequestSerializer(services.pending_changes(member), many=True).data


class MemberLifecycleSerializer(serializers.Serializer):
    """The fields of the page's ReasonForm."""

    date = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class TransferRequestSerializer(serializers.Serializer):
    """The fields of the page's TransferForm."""

    to_code = serializers.CharField(
        max_length=32, help_text=_("Code of the receiving union (usually outside your scope).")
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_to_code(self, value: str) -> Organisation:
        org = selectors.receiving_union(value)
        if org is None:
            raise serializers.ValidationError(_("No union with this code."))
        return org


class TransferSerializer(RecordSerializer):
    direction = serializers.SerializerMethodField()

    class Meta:
        model = Transfer
        fields = words(
            "id member member_name from_org from_org_name to_org to_org_name state state_display "
            "reason note requested_by requested_on decided_by decided_on direction"
        )
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["incoming", "outgoing"]))
    def get_direction(self, transfer: Transfer) -> str:
        # As the transfers page splits them: coming in from outside the org, or going out.
        org = self.context["request"].org
        incoming = transfer.to_org.is_descendant_of(org)
        return (
            "incoming" if incoming and not transfer.from_org.is_descendant_of(org) else "outgoing"
        )


class TransferAcceptSerializer(serializers.Serializer):
    group = code(
        queryset=Organisation.objects,
        required=False,
        allow_null=True,
        help_text=_("Code of the group of the receiving union to place the member in."),
    )


class TransferRefuseSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


def scoped_members(ids: list[int]) -> list[Member]:
    """The members of `ids` in their order; an id outside the caller's scope is an error."""
    ids = list(dict.fromkeys(ids))
    # The scoped manager: a member outside the caller's subtree is unknown here.
    members = {m.pk: m for m in Member.objects.filter(pk__in=ids).select_related("org")}
    missing = [str(pk) for pk in sorted(set(ids) - set(members))]
    if missing:
        raise serializers.ValidationError(
            _("No member with the id %(ids)s.") % {"ids": ", ".join(missing)}
        )
    return [members[pk] for pk in ids]


class MemberIdsField(serializers.ListField):
    child = serializers.IntegerField(min_value=1)

    def to_internal_value(self, data):
        return scoped_members(super().to_internal_value(data))


class MemberMoveSerializer(serializers.Serializer):
    members = MemberIdsField(allow_empty=False)
    group = code(
        queryset=Organisation.objects,
        help_text=_("Code of the union group to move the members to."),
    )


class MemberMovedSerializer(serializers.Serializer):
    moved = serializers.IntegerField()


class StatisticsCountSerializer(serializers.Serializer):
    value = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField()


class StatisticsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text=_("Members on the roll."))
    by_sex = StatisticsCountSerializer(many=True)
    by_member_type = StatisticsCountSerializer(many=True)
    by_education = StatisticsCountSerializer(many=True)
    by_political_status = StatisticsCountSerializer(many=True)


class ChangeRequestItemSerializer(RecordSerializer):
    """A correction request as the committee's list shows it: the value now and the one
    asked for, in full for holders of the sensitive-data right (`reveal`), as on the page."""

    field = text(help_text="name or id_number")
    state = text(help_text="pending, approved or rejected")

    class Meta:
        model = ChangeRequest
        fields = words(
            "id member member_name org field old_value new_value reason state decided_by created_at"
        )
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.field == "id_number" and not self.context.get("reveal"):
            data["old_value"], data["new_value"] = (
                idcard.mask(data["old_value"]),
                idcard.mask(data["new_value"]),
            )
        return data


class ChangeRequestSubmitSerializer(serializers.Serializer):
    """The fields of the page's ChangeRequestForm."""

    field = serializers.ChoiceField(choices=ChangeRequestForm.base_fields["field"].choices)
    new_value = serializers.CharField(
        max_length=ChangeRequestForm.base_fields["new_value"].max_length
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class InvitationCandidateSerializer(serializers.ModelSerializer):
    """A member without a login, as the invitations page lists them: mobile masked."""

    group = serializers.SlugRelatedField(source="org", slug_field="code", read_only=True)
    group_name = text("org.name")
    mobile = text("mobile_masked")

    class Meta:
        model = Member
        fields = ["id", "name", "group", "group_name", "mobile"]
        read_only_fields = fields


class InvitationOverviewSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        help_text=_("Active and retained members without a login (in the group, if given).")
    )
    pending = serializers.IntegerField(help_text=_("Codes printed and not used yet."))
    members = InvitationCandidateSerializer(
        many=True, help_text=_("The first 500 of them, by group and name.")
    )


class InvitationCreateSerializer(serializers.Serializer):
    members = MemberIdsField(
        required=False,
        allow_empty=False,
        help_text=_(
            "IDs of the members to print codes for; all those listed (at most 500) if left out."
        ),
    )
    group = code(
        queryset=Organisation.objects,
        required=False,
        help_text=_("Code of a group: only its members."),
    )


class InvitationIssuedSerializer(serializers.Serializer):
    member_id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField(
        help_text=_("The one-time code. It exists only in this response: only a hash is stored.")
    )
    activate_url = serializers.CharField(
        help_text=_("What the printed QR code opens: the activation page with the code.")
    )


class ActivationSerializer(serializers.Serializer):
    """The fields of the page's ActivationForm (the password once)."""

    mobile = serializers.CharField(max_length=ActivationForm.base_fields["mobile"].max_length)
    code = serializers.CharField(max_length=ActivationForm.base_fields["code"].max_length)
    password = serializers.CharField(
        write_only=True,
        style={"input_type": "password"},
        help_text=_(
            "The new login's password; when the mobile number already has a login, that "
            "login's current password."
        ),
    )
    otp_token = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10,
        write_only=True,
        help_text=_("The existing login's verification code, if it uses two-step verification."),
    )


class ActivatedSerializer(serializers.Serializer):
    username = serializers.CharField(help_text=_("The new login: the mobile number."))


class LapseTalkSerializer(RecordSerializer):
    class Meta:
        model = LapseTalk
        fields = words("id member member_name date outcome outcome_display note recorded_by")
        read_only_fields = fields


class LapseTalkRecordSerializer(serializers.Serializer):
    """The fields of the page's LapseTalkForm."""

    member = serializers.IntegerField(min_value=1)
    date = serializers.DateField()
    outcome = serializers.ChoiceField(choices=LapseTalk.Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LapseCandidateSerializer(serializers.Serializer):
    """An active member behind with their dues, and each condition of the rule."""

    member = serializers.IntegerField(source="member.pk")
    name = serializers.CharField(source="member.name")
    org = serializers.CharField(source="member.org.code")
    org_name = serializers.CharField(source="member.org.name")
    unpaid_since = serializers.DateField(
        allow_null=True,
        help_text=_("The month the dues are paid until; the months after it are unpaid."),
    )
    took_part = serializers.BooleanField(
        allow_null=True,
        help_text=_("Took part in union life since then; null while no module records it."),
    )
    talk = LapseTalkSerializer(allow_null=True, help_text=_("The latest talk about unpaid dues."))
    meets_all = serializers.BooleanField(
        help_text=_("All conditions hold; the committee still decides each case.")
    )


class LapseRuleSerializer(serializers.Serializer):
    unpaid_months = serializers.IntegerField()
    source = serializers.CharField(help_text=_("The rule's source text."))


class LapseOverviewSerializer(serializers.Serializer):
    rule = LapseRuleSerializer()
    candidates = LapseCandidateSerializer(many=True)
